"""`{{ text|prose }}`: a user's text as paragraphs and lists, always escaped."""

from django import template

from ..prose import render_prose

register = template.Library()


@register.filter
def prose(text):
    return render_prose(text)
