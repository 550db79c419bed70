"""Development only: one account per role in the seed organisation, printed in the terminal."""

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from organisations.models import Membership, Organisation, Role

from ..demo import seed_organisation

# The internal-control seeds' organisations: the demo people hold their roles there too,
# when those seeds are loaded (`make run` loads them).
OTHER_SEED_ORGANISATIONS = ["Uppsala kommun", "Alingsås kommun"]
RESPONDENT_BOARD = "Socialnämnden"

# username, first name, last name, role (None: administrator, no membership)
DEMO_USERS = [
    ("revisor", "Anna", "Revisor", Role.AUDITOR),
    ("fortroendevald", "Fredrik", "Förtroendevald", Role.ELECTED_AUDITOR),
    ("socialnamnden", "Sara", "Socialnämnden", Role.BOARD_RESPONDENT),
    ("sekreterare", "Sven", "Sekreterare", Role.SECRETARY),
    ("admin", "Adam", "Administratör", None),
]


def demo_password(username: str) -> str:
    return f"{username}-demo-2024"


class Command(BaseCommand):
    help = "Create demo accounts, one per role (development only), and print how to sign in."

    def handle(self, *args, **options):
        organisation = seed_organisation()
        others = list(Organisation.objects.filter(name__in=OTHER_SEED_ORGANISATIONS))

        rows = []
        with transaction.atomic():
            for username, first, last, role in DEMO_USERS:
                user, _created = User.objects.get_or_create(username=username)
                user.first_name, user.last_name = first, last
                user.email = f"{username}@example.se"  # password reset mails go to the console
                user.is_staff = user.is_superuser = role is None
                user.set_password(demo_password(username))
                user.full_clean()
                user.save()
                if role is None:
                    label = _("Administrator")
                else:
                    label = Role(role).label
                    for place in [organisation, *others]:
                        _give_role(user, place, role)
                rows.append((username, demo_password(username), str(label)))

        name_width = max(len(username) for username, _password, _label in rows) + 2
        password_width = max(len(password) for _username, password, _label in rows) + 2
        for username, password, label in rows:
            self.stdout.write(f"  {username:<{name_width}}{password:<{password_width}}{label}")


def _give_role(user: User, organisation: Organisation, role: Role) -> None:
    """The role in the organisation; a respondent answers for its Socialnämnden (and holds
    no role where there is none)."""
    boards = list(organisation.boards.filter(name=RESPONDENT_BOARD))
    if role == Role.BOARD_RESPONDENT and not boards:
        Membership.objects.filter(user=user, organisation=organisation).delete()
        return
    membership, _created = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    membership.boards.set(boards if role == Role.BOARD_RESPONDENT else [])
