"""The forms of the plan editor, the follow-up screen and the covering memo."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import VersionedModelForm, long_text, text_field

from .models import (
    Action,
    Control,
    ControlFollowUp,
    CoveringMemo,
    FollowUpRound,
    Level,
    Plan,
    Risk,
    RiskArea,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(VersionedModelForm):
    class Meta:
        model = Plan
        fields = [
            "year",
            "title",
            "regulation",
            "prepared_on",
            "registration_number",
            "introduction_heading",
            "introduction",
        ]
        widgets = {"prepared_on": DATE, "introduction": long_text(rows=8)}

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board
        self.fields["regulation"].queryset = board.organisation.control_regulations.all()
        self.fields["regulation"].empty_label = None


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(label=_("Adopted on"), widget=DATE)
    minute_reference = forms.CharField(
        label=_("Minute reference"), max_length=50, required=False, help_text=_("For example § 19.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AreaForm(VersionedModelForm):
    class Meta:
        model = RiskArea
        fields = ["name"]


class RiskForm(VersionedModelForm):
    class Meta:
        model = Risk
        fields = [
            "number",
            "area",
            "description",
            "mandatory",
            "existing_routines",
            "probability",
            "consequence",
            "stated_value",
        ]
        widgets = {
            "description": long_text(rows=4),
            "existing_routines": long_text(rows=4),
            "probability": forms.Select(choices=[("", "–"), *[(n, n) for n in range(1, 6)]]),
            "consequence": forms.Select(choices=[("", "–"), *[(n, n) for n in range(1, 6)]]),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["area"].queryset = plan.areas.all()
        self.fields["area"].empty_label = None
        self.fields["probability"].help_text = _("1 (very unlikely) to 5 (very likely).")
        self.fields["consequence"].help_text = _("1 (negligible) to 5 (very serious).")


class ControlForm(VersionedModelForm):
    class Meta:
        model = Control
        fields = ["description", "method", "responsible", "timing", "due_on", "mandatory"]
        widgets = {
            "description": long_text(rows=4),
            "method": long_text(rows=4),
            "due_on": DATE,
        }


class RoundForm(VersionedModelForm):
    class Meta:
        model = FollowUpRound
        fields = [
            "title",
            "kind",
            "date",
            "introduction_heading",
            "introduction",
            "table_heading",
        ]
        widgets = {"date": DATE, "introduction": long_text(rows=8)}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan


class LevelField(forms.ModelChoiceField):
    """The levels of one scale, read once for the whole screen rather than once per
    control (a ModelChoiceField asks the database for its choices every time it renders
    and for every value it checks)."""

    def __init__(self, levels, *, empty_label, **kwargs):
        self.levels = {str(level.pk): level for level in levels}
        super().__init__(queryset=Level.objects.none(), empty_label=empty_label, **kwargs)
        self.choices = [("", empty_label), *((pk, lv.label) for pk, lv in self.levels.items())]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if str(value) not in self.levels:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return self.levels[str(value)]


class ResultForm(VersionedModelForm):
    """One control's assessment and result in a round."""

    changes_only = True

    class Meta:
        model = ControlFollowUp
        fields = ["level", "result", "control_wording"]
        widgets = {
            "level": forms.RadioSelect,
            "result": long_text(rows=5),
            "control_wording": long_text(rows=3),
        }

    def __init__(self, *args, levels, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"] = LevelField(
            levels,
            empty_label=_("not yet assessed"),
            required=False,
            label=_("Assessment, %(control)s") % {"control": label},
            widget=forms.RadioSelect,
            show_hidden_initial=True,  # changes_only, as the other fields
        )
        self.fields["result"].label = _("Result, %(control)s") % {"control": label}
        self.fields["control_wording"].label = _(
            "The control as this report words it, %(control)s"
        ) % {"control": label}


class ActionForm(VersionedModelForm):
    changes_only = True

    remove = forms.BooleanField(label=_("Remove this action"), required=False)

    class Meta:
        model = Action
        fields = ["description", "responsible", "end_date", "done"]
        widgets = {"description": long_text(rows=2), "end_date": DATE}

    def __init__(self, *args, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.legend = label  # the fieldset around the action names it for screen readers
        if self.instance.pk is None:
            del self.fields["remove"]
            self.fields["description"].required = False  # an empty new action is none

    def is_new_and_empty(self) -> bool:
        return self.instance.pk is None and not self.cleaned_data.get("description")


class MemoForm(VersionedModelForm):
    """The covering memo; its lists are typed one entry per line (clauses per paragraph)."""

    clauses = text_field(
        rows=4,
        label=_("Proposed decision"),
        required=False,
        help_text=_("One clause per paragraph (separated by an empty line), without “att”."),
    )
    documents = text_field(
        rows=3,
        label=_("Decision documents"),
        required=False,
        help_text=_("One document per line."),
    )
    signatures = text_field(
        rows=3,
        label=_("Signatures"),
        required=False,
        help_text=_("One person per line: name, title."),
    )

    class Meta:
        model = CoveringMemo
        fields = [
            "title",
            "date",
            "sender",
            "registration_number",
            "case_officer",
            "decision_intro",
            "documents_after",
            "signed_for",
        ]
        widgets = {"date": DATE}


class SectionForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=300, required=False)
    text = text_field(rows=6, label=_("Text"), required=False)


SectionFormSet = forms.formset_factory(SectionForm, extra=1, max_num=50, absolute_max=60)


class RiskWordingForm(forms.Form):
    text = text_field(rows=3, required=False)

    def __init__(self, *args, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = _("The risk as this report words it, %(risk)s") % {
            "risk": label
        }
        self.fields["text"].show_hidden_initial = True  # saved only when changed
