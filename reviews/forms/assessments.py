"""The assessment screen's forms: each assessment, the overall assessment, shared
findings, reopening."""

from django import forms
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.forms import (
    FormTampered,
    ModelMultipleChoiceIds,
    VersionedModelForm,
    fits_a_column,
    long_text,
    text_field,
)
from core.versioning import Edit

from ..models import Assessment, Recommendation, ReviewedAudit, Status
from ..services import AssessmentDetails


def status_field(label: str, initial: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=Status.choices,
        widget=forms.RadioSelect,
        required=False,
        initial=initial,
        show_hidden_initial=True,
    )


class AssessmentForm(VersionedModelForm):
    """One recommendation's follow-up; for one addressed to several boards, also each
    board's status and findings, and for one in lettered parts each part's."""

    changes_only = True

    class Meta:
        model = Assessment
        fields = ["status", "status_overridden", "findings"]
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
        self.fields["findings"].label = _(
            "What has been done: findings, recommendation %(number)s"
        ) % {"number": number}
        # A recommendation to several boards may be followed up board by board, and one
        # in lettered parts part by part: then its status follows theirs (`derived_status`)
        # unless the auditor sets it.
        boards = list(recommendation.addressed_to.all()) if recommendation.pk else []
        boards = boards if len(boards) > 1 else []
        parts = list(recommendation.parts.all()) if recommendation.pk else []
        self.joint_findings = [f for f in self.instance.board_findings.all() if f.is_joint]
        in_joint = {board.pk for f in self.joint_findings for board in f.boards.all()}
        own_texts = {
            f.boards.all()[0].pk: f.text
            for f in self.instance.board_findings.all()
            if not f.is_joint
        }
        statuses = {s.board_id: s.status for s in self.instance.board_statuses.all()}
        self.board_rows = []
        for board in boards:
            status_name, text_name = f"board_status_{board.pk}", f"board_{board.pk}"
            self.fields[status_name] = status_field(
                _("Status for %(board)s, recommendation %(number)s")
                % {"board": board, "number": number},
                statuses.get(board.pk, ""),
            )
            if board.pk not in in_joint:  # a joint text is shown, not edited, here
                self.fields[text_name] = text_field(
                    rows=3,
                    label=_("Findings for %(board)s, recommendation %(number)s")
                    % {"board": board, "number": number},
                    required=False,
                    initial=own_texts.get(board.pk, ""),
                    show_hidden_initial=True,
                )
            self.board_rows.append(
                (board, self[status_name], self[text_name] if text_name in self.fields else None)
            )
        by_part = {p.part_id: p for p in self.instance.part_assessments.all()}
        self.part_rows = []
        for part in parts:
            stored = by_part.get(part.pk)
            status_name, text_name = f"part_status_{part.pk}", f"part_findings_{part.pk}"
            self.fields[status_name] = status_field(
                _("Status, recommendation %(number)s %(letter)s")
                % {"number": number, "letter": part.letter},
                stored.status if stored else "",
            )
            self.fields[text_name] = text_field(
                rows=3,
                label=_("Findings, recommendation %(number)s %(letter)s")
                % {"number": number, "letter": part.letter},
                required=False,
                initial=stored.findings if stored else "",
                show_hidden_initial=True,
            )
            self.part_rows.append((part, self[status_name], self[text_name]))
        self.derives = bool(boards or parts)
        if self.derives:
            self.fields["status_overridden"].label = _(
                "Set the status of recommendation %(number)s myself"
            ) % {"number": number}
            self.fields["status_overridden"].help_text = _(
                "Otherwise it follows the statuses below: all implemented gives implemented, "
                "all not implemented gives not implemented, any not yet assessed gives not "
                "yet assessed, anything else partially implemented."
            )
        else:
            del self.fields["status_overridden"]

    @property
    def board_fields(self) -> list:
        """The per-board findings boxes (for the template's "open" state)."""
        return [text for _board, _status, text in self.board_rows if text is not None]

    def board_texts(self) -> dict[int, str]:
        """The per-board findings as typed: board id → text ("" removes it)."""
        return {
            board.pk: self.cleaned_data[text.name].strip()
            for board, _status, text in self.board_rows
            if text is not None
        }

    def board_statuses(self) -> dict[int, str]:
        """Each board's status as chosen: board id → status ("" for not yet assessed)."""
        return {
            board.pk: self.cleaned_data[status.name] for board, status, _text in self.board_rows
        }

    def part_assessments(self) -> dict[int, tuple[str, str]]:
        """Each part's follow-up as typed: part id → (status, findings)."""
        return {
            part.pk: (self.cleaned_data[status.name], self.cleaned_data[text.name].strip())
            for part, status, text in self.part_rows
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

    def changed_details(self) -> dict[int, AssessmentDetails]:
        """What the edited assessments hold besides their own fields: assessment id → the
        statuses and findings per board and per part."""
        return {
            form.instance.pk: AssessmentDetails(
                board_findings=form.board_texts(),
                board_statuses=form.board_statuses(),
                parts=form.part_assessments(),
            )
            for form in self.changed_forms()
            if form.derives
        }


AssessmentFormSetFactory = forms.modelformset_factory(
    Assessment, form=AssessmentForm, formset=AssessmentFormSet, extra=0, edit_only=True
)


class FollowUpForm(VersionedModelForm):
    """The review's overall assessment of one audit, with its grade on the review's scale
    (when the review has one)."""

    changes_only = True

    class Meta:
        model = ReviewedAudit
        fields = ["overall_assessment", "grade", "colour", "introduction"]
        widgets = {
            "overall_assessment": long_text(rows=6),
            "introduction": long_text(rows=3),
            "colour": forms.RadioSelect,
            "grade": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        grades = self.instance.review.grades
        if grades:
            choices = [("", _("No grade")), *((g, g) for g in grades)]
            self.fields["grade"] = forms.ChoiceField(
                label=_("Grade"),
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                show_hidden_initial=True,
                help_text=_("The review's grading scale, best first."),
            )
        else:
            del self.fields["grade"]


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


class IssuedRecommendationForm(forms.ModelForm):
    """A new recommendation the review issues in an audit's chapter ("Vi rekommenderar att
    kommunstyrelsen fortsätter …"), and the earlier ones it continues."""

    class Meta:
        model = Recommendation
        fields = [
            "number",
            "short_title",
            "text",
            "addressed_to",
            "addressed_to_all_boards",
            "continues",
        ]
        field_classes = {
            "addressed_to": ModelMultipleChoiceIds,
            "continues": ModelMultipleChoiceIds,
        }
        widgets = {
            "text": long_text(rows=4),
            "addressed_to": forms.CheckboxSelectMultiple,
            "continues": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, review, audit, **kwargs):
        super().__init__(*args, **kwargs)
        self.review, self.audit = review, audit
        self.fields["addressed_to"].queryset = audit.organisation.boards.all()
        self.fields["continues"].queryset = (
            Recommendation.objects.filter(audit=audit)
            .before(review)
            .select_related("issued_by")
            .order_by("issued_by__year", "number")
        )
        self.fields["continues"].label_from_instance = lambda r: (
            f"{r.numbered_title} ({r.issued_by.title})" if r.issued_by else r.numbered_title
        )
        if self.instance.pk is None:
            taken = audit.recommendations.filter(issued_by=review).values_list("number", flat=True)
            self.initial["number"] = self.initial.get("number") or max(taken, default=0) + 1

    def clean(self):
        data = super().clean()
        if not (data.get("addressed_to") or data.get("addressed_to_all_boards")):
            self.add_error("addressed_to", _("Choose the boards addressed, or all boards."))
        number = data.get("number")
        same = self.audit.recommendations.filter(issued_by=self.review, number=number)
        if number and same.exclude(pk=self.instance.pk).exists():
            self.add_error(
                "number",
                _("This review already issues a recommendation %(number)s.") % {"number": number},
            )
        return data

    def _get_validation_exclusions(self):
        # Audit, group and review are set when saving (`issued_recommendation_save`).
        return super()._get_validation_exclusions() | {"audit", "group", "issued_by"}
