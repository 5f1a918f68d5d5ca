"""Notifications: in-app rows plus an e-mail sent after the transaction commits.

Any app calls `notify(...)` inside its service's transaction; the e-mails go out through
the `send_notification_emails` task (django.tasks), so a slow mail server never holds a
page or a database transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from .models import Notification, NotificationSetting


def notify(
    *,
    recipients: Iterable,
    verb: str,
    message: str,
    link: str = "",
    key: str = "",
    skip=None,
):
    """Create one notification per distinct recipient (skipping who already has `key`, and
    `skip`: the person who did the thing is not told about it)."""
    skip_id = getattr(skip, "pk", None)
    users = {
        u.pk: u
        for u in recipients
        if u is not None and getattr(u, "is_active", True) and u.pk != skip_id
    }
    if not users:
        return []
    if key:
        done = set(
            Notification.objects.filter(key=key, recipient_id__in=users).values_list(
                "recipient_id", flat=True
            )
        )
        users = {pk: u for pk, u in users.items() if pk not in done}
    created = Notification.objects.bulk_create(
        Notification(recipient=u, verb=verb, message=message[:2000], link=link, key=key)
        for u in users.values()
    )
    ids = [n.pk for n in created if n.pk is not None]
    if ids:
        from .tasks import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.enqueue(ids))
    elif created:  # backends that do not return ids from bulk_create
        transaction.on_commit(lambda: _enqueue_unsent())
    return created


def _enqueue_unsent():
    from .tasks import send_notification_emails

    ids = list(Notification.objects.filter(emailed_at=None).values_list("id", flat=True)[:1000])
    if ids:
        send_notification_emails.enqueue(ids)


def wants_email(user) -> bool:
    """E-mail is on unless the person switched it off (`email_setting_set`)."""
    return not NotificationSetting.objects.filter(user_id=user.pk, email=False).exists()


@transaction.atomic
def email_setting_set(*, actor, email: bool) -> NotificationSetting:
    """Switch the e-mail copy of one's own notifications on or off (audited)."""
    from . import audit

    setting, _created = NotificationSetting.objects.select_for_update().get_or_create(user=actor)
    if setting.email != email:
        before = setting.email
        setting.email = email
        setting.save(update_fields=["email", "updated_at"])
        audit.record(
            actor=actor,
            verb="notification_email_on" if email else "notification_email_off",
            subject=actor,
            changes={"email": {"before": before, "after": email}},
        )
    return setting


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at=None).count()


def notifications_for(user):
    return Notification.objects.filter(recipient=user)


@transaction.atomic
def notification_mark_read(*, actor, notification: Notification) -> None:
    if notification.recipient_id != actor.pk:
        raise PermissionError("not your notification")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


@transaction.atomic
def notifications_mark_all_read(*, actor) -> int:
    return Notification.objects.filter(recipient=actor, read_at=None).update(read_at=timezone.now())
