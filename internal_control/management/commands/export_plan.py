"""Write a plan with its follow-ups as a document (docs/INTERNAL_CONTROL_FORMAT.md)."""

from django.utils.translation import gettext_lazy as _

from core.commands import DocumentExportCommand
from core.documents import dump_document
from internal_control.documents import plan_to_document
from internal_control.models import Plan


class Command(DocumentExportCommand):
    help = "Export an internal-control plan with its follow-ups as YAML."
    not_found = _("There is no plan %(id)s.")

    def document_text(self, pk):
        plan = Plan.objects.for_export().filter(pk=pk).first()
        return dump_document(plan_to_document(plan)) if plan else None
