"""Rows an import writes in bulk: each checked when the import builds it, all written at
the end with one INSERT per table and batch, their history rows and many-to-many links too.

Written row by row, a review of 5,000 recommendations took some 50 queries per
recommendation (the model's checks, the row, its history row, each many-to-many set and
the history row each set adds). Here `add` checks a row's fields in memory and `write`
inserts every table's rows at once, a table after the tables it refers to, so that the
database has given each parent its id before its children go in.

The models' `clean` rules are rules between rows (an assessment's review covers its
recommendation's audit, and so on). They are not asked here, because most of the rows they
would read are not written yet: the document's reader checks those rules of the file (its
cross-references), and the importer builds the rows so that they hold. What the database
itself refuses (a unique constraint) is found by inserting that table's rows one by one
once its bulk insert is refused: the refused row is named by its place in the file, and
the import, all or nothing, rolls back.
"""

from collections.abc import Callable, Iterable
from graphlib import TopologicalSorter

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from simple_history.models import HistoricalRecords

from .documents import Path, refused_at

# Rows per INSERT: one statement's parameters stay well within every database's limits.
BATCH_SIZE = 500

Model = models.Model
Progress = Callable[[type[Model], int], None]


class RowBatch:
    """The rows of one import, written together by `write` inside the caller's transaction."""

    def __init__(self) -> None:
        self._rows: dict[type[Model], list[tuple[Model, Path]]] = {}
        self._links: dict[tuple[type[Model], str], list[tuple[Model, list[Model]]]] = {}

    def add(self, model: type[Model], path: Path, **fields) -> Model:
        """A new row (unsaved until `write`), its fields checked now: what they refuse is
        a problem at `path` in the file."""
        instance = model(**fields)
        relations = [field.name for field in model._meta.concrete_fields if field.is_relation]
        try:
            instance.clean_fields(exclude=relations)
        except ValidationError as error:
            raise refused_at(path, error) from None
        self._rows.setdefault(model, []).append((instance, path))
        return instance

    def link(self, instance: Model, field_name: str, targets: Iterable[Model]) -> None:
        """`instance.<field_name>.set(targets)` for a many-to-many field, done by `write`."""
        targets = list(targets)
        if targets:
            self._links.setdefault((type(instance), field_name), []).append((instance, targets))

    def count(self, model: type[Model]) -> int:
        return len(self._rows.get(model, ()))

    def write(self, progress: Progress | None = None) -> None:
        """Insert every row, link and history row; `progress(model, rows)` before each table."""
        history: dict[type[Model], list[Model]] = {}
        for model in self._order():
            rows = self._rows[model]
            if progress:
                progress(model, len(rows))
            written = _insert(model, rows)
            if written is not None:
                history[model] = written
        through_rows: dict[models.ManyToManyField, list[tuple[Model, Model]]] = {}
        for (model, name), links in self._links.items():
            field = model._meta.get_field(name)
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            made = [
                (instance, through(**{source: instance, target: other}))
                for instance, others in links
                for other in others
            ]
            through.objects.bulk_create([row for _, row in made], batch_size=BATCH_SIZE)
            through_rows[field] = made
        for model, records in history.items():
            _history_of_links(model, records, through_rows)

    def _order(self) -> list[type[Model]]:
        """The batch's models, each after the models of the batch it refers to."""
        graph = TopologicalSorter()
        for model in self._rows:
            graph.add(
                model,
                *(
                    field.related_model
                    for field in model._meta.concrete_fields
                    if field.is_relation
                    and field.related_model in self._rows
                    and field.related_model is not model
                ),
            )
        return list(graph.static_order())


def _insert(model: type[Model], rows: list[tuple[Model, Path]]) -> list[Model] | None:
    """Insert the rows; return their history rows (None when the model keeps no history,
    or when the rows went in one by one, each with its history)."""
    instances = [instance for instance, _path in rows]
    try:
        with transaction.atomic():  # a savepoint: a refused insert leaves the rest intact
            model._default_manager.bulk_create(instances, batch_size=BATCH_SIZE)
    except IntegrityError:
        # Row by row, to find the refused one and name it as a screen would ("already
        # exists"); not the models' `clean`, whose rules may read rows not written yet.
        for instance, path in rows:
            instance.pk, instance._state.adding = None, True
            try:
                with transaction.atomic():
                    instance.save()
            except IntegrityError:
                try:
                    instance.validate_unique()
                    instance.validate_constraints()
                except ValidationError as error:
                    raise refused_at(path, error) from None
                raise
        return None
    manager = getattr(model._meta, "simple_history_manager_attribute", None)
    if manager is None:
        return None
    return getattr(model, manager).bulk_history_create(instances, batch_size=BATCH_SIZE)


def _history_of_links(
    model: type[Model],
    records: list[Model],
    through_rows: dict[models.ManyToManyField, list[tuple[Model, Model]]],
) -> None:
    """The many-to-many part of each new history row, as django-simple-history records it
    for a saved row: a copy of each link the row has."""
    for field in getattr(records[0], "_history_m2m_fields", ()) if records else ():
        history_model = HistoricalRecords.m2m_models[field]
        through_fields = [f.name for f in field.remote_field.through._meta.fields]
        # A history row copies the row's fields: its `id` is the row's.
        record_of = {record.id: record for record in records}
        rows = [
            history_model(
                history=record_of[instance.pk],
                **{name: getattr(row, name) for name in through_fields},
            )
            for instance, row in through_rows.get(field, ())
            if instance.pk in record_of
        ]
        history_model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
