"""From the audit to the plan: the board's officer takes a recommendation into the
board's next plan, as a risk or as a control under a risk, in one step."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from organisations.access import allowed_object
from reviews.models import Recommendation

from ..freezing import PlanLocked
from ..models import FollowUpRound, Plan
from ..rules import take_in_boards
from ..services import latest_published_status, recommendation_take_in
from ..services.recommendations import OPEN


class TargetForm(forms.Form):
    target = forms.ChoiceField(label=gettext_lazy("Take it into"))

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        for plan in plans:
            options = [
                (f"area-{area.pk}", _("as a new risk in the area %(area)s") % {"area": area.name})
                for area in plan.areas.all()
            ] + [
                (
                    f"risk-{risk.pk}",
                    _("as a control under risk %(number)s: %(text)s")
                    % {"number": risk.number, "text": risk.description[:80]},
                )
                for risk in plan.risks.all()
            ]
            if options:
                choices.append((f"{plan.title} ({plan.board})", options))
        self.fields["target"].choices = choices
        self.targets = {
            **{f"area-{a.pk}": a for plan in plans for a in plan.areas.all()},
            **{f"risk-{r.pk}": r for plan in plans for r in plan.risks.all()},
        }


class TakeInView(View):
    template_name = "internal_control/take_in.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.recommendation = allowed_object(
            request,
            Recommendation.objects.select_related("audit__organisation").prefetch_related(
                "addressed_to__successors"
            ),
            "internal_control.take_in_recommendation",
            pk=kwargs["pk"],
        )
        # The boards' plans still open to change, the next year's first.
        self.plans = list(
            Plan.objects.filter(
                board__in=take_in_boards(request.user, self.recommendation),
                state=Plan.State.DRAFT,
            )
            .exclude(rounds__state=FollowUpRound.State.SUBMITTED)
            .select_related("board")
            .prefetch_related("areas", "risks")
            .order_by("-year", "board__name")
        )

    def get(self, request, *args, **kwargs):
        return self.render(TargetForm(plans=self.plans))

    def post(self, request, *args, **kwargs):
        form = TargetForm(request.POST, plans=self.plans)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            created = recommendation_take_in(
                self.recommendation, form.targets[form.cleaned_data["target"]]
            )
        except PlanLocked as refusal:
            form.add_error(None, refusal.message)
            return self.render(form, status=409)
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))  # about the plan, not the form
            return self.render(form, status=400)
        messages.success(
            request,
            _("The recommendation is now in the plan; complete its wording and values there."),
        )
        if hasattr(created, "area_id"):
            return redirect("internal_control:risk-edit", risk_pk=created.pk)
        return redirect("internal_control:control-edit", control_pk=created.pk)

    def render(self, form, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "recommendation": self.recommendation,
                "form": form,
                "plans": self.plans,
                "status_open": latest_published_status(self.recommendation) in OPEN,
            },
            status=status,
        )
