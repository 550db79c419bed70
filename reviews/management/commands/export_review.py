"""Write a stored review back out as a review document (docs/REVIEW_FORMAT.md)."""

from django.utils.translation import gettext_lazy as _

from core.commands import DocumentExportCommand
from reviews.documents import dump_review_document, review_to_document
from reviews.models import FollowUpReview


class Command(DocumentExportCommand):
    help = "Export a follow-up review as YAML, to standard output or --output PATH."
    not_found = _("No review with id %(id)s.")

    def document_text(self, pk):
        review = FollowUpReview.objects.for_export().filter(pk=pk).first()
        return dump_review_document(review_to_document(review)) if review else None
