"""django-filter filter sets for the internal-control lists; choices are only what the
signed-in user may see."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisations.models import Board

from .choices import PlanState
from .models import Action, Plan


def _visible_boards(user):
    plans = Plan.objects.visible_to(user)
    return Board.objects.filter(pk__in=plans.values("board")).select_related("organisation")


class PlanFilter(django_filters.FilterSet):
    board = django_filters.ModelChoiceFilter(queryset=Board.objects.none(), label=_("Board"))
    year = django_filters.ChoiceFilter(label=_("Year"))
    state = django_filters.ChoiceFilter(choices=PlanState.choices, label=_("Stage"))

    class Meta:
        model = Plan
        fields = ["board", "year", "state"]

    def __init__(self, data=None, queryset=None, *, request, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = request.user
        self.filters["board"].queryset = _visible_boards(user)
        years = Plan.objects.visible_to(user).order_by("-year").values_list("year", flat=True)
        self.filters["year"].extra["choices"] = [(y, y) for y in dict.fromkeys(years)]


class ActionFilter(django_filters.FilterSet):
    SHOW = (("open", _("open")), ("overdue", _("overdue")), ("done", _("done")), ("all", _("all")))

    board = django_filters.ModelChoiceFilter(
        field_name="follow_up__round__plan__board",
        queryset=Board.objects.none(),
        label=_("Board"),
    )
    show = django_filters.ChoiceFilter(
        choices=SHOW, method="by_state", label=_("Show"), empty_label=None
    )

    class Meta:
        model = Action
        fields = ["board", "show"]

    def __init__(self, data=None, queryset=None, *, request, today, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("show", "open")
        self.today = today
        super().__init__(data, queryset, request=request, **kwargs)
        self.filters["board"].queryset = _visible_boards(request.user)

    def by_state(self, queryset, name, value):
        if value == "open":
            return queryset.filter(done=False)
        if value == "overdue":
            return queryset.filter(Q(done=False) & Q(end_date__lt=self.today))
        if value == "done":
            return queryset.filter(done=True)
        return queryset
