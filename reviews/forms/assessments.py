"""The assessment screen's forms: each assessment, the overall assessment, shared
findings, reopening."""

from django import forms
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.forms import FormTampered, VersionedModelForm, fits_a_column, long_text, text_field
from core.versioning import Edit

from ..models import Assessment, ReviewedAudit


class AssessmentForm(VersionedModelForm):
    changes_only = True

    class Meta:
        model = Assessment
        fields = ["status", "findings"]
        widgets = {
            "status": forms.RadioSelect,
            "findings": long_text(rows=6),
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
            self.fields[name] = text_field(
                rows=3,
                label=_("Findings for %(board)s, recommendation %(number)s")
                % {"board": board, "number": number},
                required=False,
                initial=stored.get(board.pk, ""),
                show_hidden_initial=True,
            )
            self.board_fields.append(self[name])

    def board_texts(self) -> dict[int, str]:
        """The per-board findings as typed: board id → text ("" removes it)."""
        return {
            int(bound.name.removeprefix("board_")): self.cleaned_data[bound.name].strip()
            for bound in self.board_fields
        }


class AssessmentFormSet(forms.BaseModelFormSet):
    """The assessments of one audit in one review, each row naming its assessment."""

    @cached_property
    def forms(self):
        self.check_rows()
        return super().forms

    def check_rows(self) -> None:
        """Refuse (FormTampered) rows that do not name this page's assessments, each once:
        building a form for an unknown row would fail, and saving one would write
        somewhere the page never showed."""
        if not self.is_bound:
            return
        management = self.management_form
        if not management.is_valid():
            raise FormTampered("management form")
        total = management.cleaned_data[TOTAL_FORM_COUNT]
        stored = {assessment.pk for assessment in self.get_queryset()}
        if total != management.cleaned_data[INITIAL_FORM_COUNT] or total > len(stored):
            raise FormTampered("row count")
        ids = [self.data.get(f"{self.add_prefix(i)}-id", "") for i in range(total)]
        if not all(fits_a_column(value) for value in ids):
            raise FormTampered("row id")
        named = [int(value) for value in ids]
        if len(set(named)) != len(named) or not set(named) <= stored:
            raise FormTampered("row id")

    def changed_forms(self) -> list[AssessmentForm]:
        return [form for form in self.forms if form.has_changed()]

    def changed_assessments(self) -> list[Edit[Assessment]]:
        """The edited assessments with the version each was loaded at."""
        return [form.edit() for form in self.changed_forms()]

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

    changes_only = True

    class Meta:
        model = ReviewedAudit
        fields = ["overall_assessment", "colour", "introduction"]
        widgets = {
            "overall_assessment": long_text(rows=6),
            "introduction": long_text(rows=3),
            "colour": forms.RadioSelect,
        }


class SharedFindingsForm(forms.Form):
    text = text_field(
        rows=4,
        label=_("Shared findings for the group"),
        required=False,
        show_hidden_initial=True,
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
