"""Text sorts in Swedish alphabetical order on both databases: … x y z å ä ö."""

import pytest

from core.collation import swedish, swedish_key
from reviews.models import Audit
from tests.factories import AuditFactory, OrganisationFactory

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
