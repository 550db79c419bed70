"""Reads used by screens and commands, named after what they serve, and who sees what.

Reads go through `visible_to(user)`, built from the user's roles (`scope_of`), so another
organisation's object is a 404 by construction and lists never count it; what a user may
change is asked of `user.has_perm` (see `rules.py`).

- Auditors and elected auditors read everything of their organisations, drafts included.
- Board respondents read the audits and recommendations addressed to their boards (or to
  all boards), and published reviews.
- Secretaries read published reviews, with their audits and recommendations.

The models import this module, so it imports none of them: a queryset reaches another
model through one of its relations (`related_model`).
"""

from django.db import models
from django.db.models import Case, Count, F, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from core.querysets import related_model
from core.search import matching
from organisations.models import Firm, Role
from organisations.scope import Scope, scope_of

from .choices import ReviewState, Status

READ_ALL = {Role.AUDITOR, Role.ELECTED_AUDITOR}  # drafts included
READ_PUBLISHED = {Role.BOARD_RESPONDENT, Role.SECRETARY}


def reviews_filter(scope: Scope) -> Q:
    return Q(organisation__in=scope.holding(*READ_ALL)) | Q(
        organisation__in=scope.holding(*READ_PUBLISHED), state=ReviewState.PUBLISHED
    )


def audits_filter(scope: Scope) -> Q:
    return (
        Q(organisation__in=scope.holding(*READ_ALL))
        | Q(recommendations__addressed_to__in=scope.boards)
        | Q(
            recommendations__addressed_to_all_boards=True,
            organisation__in=scope.holding(Role.BOARD_RESPONDENT),
        )
        | Q(
            reviews__state=ReviewState.PUBLISHED,
            organisation__in=scope.holding(*READ_PUBLISHED),
        )
    )


def recommendations_filter(scope: Scope) -> Q:
    return (
        Q(audit__organisation__in=scope.holding(*READ_ALL))
        | Q(addressed_to__in=scope.boards)
        | Q(
            addressed_to_all_boards=True,
            audit__organisation__in=scope.holding(Role.BOARD_RESPONDENT),
        )
        | Q(
            audit__reviews__state=ReviewState.PUBLISHED,
            audit__organisation__in=scope.holding(*READ_PUBLISHED),
        )
    )


def answerable_filter(board_ids) -> Q:
    """The recommendations a respondent for these boards answers: those addressed to one
    of them, or to all boards."""
    return Q(addressed_to__in=board_ids) | Q(addressed_to_all_boards=True)


def firms_used_by(organisations, *, including=None):
    """The firms that audited or followed up for these organisations (firms are shared,
    but one organisation's list should not show every other's), and the firm with the pk
    `including`, if given."""
    used = Firm.objects.filter(
        Q(audits__organisation__in=organisations) | Q(reviews__organisation__in=organisations)
    )
    return Firm.objects.filter(Q(pk__in=used.values("pk")) | Q(pk=including))


class FollowUpReviewQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The reviews `user` may read."""
        scope = scope_of(user)
        return self if scope.everything else self.filter(reviews_filter(scope))

    def published(self):
        return self.filter(state=ReviewState.PUBLISHED)

    def for_list(self):
        return self.select_related("organisation", "firm").annotate(
            audit_count=Count("reviewed_audits", distinct=True)
        )

    def for_export(self):
        """Everything a review document holds (the YAML export and the PDF report), in a
        fixed number of queries."""
        ReviewedAudit = related_model(self.model, "reviewed_audits")
        Assessment = related_model(self.model, "assessments")
        Recommendation = related_model(Assessment, "recommendation")
        Group = related_model(Recommendation, "group")
        BoardResponse = related_model(Recommendation, "responses")
        return self.select_related("organisation", "firm").prefetch_related(
            Prefetch(
                "reviewed_audits",
                queryset=ReviewedAudit.objects.select_related("audit__firm")
                .prefetch_related(
                    "audit__boards",
                    Prefetch("audit__groups", queryset=Group.objects.select_related("issued_by")),
                    Prefetch(
                        "audit__groups__recommendations",
                        queryset=Recommendation.objects.for_document(),
                    ),
                    Prefetch(
                        "audit__responses",
                        queryset=BoardResponse.objects.prefetch_related("boards").order_by(
                            "year", "pk"
                        ),
                    ),
                    "audit__responses__recommendations",
                )
                .order_by("position"),
            ),
            Prefetch("assessments", queryset=Assessment.objects.for_document()),
            "group_findings",
            "sections",
            "contacts",
            "signatures",
        )


class ReviewedAuditQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(review__in=related_model(self.model, "review").objects.visible_to(user))

    def for_assessment_screen(self):
        """The audit with its groups, recommendations and responses, for one screen."""
        Audit = related_model(self.model, "audit")
        Recommendation = related_model(Audit, "recommendations")
        Group = related_model(Recommendation, "group")
        BoardResponse = related_model(Audit, "responses")
        return self.select_related("review__organisation", "audit").prefetch_related(
            Prefetch("audit__groups", queryset=Group.objects.select_related("issued_by")),
            Prefetch(
                "audit__groups__recommendations", queryset=Recommendation.objects.for_document()
            ),
            Prefetch(
                "audit__responses",
                queryset=BoardResponse.objects.prefetch_related("boards", "recommendations"),
            ),
        )

    def with_status_counts(self):
        """Annotate each reviewed audit with its count per status in that review.

        Recomputed from the assessments in one query; never stored. Each count is named
        after its status's `column`.
        """
        assessments = "audit__recommendations__assessments"
        in_same_review = Q(**{f"{assessments}__review": F("review")})

        def count(status: str):
            return Count(
                assessments, filter=in_same_review & Q(**{f"{assessments}__status": status})
            )

        return (
            self.select_related("audit")
            .annotate(**{status.column: count(status) for status in Status})
            .order_by("position")
        )


class AuditQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The audits `user` may read."""
        scope = scope_of(user)
        if scope.everything:
            return self
        if scope.only(*READ_ALL):  # whole organisations: a plain filter the planner can use
            return self.filter(organisation__in=scope.holding(*READ_ALL))
        # A subquery, so the role joins cannot duplicate rows or disturb annotations.
        return self.filter(pk__in=self.model.objects.filter(audits_filter(scope)).values("pk"))

    def for_list(self):
        """With `recommendation_count`, counted per row shown (a correlated count: a
        GROUP BY over every recommendation would count all audits before the page is
        cut), and without the long texts a list does not show."""
        Recommendation = related_model(self.model, "recommendations")
        counted = (
            Recommendation.objects.filter(audit=OuterRef("pk"))
            .order_by()
            .values("audit")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            self.select_related("organisation", "firm")
            .defer("purpose", "conclusion")
            .annotate(recommendation_count=Coalesce(Subquery(counted), Value(0)))
        )


class BoardResponseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The responses to the audits `user` may read."""
        audits = related_model(self.model, "audit").objects.visible_to(user)
        return self.filter(audit__in=audits)


class AssessmentQuerySet(models.QuerySet):
    def earlier_than(self, review):
        """The assessments of the reviews before `review` (by year, then as stored: the
        rule of `outline.before`), newest first, with their review."""
        return (
            self.filter(
                Q(review__year__lt=review.year)
                | Q(review__year=review.year, review__pk__lt=review.pk)
            )
            .select_related("review")
            .order_by("-review__year", "-review__pk")
        )

    def for_document(self):
        """With what the report and the file print of each: the findings per board, the
        statuses per board and per part, and the parts its status may derive from."""
        return self.prefetch_related(
            "board_findings__boards",
            "board_statuses__board",
            "part_assessments__part",
            "recommendation__parts",
        )


class RecommendationQuerySet(models.QuerySet):
    def for_document(self):
        """As the report and the file print them, in number order."""
        return self.prefetch_related("addressed_to", "parts", "continues__issued_by").order_by(
            "number"
        )

    def visible_to(self, user):
        """The recommendations `user` may read."""
        scope = scope_of(user)
        if scope.everything:
            return self
        if scope.only(*READ_ALL):  # whole organisations: a plain filter the planner can use
            return self.filter(audit__organisation__in=scope.holding(*READ_ALL))
        visible = self.model.objects.filter(recommendations_filter(scope)).values("pk")
        return self.filter(pk__in=visible)

    def for_list(self, *, user, review=None):
        """With `status`: the status in `review`, or else the latest one `user` may see
        (drafts' for who reads a whole organisation, published reviews' for the others:
        stored, see `refresh_latest`); `status_review`: that review's title."""
        listed = self.select_related("audit__organisation", "issued_by").prefetch_related(
            "addressed_to"
        )
        if review is not None:
            in_review = related_model(self.model, "assessments").objects.filter(
                recommendation=OuterRef("pk"), review=review
            )
            return listed.annotate(
                status=Subquery(in_review.values("status")[:1]),
                status_review=Subquery(in_review.values("review__title")[:1]),
            )
        return listed.with_status_for(user)

    def with_status_for(self, user):
        """Annotate `status` and `status_review`: the latest status `user` may see and its
        review's title (stored: see `refresh_latest`), drafts' for who reads a whole
        organisation, published reviews' for the others."""
        scope = scope_of(user)
        if scope.everything:
            drafts_seen = Q(pk__isnull=False)
        else:
            drafts_seen = Q(audit__organisation__in=scope.holding(*READ_ALL))
        return self.annotate(
            status=Case(
                When(drafts_seen, then=F("latest_status")), default=F("latest_published_status")
            ),
            status_review=Case(
                When(drafts_seen, then=F("latest_review__title")),
                default=F("latest_published_review__title"),
            ),
        )

    def refresh_promised_dates(self) -> int:
        """Store these recommendations' current promised dates afresh (one UPDATE): the
        date of the latest response that names one."""
        promises = (
            related_model(self.model, "promised_dates")
            .objects.filter(recommendation=OuterRef("pk"))
            .order_by("-response__year", "-response__pk")
        )
        return self.update(promised_date=Subquery(promises.values("date")[:1]))

    def overdue(self, *, today):
        """Past the date promised and not implemented (åtgärdad) in its latest assessment
        in a published review: the official word, which a draft does not change yet."""
        return self.filter(promised_date__lt=today).exclude(
            latest_published_status=Status.IMPLEMENTED
        )

    def refresh_latest(self) -> int:
        """Store these recommendations' latest statuses afresh from their assessments (one
        UPDATE): every write that changes an assessment or a review's state calls it."""
        Assessment = related_model(self.model, "assessments")
        latest = Assessment.objects.filter(recommendation=OuterRef("pk")).order_by(
            "-review__year", "-review__pk"
        )
        published = latest.filter(review__state=ReviewState.PUBLISHED)
        return self.update(
            latest_status=Coalesce(Subquery(latest.values("status")[:1]), Value("")),
            latest_review=Subquery(latest.values("review")[:1]),
            latest_published_status=Coalesce(Subquery(published.values("status")[:1]), Value("")),
            latest_published_review=Subquery(published.values("review")[:1]),
        )

    def with_previous_status(self, *, excluding_review=None):
        """Annotate `previous_status` and `previous_review`: the status the recommendation
        last received (a pending assessment does not count) in a review other than
        `excluding_review`, and that review's title; both None if never assessed."""
        latest = (
            related_model(self.model, "assessments")
            .objects.filter(recommendation=OuterRef("pk"))
            .exclude(status=Status.NOT_ASSESSED)
            .order_by("-review__year", "-review__pk")
        )
        if excluding_review is not None:
            latest = latest.exclude(review=excluding_review)
        return self.annotate(
            previous_status=Subquery(latest.values("status")[:1]),
            previous_review=Subquery(latest.values("review__title")[:1]),
        )

    def before(self, review):
        """The recommendations `review` may continue: the audits' own, and those reviews
        before it issued (see `outline.sees`)."""
        return self.filter(
            Q(issued_by=None)
            | Q(issued_by__year__lt=review.year)
            | Q(issued_by__year=review.year, issued_by__pk__lt=review.pk)
        )

    def chain(self, recommendation):
        """The recommendations `recommendation` continues, and those continuing it, and so
        on both ways (issued in 2019 → continued in 2022 → …), itself included, oldest
        first: one query per step."""
        Through = self.model.continues.through
        found = {recommendation.pk}
        frontier = {recommendation.pk}
        for _step in range(50):  # a chain is a few links; the bound keeps a bad one short
            links = Through.objects.filter(
                Q(from_recommendation__in=frontier) | Q(to_recommendation__in=frontier)
            ).values_list("from_recommendation", "to_recommendation")
            frontier = {pk for link in links for pk in link} - found
            if not frontier:
                break
            found |= frontier
        return (
            self.filter(pk__in=found)
            .select_related("audit", "issued_by")
            .order_by(
                F("issued_by__year").asc(nulls_first=True), "audit__year", "issued_by", "number"
            )
        )

    def addressed_to(self, board):
        """Addressed to the board, to any board it replaced, or to all boards."""
        return self.filter(
            Q(addressed_to__in=board.lineage())
            | Q(addressed_to_all_boards=True, audit__organisation=board.organisation_id)
        ).distinct()

    def answerable_by(self, board_ids):
        """The recommendations a respondent for these boards answers."""
        return self.filter(answerable_filter(board_ids)).distinct()

    def search(self, text: str, *, organisations=None):
        """In the recommendation's text, its group's observations and its audit's title
        (Swedish full-text search on PostgreSQL: `core.search`). `organisations`, when
        the caller knows its rows are theirs (one auditor's), lets each table's search
        look at their rows only."""
        Group = related_model(self.model, "group")
        Audit = related_model(self.model, "audit")
        recommendations = matching(self.model.objects.all(), "text", text)
        groups = matching(Group.objects.all(), "observations", text)
        audits = matching(Audit.objects.all(), "title", text)
        if organisations is not None:
            recommendations = recommendations.filter(audit__organisation__in=organisations)
            groups = groups.filter(audit__organisation__in=organisations)
            audits = audits.filter(organisation__in=organisations)
        return self.filter(
            Q(pk__in=recommendations.values("pk"))
            | Q(group__in=groups.values("pk"))
            | Q(audit__in=audits.values("pk"))
        )

    def for_detail(self):
        """A recommendation's story: its responses and every assessment it received.

        (History records are no relation, so they cannot be prefetched: see
        `Assessment.changes_of`.)"""
        Assessment = related_model(self.model, "assessments")
        BoardResponse = related_model(self.model, "responses")
        return self.select_related(
            "audit__organisation", "audit__firm", "group", "issued_by"
        ).prefetch_related(
            "addressed_to__successors",
            "parts",
            Prefetch("responses", queryset=BoardResponse.objects.prefetch_related("boards")),
            Prefetch(
                "assessments",
                queryset=Assessment.objects.for_document()
                .select_related("review")
                .order_by("review__year", "review__pk"),
            ),
        )
