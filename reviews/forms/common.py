"""What the follow-up's forms share beyond `core.forms`: the audit firm field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.models import Firm

from ..querysets import firms_used_by


class FirmChoice:
    """The audit firm of an audit or a review: one the organisation has used (firms are
    shared; another organisation's small local firm is none of its business), or a new
    one typed in. `new_firm_name` is the name of a firm to create on saving, if any."""

    def choose_firm_among_those_of(self, organisation) -> None:
        self.fields["firm"].queryset = firms_used_by(
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
