"""Importing a whole review document in one transaction."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.documents import create_row
from organisations.documents import link_successors, stored_board, stored_organisation
from organisations.models import Board, Firm, Organisation

from ..documents import (
    COLOURS,
    REVIEW_STATES,
    STANCES,
    STATUSES,
    AuditPart,
    BoardPart,
    DocumentError,
    Path,
    Problem,
    ReviewDocument,
    audit_to_part,
    first_difference,
)
from ..models import (
    Assessment,
    Audit,
    BoardFindings,
    BoardResponse,
    FollowUpReview,
    GroupFindings,
    Recommendation,
    RecommendationGroup,
    ReviewedAudit,
)


def review_import(*, document: ReviewDocument) -> FollowUpReview:
    """Create the review a checked document describes, all or nothing.

    Organisation, boards and firm are reused by name; an audit already stored is
    reused only if the document describes it identically. Raises DocumentError, with
    paths into the document, for anything that conflicts with what is stored.
    """
    with transaction.atomic():
        organisation = stored_organisation(document.organisation, ("organisation",))
        boards = _boards(organisation, document.boards)
        existing = FollowUpReview.objects.filter(
            organisation=organisation, title=document.review.title
        ).first()
        if existing:
            raise DocumentError(
                [
                    Problem(
                        ("review", "title"),
                        _(
                            "%(organisation)s already has a review with this title (id %(id)s); "
                            "it is not imported twice."
                        )
                        % {"organisation": organisation, "id": existing.pk},
                    )
                ]
            )
        part = document.review
        state = REVIEW_STATES[part.state]
        review = create_row(
            FollowUpReview,
            ("review",),
            organisation=organisation,
            title=part.title,
            year=part.year,
            firm=_firm(part.firm, ("review", "firm")),
            purpose=part.purpose,
            method=part.method,
            summary=part.summary,
        )
        for index, audit_part in enumerate(document.audits):
            path = ("audits", index)
            audit = _audit(organisation, audit_part, boards, path)
            _follow_up(review, audit, audit_part, boards, position=index + 1, path=path)
        if state == FollowUpReview.State.PUBLISHED:
            # Published once everything it prints is stored, as if published in the app.
            review.state, review.published_at = state, timezone.now()
            review.save(update_fields=["state", "published_at"])
    return review


def _boards(organisation: Organisation, parts: list[BoardPart]) -> dict[str, Board]:
    boards = {
        part.name: stored_board(organisation, part, ("boards", index))
        for index, part in enumerate(parts)
    }
    for index, part in enumerate(parts):
        if part.replaced_by:
            link_successors(
                boards[part.name],
                [boards[name] for name in part.replaced_by],
                ("boards", index, "replaced_by"),
            )
    return boards


def _firm(name: str, path: Path) -> Firm:
    return Firm.objects.filter(name=name).first() or create_row(Firm, path, name=name)


def _audit(
    organisation: Organisation, part: AuditPart, boards: dict[str, Board], path: Path
) -> Audit:
    stored = Audit.objects.filter(
        organisation=organisation, title=part.title, year=part.year
    ).first()
    if stored is not None:
        difference = first_difference(part.content(), audit_to_part(stored).content())
        if difference is not None:
            raise DocumentError(
                [
                    Problem(
                        path + difference,
                        _(
                            "%(audit)s is already stored and differs here; describe it as "
                            "stored, or give it another title or year."
                        )
                        % {"audit": stored.label},
                    )
                ]
            )
        return stored

    audit = create_row(
        Audit,
        path,
        organisation=organisation,
        title=part.title,
        year=part.year,
        firm=_firm(part.firm, path + ("firm",)),
        purpose=part.purpose,
        conclusion=part.conclusion,
    )
    audit.boards.set(boards[name] for name in part.boards)
    recommendations: dict[int, Recommendation] = {}
    for g_index, group_part in enumerate(part.groups):
        group_path = path + ("groups", g_index)
        group = create_row(
            RecommendationGroup,
            group_path,
            audit=audit,
            position=g_index + 1,
            title=group_part.title,
            observations=group_part.observations,
        )
        for r_index, rec_part in enumerate(group_part.recommendations):
            recommendation = create_row(
                Recommendation,
                group_path + ("recommendations", r_index),
                audit=audit,
                group=group,
                number=rec_part.number,
                text=rec_part.text,
                addressed_to_all_boards=rec_part.addressed_to_all_boards,
            )
            recommendation.addressed_to.set(boards[name] for name in rec_part.addressed_to)
            recommendations[rec_part.number] = recommendation
    for g_index, group_part in enumerate(part.groups):
        for s_index, response_part in enumerate(group_part.responses):
            response = create_row(
                BoardResponse,
                path + ("groups", g_index, "responses", s_index),
                audit=audit,
                year=response_part.year,
                stance=STANCES[response_part.stance],
                text=response_part.text,
            )
            response.boards.set(boards[name] for name in response_part.boards)
            response.recommendations.set(
                recommendations[number] for number in response_part.recommendations
            )
    return audit


def _follow_up(
    review: FollowUpReview,
    audit: Audit,
    part: AuditPart,
    boards: dict[str, Board],
    *,
    position: int,
    path: Path,
) -> None:
    """This review's part: the overall assessment, shared findings and each assessment."""
    create_row(
        ReviewedAudit,
        path + ("follow_up",),
        review=review,
        audit=audit,
        position=position,
        introduction=part.follow_up.introduction,
        overall_assessment=part.follow_up.overall_assessment,
        colour=COLOURS.get(part.follow_up.colour, ""),
    )
    groups = list(audit.groups.order_by("position"))
    recommendations = {r.number: r for r in audit.recommendations.all()}
    for g_index, (group_part, group) in enumerate(zip(part.groups, groups, strict=True)):
        group_path = path + ("groups", g_index)
        if group_part.shared_findings:
            create_row(
                GroupFindings,
                group_path + ("shared_findings",),
                review=review,
                group=group,
                text=group_part.shared_findings,
            )
        for r_index, rec_part in enumerate(group_part.recommendations):
            if rec_part.status is None:
                continue  # part of the audit, not of this review
            rec_path = group_path + ("recommendations", r_index)
            assessment = create_row(
                Assessment,
                rec_path,
                review=review,
                recommendation=recommendations[rec_part.number],
                status=STATUSES[rec_part.status],
                findings=rec_part.findings,
            )
            for name, text in rec_part.findings_by_board.items():
                create_row(
                    BoardFindings,
                    rec_path + ("findings_by_board", name),
                    assessment=assessment,
                    board=boards[name],
                    text=text,
                )
