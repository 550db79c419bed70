"""Load a review document (docs/REVIEW_FORMAT.md) into the database, all or nothing."""

from django.utils.translation import gettext_lazy as _

from core.commands import DocumentImportCommand
from organisations.models import Organisation
from reviews.documents import read_review_bytes
from reviews.models import FollowUpReview
from reviews.services import review_import


class Command(DocumentImportCommand):
    help = "Import a follow-up review from a YAML document; prints the new review's id."
    size_setting = "REVIEW_FILE_MAX_BYTES"
    already_imported = _("%(file)s: already imported as review %(id)s")

    def read(self, data):
        review_file = read_review_bytes(data)
        return review_file.document, review_file.lines

    def existing(self, document):
        return FollowUpReview.objects.filter(
            organisation__in=Organisation.objects.filter(name=document.organisation.name),
            title=document.review.title,
        ).first()

    def load(self, document, progress):
        return review_import(document=document, progress=progress)
