"""Junk in every field of every form the app's pages post: a form error, a refusal or a
conflict, never a 500. (GET requests: test_hostile_requests.py.)"""

import pytest
from django.urls import reverse

from tests.helpers import form_data

pytestmark = pytest.mark.django_db

HUGE = "9" * 25  # beyond a 64-bit integer: SQLite cannot even compare with it
JUNK = ["", "abc", "-1", HUGE, "1.5", "\x00", "9" * 5000, "=1+1"]
MANAGEMENT = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")


def forms_of(review) -> dict[str, tuple[str, str]]:
    audit = review.audits.first()
    new = f"?organisation={review.organisation_id}"
    return {
        "assessment screen": (
            reverse("reviews:assessment-screen", args=[review.pk, audit.pk]),
            "form.assessment-form",
        ),
        "review edit": (reverse("reviews:review-edit", args=[review.pk]), "form.review-form"),
        "review create": (reverse("reviews:review-create") + new, "form.review-form"),
        "audit edit": (reverse("reviews:audit-edit", args=[audit.pk]), "form.audit-form"),
        "audit create": (reverse("reviews:audit-create") + new, "form.audit-form"),
        "response edit": (
            reverse("reviews:response-edit", args=[audit.responses.first().pk]),
            "form.response-form",
        ),
        "response create": (
            reverse("reviews:response-create", args=[audit.pk]),
            "form.response-form",
        ),
    }


@pytest.mark.parametrize("junk", JUNK, ids=repr)
def test_junk_in_every_field_is_no_500(auditor_client, seed_review, junk):
    auditor_client.raise_request_exception = False
    board = str(seed_review.organisation.boards.first().pk)
    failures = []
    for name, (url, selector) in forms_of(seed_review).items():
        data = form_data(auditor_client.get(url).content.decode(), selector)
        # Choices a page leaves unticked are sent too, so every many-to-many field is hit.
        data |= {"boards": board, "rec-0-addressed_to": board, "recommendations": board}
        fields = [
            key for key in data if not key.endswith(MANAGEMENT) and key != "csrfmiddlewaretoken"
        ]
        for keep_ids in (False, True):  # with the rows' ids intact, the other fields are read
            junked = {
                key: (value if keep_ids and key.endswith(("-id", "version")) else junk)
                for key, value in data.items()
                if key in fields
            }
            status = auditor_client.post(url, {**data, **junked}).status_code
            if status >= 500:
                failures.append((name, keep_ids))
    assert failures == []
