"""core.rows.RowBatch: rows checked when added, written in bulk, and what the database
refuses named by its place in the file."""

import pytest
from django.db import transaction

from core.documents import DocumentError
from core.rows import RowBatch
from organisations.models import Board, Firm, Organisation
from reviews.models import Audit

pytestmark = pytest.mark.django_db


def test_a_field_the_model_refuses_is_named_when_added():
    rows = RowBatch()
    with pytest.raises(DocumentError) as error:
        rows.add(Firm, ("firms", 3), name="")
    [problem] = error.value.problems
    assert problem.path == ("firms", 3, "name")
    assert rows.count(Firm) == 0


def test_a_row_the_database_refuses_is_named_and_nothing_stays():
    Firm.objects.create(name="EY")
    rows = RowBatch()
    rows.add(Firm, ("firms", 0), name="KPMG")
    rows.add(Firm, ("firms", 1), name="EY")  # stored already: the unique name refuses it
    with pytest.raises(DocumentError) as error, transaction.atomic():
        rows.write()
    [problem] = error.value.problems
    assert problem.path == ("firms", 1, "name")
    assert list(Firm.objects.values_list("name", flat=True)) == ["EY"]


def test_a_duplicate_within_the_batch_is_named_at_its_second_place():
    rows = RowBatch()
    for index, name in enumerate(["PwC", "KPMG", "PwC"]):
        rows.add(Firm, ("firms", index), name=name)
    with pytest.raises(DocumentError) as error, transaction.atomic():
        rows.write()
    assert [p.path for p in error.value.problems] == [("firms", 2, "name")]
    assert Firm.objects.count() == 0


def test_a_table_is_written_after_the_tables_it_refers_to(django_assert_max_num_queries):
    """An audit is added before the firm of the next one (as when the file's first audit
    names a stored firm): the firms still go in first, so the second audit has its firm."""
    organisation = Organisation.objects.create(name="Testby kommun")
    stored = Firm.objects.create(name="EY")
    rows = RowBatch()
    first = rows.add(
        Audit, ("audits", 0), organisation=organisation, title="A", year=2023, firm=stored
    )
    firm = rows.add(Firm, ("audits", 1, "firm"), name="KPMG")
    second = rows.add(
        Audit, ("audits", 1), organisation=organisation, title="B", year=2023, firm=firm
    )
    rows.link(second, "boards", [Board.objects.create(organisation=organisation, name="KS")])
    # Per table: savepoint, INSERT, release, and its history; then the links and theirs.
    with django_assert_max_num_queries(9):
        rows.write()
    assert Audit.objects.get(pk=second.pk).firm.name == "KPMG"
    assert Audit.objects.get(pk=first.pk).firm == stored
    assert [b.name for b in Audit.objects.get(pk=second.pk).boards.all()] == ["KS"]
    assert Audit.history.count() == 2
    assert [row.board.name for row in Audit.history.get(id=second.pk).boards.all()] == ["KS"]
    assert not Audit.history.get(id=first.pk).boards.exists()
