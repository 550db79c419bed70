"""From the audit to the plan: a recommendation a follow-up found not (fully) implemented
becomes a risk, or a control under a risk, of the board's next plan, linked both ways."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reviews.choices import ReviewState, Status
from reviews.models import Recommendation

from ..models import Control, Risk, RiskArea
from .plans import next_position, refuse_if_frozen

OPEN = (Status.PARTIAL, Status.NOT_IMPLEMENTED)


def latest_published_status(recommendation: Recommendation) -> str | None:
    """The status of the recommendation's latest published follow-up, if any."""
    assessment = (
        recommendation.assessments.filter(review__state=ReviewState.PUBLISHED)
        .order_by("-review__year", "-review__published_at", "-pk")
        .first()
    )
    return assessment.status if assessment else None


def recommendation_take_in(recommendation: Recommendation, target: RiskArea | Risk):
    """A new risk in `target` (an area) or a new control under `target` (a risk), worded
    as the recommendation, linked to it. The plan must be open to change."""
    if latest_published_status(recommendation) not in OPEN:
        raise ValidationError(
            _(
                "Only a recommendation a published follow-up found partly or not implemented "
                "is taken into a plan."
            )
        )
    with transaction.atomic():
        refuse_if_frozen(target)
        if isinstance(target, RiskArea):
            plan = target.plan
            last = plan.risks.order_by("-number").values_list("number", flat=True).first()
            created = Risk(
                plan=plan, area=target, number=(last or 0) + 1, description=recommendation.text
            )
        else:
            created = Control(
                risk=target,
                position=next_position(target.controls),
                description=recommendation.text,
            )
        created.full_clean()
        created.save()
        created.recommendations.add(recommendation)
    return created
