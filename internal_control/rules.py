"""What each role may change in internal control; django-rules reads this module at
start-up (see `organisations.permissions`). Who may read what is `querysets.py`.

- Board respondent (the board's officers): creates and edits their boards' plans and
  follow-up rounds, adopts and submits them, marks actions done.
- Auditors, elected auditors and secretaries read (and export); they change nothing.
"""

from organisations.models import Board, Role
from organisations.permissions import register
from organisations.scope import scope_of
from reviews.models import Recommendation

from .models import Action, FollowUpRound, Plan


def board_officer(user, board_id: int, organisation_id: int) -> bool:
    scope = scope_of(user)
    return board_id in scope.boards and scope.holds(organisation_id, Role.BOARD_RESPONDENT)


def officer_boards(user):
    """The boards whose plans the user writes as their officer (the same rule as
    `board_officer`). A superuser is no board's officer: the lists it feeds would offer
    every board of the region."""
    scope = scope_of(user)
    return Board.objects.select_related("organisation").filter(
        pk__in=scope.boards, organisation__in=scope.holding(Role.BOARD_RESPONDENT)
    )


def _plan_officer(user, plan: Plan) -> bool:
    return board_officer(user, plan.board_id, plan.board.organisation_id)


def take_in_boards(user, recommendation: Recommendation):
    """The boards whose plans the user may take the recommendation into: their boards it
    is addressed to (every one of theirs in its organisation, when addressed to all)."""
    boards = officer_boards(user).filter(organisation=recommendation.audit.organisation_id)
    if recommendation.addressed_to_all_boards:
        return boards
    addressed = {
        b.pk for board in recommendation.addressed_to.all() for b in board.current_boards()
    }
    addressed |= set(recommendation.addressed_to.values_list("pk", flat=True))
    return boards.filter(pk__in=addressed)


register(
    {
        "internal_control.take_in_recommendation": (
            Recommendation,
            lambda user, recommendation: take_in_boards(user, recommendation).exists(),
        ),
        "internal_control.add_plan": (
            Board,
            lambda user, board: board_officer(user, board.pk, board.organisation_id),
        ),
        "internal_control.change_plan": (Plan, _plan_officer),
        "internal_control.add_followupround": (Plan, _plan_officer),
        "internal_control.change_followupround": (
            FollowUpRound,
            lambda user, round_: _plan_officer(user, round_.plan),
        ),
        "internal_control.change_action": (
            Action,
            lambda user, action: _plan_officer(user, action.follow_up.round.plan),
        ),
    }
)
