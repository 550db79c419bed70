"""What the development-only demo commands share: they refuse outside development, and
they work on the seed organisation, which `import_review` must have stored first."""

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from organisations.models import Organisation

SEED_ORGANISATION = "Haninge kommun"


def seed_organisation() -> Organisation:
    """The seed organisation, or a CommandError saying what to do."""
    if not settings.DEBUG:
        raise CommandError(_("Demo data is for development only (set DJANGO_DEBUG=1)."))
    organisation = Organisation.objects.filter(name=SEED_ORGANISATION).first()
    if organisation is None:
        raise CommandError(
            _(
                "%(organisation)s is not in the database: import the seed review first "
                "(manage.py import_review fixtures/haninge-2024.yaml)."
            )
            % {"organisation": SEED_ORGANISATION}
        )
    return organisation
