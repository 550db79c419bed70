"""Forms: validate and tidy what users type; the services do the saving."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Assessment, Audit, Board, BoardResponse, FollowUpReview, ReviewedAudit


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
        recommendation = self.instance.recommendation
        number = recommendation.number
        self.fields["status"].label = _("Status, recommendation %(number)s") % {"number": number}
        self.fields["findings"].label = _("Findings, recommendation %(number)s") % {
            "number": number
        }
        # A recommendation to several boards may be followed up board by board.
        boards = list(recommendation.addressed_to.all()) if recommendation.pk else []
        stored = {f.board_id: f.text for f in self.instance.board_findings.all()}
        self.board_fields = []
        for board in boards if len(boards) > 1 else []:
            name = f"board_{board.pk}"
            self.fields[name] = forms.CharField(
                label=_("Findings for %(board)s, recommendation %(number)s")
                % {"board": board, "number": number},
                required=False,
                initial=stored.get(board.pk, ""),
                show_hidden_initial=True,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.board_fields.append(self[name])

    def board_texts(self) -> dict[int, str]:
        """The per-board findings as typed: board id → text ("" removes it)."""
        return {
            int(bound.name.removeprefix("board_")): self.cleaned_data[bound.name].strip()
            for bound in self.board_fields
        }


class AssessmentFormSet(forms.BaseModelFormSet):
    def changed_forms(self) -> list[AssessmentForm]:
        return [form for form in self.forms if form.has_changed()]

    def changed_assessments(self) -> list[tuple[Assessment, int]]:
        """The edited assessments with the version each was loaded at."""
        return [
            (form.save(commit=False), form.cleaned_data["version"]) for form in self.changed_forms()
        ]

    def changed_board_findings(self) -> dict[int, dict[int, str]]:
        """Per-board findings of the edited assessments: assessment id → board id → text."""
        return {
            form.instance.pk: form.board_texts()
            for form in self.changed_forms()
            if form.board_fields
        }


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

    def __init__(self, *args, audit, boards=None, **kwargs):
        """`boards`: the board ids the user may answer for (None: any of the audit's
        organisation); they answer only the recommendations addressed to those boards."""
        super().__init__(*args, **kwargs)
        self.instance.audit = audit
        choices = audit.organisation.boards.all()
        recommendations = audit.recommendations.order_by("number")
        if boards is not None:
            choices = choices.filter(pk__in=boards)
            recommendations = recommendations.filter(
                Q(addressed_to__in=boards) | Q(addressed_to_all_boards=True)
            ).distinct()
        self.fields["boards"].queryset = choices
        self.fields["recommendations"].queryset = recommendations
        self.fields["recommendations"].label_from_instance = lambda r: r.label
        self.fields["version"].initial = self.instance.version if self.instance.pk else None


class ReviewForm(forms.ModelForm):
    """A follow-up review's own texts; the audits it covers come from AuditChoiceFormSet."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = FollowUpReview
        fields = ["title", "year", "firm", "purpose", "method", "summary"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "method": forms.Textarea(attrs={"rows": 4}),
            "summary": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["version"].initial = self.instance.version if self.instance.pk else None

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        same = FollowUpReview.objects.filter(organisation=self.instance.organisation, title=title)
        if same.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("%(organisation)s already has a follow-up review with this title.")
                % {"organisation": self.instance.organisation}
            )
        return title


class AuditChoiceForm(forms.Form):
    """One audit in the list of audits a review may cover."""

    audit = forms.IntegerField(widget=forms.HiddenInput)
    include = forms.BooleanField(required=False)
    chapter = forms.IntegerField(required=False, min_value=1, max_value=99)

    def __init__(self, *args, candidates: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        self.candidate = candidates.get(self.initial.get("audit"))
        label = self.candidate.audit.label if self.candidate else ""
        self.fields["include"].label = _("Follow up %(audit)s") % {"audit": label}
        self.fields["chapter"].label = _("Chapter for %(audit)s") % {"audit": label}

    def clean_audit(self) -> int:
        if self.cleaned_data["audit"] not in self.candidates:
            raise forms.ValidationError(_("The audit belongs to another organisation."))
        return self.cleaned_data["audit"]


class BaseAuditChoiceFormSet(forms.BaseFormSet):
    def chosen_audits(self) -> list[Audit]:
        """The ticked audits in chapter order: numbered ones by number, then the rest in
        the order listed."""
        ticked = [f.cleaned_data for f in self.forms if f.cleaned_data.get("include")]
        ticked.sort(key=lambda row: row["chapter"] if row["chapter"] is not None else 100)
        candidates = self.form_kwargs["candidates"]
        return [candidates[row["audit"]].audit for row in ticked]

    def clean(self):
        if any(self.errors):
            return
        ticked = [f for f in self.forms if f.cleaned_data.get("include")]
        if not ticked:
            raise forms.ValidationError(_("Choose at least one audit to follow up."))
        audits = [f.cleaned_data["audit"] for f in self.forms]
        if len(audits) != len(set(audits)):
            raise forms.ValidationError(_("Each audit can be listed once."))
        chapters = [f.cleaned_data["chapter"] for f in ticked if f.cleaned_data["chapter"]]
        if len(chapters) != len(set(chapters)):
            raise forms.ValidationError(_("Two audits have the same chapter number."))


AuditChoiceFormSet = forms.formset_factory(AuditChoiceForm, formset=BaseAuditChoiceFormSet, extra=0)
