"""Who may change what: one authentication backend (django-rules' ObjectPermissionBackend)
asks the rules that each app registers for its own objects, in its `rules.py`.

Roles are held per organisation (`Membership`, read through `scope_of`). Reads are not
rules: each app's querysets have `visible_to(user)`, so another organisation's object is
a 404 by construction. A write asks `user.has_perm(permission, obj)`; a visible object the
user may not change is a 403. Superusers may do everything (Django's ModelBackend says
so); without an object, these rules grant nothing.
"""

from collections.abc import Callable

import rules


def register(rules_by_permission: dict[str, tuple[type, Callable]]) -> None:
    """Register an app's rules: permission → (the kind of object it is asked about, the
    test `(user, obj) -> bool`)."""
    for permission, (kind, test) in rules_by_permission.items():
        rules.add_perm(permission, object_rule(permission, kind, test))


def object_rule(permission: str, kind: type, test: Callable) -> rules.Predicate:
    """`test`, for active users and objects of `kind`; asking about another kind of object
    is a programming error, not a refusal."""

    def rule(user, obj) -> bool:
        if obj is None or not user.is_active:
            return False
        if not isinstance(obj, kind):
            raise TypeError(f"{permission} is asked about a {type(obj).__name__}")
        return test(user, obj)

    return rules.Predicate(rule, name=permission)
