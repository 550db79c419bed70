"""Reads of internal control, and who sees what.

- Auditors and elected auditors read every board's plans and rounds of their
  organisations, drafts included.
- Board respondents (the board's officers) read and write their boards' plans and rounds
  (their boards include the boards these replaced).
- Secretaries read adopted plans and submitted rounds, to export them.

Another organisation's plan is a 404 by construction. The models import this module, so
it reaches them through relations (`related_model`).
"""

from datetime import date

from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from core.querysets import related_model
from organisations.models import Role
from organisations.scope import Scope, scope_of

from .choices import PlanState, RoundState

READ_ALL = (Role.AUDITOR, Role.ELECTED_AUDITOR)


def plans_filter(scope: Scope, prefix: str = "") -> Q:
    def q(**lookups):
        return Q(**{prefix + key: value for key, value in lookups.items()})

    return (
        q(board__organisation__in=scope.holding(*READ_ALL))
        | q(board__in=scope.boards, board__organisation__in=scope.holding(Role.BOARD_RESPONDENT))
        | q(board__organisation__in=scope.holding(Role.SECRETARY), state=PlanState.ADOPTED)
    )


def rounds_filter(scope: Scope, prefix: str = "") -> Q:
    """A secretary reads a submitted round even of a plan still in draft: the round went to
    the board, so it is a document of the meeting."""
    board = prefix + "plan__board__"
    return (
        Q(**{board + "organisation__in": scope.holding(*READ_ALL)})
        | Q(
            **{
                board + "in": scope.boards,
                board + "organisation__in": scope.holding(Role.BOARD_RESPONDENT),
            }
        )
        | Q(
            **{
                board + "organisation__in": scope.holding(Role.SECRETARY),
                prefix + "state": RoundState.SUBMITTED,
            }
        )
    )


class RegulationQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation).prefetch_related("levels")


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = scope_of(user)
        if scope.everything:
            return self
        Round = related_model(self.model, "rounds")
        submitted_round = Round.objects.filter(
            plan=OuterRef("pk"), state=RoundState.SUBMITTED
        ).filter(plan__board__organisation__in=scope.holding(Role.SECRETARY))
        return self.filter(plans_filter(scope) | Q(Exists(submitted_round)))

    def for_list(self):
        return self.select_related("board__organisation").annotate(
            risk_count=Count("risks", distinct=True),
            round_count=Count("rounds", distinct=True),
        )

    def _with_contents(self):
        Risk = related_model(self.model, "risks")
        Control = related_model(Risk, "controls")
        return self.select_related("board__organisation", "regulation").prefetch_related(
            "areas",
            Prefetch(
                "risks",
                queryset=Risk.objects.order_by("number").prefetch_related(
                    "recommendations__audit",
                    Prefetch(
                        "controls",
                        queryset=Control.objects.order_by("position", "pk").prefetch_related(
                            "recommendations__audit"
                        ),
                    ),
                ),
            ),
            "regulation__levels",
        )

    def for_page(self):
        """A plan with its areas, risks, controls and rounds, for its page and editor."""
        Round = related_model(self.model, "rounds")
        return self._with_contents().prefetch_related(
            Prefetch("rounds", queryset=Round.objects.order_by("date", "pk"))
        )

    def for_export(self):
        """Everything a plan document holds (the file, the PDFs), in fixed queries."""
        Round = related_model(self.model, "rounds")
        return self._with_contents().prefetch_related(
            Prefetch("rounds", queryset=Round.objects.for_page().order_by("date", "pk"))
        )


class RiskQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = scope_of(user)
        if scope.everything:
            return self.select_related("plan__board")
        Plan = related_model(self.model, "plan")
        return self.filter(plan__in=Plan.objects.visible_to(user)).select_related("plan__board")


class ControlQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = scope_of(user)
        if scope.everything:
            return self.select_related("risk__plan__board")
        Plan = related_model(related_model(self.model, "risk"), "plan")
        return self.filter(risk__plan__in=Plan.objects.visible_to(user)).select_related(
            "risk__plan__board"
        )


class FollowUpRoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = scope_of(user)
        return self if scope.everything else self.filter(rounds_filter(scope))

    def for_page(self):
        """A round with its plan, every control's follow-up and actions, and the memo."""
        Results = related_model(self.model, "results")
        Actions = related_model(Results, "actions")
        return self.select_related(
            "plan__board__organisation", "plan__regulation", "memo__board"
        ).prefetch_related(
            Prefetch(
                "results",
                queryset=Results.objects.select_related("level", "control__risk__area")
                .prefetch_related(
                    Prefetch("actions", queryset=Actions.objects.order_by("position"))
                )
                .order_by("control__risk__number", "control__position", "control__pk"),
            ),
            "risk_wordings",
            "plan__regulation__levels",
            "memo__clauses",
            "memo__sections",
            "memo__documents",
            "memo__signatures",
        )


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = scope_of(user)
        if scope.everything:
            return self
        return self.filter(rounds_filter(scope, prefix="follow_up__round__"))

    def open(self):
        return self.filter(done=False)

    def overdue(self, today: date):
        return self.open().filter(end_date__lt=today)

    def for_list(self):
        return self.select_related("follow_up__round__plan__board", "follow_up__control__risk")
