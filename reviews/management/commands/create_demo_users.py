"""Development only: accounts a newcomer can sign in with, printed in the terminal."""

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

# username, first name, last name, password, is administrator
DEMO_USERS = [
    ("revisor", "Anna", "Revisor", "revisor-demo-2024", False),
    ("admin", "Adam", "Administratör", "admin-demo-2024", True),
]


class Command(BaseCommand):
    help = "Create demo accounts (development only) and print how to sign in."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(_("Demo accounts are for development only (set DJANGO_DEBUG=1)."))
        for username, first, last, password, is_admin in DEMO_USERS:
            user, _created = User.objects.get_or_create(username=username)
            user.first_name, user.last_name = first, last
            user.is_staff = user.is_superuser = is_admin
            user.set_password(password)
            user.save()
            self.stdout.write(f"  {username:<10} {password}")
