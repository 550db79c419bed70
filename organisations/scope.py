"""What one user holds: their roles per organisation, and a respondent's boards.

Every module's visibility filters start from `scope_of(user)`; it reads the memberships
once per request (cached on the user object).
"""

from dataclasses import dataclass, field


@dataclass
class Scope:
    """Organisation ids per role, and the boards a board respondent answers for."""

    everything: bool = False  # a superuser
    organisations: dict[str, set[int]] = field(default_factory=dict)
    boards: set[int] = field(default_factory=set)  # with every board they replaced

    def holding(self, *roles) -> set[int]:
        """The organisations where the user holds any of these roles."""
        return set().union(*(self.organisations.get(role, set()) for role in roles))

    def holds(self, organisation_id: int, *roles) -> bool:
        return organisation_id in self.holding(*roles)

    def only(self, *roles) -> bool:
        """Whether every role the user holds is one of these (and they hold one)."""
        return bool(self.organisations) and set(self.organisations) <= set(roles)


def scope_of(user) -> Scope:
    if not user.is_authenticated or not user.is_active:
        return Scope()
    if user.is_superuser:
        return Scope(everything=True)
    if not hasattr(user, "_scope"):
        scope = Scope()
        for membership in user.memberships.prefetch_related("boards__predecessors"):
            scope.organisations.setdefault(membership.role, set()).add(membership.organisation_id)
            for board in membership.boards.all():
                scope.boards |= {b.pk for b in board.lineage()}
        user._scope = scope
    return user._scope
