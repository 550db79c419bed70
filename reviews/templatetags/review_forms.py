"""Template helpers for forms rendered field by field."""

from django import template

register = template.Library()


@register.filter
def hidden_initial(bound_field):
    """The hidden copy of what the user loaded, for fields rendered one choice at a time."""
    if not bound_field.field.show_hidden_initial:
        return ""
    return bound_field.as_hidden(only_initial=True)
