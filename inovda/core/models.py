from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class StoredFile(models.Model):
    """What every uploaded file keeps beside its `file` field (declared by the subclass,
    with its own upload_to): the user's file name, the kind judged by content
    (inovda.core.files), its size, who uploaded it and when."""

    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(max_length=8)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name


# Labels of audit verbs for timelines; each app adds its own with `register_verbs`.
VERB_LABELS: dict[str, str] = {
    "created": _("created this"),
    "updated": _("edited this"),
    "deleted": _("deleted this"),
    "task_reclaimed": _("handed back a task of a stopped worker"),
}


def register_verbs(labels: dict) -> None:
    VERB_LABELS.update(labels)


class AuditEvent(models.Model):
    """One row per state change, written in the same transaction as the change.

    `subject` is the record whose timeline shows the event (an innovation, say);
    `target_repr` names the thing inside it that changed (an attachment, a report).
    """

    pemda = models.ForeignKey(
        "organizations.LocalGovernment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    verb = models.CharField(max_length=64)
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject_repr = models.CharField(max_length=300)
    target_repr = models.CharField(max_length=300, blank=True)
    message = models.TextField(blank=True)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "-created_at"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.verb} {self.subject_repr}"

    @property
    def verb_label(self) -> str:
        return str(VERB_LABELS.get(self.verb, self.verb))


class Notification(models.Model):
    """A message for one user, shown in-app and sent by e-mail (`inovda.core.notifications`).

    `key` lets a sender say "this reminder once": a second notification with the same key
    for the same recipient is skipped.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    verb = models.CharField(max_length=64)
    message = models.TextField()
    link = models.CharField(max_length=500, blank=True)
    key = models.CharField(max_length=200, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.recipient} · {self.verb}"

    @property
    def verb_label(self) -> str:
        return str(NOTIFICATION_LABELS.get(self.verb, self.verb))


class NotificationSetting(models.Model):
    """A person's choice about their notifications: in-app always, e-mail unless switched
    off here (`inovda.core.notifications.email_setting_set`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_setting",
    )
    email = models.BooleanField(_("also send my notifications by e-mail"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return f"{self.user} · e-mail {'on' if self.email else 'off'}"


# Labels of notification kinds; each app adds its own with `register_notification_verbs`.
NOTIFICATION_LABELS: dict[str, str] = {}


def register_notification_verbs(labels: dict) -> None:
    NOTIFICATION_LABELS.update(labels)


class WorkerHeartbeat(models.Model):
    """The last sign of life of one task worker (`manage.py db_worker`, inovda.core.workers).

    The worker writes `beat_at` every INOVDA_TASK_HEARTBEAT_SECONDS from a thread of its
    own, also while a long task runs; a task left RUNNING by a worker whose beat is older
    than INOVDA_TASK_STALE_SECONDS is handed back to the queue (ADR 0019).
    """

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    host = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True, blank=True)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    beat_at = models.DateTimeField(_("last heartbeat"), db_index=True)

    class Meta:
        ordering = ["-beat_at"]
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return self.worker_id
