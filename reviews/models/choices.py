"""The fixed sets (statuses, stances, colours, kinds, roles, states) and shared validators."""

from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)
from django.db import models
from django.utils.translation import gettext_lazy as _

YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2200)]

# Every text a user writes (findings, observations, responses, …) is bounded: the seed's
# longest is under 2,000 characters, and one pasted 2 MB text would make every draft PDF
# of its review take a minute. PostgreSQL refuses NUL characters, so they are refused
# here, with a message, rather than there, with a crash.
TEXT_MAX_LENGTH = 20_000
TEXT_VALIDATORS = [MaxLengthValidator(TEXT_MAX_LENGTH), ProhibitNullCharactersValidator()]


class Status(models.TextChoices):
    """The outcome of one recommendation in one follow-up review."""

    IMPLEMENTED = "implemented", _("Implemented")
    PARTIAL = "partial", _("Partially implemented")
    NOT_IMPLEMENTED = "not_implemented", _("Not implemented")
    NOT_ASSESSED = "", _("Not yet assessed")


class Stance(models.TextChoices):
    """What a board said about a recommendation in its response."""

    ACCEPTED = "accepted", _("Accepted")
    PARTLY_ACCEPTED = "partly_accepted", _("Partly accepted")
    REJECTED = "rejected", _("Rejected")
    NOT_STATED = "not_stated", _("Not stated")


class TrafficLight(models.TextChoices):
    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")
    NONE = "", _("No colour")


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    REGION = "region", _("Region")
    ASSOCIATION = "association", _("Association of local authorities")


class BoardKind(models.TextChoices):
    COMMITTEE = "committee", _("Committee")  # nämnd
    EXECUTIVE = "executive", _("Executive board")  # styrelse


class Role(models.TextChoices):
    """What a person does in one organisation (see `permissions`)."""

    AUDITOR = "auditor", _("Auditor")  # revisionskonsult
    ELECTED_AUDITOR = "elected_auditor", _("Elected auditor")  # förtroendevald revisor
    BOARD_RESPONDENT = "board_respondent", _("Board respondent")  # a board's officer
    SECRETARY = "secretary", _("Committee secretary")  # nämndsekreterare


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
