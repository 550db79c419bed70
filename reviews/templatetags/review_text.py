"""`{{ text|prose }}`: a user's text as paragraphs and lists, always escaped."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

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


@register.filter
def sv(value):
    """Text a user wrote (a title, a name), marked as Swedish when the interface is in
    another language, so that a screen reader reads it as Swedish (WCAG 3.1.2)."""
    if (get_language() or "sv").startswith("sv"):
        return value
    return format_html('<span lang="sv">{}</span>', value)
