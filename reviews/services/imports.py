"""Importing a whole review document in one transaction: every row is built and checked
first, then written in bulk (`core.rows.RowBatch`)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.documents import create_row
from core.rows import Progress, RowBatch
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


def review_import(*, document: ReviewDocument, progress: Progress | None = None) -> FollowUpReview:
    """Create the review a checked document describes, all or nothing.

    Organisation, boards and firm are reused by name; an audit already stored is
    reused only if the document describes it identically. Raises DocumentError, with
    paths into the document, for anything that conflicts with what is stored.
    `progress(model, rows)` is told before each table is written.
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
        _Import(organisation, boards, review).build(document.audits).write(progress)
        if state == FollowUpReview.State.PUBLISHED:
            # Published once everything it prints is stored, as if published in the app
            # (the state's change refreshes the stored latest statuses: reviews/signals.py).
            review.state, review.published_at = state, timezone.now()
            review.save(update_fields=["state", "published_at"])
        else:  # bulk_create sent no signal for the assessments
            Recommendation.objects.filter(assessments__review=review).refresh_latest()
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


class _Group:
    """A group of recommendations as the import holds it: stored, or built from the file."""

    def __init__(self, group: RecommendationGroup, recommendations: list[Recommendation]):
        self.group = group
        self.recommendations = recommendations


class _Import:
    """The rows one review document adds, built audit by audit, then written at once."""

    def __init__(self, organisation: Organisation, boards: dict[str, Board], review):
        self.organisation = organisation
        self.boards = boards
        self.review = review
        self.rows = RowBatch()
        self.stored_audits = {
            (audit.title, audit.year): audit
            for audit in Audit.objects.filter(organisation=organisation)
        }
        self.firms: dict[str, Firm] = {}
        # Each new recommendation's lettered parts, by the recommendation's id() (an
        # unsaved row has no key of its own).
        self.parts: dict[int, dict[str, SubRecommendation]] = {}

    def build(self, audits: list[AuditPart]) -> RowBatch:
        for index, audit_part in enumerate(audits):
            path = ("audits", index)
            audit, groups = self._audit(audit_part, path)
            self._follow_up(audit, groups, audit_part, position=index + 1, path=path)
        return self.rows

    def _audit(self, part: AuditPart, path: Path) -> tuple[Audit, list[_Group] | None]:
        """The stored audit the part describes, or a new one with its own groups (None for
        a stored one: `_groups` reads them). The recommendations this review issues are
        not part of it yet (see `_follow_up`)."""
        review = self.review
        stored = self.stored_audits.get((part.title, part.year))
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
            return stored, None

        for g_index, group_part in enumerate(part.groups):
            if group_part.issued_by not in (None, review.title):
                raise DocumentError(
                    [
                        Problem(
                            path + ("groups", g_index, "issued_by"),
                            _(
                                "The review %(title)r issued these recommendations, but it does "
                                "not follow up this audit in the database: import that review "
                                "first."
                            )
                            % {"title": group_part.issued_by},
                        )
                    ]
                )
        audit = self.rows.add(
            Audit,
            path,
            organisation=self.organisation,
            title=part.title,
            year=part.year,
            firm=self._firm(part.firm, path + ("firm",)) if part.firm else None,
            all_boards=part.all_boards,
            purpose=part.purpose,
            conclusion=part.conclusion,
        )
        self.rows.link(audit, "boards", (self.boards[name] for name in part.boards))
        groups: list[_Group] = []
        recommendations: dict[int, Recommendation] = {}
        for g_index, group_part in enumerate(part.groups):
            if group_part.issued_by is not None:
                continue  # issued by this review: see _groups
            group_path = path + ("groups", g_index)
            group = self.rows.add(
                RecommendationGroup,
                group_path,
                audit=audit,
                position=g_index + 1,
                title=group_part.title,
                observations=group_part.observations,
            )
            made = [
                self._recommendation(group, rec_part, group_path + ("recommendations", r_index))
                for r_index, rec_part in enumerate(group_part.recommendations)
            ]
            recommendations.update((rec.number, rec) for rec in made)
            groups.append(_Group(group, made))
        for g_index, group_part in enumerate(part.groups):
            for s_index, response_part in enumerate(group_part.responses):
                response = self.rows.add(
                    BoardResponse,
                    path + ("groups", g_index, "responses", s_index),
                    audit=audit,
                    year=response_part.year,
                    stance=STANCES[response_part.stance],
                    decision_date=response_part.decision_date,
                    decision_reference=response_part.decision_reference,
                    text=response_part.text,
                )
                self.rows.link(
                    response, "boards", (self.boards[name] for name in response_part.boards)
                )
                self.rows.link(
                    response,
                    "recommendations",
                    (recommendations[number] for number in response_part.recommendations),
                )
        return audit, groups

    def _firm(self, name: str, path: Path) -> Firm:
        if name not in self.firms:
            self.firms[name] = _firm(name, path)
        return self.firms[name]

    def _recommendation(
        self, group: RecommendationGroup, part: RecommendationPart, path: Path
    ) -> Recommendation:
        recommendation = self.rows.add(
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
        self.rows.link(
            recommendation, "addressed_to", (self.boards[name] for name in part.addressed_to)
        )
        self.parts[id(recommendation)] = {
            sub.letter: self.rows.add(
                SubRecommendation,
                path + ("parts", index),
                recommendation=recommendation,
                letter=sub.letter,
                text=sub.text,
            )
            for index, sub in enumerate(part.parts)
        }
        return recommendation

    def _follow_up(
        self,
        audit: Audit,
        own_groups: list[_Group] | None,
        part: AuditPart,
        *,
        position: int,
        path: Path,
    ) -> None:
        """This review's part: the overall assessment, the recommendations it issues, shared
        findings and each assessment."""
        review = self.review
        self.rows.add(
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
        groups = self._groups(audit, own_groups, part, path)
        recommendations: dict[Key, Recommendation] = {
            (group_part.issued_by, rec.number): rec
            for group_part, group in zip(part.groups, groups, strict=True)
            for rec in group.recommendations
        }
        for g_index, (group_part, group) in enumerate(zip(part.groups, groups, strict=True)):
            group_path = path + ("groups", g_index)
            if group_part.shared_findings:
                self.rows.add(
                    GroupFindings,
                    group_path + ("shared_findings",),
                    review=review,
                    group=group.group,
                    text=group_part.shared_findings,
                )
            for r_index, rec_part in enumerate(group_part.recommendations):
                rec_path = group_path + ("recommendations", r_index)
                recommendation = recommendations[(group_part.issued_by, rec_part.number)]
                if group_part.issued_by == review.title:
                    self.rows.link(
                        recommendation,
                        "continues",
                        (recommendations[_key(c)] for c in rec_part.continues),
                    )
                if rec_part.followed_up:
                    self._assessment(recommendation, rec_part, rec_path)

    def _groups(
        self, audit: Audit, own_groups: list[_Group] | None, part: AuditPart, path: Path
    ) -> list[_Group]:
        """The audit's groups, in the file's order, and those this review issues, built."""
        review = self.review
        if own_groups is None:  # a stored audit
            everything = list(
                audit.groups.select_related("issued_by").prefetch_related("recommendations__parts")
            )
            stored = [
                _Group(group, list(group.recommendations.all()))
                for group in sorted(everything, key=lambda group: group.position)
                if group.issued_by is None or group.issued_by.year <= review.year
            ]
            last = max((group.position for group in everything), default=0)
        else:
            stored = list(own_groups)
            last = max((own.group.position for own in own_groups), default=0)
        groups = []
        for g_index, group_part in enumerate(part.groups):
            if group_part.issued_by != review.title:
                groups.append(stored.pop(0))
                continue
            last += 1
            group_path = path + ("groups", g_index)
            group = self.rows.add(
                RecommendationGroup,
                group_path,
                audit=audit,
                position=last,
                title=group_part.title,
                observations=group_part.observations,
                issued_by=review,
            )
            made = [
                self._recommendation(group, rec_part, group_path + ("recommendations", r_index))
                for r_index, rec_part in enumerate(group_part.recommendations)
            ]
            groups.append(_Group(group, made))
        return groups

    def _assessment(
        self, recommendation: Recommendation, part: RecommendationPart, path: Path
    ) -> None:
        boards = self.boards
        status = STATUSES[part.status] if part.status is not None else ""
        if part.status is None:
            status = derived_status(
                [STATUSES[sub.status] if sub.status is not None else "" for sub in part.parts]
                + [STATUSES[word] for word in part.status_by_board.values()]
            )
        assessment = self.rows.add(
            Assessment,
            path,
            review=self.review,
            recommendation=recommendation,
            status=status,
            status_overridden=part.status is not None and bool(part.parts or part.status_by_board),
            findings=part.findings,
        )
        for name, word in part.status_by_board.items():
            self.rows.add(
                BoardStatus,
                path + ("status_by_board", name),
                assessment=assessment,
                board=boards[name],
                status=STATUSES[word],
            )
        for name, text in part.findings_by_board.items():
            findings = self.rows.add(
                BoardFindings, path + ("findings_by_board", name), assessment=assessment, text=text
            )
            self.rows.link(findings, "boards", [boards[name]])
        for index, joint in enumerate(part.joint_findings):
            findings = self.rows.add(
                BoardFindings,
                path + ("joint_findings", index),
                assessment=assessment,
                text=joint.text,
            )
            self.rows.link(findings, "boards", (boards[name] for name in joint.boards))
        if id(recommendation) in self.parts:
            stored_parts = self.parts[id(recommendation)]
        else:
            stored_parts = {p.letter: p for p in recommendation.parts.all()}
        for index, sub in enumerate(part.parts):
            if sub.status is not None:
                self.rows.add(
                    SubAssessment,
                    path + ("parts", index),
                    assessment=assessment,
                    part=stored_parts[sub.letter],
                    status=STATUSES[sub.status],
                    findings=sub.findings,
                )


def _key(earlier) -> Key:
    return (None, earlier) if isinstance(earlier, int) else (earlier.issued_by, earlier.number)
