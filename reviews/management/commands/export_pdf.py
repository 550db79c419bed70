"""Write a follow-up review's report as a PDF (the same document the review page offers)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reviews.models import FollowUpReview
from reviews.reports import review_pdf


class Command(BaseCommand):
    help = "Export a follow-up review's report as PDF to --output PATH."

    def add_arguments(self, parser):
        parser.add_argument("review_id", type=int)
        parser.add_argument("--output", type=Path, required=True, help="The PDF file to write.")

    def handle(self, *args, review_id: int, output: Path, **options):
        review = FollowUpReview.objects.filter(pk=review_id).first()
        if review is None:
            raise CommandError(_("No review with id %(id)s.") % {"id": review_id})
        pdf, _filename = review_pdf(review)
        try:
            output.write_bytes(pdf)
        except OSError as error:
            raise CommandError(f"{output}: {error}") from None
        self.stderr.write(
            _("Wrote %(path)s (%(size)s kB)") % {"path": output, "size": len(pdf) // 1024}
        )
