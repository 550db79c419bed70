"""A follow-up's header and its covering memo, each on a page of its own."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.versioning import EditConflict
from core.views import disable, show_refusal
from organisations.access import allowed_object

from ..forms import MemoForm, RoundForm, SectionFormSet
from ..freezing import PlanLocked, plan_locking
from ..models import CoveringMemo, FollowUpRound, Plan
from ..services import memo_save
from .editing import CHANGE_ROUND, PartFormView


class RoundEditView(PartFormView):
    """A new follow-up of a plan, or its header."""

    form_class = RoundForm

    def objects(self, request, pk=None, round_pk=None):
        if round_pk is not None:
            follow_up_round = allowed_object(
                request,
                FollowUpRound.objects.select_related("plan__board"),
                CHANGE_ROUND,
                pk=round_pk,
            )
            return follow_up_round.plan, follow_up_round
        plan = allowed_object(
            request,
            Plan.objects.select_related("board"),
            "internal_control.add_followupround",
            pk=pk,
        )
        return plan, FollowUpRound(plan=plan)

    def form_kwargs(self):
        return {"plan": self.plan}

    def title(self):
        return (
            self.instance.title
            if self.instance.pk
            else _("New follow-up of %(plan)s") % {"plan": self.plan}
        )

    def refusal(self):
        # A new follow-up of an adopted plan is the point of adopting it.
        return plan_locking(self.instance) if self.instance.pk else None

    def saved(self, form) -> str:
        messages.success(self.request, _("Saved."))
        return reverse("internal_control:round-assess", args=[form.instance.pk])

    def done_url(self):
        if self.instance.pk:
            return reverse("internal_control:round-detail", args=[self.instance.pk])
        return reverse("internal_control:plan-detail", args=[self.plan.pk])


class MemoEditView(View):
    """The covering memo of a follow-up: header, decision clauses, sections, documents,
    signatures."""

    template_name = "internal_control/memo_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.round = allowed_object(
            request,
            FollowUpRound.objects.select_related("plan__board", "memo"),
            CHANGE_ROUND,
            pk=kwargs["pk"],
        )
        self.memo = self.round.memo or CoveringMemo(board=self.round.plan.board)

    def forms(self, data=None):
        memo = self.memo
        initial = {}
        sections = []
        if memo.pk:
            initial = {
                "clauses": "\n\n".join(c.text for c in memo.clauses.all()),
                "documents": "\n".join(d.text for d in memo.documents.all()),
                "signatures": "\n".join(
                    f"{s.name}, {s.title}" if s.title else s.name for s in memo.signatures.all()
                ),
            }
            sections = [{"heading": s.heading, "text": s.text} for s in memo.sections.all()]
        return (
            MemoForm(data, instance=memo, initial=initial),
            SectionFormSet(data, initial=sections, prefix="section"),
        )

    def get(self, request, *args, **kwargs):
        form, sections = self.forms()
        refusal = plan_locking(self.round)
        if refusal:
            disable(form, *sections)
        return self.render(form, sections, refusal=refusal)

    def post(self, request, *args, **kwargs):
        form, sections = self.forms(request.POST)
        if refusal := plan_locking(self.round):
            return self.render(form, sections, refusal=refusal, status=409)
        if not (form.is_valid() and sections.is_valid()):
            return self.render(form, sections, status=400)
        data = form.cleaned_data
        try:
            memo_save(
                follow_up_round=self.round,
                memo=form.edit(),
                clauses=[
                    p.strip()
                    for p in data["clauses"].replace("\r\n", "\n").split("\n\n")
                    if p.strip()
                ],
                sections=[
                    (row["heading"].strip(), row["text"].strip())
                    for row in sections.cleaned_data
                    if row.get("heading", "").strip()
                ],
                documents=[line.strip() for line in data["documents"].splitlines() if line.strip()],
                signatures=[
                    tuple(part.strip() for part in (line.split(",", 1) + [""])[:2])
                    for line in data["signatures"].splitlines()
                    if line.strip()
                ],
            )
        except PlanLocked as refusal:
            return self.render(form, sections, refusal=refusal, status=409)
        except EditConflict as error:
            return self.render(form, sections, conflict=error.conflicts[0], status=409)
        except ValidationError as error:
            show_refusal(form, error)
            return self.render(form, sections, status=400)
        messages.success(request, _("Saved."))
        return redirect("internal_control:round-detail", pk=self.round.pk)

    def render(self, form, sections, *, refusal=None, conflict=None, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "round": self.round,
                "plan": self.round.plan,
                "form": form,
                "sections": sections,
                "refusal": refusal,
                "conflict": conflict,
            },
            status=status,
        )
