"""Choosing what a follow-up review covers: the organisation's audits, those with
recommendations not yet assessed as implemented (åtgärdad) first, with their latest
statuses, which is how auditors pick what to follow up next."""

from collections import Counter
from dataclasses import dataclass, field

from organisations.models import Organisation

from .models import Audit, FollowUpReview, Recommendation, Status
from .outline import before


@dataclass
class Candidate:
    audit: Audit
    latest: Counter = field(default_factory=Counter)  # status ("" = never assessed) → count
    reviews: set[str] = field(default_factory=set)  # titles of the reviews that assessed it

    @property
    def open_count(self) -> int:
        """Recommendations a new follow-up would cover: all but the implemented ones."""
        return sum(n for status, n in self.latest.items() if status != Status.IMPLEMENTED)

    @property
    def review_titles(self) -> list[str]:
        return sorted(self.reviews)

    @property
    def total(self) -> int:
        return sum(self.latest.values())

    def status_counts(self) -> list[tuple[str, int]]:
        """(status label, count), in the report's order, leaving out zeros."""
        order = [Status.NOT_IMPLEMENTED, Status.PARTIAL, Status.IMPLEMENTED, Status.NOT_ASSESSED]
        return [(status.label, self.latest[status]) for status in order if self.latest[status]]


def follow_up_candidates(
    organisation: Organisation, *, review: FollowUpReview | None = None
) -> list[Candidate]:
    """Every audit of the organisation, those with open recommendations first (newest
    audit first within each part), judged by the reviews other than `review`. Two queries."""
    candidates = {
        audit.pk: Candidate(audit)
        for audit in Audit.objects.filter(organisation=organisation).order_by("-year", "title")
    }
    recommendations = (
        Recommendation.objects.filter(audit__organisation=organisation)
        .with_previous_status(excluding_review=review if review and review.pk else None)
        .order_by()
        .values_list("audit_id", "previous_status", "previous_review")
    )
    for audit_id, status, review_title in recommendations:
        candidates[audit_id].latest[status or Status.NOT_ASSESSED] += 1
        if review_title:
            candidates[audit_id].reviews.add(review_title)
    return sorted(candidates.values(), key=lambda c: c.open_count == 0)  # stable: keeps order


def open_recommendations(audit: Audit, *, review: FollowUpReview):
    """The audit's recommendations a review follows up: those not already assessed as
    implemented in another review (all of them, if every one was). Of those earlier
    follow-ups issued, only those issued before this review; not those it issues itself
    (the next review follows them up), nor one an earlier follow-up continued with a new
    recommendation (that one is followed up instead)."""

    recommendations = [
        r
        for r in audit.recommendations.with_previous_status(excluding_review=review)
        .select_related("issued_by")
        .prefetch_related("continued_by__issued_by")
        if (r.issued_by is None or before(r.issued_by, review))
        and not any(before(c.issued_by, review) for c in r.continued_by.all())
    ]
    still_open = [r for r in recommendations if r.previous_status != Status.IMPLEMENTED]
    return still_open or recommendations


def next_review_initial(previous: FollowUpReview) -> dict:
    """The next review's title, year and firm, from the organisation's latest review: the
    year after, also in the title where it names its year ("Uppföljande granskning 2024"
    → "… 2025")."""
    year = previous.year + 1
    if str(previous.year) in previous.title:
        title = previous.title.replace(str(previous.year), str(year))
    else:
        title = f"{previous.title} {year}"
    return {"title": title, "year": year, "firm": previous.firm_id}
