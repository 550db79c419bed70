"""Which recommendations the boards' internal-control plans took in.

The internal-control module builds on this one (a recommendation becomes a risk or a
control of a board's plan), so this module imports nothing of it: it reaches the risks
and controls through the relations that module adds to `Recommendation` (`plan_risks`,
`plan_controls`), and asks their querysets what the user may see.
"""

from django.db.models import Prefetch

from core.querysets import related_model

from .choices import Status
from .models import Recommendation

RELATIONS = ("plan_risks", "plan_controls")
OPEN = (Status.PARTIAL, Status.NOT_IMPLEMENTED)


def _plan_parts(user, recommendation_ids) -> list:
    """The visible risks and controls linked to these recommendations (ids, or a
    subquery of them), each with its linked recommendations among them prefetched (one
    query per relation, and one more where it found some)."""
    parts = []
    for relation in RELATIONS:
        model = related_model(Recommendation, relation)
        parts += (
            model.objects.visible_to(user)
            .filter(recommendations__in=recommendation_ids)
            .distinct()
            .prefetch_related(
                Prefetch(
                    "recommendations",
                    queryset=Recommendation.objects.filter(pk__in=recommendation_ids),
                    to_attr="linked",
                )
            )
        )
    return parts


def in_plans(recommendation: Recommendation, user) -> list:
    """The risks and controls of the plans that took the recommendation in (one query for
    each relation)."""
    return [
        part
        for relation in RELATIONS
        for part in related_model(Recommendation, relation)
        .objects.visible_to(user)
        .filter(recommendations=recommendation)
    ]


def plan_coverage(review, user) -> list[tuple]:
    """The review's recommendations it found partly or not implemented that a board's plan
    now covers: (assessment, [risk or control, …]) in the review's order. The plans are
    asked first: a region's review finds hundreds open, of which plans take in a few."""
    open_ids = review.assessments.filter(status__in=OPEN).values("recommendation_id")
    covered: dict[int, list] = {}
    for part in _plan_parts(user, open_ids):
        for recommendation in part.linked:
            covered.setdefault(recommendation.pk, []).append(part)
    if not covered:
        return []
    assessments = review.assessments.filter(recommendation__in=covered).select_related(
        "recommendation__audit"
    )
    ordered = sorted(
        assessments,
        key=lambda a: (a.recommendation.audit.title, a.recommendation.number),
    )
    return [(assessment, covered[assessment.recommendation_id]) for assessment in ordered]
