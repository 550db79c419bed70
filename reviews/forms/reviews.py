"""Creating or editing a follow-up review and choosing the audits it covers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import VersionedModelForm, long_text, text_field

from ..models import Audit, FollowUpReview, ReportSection, SectionPlacement
from .common import FirmChoice

# How a review's report is written: shown apart from its texts (`ReviewForm.layout_fields`).
LAYOUT_FIELDS = [
    "report_date",
    "layout",
    "responses_title",
    "findings_title",
    "assessment_title",
    "chapter_prefix",
    "first_chapter",
    "grading_scale",
    "grade_in_summary",
    "prints_status_table",
    "names_boards_in_responses",
    "audit_years_in_list",
    "recommendations_lead_in",
]


class ReviewForm(FirmChoice, VersionedModelForm):
    """A follow-up review's own texts and how its report is laid out; the audits it
    covers come from AuditChoiceFormSet."""

    class Meta:
        model = FollowUpReview
        fields = ["title", "year", "firm", "purpose", "method", "summary", *LAYOUT_FIELDS]
        widgets = {
            "purpose": long_text(rows=4),
            "method": long_text(rows=4),
            "summary": long_text(rows=6),
            "report_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "layout": forms.RadioSelect,
            "grading_scale": forms.Textarea(attrs={"rows": 4}),
        }

    def text_fields(self) -> list:
        return [f for f in self.visible_fields() if f.name not in LAYOUT_FIELDS]

    def layout_fields(self) -> list:
        return [f for f in self.visible_fields() if f.name in LAYOUT_FIELDS]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
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


class ReportSectionForm(forms.Form):
    placement = forms.ChoiceField(
        label=_("Placement"), choices=SectionPlacement.choices, initial=SectionPlacement.BEFORE
    )
    heading = forms.CharField(
        label=_("Heading"), max_length=ReportSection._meta.get_field("heading").max_length
    )
    text = text_field(rows=4, label=_("Text"), required=False)


class ReportContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.CharField(label=_("Role"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)


class ReportSignatureForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    firm = forms.CharField(label=_("Firm"), max_length=200, required=False)


def report_parts_formsets(data=None, *, review: FollowUpReview) -> dict:
    """The report's extra sections, contact persons and signatures, in their order: one
    formset each, with a blank row to add one and a box to remove one."""

    def formset(form, prefix, rows):
        factory = forms.formset_factory(form, extra=1, can_delete=True, max_num=50)
        return factory(data, prefix=prefix, initial=rows)

    return {
        "sections": formset(
            ReportSectionForm,
            "section",
            [
                {"placement": s.placement, "heading": s.heading, "text": s.text}
                for s in review.sections.all()
            ],
        ),
        "contacts": formset(
            ReportContactForm,
            "contact",
            [
                {"name": c.name, "role": c.role, "organisation": c.organisation}
                for c in review.contacts.all()
            ],
        ),
        "signatures": formset(
            ReportSignatureForm,
            "signature",
            [{"name": s.name, "title": s.title, "firm": s.firm} for s in review.signatures.all()],
        ),
    }
