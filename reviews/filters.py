"""django-filter filter sets for the lists; their state lives in the URL."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import fits_a_column
from organisations.models import Board, Firm, Organisation

from .models import Audit, FollowUpReview, Recommendation, Status
from .querysets import firms_used_by

NOT_ASSESSED = (
    "not_assessed"  # "" means "any" in a query string, so "not yet assessed" needs a name
)


class SearchFilterSet(django_filters.FilterSet):
    """Filters whose choices are only what the signed-in user may see."""

    q = django_filters.CharFilter(
        method="search", label=_("Search"), widget=forms.TextInput(attrs={"type": "search"})
    )
    years_of = None  # the model whose years the "year" filter offers

    def __init__(self, data=None, queryset=None, *, request, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = request.user
        self.filters["organisation"].queryset = Organisation.objects.visible_to(user)
        if self.years_of is not None:
            # Once per request (a callable would be asked again when the form renders).
            visible = self.years_of.objects.visible_to(user)
            years = visible.order_by("-year").values_list("year", flat=True).distinct()
            self.filters["year"].extra["choices"] = [(y, y) for y in years]


class RecommendationFilter(SearchFilterSet):
    years_of = Audit
    organisation = django_filters.ModelChoiceFilter(
        field_name="audit__organisation",
        queryset=Organisation.objects.all(),
        label=_("Organisation"),
    )
    board = django_filters.ModelChoiceFilter(
        method="addressed_to",
        queryset=Board.objects.select_related("organisation"),
        label=_("Board"),
        help_text=_(
            "Also finds what was addressed to the boards it replaced. With several "
            "organisations, choose one first."
        ),
    )
    audit = django_filters.ModelChoiceFilter(queryset=Audit.objects.all(), label=_("Audit"))
    year = django_filters.ChoiceFilter(field_name="audit__year", label=_("Audit year"))
    review = django_filters.ModelChoiceFilter(
        method="in_review",
        queryset=FollowUpReview.objects.select_related("organisation"),
        label=_("Follow-up review"),
    )
    status = django_filters.ChoiceFilter(
        method="with_status",
        choices=[
            *[(s.value, s.label) for s in Status if s.value],
            (NOT_ASSESSED, Status.NOT_ASSESSED.label),
        ],
        label=_("Status"),
        help_text=_("In the chosen review, or else the latest status."),
    )

    class Meta:
        model = Recommendation
        fields = []

    def __init__(self, data=None, queryset=None, *, request, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = request.user
        # Boards, audits and reviews are offered for the organisations in play, not for
        # every organisation the user sees: a region's administrator would get tens of
        # thousands of options in every page.
        organisations = self.organisations_in_play(user)
        self.filters["board"].queryset = Board.objects.filter(
            organisation__in=organisations
        ).select_related("organisation")
        self.filters["audit"].queryset = Audit.objects.visible_to(user).filter(
            organisation__in=organisations
        )
        self.filters["review"].queryset = (
            FollowUpReview.objects.visible_to(user)
            .filter(organisation__in=organisations)
            .select_related("organisation")
        )
        # The status shown and filtered is the one in the chosen review, else the latest
        # the user may see.
        valid = self.is_bound and self.form.is_valid()
        review = self.form.cleaned_data.get("review") if valid else None
        self.queryset = self.queryset.for_list(user=user, review=review)

    def organisations_in_play(self, user) -> list[int]:
        """The user's only organisation; else the one chosen, and those of a board, audit
        or review asked for (a link to one audit's recommendations names no
        organisation). With none of these, the board, audit and review filters offer
        nothing until an organisation is chosen."""
        visible = list(Organisation.objects.visible_to(user).values_list("pk", flat=True))
        self.organisations_seen = visible
        if len(visible) <= 1:
            return visible
        data = self.data or {}
        named = {int(data["organisation"])} if fits_a_column(data.get("organisation")) else set()
        for name, model in (("board", Board), ("audit", Audit), ("review", FollowUpReview)):
            if fits_a_column(data.get(name)):
                named.update(
                    model.objects.filter(pk=data[name]).values_list("organisation_id", flat=True)
                )
        return [pk for pk in visible if pk in named]

    def search(self, queryset, name, value):
        # One or two organisations' rows: each table's search looks at theirs only (for
        # a region's, naming them all would only lengthen the query).
        seen = self.organisations_seen
        return queryset.search(value, organisations=seen if len(seen) <= 2 else None)

    def addressed_to(self, queryset, name, board):
        return queryset.addressed_to(board)

    def in_review(self, queryset, name, review):
        return queryset.filter(assessments__review=review)

    def with_status(self, queryset, name, value):
        if value == NOT_ASSESSED:
            return queryset.filter(Q(status="") | Q(status__isnull=True))
        return queryset.filter(status=value)


class AuditFilter(SearchFilterSet):
    years_of = Audit
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), label=_("Organisation")
    )
    year = django_filters.ChoiceFilter(label=_("Year"))
    firm = django_filters.ModelChoiceFilter(queryset=Firm.objects.all(), label=_("Audit firm"))

    class Meta:
        model = Audit
        fields = []

    def __init__(self, data=None, queryset=None, *, request, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        self.filters["firm"].queryset = firms_used_by(Organisation.objects.visible_to(request.user))

    def search(self, queryset, name, value):
        return queryset.filter(title__icontains=value)


class ReviewFilter(SearchFilterSet):
    years_of = FollowUpReview
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), label=_("Organisation")
    )
    year = django_filters.ChoiceFilter(label=_("Year"))
    state = django_filters.ChoiceFilter(choices=FollowUpReview.State.choices, label=_("Stage"))

    class Meta:
        model = FollowUpReview
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(title__icontains=value)
