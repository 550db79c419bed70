"""The one walk over an audit as the report prints it: its groups in order, under each
the board responses placed there, its recommendations, each with what it is shown with in
one follow-up, and the group's shared findings.

The PDF report (`reports`), the assessment screen (`views.assessments`) and the review
file (`documents.writing`) each render this walk; a Word or Excel rendering would be one
more renderer of it. It works on prefetched data (see the querysets' `for_export` and
`for_assessment_screen`) and queries nothing itself.
"""

import math
from dataclasses import dataclass, field

from .models import Audit, RecommendationGroup


@dataclass
class Block:
    """One heading of a chapter: a group, the responses printed under it, and each of its
    recommendations with what it is shown with (its assessment in the review, or on the
    assessment screen the assessment's form; None when the review does not follow it
    up), and the group's shared findings (their text, or on the screen their form).

    A group of recommendations the review itself issued (`issued_here`) holds its new
    recommendations: the report prints them apart, and nothing is assessed there."""

    group: RecommendationGroup
    responses: list
    items: list = field(default_factory=list)  # (recommendation, assessment/form or None)
    shared: object = ""
    issued_here: bool = False
    names_boards: bool = False  # head responses with the boards' names (see `blocks_of`)

    @property
    def numbered(self) -> bool:
        """Grouped recommendations print their numbers ("3. …", "4. …")."""
        return len(self.items) > 1

    @property
    def recommendations(self) -> list:
        return [recommendation for recommendation, _shown_with in self.items]

    @property
    def under(self) -> dict[int, list]:
        """Responses printed under one recommendation of a group (recommendation id →
        responses): those answering that one alone."""
        if not self.numbered:
            return {}
        under: dict[int, list] = {}
        for response in self.responses:
            answered = list(response.recommendations.all())
            if len(answered) == 1:
                under.setdefault(answered[0].pk, []).append(response)
        return under

    @property
    def group_responses(self) -> list:
        """The responses printed under the group's heading (not under one recommendation)."""
        placed = {id(r) for responses in self.under.values() for r in responses}
        return [response for response in self.responses if id(response) not in placed]

    @property
    def entries(self) -> list[tuple]:
        """(recommendation, shown with, responses under it), for templates."""
        under = self.under
        return [(rec, shown_with, under.get(rec.pk, [])) for rec, shown_with in self.items]


def sees(review, group: RecommendationGroup) -> bool:
    """Whether `review` holds `group`: the audit's own groups, those it issued itself, and
    those reviews before it issued, not those of later reviews."""
    issuer = group.issued_by
    return issuer is None or issuer.pk == review.pk or before(issuer, review)


def before(earlier, review) -> bool:
    """Whether the review `earlier` comes before `review` (by year, then as stored).
    `review` may be one not yet stored (an import): every stored review of its year or
    earlier is before it."""
    return (earlier.year, earlier.pk) < (review.year, review.pk or math.inf)


def blocks_of(
    audit: Audit,
    *,
    review,
    responses,
    by_recommendation: dict | None = None,
    shared: dict | None = None,
) -> list[Block]:
    """The audit's blocks in report order, as `review` holds them (see `sees`).
    `responses`: the responses to print (a published review prints those it had, see
    `FollowUpReview.printed_responses`); `by_recommendation`: recommendation id → what it
    is shown with; `shared`: group id → the group's shared findings. Responses are
    headed with their boards' names when the review says so or when they come from
    different boards."""
    by_recommendation, shared = by_recommendation or {}, shared or {}
    groups = [group for group in audit.groups.all() if sees(review, group)]
    placed = responses_by_group(groups, responses)
    return [
        Block(
            group=group,
            responses=placed[group.pk],
            items=[(r, by_recommendation.get(r.pk)) for r in group.recommendations.all()],
            shared=shared.get(group.pk, ""),
            issued_here=group.issued_by_id is not None and group.issued_by_id == review.pk,
            names_boards=review.names_boards_in_responses or from_several(placed[group.pk]),
        )
        for group in groups
    ]


def from_several(responses) -> bool:
    """Whether responses come from different boards: then "Nämndens svar 2019" twice
    would not say whose is whose, so each is headed with its boards' names."""
    return len({frozenset(b.pk for b in r.boards.all()) for r in responses}) > 1


def responses_by_group(groups: list, responses) -> dict[int, list]:
    """Where a report prints each response: under the group of its lowest-numbered
    recommendation (a response covering none goes under the first group). Responses
    answer the audit's own recommendations, not those a review issued.

    Works on prefetched groups (with recommendations) and responses (with recommendations).
    """
    group_of_number = {
        rec.number: group.pk
        for group in groups
        if group.issued_by_id is None
        for rec in group.recommendations.all()
    }
    placed: dict[int, list] = {group.pk: [] for group in groups}
    for response in responses:
        numbers = [rec.number for rec in response.recommendations.all()]
        placed[group_of_number[min(numbers)] if numbers else groups[0].pk].append(response)
    return placed
