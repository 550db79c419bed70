"""Load a review document (docs/REVIEW_FORMAT.md) into the database, all or nothing."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from organisations.models import Organisation
from reviews.documents import DocumentError, read_review_bytes
from reviews.models import FollowUpReview
from reviews.services import review_import


class Command(BaseCommand):
    help = "Import a follow-up review from a YAML document; prints the new review's id."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--check", action="store_true", help="Validate the whole file, write nothing."
        )
        parser.add_argument(
            "--skip-existing",
            action="store_true",
            help="If the review is already stored, print its id and succeed without importing.",
        )

    def handle(self, *args, file: Path, check: bool, skip_existing: bool, **options):
        try:
            with file.open("rb") as stream:
                # One byte over the limit is enough to refuse it; never read a huge file whole.
                data = stream.read(settings.REVIEW_FILE_MAX_BYTES + 1)
        except OSError as error:
            raise CommandError(f"{file}: {error}") from None

        review_file = None
        try:
            review_file = read_review_bytes(data)
            if skip_existing and (existing := self._existing(review_file.document)):
                self.stderr.write(
                    _("%(file)s: already imported as review %(id)s")
                    % {"file": file, "id": existing.pk}
                )
                self.stdout.write(str(existing.pk))
                return
            with transaction.atomic():
                review = review_import(document=review_file.document)
                if check:
                    transaction.set_rollback(True)
        except DocumentError as error:
            if review_file is not None:
                review_file.locate(error)
            raise CommandError(
                "\n".join(f"{file}: {problem}" for problem in error.problems)
                + "\n"
                + _("Nothing was imported.")
            ) from None

        if check:
            self.stderr.write(_("%(file)s: the file is valid (nothing written).") % {"file": file})
            return
        self.stdout.write(str(review.pk))

    @staticmethod
    def _existing(document):
        return FollowUpReview.objects.filter(
            organisation__in=Organisation.objects.filter(name=document.organisation.name),
            title=document.review.title,
        ).first()
