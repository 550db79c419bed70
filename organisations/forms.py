"""Forms about organisations that every module uses."""

from django import forms

from .models import Organisation


class OrganisationChoiceForm(forms.Form):
    """`?organisation=` on the pages that create something: one of the organisations the
    user sees (junk and others' ids are no choice, not a crash)."""

    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none())

    def __init__(self, data, *, user):
        super().__init__(data)
        self.fields["organisation"].queryset = Organisation.objects.visible_to(user)
