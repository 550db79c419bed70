from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.module_loading import autodiscover_modules

from .collation import register_sqlite_collation
from .search import register_sqlite_fold


class CoreConfig(AppConfig):
    """What every module builds on and that holds no data: optimistic locking, forms
    with their limits, view helpers, the admin's refusals, Swedish sorting and search."""

    name = "core"

    def ready(self):
        connection_created.connect(register_sqlite_collation)
        connection_created.connect(register_sqlite_fold)
        autodiscover_modules("freezing")  # each module registers what its documents print
