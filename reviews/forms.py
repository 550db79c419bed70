"""Forms: validate and tidy what users type; the services do the saving."""

from django import forms
from django.core.exceptions import SuspiciousOperation
from django.db.models import Q
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .models import (
    TEXT_MAX_LENGTH,
    TEXT_VALIDATORS,
    Assessment,
    Audit,
    Board,
    BoardResponse,
    Firm,
    FollowUpReview,
    Organisation,
    ReviewedAudit,
)
from .permissions import visible_organisations


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
            self.fields[name] = forms.CharField(
                label=_("Findings for %(board)s, recommendation %(number)s")
                % {"board": board, "number": number},
                required=False,
                initial=stored.get(board.pk, ""),
                show_hidden_initial=True,
                widget=long_text(rows=3),
                validators=TEXT_VALIDATORS,
            )
            self.board_fields.append(self[name])

    def board_texts(self) -> dict[int, str]:
        """The per-board findings as typed: board id → text ("" removes it)."""
        return {
            int(bound.name.removeprefix("board_")): self.cleaned_data[bound.name].strip()
            for bound in self.board_fields
        }


class FormTampered(SuspiciousOperation):
    """The rows sent are not the rows of the page: an id missing, unknown or repeated, or
    a row added. No browser showing the page sends that, so nothing of it is saved.
    (Unhandled, Django answers 400 rather than 500.)"""


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
            "overall_assessment": long_text(rows=6),
            "introduction": long_text(rows=3),
            "colour": forms.RadioSelect,
        }


class SharedFindingsForm(forms.Form):
    text = forms.CharField(
        label=_("Shared findings for the group"),
        required=False,
        show_hidden_initial=True,
        widget=long_text(rows=4),
        validators=TEXT_VALIDATORS,
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


class AuditForm(FirmChoice, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Audit
        fields = ["title", "year", "firm", "purpose", "conclusion", "boards"]
        field_classes = {"boards": ModelMultipleChoiceIds}
        widgets = {
            "purpose": long_text(rows=4),
            "conclusion": long_text(rows=4),
            "boards": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["boards"].queryset = organisation.boards.all()
        self.fields["version"].initial = self.instance.version if self.instance.pk else None
        self.choose_firm_among_those_of(organisation)

    def clean(self):
        data = super().clean()
        self.clean_firm_choice(data)
        organisation = self.instance.organisation
        same = Audit.objects.filter(
            organisation=organisation, title=data.get("title"), year=data.get("year")
        )
        if same.exclude(pk=self.instance.pk).exists():
            self.add_error(
                "title",
                _("%(organisation)s already has an audit with this title and year.")
                % {"organisation": organisation},
            )
        return data


class RecommendationRowForm(forms.Form):
    """One recommendation in the audit editor; empty extra rows are ignored."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=9999)
    text = forms.CharField(
        label=_("Recommendation"), widget=long_text(rows=3), validators=TEXT_VALIDATORS
    )
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
        widget=long_text(rows=3),
        validators=TEXT_VALIDATORS,
        help_text=_("On the first recommendation of a group; shared by the group."),
    )
    addressed_to = ModelMultipleChoiceIds(
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
    """The audit's recommendations in order; `stored_ids` are those it has now, and the
    rows must name each of them once (a row left out would be deleted with its group)."""

    def __init__(self, *args, stored_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.stored_ids = stored_ids  # read when the rows are checked, not before

    def clean(self):
        if any(self.errors):
            return
        named = [f.cleaned_data["id"] for f in self.forms if f.cleaned_data.get("id")]
        if len(named) != len(set(named)) or set(named) != set(self.stored_ids):
            raise forms.ValidationError(
                _(
                    "The rows sent do not match the audit's recommendations (one is missing, "
                    "repeated or unknown). Reload the page and enter your changes again."
                )
            )
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
        field_classes = {
            "boards": ModelMultipleChoiceIds,
            "recommendations": ModelMultipleChoiceIds,
        }
        widgets = {
            "boards": forms.CheckboxSelectMultiple,
            "stance": forms.RadioSelect,
            "recommendations": forms.CheckboxSelectMultiple,
            "text": long_text(rows=8),
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


class ReviewForm(FirmChoice, forms.ModelForm):
    """A follow-up review's own texts; the audits it covers come from AuditChoiceFormSet."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = FollowUpReview
        fields = ["title", "year", "firm", "purpose", "method", "summary"]
        widgets = {
            "purpose": long_text(rows=4),
            "method": long_text(rows=4),
            "summary": long_text(rows=6),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["version"].initial = self.instance.version if self.instance.pk else None
        self.choose_firm_among_those_of(organisation)

    def clean(self):
        data = super().clean()
        self.clean_firm_choice(data)
        return data

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


class OrganisationForm(forms.Form):
    """`?organisation=` on the pages that create a review or an audit: one of the
    organisations the user sees (junk and others' ids are no choice, not a crash)."""

    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none())

    def __init__(self, data, *, user):
        super().__init__(data)
        self.fields["organisation"].queryset = visible_organisations(user)
