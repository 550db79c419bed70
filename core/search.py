"""Searching users' texts in Swedish.

PostgreSQL: full-text search with the `swedish` configuration, so a word's forms find
each other ("upphandlingar" finds "upphandling"), answered by GIN indexes on the same
expressions (reviews migration 0012). SQLite: a substring match on texts folded to lower
case by Python, since SQLite's own LIKE folds only ASCII (Å would not find å).
"""

from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Func, Q, TextField

CONFIG = "swedish"
SQLITE_FOLD = "swedish_fold"


def fold(value):
    return value.casefold() if isinstance(value, str) else value


def register_sqlite_fold(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FOLD, 1, fold, deterministic=True)


class Folded(Func):
    """A text folded to lower case the way Python does it (SQLite only)."""

    function = SQLITE_FOLD
    output_field = TextField()


def swedish_vector(field: str) -> SearchVector:
    """The expression searched and indexed (the index must be on this very expression)."""
    return SearchVector(field, config=CONFIG)


def search(queryset, fields: list[str], text: str, *, wide: bool = True):
    """The rows of `queryset` where any of `fields` (a field, or one relation and its
    field: "audit__title") matches `text`. `wide`: the queryset spans many rows (a
    region's administrator), so each field is looked up in its index first; a narrow one
    (one organisation's) is searched row by row, which is then the cheaper plan."""
    if connection.vendor == "postgresql" and not wide:
        query = SearchQuery(text, config=CONFIG, search_type="websearch")
        vectors = {f"_search_{i}": swedish_vector(field) for i, field in enumerate(fields)}
        return queryset.annotate(**vectors).filter(
            reduce(or_, (Q(**{name: query}) for name in vectors))
        )
    if connection.vendor == "postgresql":
        # One indexed lookup per field, each in its own table: an OR over expressions
        # of joined tables would compute them for every row instead.
        query = SearchQuery(text, config=CONFIG, search_type="websearch")
        matches = []
        for path in fields:
            relation, _sep, field = path.rpartition("__")
            model = (
                queryset.model._meta.get_field(relation).related_model
                if relation
                else queryset.model
            )
            found = model._default_manager.annotate(_found=swedish_vector(field)).filter(
                _found=query
            )
            matches.append(Q(**{f"{relation or 'pk'}__in": found.values("pk")}))
        return queryset.filter(reduce(or_, matches))
    folded = {f"_search_{i}": Folded(field) for i, field in enumerate(fields)}
    return queryset.annotate(**folded).filter(
        reduce(or_, (Q(**{f"{name}__contains": fold(text)}) for name in folded))
    )
