"""Administrators manage everything in the Django admin: every page renders with the seed
(and Anna, its auditor, for a role assignment to show)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from organisations.models import Board, Membership
from reviews.models import ReminderSent
from tests.factories import BoardFactory, OrganisationFactory, UserFactory

# The reminders' log is read-only in the admin: a row written by hand would stop a real
# reminder (see `test_the_reminder_log_is_read_only`).
READ_ONLY = {ReminderSent}
REVIEW_MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in ("organisations", "reviews") and model not in READ_ONLY
]


@pytest.mark.django_db
@pytest.mark.parametrize("model", REVIEW_MODELS, ids=lambda m: m.__name__)
def test_every_admin_page_renders(administrator_client, auditor, seed_review, model):
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    assert administrator_client.get(reverse(f"{prefix}_changelist")).status_code == 200
    assert administrator_client.get(reverse(f"{prefix}_add")).status_code == 200
    first = model.objects.order_by("pk").first()
    assert first is not None, "the seed has every kind of object"
    assert administrator_client.get(reverse(f"{prefix}_change", args=[first.pk])).status_code == 200


@pytest.mark.django_db
def test_the_board_list_does_not_query_per_row(
    administrator_client, seed_review, django_assert_max_num_queries
):
    assert Board.objects.count() == 11
    # session, user, count, filtered count, boards with organisation and successor count,
    # filter choices (organisations)... a fixed handful, not one per board
    with django_assert_max_num_queries(8):
        response = administrator_client.get(reverse("admin:organisations_board_changelist"))
    assert "Grund- och förskolenämnden" in response.content.decode()


@pytest.mark.django_db
def test_a_role_assignment_refuses_boards_of_another_organisation(
    administrator_client, seed_review
):
    other = BoardFactory(organisation=OrganisationFactory(name="Nacka"), name="X")
    user = UserFactory(username="sara")
    response = administrator_client.post(
        reverse("admin:organisations_membership_add"),
        {
            "user": user.pk,
            "organisation": Board.objects.get(name="Socialnämnden").organisation_id,
            "role": "board_respondent",
            "boards": [other.pk],
        },
    )
    assert response.status_code == 200
    assert "Nämnden tillhör en annan organisation." in response.content.decode()
    assert not Membership.objects.filter(user=user).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("model", REVIEW_MODELS, ids=lambda m: m.__name__)
def test_an_id_too_large_for_any_column_is_a_form_error(administrator_client, seed_review, model):
    """On SQLite such an id in a choice crashed the add page (a 500): in a many-to-many
    field when it was checked, in an autocomplete widget when the form was shown again."""
    administrator_client.raise_request_exception = False
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    related = [f.name for f in model._meta.get_fields() if f.is_relation and f.concrete]
    response = administrator_client.post(reverse(f"{prefix}_add"), dict.fromkeys(related, "9" * 25))
    assert response.status_code == 200  # the form again, with its errors


@pytest.mark.django_db
def test_the_reminder_log_is_read_only(administrator_client, administrator):
    record = ReminderSent.objects.create(
        user=administrator, period="2026-03", email="a@b.se", recommendation_count=2,
        overdue_count=1,
    )  # fmt: skip
    assert (
        administrator_client.get(reverse("admin:reviews_remindersent_changelist")).status_code
        == 200
    )
    assert administrator_client.get(reverse("admin:reviews_remindersent_add")).status_code == 403
    change = reverse("admin:reviews_remindersent_change", args=[record.pk])
    assert administrator_client.get(change).status_code == 200  # shown, not editable
    administrator_client.post(change, {"period": "2026-04"})
    assert ReminderSent.objects.get().period == "2026-03"
