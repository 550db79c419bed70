"""What every module's forms share: text boxes with their limits, ids that fit a column,
the versioned base form, and the refusal of tampered rows."""

from django import forms
from django.core.exceptions import SuspiciousOperation
from django.utils.translation import gettext_lazy as _

from .validators import TEXT_MAX_LENGTH, TEXT_VALIDATORS
from .versioning import Edit


class LongText(forms.Textarea):
    """A box for text shown as paragraphs and lists (`reviews.prose`): the form says how
    (templates/reviews/_field.html prints `formatting_hint` under the box, and the box is
    described by it for screen readers)."""

    formatting_hint = _(
        "A blank line starts a new paragraph; a line starting with “- ” is a list item; "
        "*words between asterisks* are emphasised."
    )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        if widget_attrs.get("id"):
            described = widget_attrs.get("aria-describedby", "")
            hint = f"{widget_attrs['id']}_format"
            widget_attrs["aria-describedby"] = f"{described} {hint}".strip()
        return context


def long_text(*, rows: int) -> forms.Textarea:
    """The box for a user's text: its limit goes with it, so static/js/app.js can count
    as one types (the server refuses more, with the count, and keeps the text). What is
    written is Swedish whatever the interface's language (spelling, screen readers)."""
    return LongText(
        attrs={
            "rows": rows,
            "lang": "sv",
            "data-max-length": TEXT_MAX_LENGTH,
            "data-count-text": _("%(count)s of at most %(limit)s characters"),
            "data-too-long-text": _("Too long: %(count)s of at most %(limit)s characters"),
        }
    )


def fits_a_column(value) -> bool:
    """Whether a posted id could be a row's id at all. SQLite raises OverflowError on a
    larger one in a query (a 500) where PostgreSQL just finds nothing."""
    text = str(value)
    return text.isascii() and text.isdigit() and len(text) < 19


class ModelMultipleChoiceIds(forms.ModelMultipleChoiceField):
    """Ticked objects by id, where an id no column could hold is simply not a choice."""

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else []:
            text = str(pk)
            if not fits_a_column(text):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": text[:20]},
                )
        return super()._check_values(value)


def text_field(*, rows: int, **kwargs) -> forms.CharField:
    """A plain form's field for a user's text, bounded like the model fields' texts."""
    return forms.CharField(widget=long_text(rows=rows), validators=TEXT_VALIDATORS, **kwargs)


class FormTampered(SuspiciousOperation):
    """The rows sent are not the rows of the page: an id missing, unknown or repeated, or
    a row added. No browser showing the page sends that, so nothing of it is saved.
    (Unhandled, Django answers 400 rather than 500.)"""


class VersionedModelForm(forms.ModelForm):
    """The base of every form that edits a stored object: it carries the version the user
    loaded (`core.versioning`), so a save over a newer one is refused, not merged.

    `changes_only`: the form saves only what this user changed (the assessment screen saves
    many forms at once), so `has_changed()` compares with the values the page was loaded
    with, sent back in hidden inputs, not with the row as it is now.
    """

    changes_only = False

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = self.instance.pk is not None
        self.fields["version"].initial = self.instance.version if stored else None
        self.fields["version"].required = stored
        if self.changes_only:
            # Otherwise someone else's save makes an untouched form look edited.
            for name in self._meta.fields:
                self.fields[name].show_hidden_initial = True
        self.conflict = None  # set by the view when someone else saved meanwhile

    def edit(self) -> Edit:
        """The edited object (not saved) with the version the user loaded."""
        return Edit(self.save(commit=False), self.cleaned_data["version"])

    def has_changed(self) -> bool:
        """Whether the user edited anything; the version is bookkeeping, not an edit."""
        return any(name != "version" for name in self.changed_data)
