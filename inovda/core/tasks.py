"""Background work of the core app (django.tasks; run by `manage.py db_worker`)."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.utils import timezone

from .models import Notification, NotificationSetting


@task()
def send_notification_emails(ids: list[int]) -> int:
    """E-mail each notification once to a recipient that has an address and has not
    switched e-mail off (`NotificationSetting`); the in-app row stays either way."""
    sent = 0
    pending = list(
        Notification.objects.filter(pk__in=ids, emailed_at=None).select_related("recipient")
    )
    off = set(
        NotificationSetting.objects.filter(
            user_id__in={n.recipient_id for n in pending}, email=False
        ).values_list("user_id", flat=True)
    )
    for notification in pending:
        address = "" if notification.recipient_id in off else notification.recipient.email
        if address:
            link = notification.link
            if link and link.startswith("/"):
                link = (
                    getattr(settings, "INOVDA_SITE_URL", "http://127.0.0.1:8000").rstrip("/") + link
                )
            body = notification.message + (f"\n\n{link}" if link else "")
            send_mail(
                f"[Inovda] {notification.verb_label}",
                body,
                settings.DEFAULT_FROM_EMAIL,
                [address],
                fail_silently=False,
            )
            sent += 1
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return sent


@task()
def backup_daily() -> dict:
    """One verified archive of the database and media (`manage.py backup`), keeping the
    newest INOVDA_BACKUP_KEEP in INOVDA_BACKUP_DIR."""
    from pathlib import Path

    from . import backup

    folder = Path(settings.INOVDA_BACKUP_DIR)
    summary = backup.create(folder)
    backup.verify(summary.path)
    removed = backup.prune(folder, settings.INOVDA_BACKUP_KEEP)
    return {"archive": summary.path.name, "bytes": summary.bytes, "removed": len(removed)}


DAILY = [backup_daily]
