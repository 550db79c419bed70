"""GIN indexes for Swedish full-text search on PostgreSQL (core.search): on the very
expressions the search filters on, so the planner uses them. SQLite has no such index;
there the search folds and scans."""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from core.search import swedish_vector

INDEXES = [
    ("Recommendation", "text", "recommendation_text_swedish"),
    ("RecommendationGroup", "observations", "group_observations_swedish"),
    ("Audit", "title", "audit_title_swedish"),
]


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, field, name in INDEXES:
        model = apps.get_model("reviews", model_name)
        schema_editor.add_index(model, GinIndex(swedish_vector(field), name=name))


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, field, name in INDEXES:
        model = apps.get_model("reviews", model_name)
        schema_editor.remove_index(model, GinIndex(swedish_vector(field), name=name))


class Migration(migrations.Migration):
    dependencies = [("reviews", "0011_latest_status_stored")]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]
