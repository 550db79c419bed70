"""factory_boy factories for the domain, and a builder for whole reviews of any size.

Users: every `UserFactory` user can sign in, with the password `password_for(username)`
("anna" → "anna-lösenord-1") unless the test passes `password=` itself. The password is
hashed while the user is built (`factory.django.Password`), so no second save is needed;
a password given in the call is hashed the same way.
"""

import factory
from django.contrib.auth.models import User

from organisations.models import Board, Firm, Membership, Organisation, Role
from reviews.models import (
    Assessment,
    Audit,
    BoardResponse,
    FollowUpReview,
    Recommendation,
    RecommendationGroup,
    ReviewedAudit,
    Stance,
    Status,
)


def password_for(username: str) -> str:
    """The password a `UserFactory` user signs in with, unless the test chose another."""
    return f"{username}-lösenord-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"person{n}")
    password = factory.django.Password(factory.LazyAttribute(lambda u: password_for(u.username)))


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


class MembershipFactory(factory.django.DjangoModelFactory):
    """A role in an organisation (auditor unless `role=` says otherwise); a board
    respondent's boards are given as `boards=[...]`."""

    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.AUDITOR

    @factory.post_generation
    def boards(self, create, extracted, **kwargs):
        if create and extracted:
            self.boards.add(*extracted)


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


class BoardResponseFactory(factory.django.DjangoModelFactory):
    """A board's response to an audit; its boards and recommendations are given as
    `boards=[...]` and `recommendations=[...]`."""

    class Meta:
        model = BoardResponse
        skip_postgeneration_save = True

    audit = factory.SubFactory(AuditFactory)
    year = 2023
    text = "Svar."
    stance = Stance.NOT_STATED

    @factory.post_generation
    def boards(self, create, extracted, **kwargs):
        if create and extracted:
            self.boards.add(*extracted)

    @factory.post_generation
    def recommendations(self, create, extracted, **kwargs):
        if create and extracted:
            self.recommendations.add(*extracted)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpReview

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Uppföljande granskning {n}")
    year = 2024
    firm = factory.SubFactory(FirmFactory)


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A review's assessment of a recommendation, not yet assessed unless `status=` says
    otherwise. Left to the factory, the recommendation is of an audit of the review's
    organisation (the review does not cover it: see `build_review` for whole reviews)."""

    class Meta:
        model = Assessment

    review = factory.SubFactory(ReviewFactory)
    recommendation = factory.SubFactory(
        RecommendationFactory,
        group__audit__organisation=factory.SelfAttribute("....review.organisation"),
    )
    status = Status.NOT_ASSESSED


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
            AssessmentFactory(
                review=review, recommendation=recommendation, status=statuses[count % len(statuses)]
            )
            count += 1
    return review
