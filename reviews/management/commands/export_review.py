"""Write a stored review back out as a review document (docs/REVIEW_FORMAT.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reviews.documents import dump_review_document, review_to_document
from reviews.models import FollowUpReview


class Command(BaseCommand):
    help = "Export a follow-up review as YAML, to standard output or --output PATH."

    def add_arguments(self, parser):
        parser.add_argument("review_id", type=int)
        parser.add_argument("--output", type=Path, help="Write to this file instead.")

    def handle(self, *args, review_id: int, output: Path | None, **options):
        review = FollowUpReview.objects.for_export().filter(pk=review_id).first()
        if review is None:
            raise CommandError(_("No review with id %(id)s.") % {"id": review_id})
        text = dump_review_document(review_to_document(review))
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{output}: {error}") from None
        self.stderr.write(_("Wrote %(path)s") % {"path": output})
