"""The plan editor: a plan's header, its areas, risks and controls (each on a small page
of its own, so every step works with a keyboard and on a phone), reordering, deleting,
adopting. (A round's header and memo: `rounds.py`.)"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.forms import fits_a_column
from core.versioning import Edit, EditConflict
from core.views import disable, hold_on_form, show_refusal
from organisations.access import allowed_object
from organisations.models import Board, Organisation

from ..forms import (
    AdoptForm,
    AreaForm,
    ControlForm,
    PlanForm,
    RiskForm,
)
from ..freezing import PlanLocked, plan_locking
from ..models import Control, Plan, Risk, RiskArea
from ..services import (
    next_position,
    part_delete,
    part_move,
    plan_adopt,
    plan_part_save,
)
from ..summary import risks_by_area

CHANGE_PLAN = "internal_control.change_plan"
CHANGE_ROUND = "internal_control.change_followupround"


def plan_for_change(request, pk) -> Plan:
    return allowed_object(
        request, Plan.objects.select_related("board__organisation"), CHANGE_PLAN, pk=pk
    )


class PartFormView(View):
    """Create or edit one object of a plan on its own page; saved through the services,
    refused (with the typed text kept) when the plan is frozen or someone saved first."""

    form_class = None
    template_name = "internal_control/part_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.plan, self.instance = self.objects(request, **kwargs)

    def objects(self, request, **kwargs) -> tuple[Plan, object]:
        raise NotImplementedError

    def form(self, data=None):
        return self.form_class(data, instance=self.instance, **self.form_kwargs())

    def form_kwargs(self) -> dict:
        return {}

    def title(self) -> str:
        raise NotImplementedError

    def done_url(self) -> str:
        return reverse("internal_control:plan-edit", args=[self.plan.pk])

    def refusal(self):
        """Why nothing may be saved here (a frozen plan or round), or None."""
        return plan_locking(self.instance if self.instance.pk else self.plan)

    def saved(self, form) -> str:
        """Say it is saved; the address to go to next."""
        messages.success(self.request, _("Saved."))
        return self.done_url()

    def get(self, request, *args, **kwargs):
        form = self.form()
        if refusal := self.refusal():
            disable(form)
        return self.render(form, refusal=refusal)

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if refusal := self.refusal():
            return self.render(form, refusal=refusal, status=409)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            self.save(form)
        except PlanLocked as refusal:
            return self.render(form, refusal=refusal, status=409)
        except EditConflict as error:
            return self.render(form, conflict=error.conflicts[0], status=409)
        except ValidationError as error:
            hold_on_form(form, error) or show_refusal(form, error)
            return self.render(form, status=400)
        return redirect(self.saved(form))

    def save(self, form) -> None:
        plan_part_save(form.edit())

    def render(self, form, *, refusal=None, conflict=None, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "plan": self.plan,
                "form": form,
                "title": self.title(),
                "refusal": refusal,
                "conflict": conflict,
                "back": self.done_url(),
            },
            status=status,
        )


class PlanCreateView(PartFormView):
    """A new plan for a board (`?board=<id>`, as the plan list links it)."""

    form_class = PlanForm

    def objects(self, request, **kwargs):
        board_id = request.GET.get("board", "")
        if not fits_a_column(board_id):
            raise Http404
        visible = Organisation.objects.visible_to(request.user)
        self.board = get_object_or_404(
            Board.objects.select_related("organisation").filter(organisation__in=visible),
            pk=board_id,
        )
        if not request.user.has_perm("internal_control.add_plan", self.board):
            raise PermissionDenied
        return None, Plan(board=self.board)

    def form_kwargs(self):
        return {"board": self.board}

    def title(self):
        return _("New internal-control plan, %(board)s") % {"board": self.board}

    def refusal(self):
        return None  # a new plan of the user's own board

    def saved(self, form) -> str:
        self.plan = form.instance
        messages.success(
            self.request, _("The plan is created. Add its risk areas, risks and controls.")
        )
        return self.done_url()

    def done_url(self):
        if self.plan is None:
            return reverse("internal_control:plan-list")
        return super().done_url()


class PlanEditView(PartFormView):
    """The plan's header, and its areas, risks and controls with their actions."""

    form_class = PlanForm
    template_name = "internal_control/plan_edit.html"

    def objects(self, request, pk):
        plan = plan_for_change(request, pk)
        return plan, plan

    def form_kwargs(self):
        return {"board": self.plan.board}

    def title(self):
        return _("Edit %(plan)s") % {"plan": self.plan}

    def get_structure(self):
        return risks_by_area(Plan.objects.for_page().get(pk=self.plan.pk))

    def render(self, form, *, refusal=None, conflict=None, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "plan": self.plan,
                "form": form,
                "title": self.title(),
                "refusal": refusal or plan_locking(self.plan),
                "conflict": conflict,
                "areas": self.get_structure(),
                "adopt_form": AdoptForm(initial={"version": self.plan.version}),
            },
            status=status,
        )


class AreaEditView(PartFormView):
    form_class = AreaForm

    def objects(self, request, pk=None, area_pk=None):
        if area_pk is not None:
            area = get_object_or_404(RiskArea.objects.select_related("plan"), pk=area_pk)
            plan = plan_for_change(request, area.plan_id)
            return plan, area
        plan = plan_for_change(request, pk)
        return plan, RiskArea(plan=plan, position=next_position(plan.areas))

    def title(self):
        return self.instance.name if self.instance.pk else _("New risk area")


class RiskEditView(PartFormView):
    form_class = RiskForm

    def objects(self, request, pk=None, risk_pk=None):
        if risk_pk is not None:
            risk = get_object_or_404(Risk.objects.select_related("plan"), pk=risk_pk)
            return plan_for_change(request, risk.plan_id), risk
        plan = plan_for_change(request, pk)
        numbers = plan.risks.order_by("-number").values_list("number", flat=True)
        area = (
            plan.areas.filter(pk=request.GET.get("area", "0")).first()
            if fits_a_column(request.GET.get("area", "0"))
            else None
        )
        return plan, Risk(plan=plan, area=area, number=(numbers.first() or 0) + 1)

    def form_kwargs(self):
        return {"plan": self.plan}

    def title(self):
        if self.instance.pk:
            return _("Risk %(number)s") % {"number": self.instance.number}
        return _("New risk")

    def done_url(self):
        return super().done_url() + (f"#risk-{self.instance.number}" if self.instance.pk else "")


class ControlEditView(PartFormView):
    form_class = ControlForm

    def objects(self, request, risk_pk=None, control_pk=None):
        if control_pk is not None:
            control = get_object_or_404(Control.objects.select_related("risk"), pk=control_pk)
            return plan_for_change(request, control.risk.plan_id), control
        risk = get_object_or_404(Risk.objects.all(), pk=risk_pk)
        plan = plan_for_change(request, risk.plan_id)
        return plan, Control(risk=risk, position=next_position(risk.controls))

    def title(self):
        risk = self.instance.risk
        if self.instance.pk:
            return _("Control %(number)s.%(place)s") % {
                "number": risk.number,
                "place": self.instance.position,
            }
        return _("New control under risk %(number)s") % {"number": risk.number}

    def done_url(self):
        return super().done_url() + f"#risk-{self.instance.risk.number}"


PARTS = {"area": RiskArea, "risk": Risk, "control": Control}


def _part_of(request, plan: Plan):
    """The area, risk or control a move or delete names (POST kind, id, version)."""
    model = PARTS.get(request.POST.get("kind", ""))
    part_id, version = request.POST.get("id", ""), request.POST.get("version", "")
    if model is None or not fits_a_column(part_id) or not fits_a_column(version):
        raise Http404
    plan_filter = {"risk__plan": plan} if model is Control else {"plan": plan}
    part = get_object_or_404(model.objects.filter(**plan_filter), pk=part_id)
    return Edit(part, int(version))


def part_move_view(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    plan = plan_for_change(request, pk)
    edit = _part_of(request, plan)
    if isinstance(edit.instance, Risk):
        raise Http404  # risks are ordered by their numbers
    try:
        part_move(edit, up=request.POST.get("direction") == "up")
    except PlanLocked as refusal:
        messages.error(request, refusal.message)
    except EditConflict:
        messages.error(request, _("Someone else changed it meanwhile; nothing was moved."))
    return redirect(reverse("internal_control:plan-edit", args=[pk]) + "#structure")


def part_delete_view(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    plan = plan_for_change(request, pk)
    edit = _part_of(request, plan)
    try:
        part_delete(edit)
    except PlanLocked as refusal:
        messages.error(request, refusal.message)
    except EditConflict:
        messages.error(request, _("Someone else changed it meanwhile; nothing was deleted."))
    else:
        messages.success(request, _("Deleted: %(part)s") % {"part": edit.instance})
    return redirect(reverse("internal_control:plan-edit", args=[pk]) + "#structure")


def plan_adopt_view(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    plan = plan_for_change(request, pk)
    form = AdoptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date the board adopted the plan."))
        return redirect("internal_control:plan-edit", pk=pk)
    plan.adopted_on = form.cleaned_data["adopted_on"]
    plan.minute_reference = form.cleaned_data["minute_reference"]
    try:
        plan_adopt(Edit(plan, form.cleaned_data["version"]))
    except PlanLocked as refusal:
        messages.error(request, refusal.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("internal_control:plan-edit", pk=pk)
    except EditConflict:
        messages.error(request, _("Someone else changed the plan meanwhile; it is not adopted."))
        return redirect("internal_control:plan-edit", pk=pk)
    else:
        messages.success(request, _("The plan is adopted and can no longer be changed."))
    return redirect("internal_control:plan-detail", pk=pk)
