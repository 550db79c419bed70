"""Searching users' texts in Swedish.

PostgreSQL: full-text search with the `swedish` configuration, so a word's forms find
each other ("upphandlingar" finds "upphandling"). A searched table keeps its text's
vector in a column, `search_vector`, which a trigger computes whenever the text is
written and a GIN index serves (reviews migration 0015): testing a row is then as cheap
as reading the index, whichever the planner picks, where computing the vector of a long
text took some 40 µs a row. SQLite: a substring match on texts folded to lower case by
Python, since SQLite's own LIKE folds only ASCII (Å would not find å); its
`search_vector` stays empty.
"""

from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.db import connection
from django.db.models import Func, TextField

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
    """The vector of a text (migration 0012 indexed this expression; 0015 stores it)."""
    return SearchVector(field, config=CONFIG)


VECTOR_FIELD = "search_vector"


def search_vector_field() -> SearchVectorField:
    """The column holding the searched text's vector (PostgreSQL's trigger writes it)."""
    return SearchVectorField(null=True, editable=False)


def matching(queryset, field: str, text: str):
    """The rows of `queryset` whose `field` (a text of that very table) matches `text`.

    A search over several tables asks each its own question and combines the rows found
    (`pk__in`, `group__in`, …): an OR over the texts of joined tables would compute each
    text's vector once per joined row, and could use no index. On PostgreSQL the planner
    then reads the table's GIN index (a region: few matches among many rows) or tests
    the rows left by the caller's other conditions (one organisation's), whichever its
    statistics say is cheaper."""
    if connection.vendor == "postgresql":
        query = SearchQuery(text, config=CONFIG, search_type="websearch")
        return queryset.filter(**{VECTOR_FIELD: query})  # the vector of `field`
    return queryset.annotate(_found=Folded(field)).filter(_found__contains=fold(text))
