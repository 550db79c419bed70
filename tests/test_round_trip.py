"""import -> export -> import gives the same data."""

import pytest

from organisations.models import Board, Firm, Organisation
from reviews.documents import dump_review_document, read_review_file, review_to_document
from reviews.models import FollowUpReview
from reviews.services import review_import

pytestmark = pytest.mark.django_db


def export(review: FollowUpReview) -> str:
    return dump_review_document(
        review_to_document(FollowUpReview.objects.for_export().get(pk=review.pk))
    )


def snapshot() -> dict:
    """Everything stored, without database ids, so two databases can be compared."""

    def names(boards):
        return sorted(b.name for b in boards.all())

    reviews = []
    for review in FollowUpReview.objects.order_by("title"):
        audits = []
        for reviewed in review.reviewed_audits.order_by("position"):
            audit = reviewed.audit
            audits.append(
                {
                    "audit": (
                        audit.title,
                        audit.year,
                        audit.firm.name,
                        audit.purpose,
                        audit.conclusion,
                    ),
                    "boards": names(audit.boards),
                    "follow_up": (
                        reviewed.introduction,
                        reviewed.overall_assessment,
                        reviewed.colour,
                    ),
                    "groups": [
                        (
                            group.position,
                            group.title,
                            group.observations,
                            review.group_findings.filter(group=group)
                            .values_list("text", flat=True)
                            .first(),
                            [
                                (r.number, r.text, names(r.addressed_to), r.addressed_to_all_boards)
                                for r in group.recommendations.order_by("number")
                            ],
                        )
                        for group in audit.groups.order_by("position")
                    ],
                    "responses": sorted(
                        (
                            r.year,
                            r.stance,
                            r.text,
                            names(r.boards),
                            sorted(r.recommendations.values_list("number", flat=True)),
                        )
                        for r in audit.responses.all()
                    ),
                    "assessments": [
                        (
                            a.recommendation.number,
                            a.status,
                            a.findings,
                            sorted((names(f.boards), f.text) for f in a.board_findings.all()),
                        )
                        for a in review.assessments.filter(recommendation__audit=audit).order_by(
                            "recommendation__number"
                        )
                    ],
                }
            )
        reviews.append(
            {
                "review": (
                    review.organisation.name,
                    review.title,
                    review.year,
                    review.firm.name,
                    review.purpose,
                    review.method,
                    review.summary,
                    review.state,
                ),
                "audits": audits,
            }
        )
    boards = sorted(
        (b.organisation.name, b.name, b.kind, names(b.successors)) for b in Board.objects.all()
    )
    return {"reviews": reviews, "boards": boards}


def wipe() -> None:
    # Reviews first: an assessed recommendation is protected while its review exists.
    FollowUpReview.objects.all().delete()
    Organisation.objects.all().delete()
    Firm.objects.all().delete()


def test_import_export_import_gives_the_same_data(seed_review):
    first_export = export(seed_review)
    first_snapshot = snapshot()
    wipe()
    assert snapshot() == {"reviews": [], "boards": []}

    again = review_import(document=read_review_file(first_export).document)

    assert snapshot() == first_snapshot
    assert export(again) == first_export


def test_the_export_says_what_the_seed_file_says(seed_review, seed_text):
    original = read_review_file(seed_text).document
    exported = read_review_file(export(seed_review)).document

    assert exported.organisation == original.organisation
    assert exported.review == original.review
    assert {b.name: sorted(b.replaced_by) for b in exported.boards} == {
        b.name: sorted(b.replaced_by) for b in original.boards
    }
    assert len(exported.audits) == len(original.audits) == 7
    for ours, theirs in zip(exported.audits, original.audits, strict=True):
        assert ours.content() == theirs.content()
        assert ours.follow_up == theirs.follow_up
        assert [
            (r.number, r.status, r.findings, r.findings_by_board)
            for g in ours.groups
            for r in g.recommendations
        ] == [
            (r.number, r.status, r.findings, r.findings_by_board)
            for g in theirs.groups
            for r in g.recommendations
        ]
        assert [g.shared_findings for g in ours.groups] == [
            g.shared_findings for g in theirs.groups
        ]


def test_per_board_findings_and_colours_survive_the_round_trip(db):
    text = """\
format: audit-tracker/review 1
organisation: {name: Testby kommun}
boards:
  - {name: Kommunstyrelsen, kind: styrelse}
  - {name: Socialnämnden, replaced_by: [Omsorgsnämnden]}
  - {name: Omsorgsnämnden}
review: {title: Uppföljning, year: 2025, firm: KPMG, state: publicerad}
audits:
  - title: Granskning av IT
    year: 2023
    firm: KPMG
    follow_up: {overall_assessment: Bra., colour: gul}
    groups:
      - title: Rekommendationer till samtliga nämnder
        recommendations:
          - number: 1
            text: Gör A.
            addressed_to: [Kommunstyrelsen, Socialnämnden]
            status: ej åtgärdad
            findings_by_board:
              Kommunstyrelsen: Inget gjort.
              Socialnämnden: Inte heller.
        shared_findings: Gemensamt.
...
"""
    review = review_import(document=read_review_file(text).document)
    assert review.is_published and review.published_at is not None
    exported = export(review)
    data = snapshot()
    wipe()
    review_import(document=read_review_file(exported).document)
    assert snapshot() == data
    assert "colour: gul" in exported
    assert "Socialnämnden: Inte heller." in exported
