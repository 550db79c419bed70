"""Writing a review file, and building the document of a stored review."""

from core.documents import dump_document
from organisations.models import Organisation

from ..choices import SectionPlacement, Status
from ..models import Audit, FollowUpReview, ReviewedAudit
from ..outline import Block, blocks_of
from .schema import (
    BOARD_KINDS,
    COLOURS,
    FORMAT,
    LAYOUTS,
    ORGANISATION_KINDS,
    REVIEW_STATES,
    STANCES,
    AuditPart,
    BoardPart,
    ChaptersPart,
    ContactPart,
    EarlierRecommendation,
    FollowUpPart,
    GradingPart,
    GroupPart,
    JointFindingsPart,
    OrganisationPart,
    RecommendationPart,
    ResponsePart,
    ReviewDocument,
    ReviewPart,
    SectionPart,
    SignaturePart,
    SubRecommendationPart,
    TitlesPart,
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
            review=review,
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
        review=_review_part(review),
        audits=audits,
    )


def _review_part(review: FollowUpReview) -> ReviewPart:
    sections = list(review.sections.all())
    return ReviewPart(
        title=review.title,
        year=review.year,
        firm=review.firm.name,
        state=word_for(REVIEW_STATES, review.state),
        date=review.report_date,
        purpose=review.purpose,
        method=review.method,
        summary=review.summary,
        layout=word_for(LAYOUTS, review.layout),
        titles=TitlesPart(
            responses=review.responses_title,
            findings=review.findings_title,
            assessment=review.assessment_title,
        ),
        chapters=ChaptersPart(prefix=review.chapter_prefix, first=review.first_chapter),
        grading=GradingPart(scale=review.grades, in_summary=review.grade_in_summary)
        if review.grades
        else None,
        status_table=review.prints_status_table,
        name_boards_in_responses=review.names_boards_in_responses,
        audit_years_in_list=review.audit_years_in_list,
        recommendations_lead_in=review.recommendations_lead_in,
        sections_before=[
            SectionPart(heading=s.heading, text=s.text)
            for s in sections
            if s.placement == SectionPlacement.BEFORE
        ],
        sections_after=[
            SectionPart(heading=s.heading, text=s.text)
            for s in sections
            if s.placement == SectionPlacement.AFTER
        ],
        contacts=[
            ContactPart(name=c.name, role=c.role, organisation=c.organisation)
            for c in review.contacts.all()
        ],
        signatures=[
            SignaturePart(name=s.name, title=s.title, firm=s.firm) for s in review.signatures.all()
        ],
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
                named.update(rec.status_by_board)
                for joint in rec.joint_findings:
                    named.update(joint.boards)
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
    review,
    assessments: dict | None = None,
    shared: dict | None = None,
    follow_up: ReviewedAudit | None = None,
    responses: list | None = None,
) -> AuditPart:
    """One audit as `review` holds it (see `outline.sees`), with that review's follow-up
    if given, and the board responses given (default: all of them). `review` may be a
    review not yet stored (anything with `pk` None and `year`)."""
    blocks = blocks_of(
        audit,
        review=review,
        responses=audit.responses.all() if responses is None else responses,
        by_recommendation=assessments,
        shared=shared,
    )
    return AuditPart(
        title=audit.title,
        year=audit.year,
        firm=audit.firm.name if audit.firm else None,
        boards=[b.name for b in sorted(audit.boards.all(), key=by_pk)],
        all_boards=audit.all_boards,
        purpose=audit.purpose,
        conclusion=audit.conclusion,
        follow_up=FollowUpPart(
            introduction=follow_up.introduction,
            overall_assessment=follow_up.overall_assessment,
            colour=word_for(COLOURS, follow_up.colour) if follow_up.colour else None,
            grade=follow_up.grade or None,
        )
        if follow_up
        else FollowUpPart(),
        groups=[_group_part(block) for block in blocks],
    )


def _group_part(block: Block) -> GroupPart:
    return GroupPart(
        title=block.group.title,
        issued_by=block.group.issued_by.title if block.group.issued_by else None,
        observations=block.group.observations,
        recommendations=[
            _recommendation_part(recommendation, assessment)
            for recommendation, assessment in block.items
        ],
        responses=[_response_part(response) for response in block.responses],
        shared_findings=block.shared,
    )


def _recommendation_part(rec, assessment) -> RecommendationPart:
    board_findings = list(assessment.board_findings.all()) if assessment else []
    by_part = {p.part_id: p for p in assessment.part_assessments.all()} if assessment else {}
    return RecommendationPart(
        number=rec.number,
        short_title=rec.short_title,
        text=rec.text,
        parts=[_sub_part(part, by_part.get(part.pk)) for part in rec.parts.all()],
        addressed_to=[b.name for b in sorted(rec.addressed_to.all(), key=by_pk)],
        addressed_to_all_boards=rec.addressed_to_all_boards,
        continues=sorted((_earlier(r) for r in rec.continues.all()), key=_continued_order),
        status=Status(assessment.status).word if assessment and not assessment.is_derived else None,
        status_by_board={
            s.board.name: Status(s.status).word for s in assessment.board_statuses.all()
        }
        if assessment
        else {},
        findings=assessment.findings if assessment else "",
        findings_by_board={
            f.boards.all()[0].name: f.text for f in board_findings if not f.is_joint
        },
        joint_findings=[
            JointFindingsPart(
                boards=[b.name for b in sorted(f.boards.all(), key=by_pk)], text=f.text
            )
            for f in board_findings
            if f.is_joint
        ],
    )


def _sub_part(part, assessment) -> SubRecommendationPart:
    return SubRecommendationPart(
        letter=part.letter,
        text=part.text,
        status=Status(assessment.status).word if assessment else None,
        findings=assessment.findings if assessment else "",
    )


def _earlier(recommendation) -> int | EarlierRecommendation:
    if recommendation.issued_by is None:
        return recommendation.number
    return EarlierRecommendation(
        issued_by=recommendation.issued_by.title, number=recommendation.number
    )


def _continued_order(earlier) -> tuple:
    """The audit's own first, by number; then by review and number."""
    if isinstance(earlier, int):
        return (0, "", earlier)
    return (1, earlier.issued_by, earlier.number)


def _response_part(response) -> ResponsePart:
    return ResponsePart(
        boards=[b.name for b in sorted(response.boards.all(), key=by_pk)],
        year=response.year,
        stance=word_for(STANCES, response.stance),
        recommendations=sorted(rec.number for rec in response.recommendations.all()),
        decision_date=response.decision_date,
        decision_reference=response.decision_reference,
        text=response.text,
    )
