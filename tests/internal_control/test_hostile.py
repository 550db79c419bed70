"""Junk in the URLs and in every field of every form of internal control: a form error,
a refusal or a 404, never a 500, and nothing written by a refused post."""

import pytest
from django.urls import URLPattern, reverse

from internal_control import urls as ic_urls
from internal_control.models import Action, ControlFollowUp, Plan, Risk
from organisations.models import Role
from tests.factories import MembershipFactory
from tests.helpers import form_data

from .conftest import import_text, plan_file

pytestmark = pytest.mark.django_db

HUGE = "9" * 25  # beyond a 64-bit integer: SQLite cannot even compare with it
JUNK = ["", "abc", "-1", HUGE, "1.5", "\x00", "9" * 5000, "=1+1"]
MANAGEMENT = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")


@pytest.fixture
def officer_client(client, respondent):
    plan = import_text(plan_file(assessed=True))
    MembershipFactory(
        user=respondent,
        organisation=plan.board.organisation,
        role=Role.BOARD_RESPONDENT,
        boards=[plan.board],
    )
    client.force_login(respondent)
    client.raise_request_exception = False
    client.plan = plan
    return client


@pytest.fixture(autouse=True)
def no_pdf_rendering(monkeypatch):
    """What is tried here is the reading of the URL (test_reports.py renders)."""
    monkeypatch.setattr("internal_control.views.pages.plan_pdf", lambda plan: (b"%PDF", "p.pdf"))
    monkeypatch.setattr("internal_control.views.pages.round_pdf", lambda r: (b"%PDF", "r.pdf"))


def test_junk_in_every_path_and_query_is_no_500(officer_client):
    failures = []
    for pattern in ic_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        params = list(pattern.pattern.converters)
        for junk in (HUGE, "0", "123456"):
            url = reverse(f"internal_control:{pattern.name}", kwargs=dict.fromkeys(params, junk))
            for query in ("", f"?board={junk}", f"?area={junk}&board=abc", "?show=x&board=\x00"):
                for method in (officer_client.get, officer_client.post):
                    status = method(url + query).status_code
                    if status >= 500 or (params and status not in (404, 405)):
                        failures.append((method.__name__, url + query, status))
    assert failures == []


def forms_of(plan: Plan) -> dict[str, tuple[str, str]]:
    risk = plan.risks.first()
    area = plan.areas.first()
    control = risk.controls.first()
    follow_up = plan.rounds.get()
    return {
        "plan create": (
            reverse("internal_control:plan-create") + f"?board={plan.board_id}",
            "main form",
        ),
        "plan edit": (reverse("internal_control:plan-edit", args=[plan.pk]), "main form"),
        "area": (reverse("internal_control:area-edit", args=[area.pk]), "main form"),
        "risk": (reverse("internal_control:risk-edit", args=[risk.pk]), "main form"),
        "new risk": (reverse("internal_control:risk-create", args=[plan.pk]), "main form"),
        "control": (reverse("internal_control:control-edit", args=[control.pk]), "main form"),
        "round": (reverse("internal_control:round-edit", args=[follow_up.pk]), "main form"),
        "screen": (
            reverse("internal_control:round-assess", args=[follow_up.pk]),
            "form.assessment-form",
        ),
        "memo": (reverse("internal_control:memo-edit", args=[follow_up.pk]), "main form"),
    }


@pytest.mark.parametrize("junk", JUNK, ids=lambda junk: repr(junk[:12]))
def test_junk_in_every_field_is_no_500(officer_client, junk):
    plan = officer_client.plan
    failures = []
    for name, (url, selector) in forms_of(plan).items():
        page = officer_client.get(url)
        assert page.status_code == 200, name
        data = form_data(page.content.decode(), selector)
        fields = [k for k in data if not k.endswith(MANAGEMENT) and k != "csrfmiddlewaretoken"]
        for keep_versions in (False, True):
            junked = {
                key: (value if keep_versions and key.endswith("version") else junk)
                for key, value in data.items()
                if key in fields
            }
            status = officer_client.post(url, {**data, **junked}).status_code
            if status >= 500:
                failures.append((name, keep_versions, status))
    # The actions that take a posted id, kind or version.
    posts = {
        "part-move": {"kind": junk, "id": junk, "version": junk, "direction": junk},
        "part-delete": {"kind": "risk", "id": junk, "version": junk},
        "plan-adopt": {"adopted_on": junk, "minute_reference": junk, "version": junk},
    }
    for name, data in posts.items():
        status = officer_client.post(reverse(f"internal_control:{name}", args=[plan.pk]), data)
        if status.status_code >= 500:
            failures.append((name, status.status_code))
    follow_up = plan.rounds.get()
    status = officer_client.post(
        reverse("internal_control:round-submit", args=[follow_up.pk]), {"version": junk}
    )
    action = Action.objects.filter(follow_up__round=follow_up).first()
    done = officer_client.post(
        reverse("internal_control:action-done", args=[action.pk]), {"version": junk, "done": junk}
    )
    failures += [
        (n, r.status_code) for n, r in [("submit", status), ("done", done)] if r.status_code >= 500
    ]
    assert failures == []


def test_a_refused_screen_save_writes_nothing_and_keeps_the_text(officer_client):
    plan = officer_client.plan
    follow_up = plan.rounds.get()
    url = reverse("internal_control:round-assess", args=[follow_up.pk])
    data = form_data(officer_client.get(url).content.decode(), "form.assessment-form")
    control = Risk.objects.get(plan=plan, number=1).controls.first()
    data[f"control-{control.pk}-result"] = "Min nya text."
    data[f"new-action-{control.pk}-end_date"] = "inte ett datum"
    data[f"new-action-{control.pk}-description"] = "Ny åtgärd."
    before = list(ControlFollowUp.objects.values_list("result", flat=True))
    response = officer_client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Min nya text." in page and "Ny åtgärd." in page
    assert list(ControlFollowUp.objects.values_list("result", flat=True)) == before


def test_a_memo_line_too_long_for_its_place_is_a_message_not_a_500(officer_client):
    follow_up = officer_client.plan.rounds.get()
    url = reverse("internal_control:memo-edit", args=[follow_up.pk])
    data = form_data(officer_client.get(url).content.decode(), "main form")
    data |= {
        "title": "Tjänsteskrivelse",
        "date": "2025-09-01",
        "signatures": "N" * 300 + ", Förvaltningsdirektör",
        "documents_after": "5",
    }
    response = officer_client.post(url, data)
    assert response.status_code == 400
    assert "Tjänsteskrivelsen har bara 0 avsnitt." in response.content.decode()
    data["documents_after"] = ""
    response = officer_client.post(url, data)
    assert response.status_code == 400
    assert "som mest 200 tecken" in response.content.decode()
    assert follow_up.memo is None


def test_a_refusal_of_the_model_lands_on_the_form(officer_client):
    """A risk numbered like another: the database's rule, shown on the page."""
    plan = officer_client.plan
    url = reverse("internal_control:risk-edit", args=[plan.risks.get(number=2).pk])
    data = form_data(officer_client.get(url).content.decode(), "main form")
    data["number"] = "1"
    response = officer_client.post(url, data)
    assert response.status_code == 400
    assert "finns redan" in response.content.decode()
    assert sorted(plan.risks.values_list("number", flat=True)) == [1, 2]
