"""The follow-up screen: every control of the plan with its method and responsible
beside the assessment, the result and the actions; saved together (Ctrl+S), like the
review's assessment screen."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from core.forms import fits_a_column
from core.versioning import Edit, EditConflict
from core.views import disable
from organisations.access import allowed_object

from ..forms import ActionForm, ResultForm, RiskWordingForm
from ..freezing import PlanLocked, plan_locking
from ..models import Action, ControlFollowUp, FollowUpRound, Plan
from ..reports import round_rows
from ..services import action_mark, round_save, round_submit

CHANGE_ROUND = "internal_control.change_followupround"


class RoundScreenView(View):
    template_name = "internal_control/round_screen.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.round = get_object_or_404(
            FollowUpRound.objects.for_page().visible_to(request.user), pk=kwargs["pk"]
        )
        self.plan = Plan.objects.for_page().get(pk=self.round.plan_id)
        self.may_change = request.user.has_perm(CHANGE_ROUND, self.round)
        self.rows = round_rows(self.round, self.plan)
        self.levels = list(self.plan.regulation.levels.all())

    def get(self, request, *args, **kwargs):
        return self.render(self.forms(data=None))

    def post(self, request, *args, **kwargs):
        if not self.may_change:
            raise PermissionDenied
        forms = self.forms(data=request.POST)
        if refusal := plan_locking(self.round):
            return self.render(forms, status=409, refusal=refusal)
        all_forms = self.all_forms(forms)
        if not all(form.is_valid() for form in all_forms):
            return self.render(forms, status=400)
        try:
            round_save(follow_up_round=self.round, **self.changes(forms))
        except PlanLocked as refusal:
            return self.render(forms, status=409, refusal=refusal)
        except EditConflict as error:
            return self.render(forms, status=409, conflicts=error.conflicts)
        messages.success(request, _("Saved."))
        return redirect(request.path)

    def forms(self, data) -> list[dict]:
        """Per row of the table: the result's form, the forms of its actions and one for a
        new action. Rows and actions are the stored ones: a posted id names nothing."""
        per_row = []
        for row in self.rows:
            label = _("control %(number)s.%(place)s") % {
                "number": row.risk.number,
                "place": row.control.position,
            }
            result = row.follow_up or ControlFollowUp(round=self.round, control=row.control)
            actions = list(result.actions.all()) if result.pk else []
            wording = None
            if row.first_in_risk:
                risk_label = _("risk %(number)s") % {"number": row.risk.number}
                own = row.risk_text if row.risk_text != row.risk.description else ""
                wording = RiskWordingForm(
                    data, initial={"text": own}, label=risk_label, prefix=f"risk-{row.risk.pk}"
                )
            per_row.append(
                {
                    "row": row,
                    "wording": wording,
                    "result": ResultForm(
                        data,
                        instance=result,
                        levels=self.levels,
                        label=label,
                        prefix=f"control-{row.control.pk}",
                    ),
                    "actions": [
                        ActionForm(
                            data,
                            instance=action,
                            label=_("action %(place)s, %(control)s")
                            % {"place": place, "control": label},
                            prefix=f"action-{action.pk}",
                        )
                        for place, action in enumerate(actions, start=1)
                    ],
                    "new_action": ActionForm(
                        data,
                        instance=Action(follow_up=result, position=len(actions) + 1),
                        label=_("new action, %(control)s") % {"control": label},
                        prefix=f"new-action-{row.control.pk}",
                    ),
                }
            )
        return per_row

    @staticmethod
    def all_forms(forms: list[dict]) -> list:
        return [
            form
            for item in forms
            for form in (item["result"], *item["actions"], item["new_action"], item["wording"])
            if form is not None
        ]

    @staticmethod
    def changes(forms: list[dict]) -> dict:
        results, actions, removed, wordings = [], [], [], {}
        for item in forms:
            if item["wording"] is not None and item["wording"].has_changed():
                wordings[item["row"].risk.pk] = item["wording"].cleaned_data["text"].strip()
            result_form, new_action = item["result"], item["new_action"]
            adds_action = not new_action.is_new_and_empty()
            if result_form.has_changed() or (adds_action and result_form.instance.pk is None):
                results.append(result_form.edit())
            for form in item["actions"]:
                if form.cleaned_data.get("remove"):
                    removed.append(Edit(form.instance, form.cleaned_data["version"]))
                elif form.has_changed():
                    actions.append(form.edit())
            if adds_action:
                edit = new_action.edit()
                edit.instance.follow_up = result_form.instance
                actions.append(edit)
        return {
            "results": results,
            "actions": actions,
            "removed_actions": removed,
            "risk_wordings": wordings,
        }

    def render(self, forms, *, status=200, refusal=None, conflicts=()):
        locked = plan_locking(self.round)
        if not self.may_change or (locked and refusal is None):
            disable(*self.all_forms(forms))
        clashes = {(type(c.stored), c.stored.pk): c for c in conflicts}
        for form in self.all_forms(forms):
            if instance := getattr(form, "instance", None):
                form.conflict = clashes.get((type(instance), instance.pk))
        assessed = sum(1 for row in self.rows if row.follow_up and row.follow_up.level_id)
        return render(
            self.request,
            self.template_name,
            {
                "round": self.round,
                "plan": self.plan,
                "items": forms,
                "may_change": self.may_change and not locked,
                "refusal": refusal,
                "conflicts": bool(conflicts),
                "has_errors": any(form.errors for form in self.all_forms(forms)),
                "assessed": assessed,
                "total": len(self.rows),
            },
            status=status,
        )


def round_submit_view(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    follow_up_round = allowed_object(request, FollowUpRound.objects, CHANGE_ROUND, pk=pk)
    version = request.POST.get("version", "")
    if not fits_a_column(version):
        messages.error(request, _("The page was out of date; nothing was submitted."))
        return redirect("internal_control:round-detail", pk=pk)
    try:
        round_submit(Edit(follow_up_round, int(version)))
    except PlanLocked as refusal:
        messages.info(request, refusal.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("internal_control:round-assess", pk=pk)
    except EditConflict:
        messages.error(
            request, _("Someone else saved the follow-up meanwhile; check it and submit again.")
        )
    else:
        messages.success(
            request, _("The follow-up is submitted to the board and can no longer be changed.")
        )
    return redirect("internal_control:round-detail", pk=pk)


def action_done_view(request, pk):
    """Mark an action done, or open again (allowed after the round was submitted)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    action = allowed_object(
        request,
        Action.objects.select_related("follow_up__round__plan__board"),
        "internal_control.change_action",
        pk=pk,
    )
    version = request.POST.get("version", "")
    if not fits_a_column(version):
        messages.error(request, _("The page was out of date; nothing was changed."))
    else:
        try:
            action_mark(Edit(action, int(version)), request.POST.get("done") == "1")
        except EditConflict:
            messages.error(
                request, _("Someone else changed the action meanwhile; nothing was changed.")
            )
        else:
            messages.success(request, _("Saved."))
    return redirect("internal_control:round-detail", pk=action.follow_up.round_id)
