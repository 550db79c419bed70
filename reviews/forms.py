"""Forms: validate and tidy what users type; the services do the saving."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Assessment, Audit, Board, BoardResponse, ReviewedAudit


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


class AuditForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Audit
        fields = ["title", "year", "firm", "purpose", "conclusion", "boards"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "conclusion": forms.Textarea(attrs={"rows": 4}),
            "boards": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["boards"].queryset = organisation.boards.all()
        self.fields["version"].initial = self.instance.version if self.instance.pk else None


class RecommendationRowForm(forms.Form):
    """One recommendation in the audit editor; empty extra rows are ignored."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=9999)
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 3}))
    joins_previous = forms.BooleanField(
        label=_("Under the same heading as the previous recommendation"), required=False
    )
    heading = forms.CharField(
        label=_("Own heading (optional)"),
        required=False,
        max_length=300,
        help_text=_('Instead of "Recommendation 3 & 4"; on the first of a group.'),
    )
    observations = forms.CharField(
        label=_("Observations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("On the first recommendation of a group; shared by the group."),
    )
    addressed_to = forms.ModelMultipleChoiceField(
        label=_("Addressed to"),
        queryset=Board.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    addressed_to_all_boards = forms.BooleanField(label=_("All boards"), required=False)

    def __init__(self, *args, boards=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addressed_to"].queryset = (
            boards if boards is not None else Board.objects.none()
        )

    def clean(self):
        data = super().clean()
        if not self.cleaned_data.get("DELETE") and not (
            data.get("addressed_to") or data.get("addressed_to_all_boards")
        ):
            self.add_error("addressed_to", _("Choose the boards addressed, or all boards."))
        return data


class BaseRecommendationRowFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        kept = [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        numbers = [row["number"] for row in kept]
        if len(numbers) != len(set(numbers)):
            raise forms.ValidationError(_("Each recommendation needs its own number."))
        if not kept:
            raise forms.ValidationError(_("An audit needs at least one recommendation."))
        if min(kept, key=lambda row: row["number"])["joins_previous"]:
            raise forms.ValidationError(_("The first recommendation cannot join a previous one."))


RecommendationRowFormSet = forms.formset_factory(
    RecommendationRowForm, formset=BaseRecommendationRowFormSet, extra=2, can_delete=True
)


class ResponseForm(forms.ModelForm):
    """A board response: who answered, when, its stance, and what it covers."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = BoardResponse
        fields = ["boards", "year", "stance", "recommendations", "text"]
        widgets = {
            "boards": forms.CheckboxSelectMultiple,
            "stance": forms.RadioSelect,
            "recommendations": forms.CheckboxSelectMultiple,
            "text": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, audit, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.audit = audit
        self.fields["boards"].queryset = audit.organisation.boards.all()
        self.fields["recommendations"].queryset = audit.recommendations.order_by("number")
        self.fields["recommendations"].label_from_instance = lambda r: r.label
        self.fields["version"].initial = self.instance.version if self.instance.pk else None
