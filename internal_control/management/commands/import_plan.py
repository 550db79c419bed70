"""Load a plan document (docs/INTERNAL_CONTROL_FORMAT.md) into the database, all or
nothing."""

from django.utils.translation import gettext_lazy as _

from core.commands import DocumentImportCommand
from internal_control.documents import read_plan_bytes
from internal_control.models import Plan
from internal_control.services import plan_import


class Command(DocumentImportCommand):
    help = (
        "Import an internal-control plan with its follow-ups from a YAML document; prints its id."
    )
    size_setting = "PLAN_FILE_MAX_BYTES"
    already_imported = _("%(file)s: already imported as plan %(id)s")

    def read(self, data):
        return read_plan_bytes(data)

    def existing(self, document):
        return Plan.objects.filter(
            board__organisation__name=document.organisation.name,
            board__name=document.board.name,
            year=document.plan.year,
        ).first()

    def load(self, document, progress):
        return plan_import(document=document)  # a plan is a few hundred rows: row by row
