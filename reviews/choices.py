"""The fixed sets of the follow-up: statuses, stances, traffic lights, review states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """The outcome of one recommendation in one follow-up review.

    This and STATUS_WORDS are the one table of the statuses: the stored values, the words
    users read, the review file's words, and the summary table's columns (in this order,
    each named `column`) all come from here.
    """

    IMPLEMENTED = "implemented", _("Implemented")
    PARTIAL = "partial", _("Partially implemented")
    NOT_IMPLEMENTED = "not_implemented", _("Not implemented")
    NOT_ASSESSED = "", _("Not yet assessed")

    @property
    def word(self) -> str:
        """The review file's word, as Swedish reports write it ("delvis åtgärdad")."""
        return STATUS_WORDS[self]

    @property
    def column(self) -> str:
        """Its name in the summary: the count's attribute, the table's column."""
        return self.name.lower()


STATUS_WORDS = {
    Status.IMPLEMENTED: "åtgärdad",
    Status.PARTIAL: "delvis åtgärdad",
    Status.NOT_IMPLEMENTED: "ej åtgärdad",
    Status.NOT_ASSESSED: "ej bedömd",
}


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


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    # Its PDF is being rendered; it counts as published once the PDF exists.
    PUBLISHING = "publishing", _("Being published")
    PUBLISHED = "published", _("Published")


class ChapterLayout(models.TextChoices):
    """How a review's report lays out each audit's chapter."""

    BY_RECOMMENDATION = "by_recommendation", _("Recommendation by recommendation")
    BY_BOARD = "by_board", _("Board by board")


class SectionPlacement(models.TextChoices):
    """Where an extra section of a report goes."""

    BEFORE = "before", _("Before the chapters")
    AFTER = "after", _("After the chapters")


def derived_status(statuses) -> str | None:
    """The rule that makes one status of several (the boards' or the lettered parts'):
    all implemented → implemented; all not implemented → not implemented; any not yet
    assessed → not yet assessed; otherwise partially implemented. None when there are
    none to derive from."""
    statuses = list(statuses)
    if not statuses:
        return None
    if Status.NOT_ASSESSED in statuses:
        return Status.NOT_ASSESSED
    if all(status == Status.IMPLEMENTED for status in statuses):
        return Status.IMPLEMENTED
    if all(status == Status.NOT_IMPLEMENTED for status in statuses):
        return Status.NOT_IMPLEMENTED
    return Status.PARTIAL


class BoardProgress(models.TextChoices):
    """Where a board says the work on a recommendation stands (its word, not the
    auditor's status)."""

    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
