"""Forms: validate and tidy what users type; the services do the saving."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Assessment, ReviewedAudit


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


class AssessmentForm(VersionedModelForm):
    class Meta:
        model = Assessment
        fields = ["status", "findings"]
        widgets = {
            "status": forms.RadioSelect,
            "findings": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Many recommendations share a page: each label names its own.
        number = self.instance.recommendation.number
        self.fields["status"].label = _("Status, recommendation %(number)s") % {"number": number}
        self.fields["findings"].label = _("Findings, recommendation %(number)s") % {
            "number": number
        }


class AssessmentFormSet(forms.BaseModelFormSet):
    def changed_assessments(self) -> list[tuple[Assessment, int]]:
        """The edited assessments with the version each was loaded at."""
        return [
            (form.save(commit=False), form.cleaned_data["version"])
            for form in self.forms
            if form.has_changed()
        ]


AssessmentFormSetFactory = forms.modelformset_factory(
    Assessment, form=AssessmentForm, formset=AssessmentFormSet, extra=0, edit_only=True
)


class FollowUpForm(VersionedModelForm):
    """The review's overall assessment of one audit."""

    class Meta:
        model = ReviewedAudit
        fields = ["overall_assessment", "colour", "introduction"]
        widgets = {
            "overall_assessment": forms.Textarea(attrs={"rows": 6}),
            "introduction": forms.Textarea(attrs={"rows": 3}),
            "colour": forms.RadioSelect,
        }


class SharedFindingsForm(forms.Form):
    text = forms.CharField(
        label=_("Shared findings for the group"),
        required=False,
        show_hidden_initial=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Written once for all the recommendations under this heading."),
    )

    def clean_text(self) -> str:
        return self.cleaned_data["text"].strip()


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the review reopened?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
    )
