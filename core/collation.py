"""Swedish alphabetical order (… x y z å ä ö) in the database, on PostgreSQL and SQLite.

PostgreSQL has it through ICU; SQLite gets the same order from a Python collation
registered on every new connection (see CoreConfig.ready).
"""

from functools import lru_cache

from django.db.models import F
from django.db.models.functions import Collate, Left

POSTGRESQL_COLLATION = "sv-SE-x-icu"
SQLITE_COLLATION = "swedish"

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzåäö"
# Letters that Swedish sorts as another letter.
SAME_AS = {"é": "e", "è": "e", "à": "a", "á": "a", "ü": "y", "æ": "ä", "ø": "ö", "ß": "s"}
ORDER = {letter: index for index, letter in enumerate(ALPHABET)}


# SQLite asks for a comparison n·log n times while sorting n rows: each row's key is
# computed once and kept (bounded, so sorting long texts cannot hold on to much memory).
@lru_cache(maxsize=10_000)
def swedish_key(text: str) -> tuple:
    folded = [SAME_AS.get(c, c) for c in text.casefold()]
    return (tuple(ORDER.get(c, 100 + ord(c)) for c in folded), text)


def compare(left: str, right: str) -> int:
    a, b = swedish_key(left), swedish_key(right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, compare)


class SwedishCollate(Collate):
    """`Collate(expression, <Swedish>)` with the collation each database calls it."""

    def __init__(self, expression):
        if isinstance(expression, str):
            expression = F(expression)
        super().__init__(expression, POSTGRESQL_COLLATION)

    def as_sqlite(self, compiler, connection, **extra_context):
        extra_context["collation"] = connection.ops.quote_name(SQLITE_COLLATION)
        return super().as_sql(compiler, connection, **extra_context)


def swedish(field: str, *, descending: bool = False):
    """An ordering expression for `order_by()` in Swedish alphabetical order."""
    expression = SwedishCollate(field)
    return expression.desc() if descending else expression.asc()


# A b-tree index entry has a size limit (about 2.7 kB), so a long text's sort index holds
# its start: ordering by that start, then by the whole text for ties, reads the index.
SORT_PREFIX_LENGTH = 100


def sort_prefix(field: str) -> SwedishCollate:
    """The indexed start of a long text, in Swedish order (see the sort-index migration)."""
    return SwedishCollate(Left(field, SORT_PREFIX_LENGTH))


def swedish_long(field: str, *, descending: bool = False) -> list:
    """`swedish(field)` for a long text: the same order, which an index on
    `sort_prefix(field)` serves on PostgreSQL."""
    ordering = [sort_prefix(field), SwedishCollate(field)]
    return [o.desc() if descending else o.asc() for o in ordering]
