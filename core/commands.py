"""What the import and export commands of every document format share: read a file
without trusting it, load it all or nothing (`--check` writes nothing, `--skip-existing`
accepts a file already loaded), and write a stored object back as a file."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .documents import DocumentError, line_of


class DocumentImportCommand(BaseCommand):
    size_setting: str  # the setting holding the largest file read, in bytes
    already_imported: str  # "%(file)s: already imported as … %(id)s"

    def read(self, data: bytes) -> tuple[object, dict]:
        """The checked document and the line of every path in the file."""
        raise NotImplementedError

    def existing(self, document):
        """What the document describes, if it is stored already."""
        raise NotImplementedError

    def load(self, document, progress):
        """Write the document (inside the command's transaction); return what it made.
        `progress(model, rows)`, where the format writes in bulk, says what it writes."""
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--check", action="store_true", help="Validate the whole file, write nothing."
        )
        parser.add_argument(
            "--skip-existing",
            action="store_true",
            help="If it is already stored, print its id and succeed without importing.",
        )

    def handle(self, *args, file: Path, check: bool, skip_existing: bool, **options):
        # A large file takes seconds: say what is happening, on stderr (stdout is the id).
        verbose = options["verbosity"] >= 1
        started = time.perf_counter()

        def say(message: str) -> None:
            if verbose:
                seconds = time.perf_counter() - started
                self.stderr.write(f"{file}: [{seconds:5.1f} s] {message}")

        def progress(model, rows: int) -> None:
            say(
                _("writing %(rows)s %(what)s")
                % {
                    "rows": number_format(rows, force_grouping=True),
                    "what": model._meta.verbose_name_plural,
                }
            )

        try:
            with file.open("rb") as stream:
                # One byte over the limit is enough to refuse it; never read a huge file whole.
                data = stream.read(getattr(settings, self.size_setting) + 1)
        except OSError as error:
            raise CommandError(f"{file}: {error}") from None

        lines: dict = {}
        try:
            document, lines = self.read(data)
            say(_("read and checked"))
            if skip_existing and (existing := self.existing(document)):
                self.stderr.write(str(self.already_imported) % {"file": file, "id": existing.pk})
                self.stdout.write(str(existing.pk))
                return
            with transaction.atomic():
                made = self.load(document, progress)
                if check:
                    transaction.set_rollback(True)
            say(_("checked against the database") if check else _("imported"))
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
        self.stdout.write(str(made.pk))


class DocumentExportCommand(BaseCommand):
    not_found: str  # "No … with id %(id)s."

    def document_text(self, pk: int) -> str | None:
        """The file's text for the stored object, or None if there is none."""
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("object_id", metavar="ID", type=int)
        parser.add_argument("--output", type=Path, help="Write to this file instead.")

    def handle(self, *args, object_id: int, output: Path | None, **options):
        text = self.document_text(object_id)
        if text is None:
            raise CommandError(str(self.not_found) % {"id": object_id})
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{output}: {error}") from None
        self.stderr.write(_("Wrote %(path)s") % {"path": output})
