"""Writing a review file, and building the document of a stored review."""

from core.documents import dump_document
from organisations.models import Organisation

from ..choices import Status
from ..models import Audit, FollowUpReview, ReviewedAudit
from ..outline import Block, blocks_of
from .schema import (
    BOARD_KINDS,
    COLOURS,
    FORMAT,
    ORGANISATION_KINDS,
    REVIEW_STATES,
    STANCES,
    AuditPart,
    BoardPart,
    FollowUpPart,
    GroupPart,
    OrganisationPart,
    RecommendationPart,
    ResponsePart,
    ReviewDocument,
    ReviewPart,
    word_for,
)


def dump_review_document(document: ReviewDocument) -> str:
    return dump_document(document)


def review_to_document(review: FollowUpReview) -> ReviewDocument:
    """The document of a stored review; pass one from `FollowUpReview.objects.for_export()`."""
    assessments = {a.recommendation_id: a for a in review.assessments.all()}
    shared = {g.group_id: g.text for g in review.group_findings.all()}
    audits = [
        audit_to_part(
            reviewed.audit,
            assessments=assessments,
            shared=shared,
            follow_up=reviewed,
            responses=review.printed_responses(reviewed.audit.responses.all()),
        )
        for reviewed in review.reviewed_audits.all()
    ]
    return ReviewDocument(
        format=FORMAT,
        organisation=OrganisationPart(
            name=review.organisation.name,
            kind=word_for(ORGANISATION_KINDS, review.organisation.kind),
        ),
        boards=_board_parts(review.organisation, audits),
        review=ReviewPart(
            title=review.title,
            year=review.year,
            firm=review.firm.name,
            state=word_for(REVIEW_STATES, review.state),
            purpose=review.purpose,
            method=review.method,
            summary=review.summary,
        ),
        audits=audits,
    )


def _board_parts(organisation: Organisation, audits: list[AuditPart]) -> list[BoardPart]:
    """Every board the audits name, and the boards that replaced them, in stored order."""
    boards = {b.name: b for b in organisation.boards.prefetch_related("successors")}
    named = set()
    for audit in audits:
        named.update(audit.boards)
        for group in audit.groups:
            for rec in group.recommendations:
                named.update(rec.addressed_to)
                named.update(rec.findings_by_board)
            for response in group.responses:
                named.update(response.boards)
    queue = list(named)
    while queue:
        for successor in boards[queue.pop()].successors.all():
            if successor.name not in named:
                named.add(successor.name)
                queue.append(successor.name)
    return [
        BoardPart(
            name=board.name,
            kind=word_for(BOARD_KINDS, board.kind),
            replaced_by=[s.name for s in sorted(board.successors.all(), key=by_pk)],
        )
        for board in sorted(boards.values(), key=by_pk)
        if board.name in named
    ]


def by_pk(instance) -> int:
    return instance.pk


def audit_to_part(
    audit: Audit,
    *,
    assessments: dict | None = None,
    shared: dict | None = None,
    follow_up: ReviewedAudit | None = None,
    responses: list | None = None,
) -> AuditPart:
    """One audit as the document writes it, with one review's follow-up if given, and
    the board responses given (default: all of them)."""
    blocks = blocks_of(
        audit,
        responses=audit.responses.all() if responses is None else responses,
        by_recommendation=assessments,
        shared=shared,
    )
    return AuditPart(
        title=audit.title,
        year=audit.year,
        firm=audit.firm.name,
        boards=[b.name for b in sorted(audit.boards.all(), key=by_pk)],
        purpose=audit.purpose,
        conclusion=audit.conclusion,
        follow_up=FollowUpPart(
            introduction=follow_up.introduction,
            overall_assessment=follow_up.overall_assessment,
            colour=word_for(COLOURS, follow_up.colour) if follow_up.colour else None,
        )
        if follow_up
        else FollowUpPart(),
        groups=[_group_part(block) for block in blocks],
    )


def _group_part(block: Block) -> GroupPart:
    return GroupPart(
        title=block.group.title,
        observations=block.group.observations,
        recommendations=[
            _recommendation_part(recommendation, assessment)
            for recommendation, assessment in block.items
        ],
        responses=[_response_part(response) for response in block.responses],
        shared_findings=block.shared,
    )


def _recommendation_part(rec, assessment) -> RecommendationPart:
    return RecommendationPart(
        number=rec.number,
        text=rec.text,
        addressed_to=[b.name for b in sorted(rec.addressed_to.all(), key=by_pk)],
        addressed_to_all_boards=rec.addressed_to_all_boards,
        status=Status(assessment.status).word if assessment else None,
        findings=assessment.findings if assessment else "",
        findings_by_board={f.board.name: f.text for f in assessment.board_findings.all()}
        if assessment
        else {},
    )


def _response_part(response) -> ResponsePart:
    return ResponsePart(
        boards=[b.name for b in sorted(response.boards.all(), key=by_pk)],
        year=response.year,
        stance=word_for(STANCES, response.stance),
        recommendations=sorted(rec.number for rec in response.recommendations.all()),
        text=response.text,
    )
