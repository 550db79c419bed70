"""View helpers: the object a user may act on, and the organisation a new object is for.

Both answer like every page does: 404 for what the user does not see (so another
organisation's ids reveal nothing), 403 for what they see but may not do.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .forms import OrganisationChoiceForm
from .models import Organisation


def allowed_object(request, queryset, permission: str, **lookup):
    """The object of `queryset` matching `lookup` that the user may `permission`: 404 if
    they do not see it (`visible_to`), 403 if they see it but may not."""
    obj = get_object_or_404(queryset.visible_to(request.user), **lookup)
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied
    return obj


def organisation_for_new(request, permission: str) -> Organisation:
    """The organisation a new object is for (`?organisation=<id>`, which creating pages
    are linked with): 404 if the user does not see it or the id is junk, 403 if they may
    not `permission` (an add_ permission) there."""
    choice = OrganisationChoiceForm(request.GET, user=request.user)
    if not choice.is_valid():
        raise Http404
    organisation = choice.cleaned_data["organisation"]
    if not request.user.has_perm(permission, organisation):
        raise PermissionDenied
    return organisation
