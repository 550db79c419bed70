"""Reads used by screens and commands, named after what they serve."""

from django.db import models
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery


class FirmQuerySet(models.QuerySet):
    def used_by(self, organisations, *, including=None):
        """The firms that audited or followed up for these organisations (firms are
        shared, but one organisation's list should not show every other's), and the
        firm with the pk `including`, if given."""
        used = self.model.objects.filter(
            Q(audits__organisation__in=organisations) | Q(reviews__organisation__in=organisations)
        )
        return self.filter(Q(pk__in=used.values("pk")) | Q(pk=including))


class FollowUpReviewQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The reviews `user` may read (see `permissions`)."""
        from .permissions import reviews_filter, scope_of

        scope = scope_of(user)
        return self if scope.everything else self.filter(reviews_filter(scope))

    def for_list(self):
        return self.select_related("organisation", "firm").annotate(
            audit_count=Count("reviewed_audits", distinct=True)
        )

    def for_export(self):
        """Everything a review document holds (the YAML export and the PDF report), in a
        fixed number of queries."""
        from .models import Assessment, Recommendation, ReviewedAudit

        recommendations = Recommendation.objects.prefetch_related("addressed_to").order_by("number")
        return self.select_related("organisation", "firm").prefetch_related(
            Prefetch(
                "reviewed_audits",
                queryset=ReviewedAudit.objects.select_related("audit__firm")
                .prefetch_related(
                    "audit__boards",
                    Prefetch("audit__groups__recommendations", queryset=recommendations),
                    "audit__responses__boards",
                    "audit__responses__recommendations",
                )
                .order_by("position"),
            ),
            Prefetch(
                "assessments",
                queryset=Assessment.objects.prefetch_related("board_findings__board"),
            ),
            "group_findings",
        )


class ReviewedAuditQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .models import FollowUpReview

        return self.filter(review__in=FollowUpReview.objects.visible_to(user))

    def for_assessment_screen(self):
        """The audit with its groups, recommendations and responses, for one screen."""
        from .models import BoardResponse, Recommendation

        return self.select_related("review__organisation", "audit").prefetch_related(
            Prefetch(
                "audit__groups__recommendations",
                queryset=Recommendation.objects.prefetch_related("addressed_to").order_by("number"),
            ),
            Prefetch(
                "audit__responses",
                queryset=BoardResponse.objects.prefetch_related("boards", "recommendations"),
            ),
        )

    def with_status_counts(self):
        """Annotate each reviewed audit with its count per status in that review.

        Recomputed from the assessments in one query; never stored.
        """
        from .models import Status

        assessments = "audit__recommendations__assessments"
        in_same_review = Q(**{f"{assessments}__review": F("review")})

        def count(status: str):
            return Count(
                assessments, filter=in_same_review & Q(**{f"{assessments}__status": status})
            )

        return (
            self.select_related("audit")
            .annotate(
                implemented=count(Status.IMPLEMENTED),
                partial=count(Status.PARTIAL),
                not_implemented=count(Status.NOT_IMPLEMENTED),
                not_assessed=count(Status.NOT_ASSESSED),
            )
            .order_by("position")
        )


class AuditQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The audits `user` may read (see `permissions`)."""
        from .permissions import audits_filter, scope_of

        scope = scope_of(user)
        if scope.everything:
            return self
        # A subquery, so the role joins cannot duplicate rows or disturb annotations.
        return self.filter(pk__in=self.model.objects.filter(audits_filter(scope)).values("pk"))

    def for_list(self):
        return self.select_related("organisation", "firm").annotate(
            recommendation_count=Count("recommendations", distinct=True)
        )


class RecommendationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The recommendations `user` may read (see `permissions`)."""
        from .permissions import recommendations_filter, scope_of

        scope = scope_of(user)
        if scope.everything:
            return self
        visible = self.model.objects.filter(recommendations_filter(scope)).values("pk")
        return self.filter(pk__in=visible)

    def for_list(self, review=None, reviews=None):
        """With `status`: the status in `review`, or else in the latest review (of
        `reviews`, when given) that assessed it ("" when it has no status yet)."""
        from .models import Assessment

        assessments = Assessment.objects.filter(recommendation=OuterRef("pk"))
        if reviews is not None:
            assessments = assessments.filter(review__in=reviews)
        if review is not None:
            assessments = assessments.filter(review=review)
        latest = assessments.order_by("-review__year", "-review__pk")
        return (
            self.select_related("audit__organisation")
            .prefetch_related("addressed_to")
            .annotate(
                status=Subquery(latest.values("status")[:1]),
                status_review=Subquery(latest.values("review__title")[:1]),
            )
        )

    def with_latest_status(self, *, excluding_review=None):
        """Annotate `latest_status` and `latest_review`: the status the recommendation
        last received (a pending assessment does not count) in a review other than
        `excluding_review`, and that review's title; both None if never assessed."""
        from .models import Assessment, Status

        latest = (
            Assessment.objects.filter(recommendation=OuterRef("pk"))
            .exclude(status=Status.NOT_ASSESSED)
            .order_by("-review__year", "-review__pk")
        )
        if excluding_review is not None:
            latest = latest.exclude(review=excluding_review)
        return self.annotate(
            latest_status=Subquery(latest.values("status")[:1]),
            latest_review=Subquery(latest.values("review__title")[:1]),
        )

    def addressed_to(self, board):
        """Addressed to the board, to any board it replaced, or to all boards."""
        return self.filter(
            Q(addressed_to__in=board.lineage())
            | Q(addressed_to_all_boards=True, audit__organisation=board.organisation_id)
        ).distinct()

    def search(self, text: str):
        return self.filter(
            Q(text__icontains=text)
            | Q(group__observations__icontains=text)
            | Q(audit__title__icontains=text)
        )

    def for_detail(self):
        """A recommendation's story: its responses and every assessment it received.

        (History records are no relation, so they cannot be prefetched: see
        `Assessment.changes_of`.)"""
        from .models import Assessment, BoardResponse

        return self.select_related("audit__organisation", "audit__firm", "group").prefetch_related(
            "addressed_to__successors",
            Prefetch("responses", queryset=BoardResponse.objects.prefetch_related("boards")),
            Prefetch(
                "assessments",
                queryset=Assessment.objects.select_related("review")
                .prefetch_related("board_findings__board")
                .order_by("review__year", "review__pk"),
            ),
        )
