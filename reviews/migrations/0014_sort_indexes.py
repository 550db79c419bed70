"""Indexes for the lists' Swedish sort orders on PostgreSQL (core.collation): a region's
list sorted by recommendation text or audit title reads them in order instead of sorting
every row. On the very expressions the lists order by, so the planner uses them; SQLite
has no ICU collation and sorts."""

from django.db import migrations, models
from django.db.models.functions import Collate, Left

from core.collation import POSTGRESQL_COLLATION, SORT_PREFIX_LENGTH

# As SwedishCollate compiles them on PostgreSQL (an index takes only Collate itself).
INDEXES = [
    (
        "Recommendation",
        lambda: Collate(Left("text", SORT_PREFIX_LENGTH), POSTGRESQL_COLLATION),
        "recommendation_text_sort",
    ),
    ("Audit", lambda: Collate("title", POSTGRESQL_COLLATION), "audit_title_sort"),
]


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, expression, name in INDEXES:
        model = apps.get_model("reviews", model_name)
        schema_editor.add_index(model, models.Index(expression(), name=name))


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, expression, name in INDEXES:
        model = apps.get_model("reviews", model_name)
        schema_editor.remove_index(model, models.Index(expression(), name=name))


class Migration(migrations.Migration):
    dependencies = [("reviews", "0013_render_started_at")]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]
