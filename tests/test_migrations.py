"""A database made by the previous layout (organisations, boards, firms and memberships
inside `reviews`) migrates to the `organisations` app with every row intact."""

from django.contrib.auth.models import User
from django.db import connection

from organisations.models import Board, Membership, Organisation, Role
from organisations.scope import scope_of
from reviews.documents import read_review_file
from reviews.models import Recommendation
from reviews.services import review_import
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


def test_a_database_of_the_previous_layout_migrates_with_every_row_intact(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    # The seed, as the previous main stored it: its tables are the ones these models use.
    review_import(document=read_review_file(SEED_FILE.read_text(encoding="utf-8")).document)
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
