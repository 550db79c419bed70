"""Swedish as reports write it: names in the genitive, lists joined with "och"."""

from django.utils.translation import gettext as _


def genitive(name: str) -> str:
    """A Swedish name in the genitive: "Kommunstyrelsen" → "Kommunstyrelsens"."""
    return name if name.endswith(("s", "x", "z")) else f"{name}s"


def joined(words: list[str]) -> str:
    """ "A", "A och B", "A, B och C"."""
    if len(words) <= 1:
        return "".join(words)
    return _("%(first)s and %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}
