"""Mail each board respondent the recommendations due within their organisation's
reminder days or overdue: once a month per person (run it daily from cron; a second run
in the same month sends nothing twice)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from ...services import reminders_send


class Command(BaseCommand):
    help = "Send the monthly reminders of recommendations due or overdue."

    def add_arguments(self, parser):
        parser.add_argument("--date", help=_("Today, as YYYY-MM-DD (default: today)."))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Say what would be sent; send nothing.")
        )

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as error:
            raise CommandError(
                _("--date: %(value)s is not a date (YYYY-MM-DD).") % {"value": options["date"]}
            ) from error
        today = today or timezone.localdate()
        sent, skipped = reminders_send(today=today, dry_run=options["dry_run"])
        self.stdout.write(
            _("%(sent)s reminders sent, %(skipped)s already sent this month.")
            % {"sent": len(sent), "skipped": skipped}
        )
