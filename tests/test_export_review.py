from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reviews.documents import read_review_file, review_to_document
from reviews.models import FollowUpReview

pytestmark = pytest.mark.django_db


def test_it_writes_the_review_to_standard_output(seed_review):
    out = StringIO()
    call_command("export_review", str(seed_review.pk), stdout=out)
    document = read_review_file(out.getvalue()).document
    assert document.review.title == "Uppföljande granskning 2024"
    assert sum(len(g.recommendations) for a in document.audits for g in a.groups) == 44


def test_it_writes_to_a_file_with_output(seed_review, tmp_path):
    target = tmp_path / "export.yaml"
    out = StringIO()
    call_command(
        "export_review", str(seed_review.pk), "--output", str(target), stdout=out, stderr=StringIO()
    )
    assert out.getvalue() == ""
    assert (
        read_review_file(target.read_text(encoding="utf-8")).document.organisation.name
        == "Haninge kommun"
    )


def test_it_refuses_an_unknown_review(db):
    with pytest.raises(CommandError, match="Ingen uppföljning med id 42"):
        call_command("export_review", "42")


def test_the_export_takes_a_fixed_number_of_queries(seed_review, django_assert_max_num_queries):
    # review, reviewed audits, audit boards, groups, recommendations, addressed_to, parts,
    # continued recommendations and their reviews, responses, response boards, response
    # recommendations, assessments, board findings and their boards, board statuses and
    # their boards, part assessments, the assessed recommendations and their parts, group
    # findings, sections, contacts, signatures, organisation boards, their successors
    with django_assert_max_num_queries(26):
        review_to_document(FollowUpReview.objects.for_export().get(pk=seed_review.pk))
