"""Development only: make the seed organisation look like a second year of use.

The seed review (Uppföljande granskning 2024) is published, so that a committee secretary
and a board officer have a report to read on first sign-in, and next year's follow-up is
started from it as a draft (the audits with open recommendations, as the review form
proposes them), so that an auditor has a repeat follow-up to do.

The boards' latest responses also promise dates for what is still open (half of them
overdue, the rest due within the month). It acts only while the seed review is the organisation's
only review: run again, or after someone has reopened the published review, it changes
nothing.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ...models import FollowUpReview, PromisedDate, Status
from ...selection import follow_up_candidates, next_review_initial
from ...services import review_publish, review_save
from ..demo import seed_organisation


class Command(BaseCommand):
    help = "Publish the seed review and start the next year's follow-up (development only)."

    def handle(self, *args, **options):
        organisation = seed_organisation()
        reviews = list(FollowUpReview.objects.filter(organisation=organisation)[:2])
        if len(reviews) != 1 or reviews[0].is_frozen:
            return
        try:
            with transaction.atomic():
                published = review_publish(review=reviews[0])
                next_review = FollowUpReview(organisation=organisation)
                for name, value in next_review_initial(published).items():
                    setattr(next_review, f"{name}_id" if name == "firm" else name, value)
                audits = [
                    candidate.audit
                    for candidate in follow_up_candidates(organisation)
                    if candidate.open_count
                ]
                review_save(review=next_review, version=None, audits=audits)
                promised = promise_dates(published, today=timezone.localdate())
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            _("Published %(published)s; started %(next)s as a draft; %(count)s dates promised.")
            % {"published": published.title, "next": next_review.title, "count": promised}
        )


def promise_dates(published, *, today) -> int:
    """The boards' latest responses promise a date for what the published review found
    open: a date gone by for what was not implemented and for every other partly
    implemented one (overdue), one in a month for the rest (due soon), so that the
    overview, the roll-up and the reminders have something to show. (The review counts
    as published only once the worker has rendered its PDF: its own assessments say what
    it found.)"""
    count = 0
    for assessment in (
        published.assessments.filter(status__in=[Status.NOT_IMPLEMENTED, Status.PARTIAL])
        .prefetch_related("recommendation__responses")
        .order_by("pk")
    ):
        responses = sorted(assessment.recommendation.responses.all(), key=lambda r: (r.year, r.pk))
        if not responses:
            continue
        # The seed has no "not implemented": every other partly implemented one is late.
        overdue = assessment.status == Status.NOT_IMPLEMENTED or count % 2 == 0
        PromisedDate.objects.create(
            response=responses[-1],
            recommendation=assessment.recommendation,
            date=date(today.year, 1, 31) if overdue else today + timedelta(days=30),
        )
        count += 1
    return count
