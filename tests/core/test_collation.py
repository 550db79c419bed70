"""Text sorts in Swedish alphabetical order on both databases: … x y z å ä ö."""

import pytest
from django.db import connection

from core.collation import SORT_PREFIX_LENGTH, swedish, swedish_key, swedish_long
from reviews.models import Audit, Recommendation
from tests.factories import AuditFactory, OrganisationFactory, RecommendationFactory

NAMES = ["Öppenhet", "apotek", "Zon", "Ärende", "Åtgärd", "Bygg", "éclair"]
SWEDISH_ORDER = ["apotek", "Bygg", "éclair", "Zon", "Åtgärd", "Ärende", "Öppenhet"]


def test_the_python_key_orders_swedish_letters_last():
    assert sorted(NAMES, key=swedish_key) == SWEDISH_ORDER


@pytest.mark.django_db
def test_the_database_orders_swedish_letters_last():
    organisation = OrganisationFactory()
    for name in NAMES:
        AuditFactory(organisation=organisation, title=name)
    ordered = Audit.objects.order_by(swedish("title")).values_list("title", flat=True)
    assert list(ordered) == SWEDISH_ORDER
    backwards = Audit.objects.order_by(swedish("title", descending=True)).values_list(
        "title", flat=True
    )
    assert list(backwards) == SWEDISH_ORDER[::-1]


@pytest.mark.django_db
def test_long_texts_sort_in_swedish_by_their_start_then_whole():
    """The recommendations list's text order: by the indexed start, ties by the rest."""
    organisation = OrganisationFactory()
    audit = AuditFactory(organisation=organisation)
    start = "x" * SORT_PREFIX_LENGTH
    texts = ["Öka", start + "b", "ändra", start + "a", "Zon", "åtgärda"]
    for number, text in enumerate(texts, start=1):
        RecommendationFactory(audit=audit, number=number, text=text)
    ordered = Recommendation.objects.order_by(*swedish_long("text")).values_list("text", flat=True)
    assert list(ordered) == [start + "a", start + "b", "Zon", "åtgärda", "ändra", "Öka"]
    backwards = Recommendation.objects.order_by(*swedish_long("text", descending=True))
    assert list(backwards.values_list("text", flat=True)) == list(ordered)[::-1]


@pytest.mark.django_db
def test_the_sort_orders_read_their_indexes_on_postgresql():
    """The indexes of migration 0014 are on the very expressions the lists order by (on
    SQLite, which has no ICU collation, the lists sort without one)."""
    queries = {
        "recommendation_text_sort": Recommendation.objects.order_by(*swedish_long("text")),
        "audit_title_sort": Audit.objects.order_by(swedish("title")),
    }
    for index, queryset in queries.items():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
                plan = queryset[:25].explain()
            assert index in plan, plan
        else:
            assert list(queryset[:25]) == []  # the ordering compiles and runs
