"""Organisations, their boards (with renames, merges and splits), audit firms, and who
holds which role where: what every module of the product shares.

The tables keep the names they had when these models lived in `reviews`
(migration 0001 here moved them without copying a row).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .scope import scope_of


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    REGION = "region", _("Region")
    ASSOCIATION = "association", _("Association of local authorities")


class BoardKind(models.TextChoices):
    COMMITTEE = "committee", _("Committee")  # nämnd
    EXECUTIVE = "executive", _("Executive board")  # styrelse


class Role(models.TextChoices):
    """What a person does in one organisation (each module's rules say what it allows)."""

    AUDITOR = "auditor", _("Auditor")  # revisionskonsult
    ELECTED_AUDITOR = "elected_auditor", _("Elected auditor")  # förtroendevald revisor
    BOARD_RESPONDENT = "board_respondent", _("Board respondent")  # a board's officer
    SECRETARY = "secretary", _("Committee secretary")  # nämndsekreterare


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The organisations the user holds any role in (every one for a superuser)."""
        scope = scope_of(user)
        return self if scope.everything else self.filter(pk__in=scope.holding(*Role.values))

    def where_allowed(self, user, permission: str) -> list["Organisation"]:
        """Of the organisations the user sees, those where they may `permission` (an
        add_ permission, asked about the organisation)."""
        return [o for o in self.visible_to(user) if user.has_perm(permission, o)]


class Organisation(models.Model):
    Kind = OrganisationKind

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.MUNICIPALITY)
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder days"),
        default=45,
        validators=[MaxValueValidator(365)],
        help_text=_(
            "Board respondents are reminded of recommendations due within this many days "
            "(and of those overdue)."
        ),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        db_table = "reviews_organisation"
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values), name="organisation_kind_valid"
            ),
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A person's role in one organisation; one person may hold roles in several.

    A board respondent answers for the boards listed (and the boards they replaced).
    Administrators are Django staff users and need no membership.
    """

    Role = Role

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    boards = models.ManyToManyField(
        "Board",
        blank=True,
        related_name="respondents",
        verbose_name=_("boards"),
        help_text=_("For board respondents: the boards whose responses they enter."),
    )

    class Meta:
        db_table = "reviews_membership"
        ordering = ["organisation", "user"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self):
        return f"{self.user}: {self.get_role_display()}, {self.organisation}"

    def clean_boards(self, boards) -> None:
        """Boards belong to the membership's organisation, and only respondents have them
        (a many-to-many field is checked by the admin form; see MembershipAdmin)."""
        if any(board.organisation_id != self.organisation_id for board in boards):
            raise ValidationError({"boards": _("The board belongs to another organisation.")})
        if boards and self.role != Role.BOARD_RESPONDENT:
            raise ValidationError({"boards": _("Only board respondents answer for boards.")})


class Firm(models.Model):
    """An audit firm (EY, KPMG, PwC, ...): serves many organisations."""

    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        db_table = "reviews_firm"
        ordering = ["name"]
        verbose_name = _("audit firm")
        verbose_name_plural = _("audit firms")

    def __str__(self):
        return self.name


class Board(models.Model):
    """A board or committee (nämnd/styrelse) of an organisation.

    Boards are never renamed in place: a reorganisation creates the new board and
    links the old one to it through `successors`, so old audits keep the name the
    board had then, and `current_boards()` says who answers now. One link is a
    rename, several successors a split, several predecessors a merge.
    """

    Kind = BoardKind

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="boards",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.COMMITTEE)
    successors = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        verbose_name=_("replaced by"),
        help_text=_(
            "The board or boards that took over when this board was renamed, merged or split."
        ),
    )

    class Meta:
        db_table = "reviews_board"
        ordering = ["organisation", "name"]
        verbose_name = _("board")
        verbose_name_plural = _("boards")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="board_name_unique"),
            models.CheckConstraint(condition=Q(kind__in=BoardKind.values), name="board_kind_valid"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return not self.successors.exists()

    def check_successors(self, successors) -> None:
        """The boards that replace this one are of its organisation, and no chain of
        replacements leads back to it (A replaced by B replaced by A)."""
        successors = list(successors)
        if any(board.organisation_id != self.organisation_id for board in successors):
            raise ValidationError({"successors": _("The board belongs to another organisation.")})
        if self.pk is None:
            return  # nothing can have been replaced by a board not yet stored
        if any(board.pk == self.pk for board in successors):
            raise ValidationError({"successors": _("A board cannot replace itself.")})
        links = Board.successors.through.objects.filter(
            from_board__organisation_id=self.organisation_id
        ).exclude(from_board_id=self.pk)
        replaced_by: dict[int, list[int]] = {}
        for old, new in links.values_list("from_board_id", "to_board_id"):
            replaced_by.setdefault(old, []).append(new)
        replaced_by[self.pk] = [board.pk for board in successors]
        if chain := _path_back(replaced_by, self.pk):
            names = dict(Board.objects.filter(pk__in=chain).values_list("pk", "name"))
            raise ValidationError(
                {
                    "successors": _("That would make a circle of replacements: %(chain)s.")
                    % {"chain": " → ".join(names[pk] for pk in chain)}
                }
            )

    def lineage(self) -> list["Board"]:
        """This board and every board it replaced, however long ago."""
        lineage, queue = [self], [self]
        while queue:
            for predecessor in queue.pop(0).predecessors.all():
                if predecessor not in lineage:
                    lineage.append(predecessor)
                    queue.append(predecessor)
        return lineage

    def current_boards(self) -> list["Board"]:
        """The boards that answer for this one today (itself if never replaced)."""
        current, seen, queue = [], {self.pk}, [self]
        while queue:
            board = queue.pop(0)
            successors = sorted(board.successors.all(), key=lambda b: b.pk)  # uses a prefetch
            if not successors:
                current.append(board)
            for successor in successors:
                if successor.pk not in seen:
                    seen.add(successor.pk)
                    queue.append(successor)
        return current


def _path_back(replaced_by: dict[int, list[int]], start: int) -> list[int] | None:
    """A chain of replacements from `start` back to itself, or None."""
    stack, seen = [(start, [start])], set()
    while stack:
        board, chain = stack.pop()
        for successor in replaced_by.get(board, []):
            if successor == start:
                return [*chain, start]
            if successor not in seen:
                seen.add(successor)
                stack.append((successor, [*chain, successor]))
    return None
