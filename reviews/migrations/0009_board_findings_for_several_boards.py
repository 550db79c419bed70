"""Findings per board name their boards as a set (findings written jointly for several
boards): each stored row keeps the one board it had."""

from django.db import migrations


def boards_from_board(apps, schema_editor):
    BoardFindings = apps.get_model("reviews", "BoardFindings")
    Through = BoardFindings.boards.through
    Through.objects.bulk_create(
        Through(boardfindings_id=pk, board_id=board_id)
        for pk, board_id in BoardFindings.objects.values_list("pk", "board_id")
    )


def board_from_boards(apps, schema_editor):
    BoardFindings = apps.get_model("reviews", "BoardFindings")
    for findings in BoardFindings.objects.prefetch_related("boards"):
        boards = list(findings.boards.all())
        if len(boards) != 1:
            raise RuntimeError("Joint findings for several boards cannot be migrated back.")
        findings.board_id = boards[0].pk
        findings.save(update_fields=["board"])


class Migration(migrations.Migration):
    dependencies = [("reviews", "0008_firm_variants")]

    operations = [
        migrations.RunPython(boards_from_board, board_from_boards),
        migrations.RemoveField(model_name="boardfindings", name="board"),
        migrations.RemoveField(model_name="historicalboardfindings", name="board"),
    ]
