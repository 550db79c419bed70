"""`{{ text|prose }}`: a user's text as paragraphs and lists, always escaped."""

from django import template

from ..choices import Status
from ..prose import render_prose

register = template.Library()


@register.filter
def prose(text):
    return render_prose(text)


@register.filter
def response_heading(response, review):
    """A board response's heading as `review` prints it: named after its boards when the
    review says so, otherwise after their kind ("Nämndens svar 2022")."""
    return response.named_heading if review.names_boards_in_responses else response.heading


@register.filter
def status_label(value):
    """A stored status ("partial") as users read it ("Delvis åtgärdad")."""
    return Status(value).label if value is not None else ""
