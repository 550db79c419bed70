"""Write a plan with its follow-ups as a document (docs/INTERNAL_CONTROL_FORMAT.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.documents import dump_document
from internal_control.documents import plan_to_document
from internal_control.models import Plan


class Command(BaseCommand):
    help = "Export an internal-control plan with its follow-ups as YAML."

    def add_arguments(self, parser):
        parser.add_argument("plan_id", type=int)
        parser.add_argument("--output", type=Path, help="Write to this file instead of stdout.")

    def handle(self, *args, plan_id: int, output: Path | None, **options):
        plan = Plan.objects.for_export().filter(pk=plan_id).first()
        if plan is None:
            raise CommandError(_("There is no plan %(id)s.") % {"id": plan_id})
        text = dump_document(plan_to_document(plan))
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{output}: {error}") from None
