"""What every module's admin shares: ids that cannot crash a query, and objects that
published documents print, read-only until those are reopened (`core.freezing`)."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.db import models

from .forms import ModelMultipleChoiceIds, fits_a_column
from .freezing import Frozen, refusals


class SafeAutocompleteSelect(AutocompleteSelect):
    """Shows the chosen object again after a refusal; a posted id no column could hold
    is left out rather than queried (SQLite: OverflowError, a 500)."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if fits_a_column(v)], attr)


class SafeAutocompleteSelectMultiple(AutocompleteSelectMultiple):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if fits_a_column(v)], attr)


class SafeIds:
    """Choices by id in the admin, where an id too large for any column is refused with
    a form error: many-to-many fields validate it first, autocomplete widgets skip it."""

    formfield_overrides = {models.ManyToManyField: {"form_class": ModelMultipleChoiceIds}}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def locking(request, obj) -> list[Frozen]:
    """Why `obj` may not change (see `core.freezing`), asked once per object and request."""
    if obj is None:
        return []
    cache = request.__dict__.setdefault("_refusals", {})
    key = (type(obj), obj.pk)
    if key not in cache:
        cache[key] = refusals(obj)
    return cache[key]


def message(refused: list[Frozen]) -> str:
    return " ".join(refusal.message for refusal in refused)


class RefuseLockedForm(forms.ModelForm):
    """Refuses to add an object to something a published document prints (a
    recommendation to an audit a published review prints)."""

    def _post_clean(self):
        super()._post_clean()
        if self.instance.pk is None and (refused := refusals(self.instance)):
            self.add_error(None, message(refused))


class LockedWhilePublished(SafeIds):
    """Admin for what published documents print: read-only while they are published, for
    superusers too (reopening the document, with a reason, is how it changes), with a
    message naming the documents. `frozen_fields`: only these fields are frozen (names on
    a board or firm); None: the whole object, which cannot be deleted either."""

    frozen_fields = None
    form = RefuseLockedForm

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (self.frozen_fields is not None or not locking(request, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not locking(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if self.frozen_fields is not None and locking(request, obj):
            return (*fields, *self.frozen_fields)
        return fields

    def get_deleted_objects(self, objs, request):
        # The bulk "delete selected" action asks no per-object permission: refuse here.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        refused = [
            f"{obj}: {message(refused)}" for obj in objs if (refused := locking(request, obj))
        ]
        return deleted, counts, perms_needed, [*protected, *refused]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        # On a refused POST (403) the message would wait for whatever page came next.
        if request.method == "GET" and (refused := locking(request, obj)):
            self.message_user(request, message(refused), messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)


class LockedWithParent(SafeIds):
    """Inline rows of a parent a published document prints: read-only with it."""

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and not locking(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not locking(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not locking(request, obj)
