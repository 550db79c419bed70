"""Forms for what boards say between reviews: promised dates and progress notes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import long_text
from core.validators import TEXT_VALIDATORS

from ..models import BoardProgress, BoardUpdate, PromisedDate, Recommendation

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REASON_MAX_LENGTH = 500


class PromisedDateForm(forms.Form):
    """One recommendation's planned completion date in a response, and why it changes."""

    date = forms.DateField(required=False, widget=DATE_INPUT)
    reason = forms.CharField(required=False, max_length=REASON_MAX_LENGTH, strip=True)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, recommendation: Recommendation, promise: PromisedDate | None, **kw):
        initial = {"date": promise.date, "version": promise.version} if promise else {}
        super().__init__(*args, prefix=f"rec-{recommendation.pk}", initial=initial, **kw)
        self.recommendation, self.promise = recommendation, promise
        label = recommendation.label
        self.fields["date"].label = _("Planned completion date, %(recommendation)s") % {
            "recommendation": label
        }
        self.fields["reason"].label = _("Reason for the change, %(recommendation)s") % {
            "recommendation": label
        }
        self.fields["reason"].help_text = _("Needed when you change or remove a date.")

    def clean(self):
        data = super().clean()
        if (
            self.promise is not None
            and "date" in data
            and data["date"] != self.promise.date
            and not data.get("reason")
        ):
            self.add_error("reason", _("Say why the planned date changes."))
        return data


class BoardUpdateForm(forms.ModelForm):
    """A board's progress note on one of its recommendations."""

    note = forms.CharField(
        label=_("Progress note"), widget=long_text(rows=4), validators=TEXT_VALIDATORS
    )

    class Meta:
        model = BoardUpdate
        fields = ["board", "progress", "progress_date", "note"]
        widgets = {"progress": forms.RadioSelect, "progress_date": DATE_INPUT}

    def __init__(self, *args, boards, **kwargs):
        """`boards`: those the user may write for, among the recommendation's."""
        super().__init__(*args, **kwargs)
        self.fields["progress"].choices = BoardProgress.choices  # no empty "---------"
        self.fields["board"].queryset = boards
        self.fields["board"].empty_label = None
        if len(boards) == 1:
            self.fields["board"].widget = forms.HiddenInput()
            self.initial.setdefault("board", boards[0].pk)
