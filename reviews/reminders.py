"""Who is reminded of what: each board respondent's recommendations due within their
organisation's `reminder_days`, or overdue (`RecommendationQuerySet.overdue`'s rule),
as one digest per person. Sending is `services.reminders`."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.models import User

from organisations.models import Membership, Role

from .models import Recommendation, Status
from .models.progress import is_overdue


@dataclass
class ReminderItem:
    recommendation: Recommendation
    promised_date: date
    overdue: bool


@dataclass
class Digest:
    user: User
    items: list[ReminderItem] = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return sum(item.overdue for item in self.items)


def respondents_without_email():
    """Active board respondents who get no reminder, having no email address: their
    memberships, by organisation and name."""
    return (
        Membership.objects.filter(role=Role.BOARD_RESPONDENT, user__is_active=True, user__email="")
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name", "user__first_name", "user__username")
    )


def reminder_digests(*, today: date) -> list[Digest]:
    """One digest per active board respondent with an email address and something due:
    overdue first, then by date. The recommendations come in one query for everyone."""
    memberships = list(
        Membership.objects.filter(role=Role.BOARD_RESPONDENT, user__is_active=True)
        .exclude(user__email="")
        .select_related("user", "organisation")
        .prefetch_related("boards__predecessors")
        .order_by("user__username", "organisation__name")
    )
    if not memberships:
        return []
    furthest = today + timedelta(days=max(m.organisation.reminder_days for m in memberships))
    due_by_organisation: dict[int, list[Recommendation]] = {}
    for recommendation in (
        Recommendation.objects.filter(
            audit__organisation__in={m.organisation_id for m in memberships},
            promised_date__lte=furthest,
        )
        .exclude(latest_published_status=Status.IMPLEMENTED)
        .select_related("audit")
        .prefetch_related("addressed_to")
        .order_by("promised_date", "pk")
    ):
        due_by_organisation.setdefault(recommendation.audit.organisation_id, []).append(
            recommendation
        )
    digests: dict[int, Digest] = {}
    for membership in memberships:
        boards = {b.pk for board in membership.boards.all() for b in board.lineage()}
        horizon = today + timedelta(days=membership.organisation.reminder_days)
        digest = digests.setdefault(membership.user_id, Digest(membership.user))
        for recommendation in due_by_organisation.get(membership.organisation_id, []):
            # `answerable_by`'s rule: addressed to one of the boards, or to all boards.
            answers = recommendation.addressed_to_all_boards or any(
                board.pk in boards for board in recommendation.addressed_to.all()
            )
            if boards and answers and recommendation.promised_date <= horizon:
                overdue = is_overdue(
                    promised_date=recommendation.promised_date,
                    published_status=recommendation.latest_published_status,
                    today=today,
                )
                digest.items.append(
                    ReminderItem(recommendation, recommendation.promised_date, overdue)
                )
    for digest in digests.values():
        digest.items.sort(key=lambda item: (not item.overdue, item.promised_date))
    return [digest for digest in digests.values() if digest.items]
