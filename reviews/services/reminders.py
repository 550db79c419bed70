"""Sending the reminders: one mail per person per month, logged in `ReminderSent`."""

from datetime import date

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import ReminderSent
from ..reminders import Digest, reminder_digests


def period_of(today: date) -> str:
    return f"{today:%Y-%m}"


def reminder_message(digest: Digest) -> EmailMultiAlternatives:
    """The mail of one digest, in Swedish, as plain text and HTML, linking to each
    recommendation's page (where its date and progress note are written)."""
    with translation.override("sv"):
        count = len(digest.items)
        subject = ngettext(
            "Reminder: %(count)s recommendation is due",
            "Reminder: %(count)s recommendations are due",
            count,
        ) % {"count": count}
        if digest.overdue_count:
            subject += " " + _("(%(overdue)s overdue)") % {"overdue": digest.overdue_count}
        context = {
            "digest": digest,
            "links": [
                settings.SITE_URL
                + reverse("reviews:recommendation-detail", args=[item.recommendation.pk])
                for item in digest.items
            ],
            "site_url": settings.SITE_URL,
        }
        context["rows"] = list(zip(digest.items, context["links"], strict=True))
        text = render_to_string("reviews/email/reminder.txt", context)
        html = render_to_string("reviews/email/reminder.html", context)
    message = EmailMultiAlternatives(subject, text, to=[digest.user.email])
    message.attach_alternative(html, "text/html")
    return message


def reminders_send(*, today: date, dry_run: bool = False) -> tuple[list[ReminderSent], int]:
    """Send each digest not yet sent this period; returns those sent and how many were
    skipped as sent already. A mail that fails is not logged, so the next run sends it."""
    period = period_of(today)
    already = set(ReminderSent.objects.filter(period=period).values_list("user", flat=True))
    sent, skipped = [], 0
    for digest in reminder_digests(today=today):
        if digest.user.pk in already:
            skipped += 1
            continue
        if dry_run:
            continue
        try:
            with transaction.atomic():
                # The row first: a second run at the same moment stops at its unique key.
                record = ReminderSent.objects.create(
                    user=digest.user,
                    period=period,
                    email=digest.user.email,
                    recommendation_count=len(digest.items),
                    overdue_count=digest.overdue_count,
                )
                reminder_message(digest).send()
        except IntegrityError:
            skipped += 1
            continue
        sent.append(record)
    return sent, skipped
