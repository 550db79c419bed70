"""Reading pages: the plans, a plan with its risk matrix, a follow-up round, the actions."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_safe
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from core.tables import ListPaginator, XlsxDownloadMixin
from core.xlsx import workbook_response

from ..filters import ActionFilter, PlanFilter
from ..freezing import plan_locking
from ..history import plan_changes, round_changes
from ..models import Action, FollowUpRound, Plan
from ..reports import plan_pdf, plan_workbook, round_pdf, round_rows, round_workbook
from ..rules import officer_boards
from ..summary import risk_matrix, risks_by_area, round_counts
from ..tables import ActionTable, PlanTable


class PlanListView(XlsxDownloadMixin, SingleTableMixin, FilterView):
    xlsx_filename = "internkontrollplaner"
    table_class = PlanTable
    filterset_class = PlanFilter
    template_name = "internal_control/plan_list.html"
    table_pagination = {"per_page": 50, "paginator_class": ListPaginator}

    def get_queryset(self):
        return Plan.objects.for_list().visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            new_plan_boards=officer_boards(self.request.user).order_by(
                "organisation__name", "name"
            ),
            **kwargs,
        )


class PlanDetailView(DetailView):
    template_name = "internal_control/plan_detail.html"
    context_object_name = "plan"

    def get_queryset(self):
        return Plan.objects.for_page().visible_to(self.request.user)

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") != "xlsx":
            return super().get(request, *args, **kwargs)
        plan = self.get_object()
        return workbook_response(
            plan_workbook(plan), filename=slugify(f"{plan.board} {plan.title}") + ".xlsx"
        )

    def get_context_data(self, **kwargs):
        plan = self.object
        user = self.request.user
        risks = list(plan.risks.all())
        visible_rounds = set(
            FollowUpRound.objects.visible_to(user).filter(plan=plan).values_list("pk", flat=True)
        )
        return super().get_context_data(
            areas=risks_by_area(plan),
            matrix=risk_matrix(risks),
            rounds=[r for r in plan.rounds.all() if r.pk in visible_rounds],
            may_change=user.has_perm("internal_control.change_plan", plan),
            may_add_round=user.has_perm("internal_control.add_followupround", plan),
            changes=plan_changes(plan),
            refusal=plan_locking(plan),
            **kwargs,
        )


class RoundDetailView(DetailView):
    template_name = "internal_control/round_detail.html"
    context_object_name = "round"

    def get_queryset(self):
        return FollowUpRound.objects.for_page().visible_to(self.request.user)

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") != "xlsx":
            return super().get(request, *args, **kwargs)
        follow_up_round = self.get_object()
        plan = Plan.objects.for_page().get(pk=follow_up_round.plan_id)
        return workbook_response(
            round_workbook(follow_up_round, plan),
            filename=slugify(f"{plan.board} {follow_up_round.title}") + ".xlsx",
        )

    def get_context_data(self, **kwargs):
        follow_up_round = self.object
        plan = Plan.objects.for_page().get(pk=follow_up_round.plan_id)
        rows = round_rows(follow_up_round, plan)
        return super().get_context_data(
            plan=plan,
            rows=rows,
            counts=round_counts(follow_up_round, len(rows)),
            may_change=self.request.user.has_perm(
                "internal_control.change_followupround", follow_up_round
            ),
            refusal=plan_locking(follow_up_round),
            changes=round_changes(follow_up_round),
            **kwargs,
        )


class ActionListView(XlsxDownloadMixin, SingleTableMixin, FilterView):
    xlsx_filename = "atgarder"
    table_class = ActionTable
    filterset_class = ActionFilter
    template_name = "internal_control/action_list.html"
    table_pagination = {"per_page": 50, "paginator_class": ListPaginator}

    def get_queryset(self):
        return Action.objects.for_list().visible_to(self.request.user)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "today": self.today()}

    def get_table_kwargs(self):
        return {"today": self.today()}

    def today(self):
        return timezone.localdate()


@require_safe
def plan_pdf_view(request, pk):
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)
    return pdf_response(*plan_pdf(plan))


@require_safe
def round_pdf_view(request, pk):
    follow_up_round = get_object_or_404(FollowUpRound.objects.visible_to(request.user), pk=pk)
    return pdf_response(*round_pdf(follow_up_round))


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
