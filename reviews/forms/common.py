"""What the app's forms share: text boxes with their limits, ids that fit a column,
the version a form was loaded at, the firm field, tampered rows."""

from django import forms
from django.core.exceptions import SuspiciousOperation
from django.utils.translation import gettext_lazy as _

from ..models import TEXT_MAX_LENGTH, TEXT_VALIDATORS, Firm, Organisation
from ..permissions import visible_organisations


def long_text(*, rows: int) -> forms.Textarea:
    """The box for a user's text: its limit goes with it, so static/js/app.js can count
    as one types (the server refuses more, with the count, and keeps the text)."""
    return forms.Textarea(
        attrs={
            "rows": rows,
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


class VersionedModelForm(forms.ModelForm):
    """Carries the version the user loaded, so a save over a newer one can be refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        # has_changed() must compare with what the user loaded, not with the row as it is
        # now: otherwise someone else's save makes an untouched form look edited.
        for name in self._meta.fields:
            self.fields[name].show_hidden_initial = True
        self.conflict = None  # set by the view when someone else saved meanwhile

    def has_changed(self) -> bool:
        """Whether the user edited anything; the version is bookkeeping, not an edit."""
        return any(name != "version" for name in self.changed_data)


class FormTampered(SuspiciousOperation):
    """The rows sent are not the rows of the page: an id missing, unknown or repeated, or
    a row added. No browser showing the page sends that, so nothing of it is saved.
    (Unhandled, Django answers 400 rather than 500.)"""


class FirmChoice:
    """The audit firm of an audit or a review: one the organisation has used (firms are
    shared; another organisation's small local firm is none of its business), or a new
    one typed in. `new_firm_name` is the name of a firm to create on saving, if any."""

    def choose_firm_among_those_of(self, organisation) -> None:
        self.fields["firm"].queryset = Firm.objects.used_by(
            [organisation.pk], including=self.instance.firm_id
        )
        self.fields["firm"].required = False
        self.fields["new_firm"] = forms.CharField(
            label=_("Or a firm not in the list"),
            help_text=_("Its name, e.g. KPMG."),
            required=False,
            max_length=Firm._meta.get_field("name").max_length,
        )
        self.order_fields(["title", "year", "firm", "new_firm"])
        self.new_firm_name = ""

    def clean_firm_choice(self, data: dict) -> None:
        chosen, typed = data.get("firm"), (data.get("new_firm") or "").strip()
        if not typed:
            if not chosen and "firm" not in self.errors:
                self.add_error("firm", _("Choose the audit firm, or write its name below."))
            return
        existing = Firm.objects.filter(name__iexact=typed).first()
        if chosen and chosen != existing:
            self.add_error("new_firm", _("Choose a firm in the list or write one, not both."))
        elif existing:
            data["firm"] = existing
        else:
            self.new_firm_name = typed

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        if self.new_firm_name:  # created on saving, so not there to validate yet
            exclusions.add("firm")
        return exclusions


class OrganisationForm(forms.Form):
    """`?organisation=` on the pages that create a review or an audit: one of the
    organisations the user sees (junk and others' ids are no choice, not a crash)."""

    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none())

    def __init__(self, data, *, user):
        super().__init__(data)
        self.fields["organisation"].queryset = visible_organisations(user)
