"""The organisation and its boards as every document format names them, and finding
(or adding) them when a document is imported."""

from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.documents import DocumentError, Part, Path, Problem, create_row, name_of

from .models import Board, Organisation

# The words a file uses, as reports write them, mapped to stored values.
ORGANISATION_KINDS = {
    "kommun": Organisation.Kind.MUNICIPALITY,
    "region": Organisation.Kind.REGION,
    "kommunalförbund": Organisation.Kind.ASSOCIATION,
}
BOARD_KINDS = {"nämnd": Board.Kind.COMMITTEE, "styrelse": Board.Kind.EXECUTIVE}

OrganisationName = name_of(Organisation)
BoardName = name_of(Board)


def word_for(words: dict[str, str], value: str) -> str:
    """The file's word for a stored value (the inverse of the tables above)."""
    return next(word for word, stored in words.items() if stored == value)


class OrganisationPart(Part):
    name: OrganisationName
    kind: Literal[tuple(ORGANISATION_KINDS)] = "kommun"


class BoardPart(Part):
    name: BoardName
    kind: Literal[tuple(BOARD_KINDS)] = "nämnd"
    replaced_by: list[BoardName] = []


def organisation_part(organisation: Organisation) -> OrganisationPart:
    return OrganisationPart(
        name=organisation.name, kind=word_for(ORGANISATION_KINDS, organisation.kind)
    )


def board_part(board: Board, replaced_by: list[str] = ()) -> BoardPart:
    return BoardPart(
        name=board.name, kind=word_for(BOARD_KINDS, board.kind), replaced_by=list(replaced_by)
    )


def stored_organisation(part: OrganisationPart, path: Path) -> Organisation:
    """The organisation of that name, added if new; refused if stored as another kind."""
    kind = ORGANISATION_KINDS[part.kind]
    organisation = Organisation.objects.filter(name=part.name).first()
    if organisation is None:
        return create_row(Organisation, path, name=part.name, kind=kind)
    if organisation.kind != kind:
        raise DocumentError(
            [
                Problem(
                    path + ("kind",),
                    _("%(name)s is stored as another kind of organisation.") % {"name": part.name},
                )
            ]
        )
    return organisation


def stored_board(organisation: Organisation, part: BoardPart, path: Path) -> Board:
    """The organisation's board of that name, added if new; refused if another kind."""
    kind = BOARD_KINDS[part.kind]
    board = organisation.boards.filter(name=part.name).first()
    if board is None:
        return create_row(Board, path, organisation=organisation, name=part.name, kind=kind)
    if board.kind != kind:
        raise DocumentError(
            [
                Problem(
                    path + ("kind",),
                    _("%(name)s is stored as another kind of board.") % {"name": part.name},
                )
            ]
        )
    return board


def link_successors(board: Board, successors: list[Board], path: Path) -> None:
    """Record that `board` was replaced by `successors`, refusing circles."""
    successors = [*board.successors.all(), *successors]
    try:
        board.check_successors(successors)
    except ValidationError as error:
        raise DocumentError([Problem(path, " ".join(error.messages))]) from None
    board.successors.add(*successors)
