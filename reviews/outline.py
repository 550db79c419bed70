"""The one walk over an audit as the report prints it: its groups in order, under each
the board responses placed there, its recommendations, each with what it is shown with in
one follow-up, and the group's shared findings.

The PDF report (`reports`), the assessment screen (`views.assessments`) and the review
file (`documents.writing`) each render this walk; a Word or Excel rendering would be one
more renderer of it. It works on prefetched data (see the querysets' `for_export` and
`for_assessment_screen`) and queries nothing itself.
"""

from dataclasses import dataclass, field

from .models import Audit, RecommendationGroup


@dataclass
class Block:
    """One heading of a chapter: a group, the responses printed under it, and each of its
    recommendations with what it is shown with (its assessment in the review, or on the
    assessment screen the assessment's form; None when the review does not follow it
    up), and the group's shared findings (their text, or on the screen their form)."""

    group: RecommendationGroup
    responses: list
    items: list = field(default_factory=list)  # (recommendation, assessment/form or None)
    shared: object = ""

    @property
    def numbered(self) -> bool:
        """Grouped recommendations print their numbers ("3. …", "4. …")."""
        return len(self.items) > 1

    @property
    def recommendations(self) -> list:
        return [recommendation for recommendation, _shown_with in self.items]


def blocks_of(
    audit: Audit,
    *,
    responses,
    by_recommendation: dict | None = None,
    shared: dict | None = None,
) -> list[Block]:
    """The audit's blocks in report order. `responses`: the responses to print (a
    published review prints those it had, see `FollowUpReview.printed_responses`);
    `by_recommendation`: recommendation id → what it is shown with; `shared`: group id →
    the group's shared findings."""
    by_recommendation, shared = by_recommendation or {}, shared or {}
    groups = list(audit.groups.all())
    placed = responses_by_group(groups, responses)
    return [
        Block(
            group=group,
            responses=placed[group.pk],
            items=[(r, by_recommendation.get(r.pk)) for r in group.recommendations.all()],
            shared=shared.get(group.pk, ""),
        )
        for group in groups
    ]


def responses_by_group(groups: list, responses) -> dict[int, list]:
    """Where a report prints each response: under the group of its lowest-numbered
    recommendation (a response covering none goes under the first group).

    Works on prefetched groups (with recommendations) and responses (with recommendations).
    """
    group_of_number = {
        rec.number: group.pk for group in groups for rec in group.recommendations.all()
    }
    placed: dict[int, list] = {group.pk: [] for group in groups}
    for response in responses:
        numbers = [rec.number for rec in response.recommendations.all()]
        placed[group_of_number[min(numbers)] if numbers else groups[0].pk].append(response)
    return placed
