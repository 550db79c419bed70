"""reviews.services.audits: audit_save puts recommendations in order, grouped under shared
headings, safely renumbered; response_save keeps a response to its own audit."""

import pytest
from django.core.exceptions import ValidationError

from core.versioning import EditConflict
from organisations.models import Board
from reviews.models import Audit, BoardResponse, Recommendation
from reviews.services import RecommendationRow, audit_save, response_save
from tests.factories import BoardFactory, FirmFactory, OrganisationFactory, build_review

pytestmark = pytest.mark.django_db


def rows_of(audit):
    """The stored audit as the editor would show it."""
    rows = []
    for group in audit.groups.order_by("position"):
        for index, rec in enumerate(group.recommendations.order_by("number")):
            rows.append(
                RecommendationRow(
                    number=rec.number,
                    text=rec.text,
                    recommendation=rec,
                    addressed_to=list(rec.addressed_to.all()),
                    addressed_to_all_boards=rec.addressed_to_all_boards,
                    joins_previous=index > 0,
                    heading=group.title if index == 0 else "",
                    observations=group.observations if index == 0 else "",
                )
            )
    return rows


def layout(audit):
    return [
        (
            g.heading,
            g.observations,
            [(r.number, r.text) for r in g.recommendations.order_by("number")],
        )
        for g in audit.groups.order_by("position")
    ]


@pytest.fixture
def new_audit():
    organisation = OrganisationFactory()
    board = BoardFactory(organisation=organisation, name="Kommunstyrelsen")
    audit = Audit(
        organisation=organisation, title="Granskning av IT", year=2023, firm=FirmFactory()
    )
    audit_save(
        audit=audit,
        version=None,
        rows=[
            RecommendationRow(1, "Gör A.", addressed_to=[board], observations="Brister i A."),
            RecommendationRow(2, "Gör B.", addressed_to=[board], observations="Brister i B och C."),
            RecommendationRow(3, "Gör C.", addressed_to=[board], joins_previous=True),
        ],
    )
    return audit


def test_rows_become_groups_under_shared_headings(new_audit):
    assert layout(new_audit) == [
        ("Rekommendation 1", "Brister i A.", [(1, "Gör A.")]),
        ("Rekommendation 2 & 3", "Brister i B och C.", [(2, "Gör B."), (3, "Gör C.")]),
    ]
    assert new_audit.history.count() == 1


def test_reordering_swaps_numbers_without_breaking_uniqueness(new_audit):
    rows = rows_of(new_audit)
    rows[0].number, rows[1].number = 2, 1  # A and B change places
    rows[1].joins_previous, rows[2].joins_previous = False, False
    rows[1].observations = "B först."
    audit_save(audit=new_audit, version=1, rows=rows)
    assert [
        (n, t)
        for n, t in new_audit.recommendations.order_by("number").values_list("number", "text")
    ] == [
        (1, "Gör B."),
        (2, "Gör A."),
        (3, "Gör C."),
    ]
    assert len(layout(new_audit)) == 3


def test_adding_and_removing_recommendations(new_audit):
    rows = rows_of(new_audit)
    rows[2].delete = True
    rows.append(RecommendationRow(4, "Gör D.", addressed_to_all_boards=True, joins_previous=True))
    audit_save(audit=new_audit, version=1, rows=rows)
    assert layout(new_audit)[1][2] == [(2, "Gör B."), (4, "Gör D.")]


def test_an_assessed_recommendation_cannot_be_removed():
    review = build_review(audits=1, recommendations=2)
    audit = review.reviewed_audits.get().audit
    rows = rows_of(audit)
    rows[0].delete = True
    with pytest.raises(ValidationError, match="har bedömningar"):
        audit_save(audit=audit, version=audit.version, rows=rows)
    assert audit.recommendations.count() == 2


def test_a_stale_version_is_refused_and_nothing_changes(new_audit):
    rows = rows_of(new_audit)
    rows[0].text = "Ändrad."
    audit_save(audit=new_audit, version=1, rows=rows)  # someone else saves first
    stale = Audit.objects.get(pk=new_audit.pk)
    stale.title = "Min titel"
    with pytest.raises(EditConflict):
        audit_save(audit=stale, version=1, rows=rows_of(new_audit))
    assert Audit.objects.get(pk=new_audit.pk).title == "Granskning av IT"


def test_responses_keep_pointing_at_renumbered_recommendations(new_audit):
    board = Board.objects.get(name="Kommunstyrelsen")
    rec_b = Recommendation.objects.get(text="Gör B.")
    response = BoardResponse(audit=new_audit, year=2024, text="Vi gör B.")
    response_save(response=response, version=None, boards=[board], recommendations=[rec_b])
    rows = rows_of(new_audit)
    rows[0].number, rows[1].number = 2, 1
    rows[2].joins_previous = False
    audit_save(audit=new_audit, version=1, rows=rows)
    assert [r.text for r in response.recommendations.all()] == ["Gör B."]
    assert response.recommendations.get().number == 1


def test_a_response_covers_its_own_audit_only(new_audit):
    other = build_review(audits=1, recommendations=1).reviewed_audits.get().audit
    response = BoardResponse(audit=new_audit, year=2024, text="Svar.")
    with pytest.raises(ValidationError):
        response_save(
            response=response,
            version=None,
            boards=[],
            recommendations=list(other.recommendations.all()),
        )
