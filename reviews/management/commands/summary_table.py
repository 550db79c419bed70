"""Print a review's summary table, laid out for the terminal or as CSV."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reviews.models import FollowUpReview
from reviews.summary import as_text, review_summary, write_csv


class Command(BaseCommand):
    help = "Print the per-audit status table of a follow-up review."

    def add_arguments(self, parser):
        parser.add_argument("review_id", type=int)
        parser.add_argument("--csv", action="store_true", help="Semicolon-separated CSV.")

    def handle(self, *args, review_id: int, csv: bool, **options):
        review = FollowUpReview.objects.filter(pk=review_id).first()
        if review is None:
            raise CommandError(_("No review with id %(id)s.") % {"id": review_id})
        summary = review_summary(review)
        if csv:
            write_csv(summary, self.stdout)
        else:
            self.stdout.write(as_text(summary), ending="")
