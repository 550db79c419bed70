"""The seed review typed in through the workspace's own pages, as an auditor would,
comes out identical to the report it was transcribed from: every text, every status,
and the same summary table."""

import pytest
from django.urls import reverse

from organisations.models import Board, Firm, Organisation
from reviews.documents import read_review_file, review_to_document
from reviews.documents.schema import (
    BOARD_KINDS,
    COLOURS,
    ORGANISATION_KINDS,
    STANCES,
    STATUSES,
    first_difference,
    format_path,
)
from reviews.models import Audit, FollowUpReview
from reviews.summary import review_summary
from tests.helpers import FINDINGS, field_name, form_data, table_cells

pytestmark = pytest.mark.django_db


def management(prefix: str, total: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def set_up_organisation(document) -> tuple[Organisation, dict[str, Board]]:
    """What administrators do (organisations, boards, firms are theirs, not auditors')."""
    organisation = Organisation.objects.create(
        name=document.organisation.name, kind=ORGANISATION_KINDS[document.organisation.kind]
    )
    boards = {
        part.name: Board.objects.create(
            organisation=organisation, name=part.name, kind=BOARD_KINDS[part.kind]
        )
        for part in document.boards
    }
    for part in document.boards:
        boards[part.name].successors.set([boards[name] for name in part.replaced_by])
    for name in {document.review.firm, *(audit.firm for audit in document.audits)}:
        Firm.objects.get_or_create(name=name)
    return organisation, boards


def enter_audit(client, organisation, boards, part) -> Audit:
    rows = [
        (index, group, recommendation)
        for group in part.groups
        for index, recommendation in enumerate(group.recommendations)
    ]
    data = {
        "title": part.title,
        "year": part.year,
        "new_firm": part.firm,  # typed: a new organisation has used no firm yet
        "purpose": part.purpose,
        "conclusion": part.conclusion,
        "boards": [boards[name].pk for name in part.boards],
        "version": "",
        **management("rec", len(rows)),
    }
    for row, (index, group, recommendation) in enumerate(rows):
        data |= {
            f"rec-{row}-number": recommendation.number,
            f"rec-{row}-text": recommendation.text,
            f"rec-{row}-addressed_to": [boards[name].pk for name in recommendation.addressed_to],
        }
        if recommendation.addressed_to_all_boards:
            data[f"rec-{row}-addressed_to_all_boards"] = "on"
        if index:
            data[f"rec-{row}-joins_previous"] = "on"
        else:
            data[f"rec-{row}-heading"] = group.title
            data[f"rec-{row}-observations"] = group.observations
    url = f"{reverse('reviews:audit-create')}?organisation={organisation.pk}"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    audit = Audit.objects.get(organisation=organisation, title=part.title, year=part.year)

    numbers = {r.number: r.pk for r in audit.recommendations.all()}
    for group in part.groups:
        for answer in group.responses:
            response = client.post(
                reverse("reviews:response-create", args=[audit.pk]),
                {
                    "boards": [boards[name].pk for name in answer.boards],
                    "year": answer.year,
                    "stance": STANCES[answer.stance],
                    "recommendations": [numbers[n] for n in answer.recommendations],
                    "text": answer.text,
                    "version": "",
                },
            )
            assert response.status_code == 302, response.content.decode()
    return audit


def create_review(client, organisation, document, audits: list[Audit]) -> FollowUpReview:
    url = f"{reverse('reviews:review-create')}?organisation={organisation.pk}"
    html = client.get(url).content.decode()
    part = document.review
    data = form_data(html, "form.review-form") | {
        field_name(html, "Titel"): part.title,
        field_name(html, "År"): part.year,
        field_name(html, "Revisionsbyrå"): Firm.objects.get(name=part.firm).pk,
        field_name(html, "Syfte"): part.purpose,
        field_name(html, "Genomförande"): part.method,
        field_name(html, "Sammanfattning"): part.summary,
    }
    for chapter, audit in enumerate(audits, start=1):
        data[field_name(html, f"Följ upp {audit.label}")] = "on"
        data[field_name(html, f"Kapitel för {audit.label}")] = chapter
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    return FollowUpReview.objects.get(organisation=organisation, title=part.title)


def assess(client, review, audit, part) -> None:
    url = reverse("reviews:assessment-screen", args=[review.pk, audit.pk])
    html = client.get(url).content.decode()
    data = form_data(html, "form.assessment-form")
    for group in part.groups:
        for recommendation in group.recommendations:
            n = recommendation.number
            data[field_name(html, f"Status, rekommendation {n}")] = STATUSES[
                recommendation.status or "ej bedömd"
            ]
            data[field_name(html, f"{FINDINGS} {n}")] = recommendation.findings
            for board, text in recommendation.findings_by_board.items():
                data[field_name(html, f"Uppföljning för {board}, rekommendation {n}")] = text
        if group.shared_findings:
            first = audit.recommendations.get(number=group.recommendations[0].number)
            data[f"group-{first.group_id}-text"] = group.shared_findings
    follow_up = part.follow_up
    data[field_name(html, "Sammantagen bedömning")] = follow_up.overall_assessment
    data[field_name(html, "Inledning")] = follow_up.introduction
    data[field_name(html, "Färgmarkering")] = COLOURS.get(follow_up.colour, "")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()


def unordered(data):
    """Lists of boards are sets: compare them sorted."""
    if isinstance(data, dict):
        return {
            key: sorted(unordered(value), key=str) if key in SETS else unordered(value)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [unordered(item) for item in data]
    return data


SETS = {"boards", "addressed_to", "replaced_by"}


def test_the_seed_review_entered_by_hand_matches_the_report(auditor_client, auditor_of, seed_text):
    document = read_review_file(seed_text).document
    organisation, boards = set_up_organisation(document)
    auditor_of(organisation)  # the administrators make Anna its auditor

    audits = [enter_audit(auditor_client, organisation, boards, p) for p in document.audits]
    review = create_review(auditor_client, organisation, document, audits)
    for audit, part in zip(audits, document.audits, strict=True):
        assess(auditor_client, review, audit, part)

    entered = review_to_document(FollowUpReview.objects.for_export().get(pk=review.pk))
    difference = first_difference(unordered(entered.model_dump()), unordered(document.model_dump()))
    assert difference is None, format_path(difference)
    summary = auditor_client.get(reverse("reviews:review-summary", args=[review.pk]))
    assert table_cells(summary.content.decode())[-1] == ["Totalt:", "31", "13", "-"]
    assert review_summary(review).total.implemented == 31
