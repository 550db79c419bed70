"""Small helpers every module's views share."""

from django.core.exceptions import ValidationError
from django.shortcuts import render


def hold_on_form(form, error: ValidationError) -> bool:
    """A refusal about the object itself (a duplicate saved by someone else at the same
    moment): the form checks again and shows its own message. False if it finds none."""
    if not hasattr(error, "error_dict"):
        return False
    form.full_clean()
    return bool(form.errors)


def disable(*forms) -> None:
    """Show the forms read-only (what they hold stays on screen)."""
    for form in forms:
        for bound_field in form:
            bound_field.field.disabled = True


def show_refusal(form, error: ValidationError) -> None:
    """A model's refusal on the form: each message on its field where the form has that
    field, the rest above the form (Django refuses to place one on a field it lacks)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def csrf_failure(request, reason=""):
    """A form refused for its missing or stale security token (CSRF_FAILURE_VIEW): most
    often a page left open past its sign-in, or a form sent from an old tab."""
    return render(request, "403_csrf.html", status=403)
