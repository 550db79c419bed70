"""What each role may change in the follow-up; django-rules reads this module at start-up
(see `organisations.permissions`). Who may read what is the querysets' `visible_to`.

- Auditor: creates and edits audits, responses, reviews and assessments of their
  organisations; publishes and reopens.
- Board respondent: records and edits their boards' responses, to the recommendations
  addressed to their boards or to all boards, while the audit's follow-up is open.
- Board respondents also set and revise the dates their boards' responses promise
  (with a reason), and write progress notes on their boards' recommendations, at any
  time: it is the board's word, which no report prints.
- Elected auditors and secretaries read and export; they change nothing.
"""

from organisations.models import Board, Organisation, Role
from organisations.permissions import register
from organisations.scope import scope_of

from .models import Audit, BoardResponse, FollowUpReview, Recommendation


def _auditor(user, organisation_id: int) -> bool:
    return scope_of(user).holds(organisation_id, Role.AUDITOR)


def _follow_up_open(audit: Audit) -> bool:
    """Boards answer while the audit's follow-up is being prepared: it is in a draft
    review, or in no review yet."""
    return (
        not audit.reviews.exists()
        or audit.reviews.filter(state=FollowUpReview.State.DRAFT).exists()
    )


def _respondent_may_answer(user, audit: Audit, board_ids: set[int]) -> bool:
    scope = scope_of(user)
    return (
        scope.holds(audit.organisation_id, Role.BOARD_RESPONDENT)
        and bool(board_ids)
        and board_ids <= scope.boards
        and _follow_up_open(audit)
    )


def _may_add_response(user, audit: Audit) -> bool:
    if _auditor(user, audit.organisation_id):
        return True
    boards = scope_of(user).boards
    return (
        _respondent_may_answer(user, audit, boards)
        and audit.recommendations.answerable_by(boards).exists()
    )


def _may_change_response(user, response: BoardResponse) -> bool:
    if _auditor(user, response.audit.organisation_id):
        return True
    return _respondent_may_answer(user, response.audit, {b.pk for b in response.boards.all()})


def _may_promise_dates(user, response: BoardResponse) -> bool:
    if _auditor(user, response.audit.organisation_id):
        return True
    scope = scope_of(user)
    boards = {b.pk for b in response.boards.all()}
    return (
        scope.holds(response.audit.organisation_id, Role.BOARD_RESPONDENT)
        and bool(boards)
        and boards <= scope.boards
    )


def _may_read_rollup(user, board: Board) -> bool:
    """The roll-up for ansvarsprövning: the organisation's auditors, elected auditors and
    secretaries, and the board's own respondents (only published statuses are in it)."""
    scope = scope_of(user)
    if scope.holds(board.organisation_id, Role.AUDITOR, Role.ELECTED_AUDITOR, Role.SECRETARY):
        return True
    return scope.holds(board.organisation_id, Role.BOARD_RESPONDENT) and board.pk in scope.boards


def _may_add_board_update(user, recommendation: Recommendation) -> bool:
    scope = scope_of(user)
    return scope.holds(recommendation.audit.organisation_id, Role.BOARD_RESPONDENT) and (
        Recommendation.objects.filter(pk=recommendation.pk).answerable_by(scope.boards).exists()
    )


register(
    {
        "reviews.add_followupreview": (Organisation, lambda user, org: _auditor(user, org.pk)),
        "reviews.change_followupreview": (
            FollowUpReview,
            lambda user, review: _auditor(user, review.organisation_id),
        ),
        "reviews.add_audit": (Organisation, lambda user, org: _auditor(user, org.pk)),
        "reviews.change_audit": (Audit, lambda user, audit: _auditor(user, audit.organisation_id)),
        "reviews.add_boardresponse": (Audit, _may_add_response),
        "reviews.change_boardresponse": (BoardResponse, _may_change_response),
        "reviews.change_promiseddate": (BoardResponse, _may_promise_dates),
        "reviews.add_boardupdate": (Recommendation, _may_add_board_update),
        "reviews.view_board_rollup": (Board, _may_read_rollup),
    }
)
