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
from ..documents.schema import LAYOUTS, RecommendationPart, ReviewPart
from ..models import (
    Assessment,
    Audit,
    BoardFindings,
    BoardResponse,
    BoardStatus,
    FollowUpReview,
    GroupFindings,
    Recommendation,
    RecommendationGroup,
    ReportContact,
    ReportSection,
    ReportSignature,
    ReviewedAudit,
    SectionPlacement,
    SubAssessment,
    SubRecommendation,
    derived_status,
)

# A recommendation in a file: (title of the review that issued it, or None for the
# audit's own, its number).
Key = tuple[str | None, int]


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
        review = _review(organisation, part)
        for index, audit_part in enumerate(document.audits):
            path = ("audits", index)
            audit = _audit(organisation, audit_part, boards, review, path)
            _follow_up(review, audit, audit_part, boards, position=index + 1, path=path)
        if state == FollowUpReview.State.PUBLISHED:
            # Published once everything it prints is stored, as if published in the app.
            review.state, review.published_at = state, timezone.now()
            review.save(update_fields=["state", "published_at"])
    return review


def _review(organisation: Organisation, part: ReviewPart) -> FollowUpReview:
    review = create_row(
        FollowUpReview,
        ("review",),
        organisation=organisation,
        title=part.title,
        year=part.year,
        firm=_firm(part.firm, ("review", "firm")),
        report_date=part.date,
        purpose=part.purpose,
        method=part.method,
        summary=part.summary,
        layout=LAYOUTS[part.layout],
        responses_title=part.titles.responses,
        findings_title=part.titles.findings,
        assessment_title=part.titles.assessment,
        chapter_prefix=part.chapters.prefix,
        first_chapter=part.chapters.first,
        grading_scale="\n".join(part.grading.scale) if part.grading else "",
        grade_in_summary=part.grading.in_summary if part.grading else False,
        prints_status_table=part.status_table,
        names_boards_in_responses=part.name_boards_in_responses,
        audit_years_in_list=part.audit_years_in_list,
        recommendations_lead_in=part.recommendations_lead_in,
    )
    for placement, key in (
        (SectionPlacement.BEFORE, "sections_before"),
        (SectionPlacement.AFTER, "sections_after"),
    ):
        for index, section in enumerate(getattr(part, key)):
            create_row(
                ReportSection,
                ("review", key, index),
                review=review,
                placement=placement,
                position=index + 1,
                heading=section.heading,
                text=section.text,
            )
    for model, key in ((ReportContact, "contacts"), (ReportSignature, "signatures")):
        for index, person in enumerate(getattr(part, key)):
            create_row(
                model,
                ("review", key, index),
                review=review,
                position=index + 1,
                **person.model_dump(),
            )
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
    organisation: Organisation,
    part: AuditPart,
    boards: dict[str, Board],
    review: FollowUpReview,
    path: Path,
) -> Audit:
    """The stored audit the part describes, or a new one. The recommendations this review
    issues are not part of it yet (see `_follow_up`)."""
    stored = Audit.objects.filter(
        organisation=organisation, title=part.title, year=part.year
    ).first()
    if stored is not None:
        # As the review being imported holds it: not yet with what later reviews issued.
        before = FollowUpReview(year=review.year)
        difference = first_difference(
            part.content(leaving_out=review.title),
            audit_to_part(stored, review=before).content(),
        )
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

    for g_index, group_part in enumerate(part.groups):
        if group_part.issued_by not in (None, review.title):
            raise DocumentError(
                [
                    Problem(
                        path + ("groups", g_index, "issued_by"),
                        _(
                            "The review %(title)r issued these recommendations, but it does not "
                            "follow up this audit in the database: import that review first."
                        )
                        % {"title": group_part.issued_by},
                    )
                ]
            )
    audit = create_row(
        Audit,
        path,
        organisation=organisation,
        title=part.title,
        year=part.year,
        firm=_firm(part.firm, path + ("firm",)) if part.firm else None,
        all_boards=part.all_boards,
        purpose=part.purpose,
        conclusion=part.conclusion,
    )
    audit.boards.set(boards[name] for name in part.boards)
    recommendations: dict[int, Recommendation] = {}
    for g_index, group_part in enumerate(part.groups):
        if group_part.issued_by is not None:
            continue  # issued by this review: see _follow_up
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
            recommendation = _recommendation(
                group, rec_part, boards, group_path + ("recommendations", r_index)
            )
            recommendations[rec_part.number] = recommendation
    for g_index, group_part in enumerate(part.groups):
        for s_index, response_part in enumerate(group_part.responses):
            response = create_row(
                BoardResponse,
                path + ("groups", g_index, "responses", s_index),
                audit=audit,
                year=response_part.year,
                stance=STANCES[response_part.stance],
                decision_date=response_part.decision_date,
                decision_reference=response_part.decision_reference,
                text=response_part.text,
            )
            response.boards.set(boards[name] for name in response_part.boards)
            response.recommendations.set(
                recommendations[number] for number in response_part.recommendations
            )
    return audit


def _recommendation(
    group: RecommendationGroup,
    part: RecommendationPart,
    boards: dict[str, Board],
    path: Path,
) -> Recommendation:
    recommendation = create_row(
        Recommendation,
        path,
        audit=group.audit,
        group=group,
        issued_by=group.issued_by,
        number=part.number,
        short_title=part.short_title,
        text=part.text,
        addressed_to_all_boards=part.addressed_to_all_boards,
    )
    recommendation.addressed_to.set(boards[name] for name in part.addressed_to)
    for index, sub in enumerate(part.parts):
        create_row(
            SubRecommendation,
            path + ("parts", index),
            recommendation=recommendation,
            letter=sub.letter,
            text=sub.text,
        )
    return recommendation


def _key(earlier) -> Key:
    return (None, earlier) if isinstance(earlier, int) else (earlier.issued_by, earlier.number)


def _follow_up(
    review: FollowUpReview,
    audit: Audit,
    part: AuditPart,
    boards: dict[str, Board],
    *,
    position: int,
    path: Path,
) -> None:
    """This review's part: the overall assessment, the recommendations it issues, shared
    findings and each assessment."""
    create_row(
        ReviewedAudit,
        path + ("follow_up",),
        review=review,
        audit=audit,
        position=position,
        introduction=part.follow_up.introduction,
        overall_assessment=part.follow_up.overall_assessment,
        colour=COLOURS.get(part.follow_up.colour, ""),
        grade=part.follow_up.grade or "",
    )
    groups = _groups(review, audit, part, boards, path)
    recommendations: dict[Key, Recommendation] = {
        (group_part.issued_by, rec.number): rec
        for group_part, group in zip(part.groups, groups, strict=True)
        for rec in group.recommendations.all()
    }
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
            rec_path = group_path + ("recommendations", r_index)
            recommendation = recommendations[(group_part.issued_by, rec_part.number)]
            if group_part.issued_by == review.title:
                recommendation.continues.set(recommendations[_key(c)] for c in rec_part.continues)
            if rec_part.followed_up:
                _assessment(review, recommendation, rec_part, boards, rec_path)


def _groups(
    review: FollowUpReview, audit: Audit, part: AuditPart, boards: dict[str, Board], path: Path
) -> list[RecommendationGroup]:
    """The stored groups, in the file's order, and those this review issues, created."""
    stored = [
        group
        for group in audit.groups.select_related("issued_by").prefetch_related("recommendations")
        if group.issued_by is None or group.issued_by.year <= review.year
    ]
    stored.sort(key=lambda group: group.position)
    last = max((group.position for group in audit.groups.all()), default=0)
    groups = []
    for g_index, group_part in enumerate(part.groups):
        if group_part.issued_by != review.title:
            groups.append(stored.pop(0))
            continue
        last += 1
        group_path = path + ("groups", g_index)
        group = create_row(
            RecommendationGroup,
            group_path,
            audit=audit,
            position=last,
            title=group_part.title,
            observations=group_part.observations,
            issued_by=review,
        )
        for r_index, rec_part in enumerate(group_part.recommendations):
            _recommendation(group, rec_part, boards, group_path + ("recommendations", r_index))
        groups.append(group)
    return groups


def _assessment(
    review: FollowUpReview,
    recommendation: Recommendation,
    part: RecommendationPart,
    boards: dict[str, Board],
    path: Path,
) -> None:
    assessment = create_row(
        Assessment,
        path,
        review=review,
        recommendation=recommendation,
        status=STATUSES[part.status] if part.status is not None else "",
        status_overridden=part.status is not None and bool(part.parts or part.status_by_board),
        findings=part.findings,
    )
    for name, word in part.status_by_board.items():
        create_row(
            BoardStatus,
            path + ("status_by_board", name),
            assessment=assessment,
            board=boards[name],
            status=STATUSES[word],
        )
    for name, text in part.findings_by_board.items():
        findings = create_row(
            BoardFindings, path + ("findings_by_board", name), assessment=assessment, text=text
        )
        findings.boards.set([boards[name]])
    for index, joint in enumerate(part.joint_findings):
        findings = create_row(
            BoardFindings, path + ("joint_findings", index), assessment=assessment, text=joint.text
        )
        findings.boards.set(boards[name] for name in joint.boards)
    stored_parts = {p.letter: p for p in recommendation.parts.all()}
    for index, sub in enumerate(part.parts):
        if sub.status is not None:
            create_row(
                SubAssessment,
                path + ("parts", index),
                assessment=assessment,
                part=stored_parts[sub.letter],
                status=STATUSES[sub.status],
                findings=sub.findings,
            )
    if part.status is None:
        sub_statuses = [
            STATUSES[sub.status] if sub.status is not None else "" for sub in part.parts
        ] + [STATUSES[word] for word in part.status_by_board.values()]
        assessment.status = derived_status(sub_statuses)
        assessment.save(update_fields=["status"])
