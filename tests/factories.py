"""factory_boy factories for the domain, and a builder for whole reviews of any size."""

import factory

from organisations.models import Board, Firm, Organisation
from reviews.models import (
    Assessment,
    Audit,
    FollowUpReview,
    Recommendation,
    RecommendationGroup,
    ReviewedAudit,
    Status,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Kommun {n}")


class FirmFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Firm
        django_get_or_create = ("name",)

    name = "EY"


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Nämnd {n}")


class AuditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audit

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Granskning av område {n}")
    year = 2022
    firm = factory.SubFactory(FirmFactory)


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecommendationGroup

    audit = factory.SubFactory(AuditFactory)
    position = factory.Sequence(lambda n: n + 1)


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    group = factory.SubFactory(GroupFactory)
    audit = factory.SelfAttribute("group.audit")
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Säkerställa rutin {n}.")


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpReview

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Uppföljande granskning {n}")
    year = 2024
    firm = factory.SubFactory(FirmFactory)


def build_review(*, audits: int, recommendations: int, statuses=None) -> FollowUpReview:
    """A review covering `audits` audits of `recommendations` recommendations each.

    Statuses cycle through `statuses` (default: implemented, partial, not implemented).
    """
    statuses = statuses or [Status.IMPLEMENTED, Status.PARTIAL, Status.NOT_IMPLEMENTED]
    review = ReviewFactory()
    count = 0
    for position in range(1, audits + 1):
        audit = AuditFactory(organisation=review.organisation)
        ReviewedAudit.objects.create(review=review, audit=audit, position=position)
        for number in range(1, recommendations + 1):
            group = GroupFactory(audit=audit, position=number)
            recommendation = RecommendationFactory(group=group, number=number)
            Assessment.objects.create(
                review=review, recommendation=recommendation, status=statuses[count % len(statuses)]
            )
            count += 1
    return review
