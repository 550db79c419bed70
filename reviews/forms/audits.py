"""The audit editor's forms (the audit, its recommendation rows) and board responses."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ModelMultipleChoiceIds, VersionedModelForm, long_text, text_field
from organisations.models import Board

from ..models import Audit, BoardResponse, Recommendation
from .common import FirmChoice


class AuditForm(FirmChoice, VersionedModelForm):
    firm_unknown = forms.BooleanField(
        label=_("The audit firm is not known"),
        required=False,
        help_text=_("For an old audit whose report does not say."),
    )

    class Meta:
        model = Audit
        fields = ["title", "year", "firm", "purpose", "conclusion", "boards", "all_boards"]
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
        self.choose_firm_among_those_of(organisation)
        self.fields["firm_unknown"].initial = (
            self.instance.pk is not None and not self.instance.firm_id
        )
        self.order_fields(["title", "year", "firm", "new_firm", "firm_unknown"])

    def clean(self):
        data = super().clean()
        if data.get("firm_unknown"):
            data["firm"] = None
        else:
            self.clean_firm_choice(data)
        if data.get("all_boards") and data.get("boards"):
            self.add_error(
                "all_boards", _("Either tick the boards covered or all boards, not both.")
            )
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


PART_LINE = re.compile(r"^\s*(?P<letter>[a-zåäö]{1,5})[.)]\s+(?P<text>\S.*)$")


class RecommendationRowForm(forms.Form):
    """One recommendation in the audit editor; empty extra rows are ignored."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=9999)
    text = text_field(rows=3, label=_("Recommendation"))
    short_title = forms.CharField(
        label=_("Short heading (optional)"),
        required=False,
        max_length=Recommendation._meta.get_field("short_title").max_length,
        help_text=_('Used in the follow-up sections: "3. Säkerställ rutinen för attest".'),
    )
    parts = text_field(
        rows=2,
        label=_("Lettered parts (optional)"),
        required=False,
        help_text=_('One per line: "a. fastställa riktlinjer …". Each is assessed on its own.'),
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
    observations = text_field(
        rows=3,
        label=_("Observations"),
        required=False,
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

    def clean_parts(self) -> list[tuple[str, str]]:
        """(letter, text) of each line "a. text"."""
        parts = []
        for number, line in enumerate(self.cleaned_data["parts"].splitlines(), start=1):
            if not line.strip():
                continue
            match = PART_LINE.match(line)
            if not match:
                raise forms.ValidationError(
                    _('Line %(line)s: write each part as "a. text".') % {"line": number}
                )
            parts.append((match["letter"], match["text"].strip()))
        letters = [letter for letter, _text in parts]
        if len(letters) != len(set(letters)):
            raise forms.ValidationError(_("Each part needs its own letter."))
        return parts

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


class ResponseForm(VersionedModelForm):
    """A board response: who answered, when, its stance, and what it covers."""

    class Meta:
        model = BoardResponse
        fields = [
            "boards",
            "year",
            "stance",
            "recommendations",
            "decision_date",
            "decision_reference",
            "text",
        ]
        field_classes = {
            "boards": ModelMultipleChoiceIds,
            "recommendations": ModelMultipleChoiceIds,
        }
        widgets = {
            "boards": forms.CheckboxSelectMultiple,
            "stance": forms.RadioSelect,
            "recommendations": forms.CheckboxSelectMultiple,
            "text": long_text(rows=8),
            "decision_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, audit, boards=None, **kwargs):
        """`boards`: the board ids the user may answer for (None: any of the audit's
        organisation); they answer only the recommendations addressed to those boards."""
        super().__init__(*args, **kwargs)
        self.instance.audit = audit
        choices = audit.organisation.boards.all()
        # A response answers the audit's own recommendations (see `outline`).
        recommendations = audit.recommendations.filter(issued_by=None).order_by("number")
        if boards is not None:
            choices = choices.filter(pk__in=boards)
            recommendations = recommendations.answerable_by(boards)
        self.fields["boards"].queryset = choices
        self.fields["recommendations"].queryset = recommendations
        self.fields["recommendations"].label_from_instance = lambda r: r.label
