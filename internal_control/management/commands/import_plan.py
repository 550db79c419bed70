"""Load a plan document (docs/INTERNAL_CONTROL_FORMAT.md) into the database, all or
nothing."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from core.documents import DocumentError, line_of
from internal_control.documents import read_plan_bytes
from internal_control.models import Plan
from internal_control.services import plan_import


class Command(BaseCommand):
    help = (
        "Import an internal-control plan with its follow-ups from a YAML document; prints its id."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--check", action="store_true", help="Validate the whole file, write nothing."
        )
        parser.add_argument(
            "--skip-existing",
            action="store_true",
            help="If the board already has a plan for the year, print its id and succeed.",
        )

    def handle(self, *args, file: Path, check: bool, skip_existing: bool, **options):
        try:
            with file.open("rb") as stream:
                data = stream.read(settings.PLAN_FILE_MAX_BYTES + 1)
        except OSError as error:
            raise CommandError(f"{file}: {error}") from None

        lines: dict = {}
        try:
            document, lines = read_plan_bytes(data)
            existing = Plan.objects.filter(
                board__organisation__name=document.organisation.name,
                board__name=document.board.name,
                year=document.plan.year,
            ).first()
            if skip_existing and existing:
                self.stderr.write(
                    _("%(file)s: already imported as plan %(id)s")
                    % {"file": file, "id": existing.pk}
                )
                self.stdout.write(str(existing.pk))
                return
            with transaction.atomic():
                plan = plan_import(document=document)
                if check:
                    transaction.set_rollback(True)
        except DocumentError as error:
            for problem in error.problems:
                if problem.line is None:
                    problem.line = line_of(lines, problem.path)
            raise CommandError(
                "\n".join(f"{file}: {problem}" for problem in error.problems)
                + "\n"
                + _("Nothing was imported.")
            ) from None

        if check:
            self.stderr.write(_("%(file)s: the file is valid (nothing written).") % {"file": file})
            return
        self.stdout.write(str(plan.pk))
