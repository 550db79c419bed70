"""Who may see and change what: the one place that answers it.

Roles are held per organisation (`Membership`). Reads go through querysets scoped with
`visible_to(user)` (built from `scope_of`), so another organisation's object is a 404
by construction; writes ask `user.has_perm(perm, obj)`, which Django routes to
`RoleBackend` below, and a visible object the user may not change is a 403.

- Auditor: everything of the organisation, drafts included; creates and edits audits,
  responses, reviews and assessments; publishes and reopens.
- Elected auditor: reads everything of the organisation, drafts included; exports.
- Board respondent: the audits and recommendations addressed to their boards (or to
  all boards), published reviews; records and edits their boards' responses while the
  audit's follow-up is not yet published.
- Secretary: published reviews, with their audits and recommendations; exports.
- Administrators (superusers) may do everything; they manage people in the admin.
"""

from dataclasses import dataclass, field

from django.contrib.auth.backends import BaseBackend
from django.db.models import Q

from .models import Audit, BoardResponse, FollowUpReview, Organisation, Role

READ_ALL = {Role.AUDITOR, Role.ELECTED_AUDITOR}  # drafts included
READ_PUBLISHED = {Role.BOARD_RESPONDENT, Role.SECRETARY}


@dataclass
class Scope:
    """What one user holds: organisation ids per role, and a respondent's boards."""

    everything: bool = False
    organisations: dict[str, set[int]] = field(default_factory=dict)
    boards: set[int] = field(default_factory=set)  # with every board they replaced

    def holding(self, *roles) -> set[int]:
        return set().union(*(self.organisations.get(role, set()) for role in roles))


def scope_of(user) -> Scope:
    """The user's roles, read once per request (cached on the user object)."""
    if not user.is_authenticated or not user.is_active:
        return Scope()
    if user.is_superuser:
        return Scope(everything=True)
    if not hasattr(user, "_review_scope"):
        scope = Scope()
        for membership in user.memberships.prefetch_related("boards__predecessors"):
            scope.organisations.setdefault(membership.role, set()).add(membership.organisation_id)
            for board in membership.boards.all():
                scope.boards |= {b.pk for b in board.lineage()}
        user._review_scope = scope
    return user._review_scope


def visible_organisations(user):
    """The organisations the user holds any role in."""
    scope = scope_of(user)
    if scope.everything:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=scope.holding(*Role.values))


def organisations_where(user, permission: str):
    """The organisations where the user may do `permission` (an add_ permission)."""
    return [o for o in visible_organisations(user) if user.has_perm(permission, o)]


def reviews_filter(scope: Scope) -> Q:
    return Q(organisation__in=scope.holding(*READ_ALL)) | Q(
        organisation__in=scope.holding(*READ_PUBLISHED), state=FollowUpReview.State.PUBLISHED
    )


def recommendations_filter(scope: Scope, prefix: str = "") -> Q:
    """Recommendations (or, with a prefix, objects reached through one) the scope sees."""
    respondent_orgs = scope.holding(Role.BOARD_RESPONDENT)
    published = Q(
        **{
            f"{prefix}audit__reviews__state": FollowUpReview.State.PUBLISHED,
            f"{prefix}audit__organisation__in": scope.holding(*READ_PUBLISHED),
        }
    )
    return (
        Q(**{f"{prefix}audit__organisation__in": scope.holding(*READ_ALL)})
        | Q(**{f"{prefix}addressed_to__in": scope.boards})
        | Q(
            **{
                f"{prefix}addressed_to_all_boards": True,
                f"{prefix}audit__organisation__in": respondent_orgs,
            }
        )
        | published
    )


def audits_filter(scope: Scope) -> Q:
    return (
        Q(organisation__in=scope.holding(*READ_ALL))
        | Q(recommendations__addressed_to__in=scope.boards)
        | Q(
            recommendations__addressed_to_all_boards=True,
            organisation__in=scope.holding(Role.BOARD_RESPONDENT),
        )
        | Q(
            reviews__state=FollowUpReview.State.PUBLISHED,
            organisation__in=scope.holding(*READ_PUBLISHED),
        )
    )


def _auditor(user, organisation_id: int) -> bool:
    return organisation_id in scope_of(user).holding(Role.AUDITOR)


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
        audit.organisation_id in scope.holding(Role.BOARD_RESPONDENT)
        and bool(board_ids)
        and board_ids <= scope.boards
        and _follow_up_open(audit)
    )


def _may_add_response(user, audit: Audit) -> bool:
    if _auditor(user, audit.organisation_id):
        return True
    return _respondent_may_answer(user, audit, scope_of(user).boards) and (
        audit.recommendations.filter(
            Q(addressed_to__in=scope_of(user).boards) | Q(addressed_to_all_boards=True)
        ).exists()
    )


def _may_change_response(user, response: BoardResponse) -> bool:
    if _auditor(user, response.audit.organisation_id):
        return True
    return _respondent_may_answer(user, response.audit, {b.pk for b in response.boards.all()})


# permission → (the kind of object it is asked about, who may). Reads are scoped
# querysets, not rules here.
RULES = {
    "reviews.add_followupreview": (Organisation, lambda user, org: _auditor(user, org.pk)),
    "reviews.change_followupreview": (
        FollowUpReview,
        lambda user, review: _auditor(user, review.organisation_id),
    ),
    "reviews.add_audit": (Organisation, lambda user, org: _auditor(user, org.pk)),
    "reviews.change_audit": (Audit, lambda user, audit: _auditor(user, audit.organisation_id)),
    "reviews.add_boardresponse": (Audit, _may_add_response),
    "reviews.change_boardresponse": (BoardResponse, _may_change_response),
}


class RoleBackend(BaseBackend):
    """Object permissions from the roles above (`user.has_perm(perm, obj)`).

    Superusers are answered by Django's ModelBackend (they may do everything); without
    an object this backend grants nothing."""

    def has_perm(self, user_obj, perm, obj=None):
        if obj is None or not user_obj.is_active or perm not in RULES:
            return False
        kind, rule = RULES[perm]
        if not isinstance(obj, kind):
            raise TypeError(f"{perm} is asked about a {type(obj).__name__}")
        return rule(user_obj, obj)
