"""Databases made by earlier layouts migrate with every row intact: organisations,
boards, firms and memberships once inside `reviews` move to the `organisations` app;
findings per board, once for one board each, name their boards as a set."""

from django.contrib.auth.models import User
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from organisations.models import Board, Membership, Organisation, Role
from organisations.scope import scope_of
from reviews.documents import COLOURS, STANCES, STATUSES, read_review_file
from reviews.models import Assessment, Recommendation
from tests.conftest import SEED_FILE

BEFORE = ("reviews", "0006_response_created_at")
AFTER = [("organisations", "0001_initial"), ("reviews", "0007_organisations_moved")]


def every_row() -> dict[str, list[tuple]]:
    """Every row of every table of the two apps, in primary-key order."""
    with connection.cursor() as cursor:
        tables = sorted(
            t for t in connection.introspection.table_names(cursor) if t.startswith("reviews_")
        )
        rows = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            rows[table] = cursor.fetchall()
    return rows


def store_seed(apps) -> None:
    """The seed review, stored through a past layout's own models (today's importer writes
    today's columns): its organisation, boards, firm, audits with their groups,
    recommendations and responses, and the review with its assessments."""
    document = read_review_file(SEED_FILE.read_text(encoding="utf-8")).document

    def model(name):
        return apps.get_model("reviews", name)

    organisation = model("Organisation").objects.create(name=document.organisation.name)
    boards = {
        part.name: model("Board").objects.create(organisation=organisation, name=part.name)
        for part in document.boards
    }
    firms = {}

    def firm(name):
        return firms.setdefault(name, model("Firm").objects.get_or_create(name=name)[0])

    part = document.review
    review = model("FollowUpReview").objects.create(
        organisation=organisation,
        title=part.title,
        year=part.year,
        firm=firm(part.firm),
        purpose=part.purpose,
        method=part.method,
        summary=part.summary,
    )
    for position, audit_part in enumerate(document.audits, start=1):
        audit = model("Audit").objects.create(
            organisation=organisation,
            title=audit_part.title,
            year=audit_part.year,
            firm=firm(audit_part.firm),
            purpose=audit_part.purpose,
            conclusion=audit_part.conclusion,
        )
        audit.boards.set(boards[name] for name in audit_part.boards)
        follow_up = audit_part.follow_up
        model("ReviewedAudit").objects.create(
            review=review,
            audit=audit,
            position=position,
            introduction=follow_up.introduction,
            overall_assessment=follow_up.overall_assessment,
            colour=COLOURS.get(follow_up.colour, ""),
        )
        numbered = {}
        for g_position, group_part in enumerate(audit_part.groups, start=1):
            group = model("RecommendationGroup").objects.create(
                audit=audit,
                position=g_position,
                title=group_part.title,
                observations=group_part.observations,
            )
            if group_part.shared_findings:
                model("GroupFindings").objects.create(
                    review=review, group=group, text=group_part.shared_findings
                )
            for rec_part in group_part.recommendations:
                rec = model("Recommendation").objects.create(
                    audit=audit,
                    group=group,
                    number=rec_part.number,
                    text=rec_part.text,
                    addressed_to_all_boards=rec_part.addressed_to_all_boards,
                )
                rec.addressed_to.set(boards[name] for name in rec_part.addressed_to)
                numbered[rec_part.number] = rec
                if rec_part.status is not None:
                    assessment = model("Assessment").objects.create(
                        review=review,
                        recommendation=rec,
                        status=STATUSES[rec_part.status],
                        findings=rec_part.findings,
                    )
                    for name, text in rec_part.findings_by_board.items():
                        model("BoardFindings").objects.create(
                            assessment=assessment, board=boards[name], text=text
                        )
        for group_part in audit_part.groups:
            for response_part in group_part.responses:
                response = model("BoardResponse").objects.create(
                    audit=audit,
                    year=response_part.year,
                    stance=STANCES[response_part.stance],
                    text=response_part.text,
                )
                response.boards.set(boards[name] for name in response_part.boards)
                response.recommendations.set(
                    numbered[number] for number in response_part.recommendations
                )


def test_a_database_of_the_previous_layout_migrates_with_every_row_intact(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    # The seed, as the previous main stored it: its tables are the ones these models use.
    store_seed(old.apps)
    # Memberships and a board's successor, through the previous layout's own models.
    OldOrganisation = old.apps.get_model("reviews", "Organisation")
    OldBoard = old.apps.get_model("reviews", "Board")
    OldMembership = old.apps.get_model("reviews", "Membership")
    OldUser = old.apps.get_model("auth", "User")
    haninge = OldOrganisation.objects.get()
    social = OldBoard.objects.get(name="Socialnämnden")
    renamed = OldBoard.objects.create(organisation=haninge, name="Social- och äldrenämnden")
    social.successors.add(renamed)
    for name, role in [("anna", "auditor"), ("rut", "board_respondent"), ("sam", "secretary")]:
        membership = OldMembership.objects.create(
            user=OldUser.objects.create(username=name), organisation=haninge, role=role
        )
        if role == "board_respondent":
            membership.boards.add(renamed)
    # An administrator's permission on boards, as the previous layout named it.
    OldContentType = old.apps.get_model("contenttypes", "ContentType")
    OldPermission = old.apps.get_model("auth", "Permission")
    board_type = OldContentType.objects.create(app_label="reviews", model="board")
    change_board = OldPermission.objects.create(
        content_type=board_type, codename="change_board", name="Can change board"
    )
    staff = OldUser.objects.create(username="ulla", is_staff=True)
    staff.user_permissions.add(change_board)
    before = every_row()
    assert len(before["reviews_recommendation"]) == 44  # the seed is there
    assert before["reviews_membership_boards"] and before["reviews_board_successors"]

    new = migrator.apply_tested_migration(AFTER)

    assert every_row() == before  # no table renamed, emptied or copied
    assert ("reviews", "membership") not in new.models
    assert new.apps.get_model("organisations", "Membership").objects.count() == 3
    # Today's models need today's tables: on to the latest migrations (which keep these).
    migrator.apply_tested_migration(MigrationLoader(connection).graph.leaf_nodes())
    # Today's models read the rows, lineage and roles included.
    assert Organisation.objects.get().name == haninge.name
    assert [b.name for b in Board.objects.get(pk=renamed.pk).lineage()] == [
        "Social- och äldrenämnden",
        "Socialnämnden",
    ]
    rut = User.objects.get(username="rut")
    assert Membership.objects.get(user=rut).role == Role.BOARD_RESPONDENT
    assert scope_of(rut).boards == {renamed.pk, social.pk}
    to_social = Recommendation.objects.filter(addressed_to=social.pk)
    assert to_social.exists()
    assert set(to_social) <= set(Recommendation.objects.visible_to(rut))
    # The content type moved with the model: the administrator keeps the permission.
    assert User.objects.get(username="ulla").has_perm("organisations.change_board")


def test_findings_for_one_board_each_become_findings_for_a_set_of_boards(migrator):
    old = migrator.apply_initial_migration(("reviews", "0008_firm_variants"))
    store_seed(_MovedApps(old.apps))
    # Findings per board for two of the seed's assessments (the seed itself has none).
    OldFindings = old.apps.get_model("reviews", "BoardFindings")
    boards = old.apps.get_model("organisations", "Board").objects.order_by("pk")[:2]
    for assessment in old.apps.get_model("reviews", "Assessment").objects.order_by("pk")[:2]:
        for board in boards:
            OldFindings.objects.create(
                assessment=assessment, board=board, text=f"Uppföljning för {board.name}."
            )
    before = sorted(OldFindings.objects.values_list("pk", "assessment_id", "board_id", "text"))
    assert len(before) == 4

    migrator.apply_tested_migration(("reviews", "0009_board_findings_for_several_boards"))

    after = sorted(
        (f.pk, f.assessment_id, [b.pk for b in f.boards.all()], f.text)
        for assessment in Assessment.objects.prefetch_related("board_findings__boards")
        for f in assessment.board_findings.all()
    )
    assert after == [(pk, assessment, [board], text) for pk, assessment, board, text in before]


class _MovedApps:
    """A past layout's apps with organisations, boards and firms in `organisations`, as
    they are from 0007 on."""

    MOVED = {"Organisation", "Board", "Firm"}

    def __init__(self, apps):
        self.apps = apps

    def get_model(self, app_label, name):
        return self.apps.get_model("organisations" if name in self.MOVED else app_label, name)
