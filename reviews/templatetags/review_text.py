"""`{{ text|prose }}`: a user's text as paragraphs and lists, always escaped."""

from django import template

from ..choices import Status
from ..prose import render_prose

register = template.Library()


@register.filter
def prose(text):
    return render_prose(text)


@register.filter
def status_label(value):
    """A stored status ("partial") as users read it ("Delvis åtgärdad")."""
    return Status(value).label if value is not None else ""
