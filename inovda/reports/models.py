from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from inovda.core.models import TimeStampedModel, register_verbs

register_verbs(
    {
        "imported": _("imported this from a spreadsheet"),
        "import_started": _("started the import"),
        "import_finished": _("finished the import"),
        "import_resumed": _("resumed the import after its worker stopped"),
        "import_given_up": _("gave up the import after its workers stopped"),
        "import_mapping_saved": _("saved the column mapping"),
        "report_settings_updated": _("changed the report settings"),
    }
)


class ImportKind(models.TextChoices):
    INNOVATIONS = "innovations", _("Innovations")
    AGENCIES = "agencies", _("Agencies")
    USERS = "users", _("Users and roles")


class ImportMapping(TimeStampedModel):
    """A saved, reusable mapping of a file's column headers to Inovda fields."""

    pemda = models.ForeignKey(
        "organizations.LocalGovernment", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("what is imported"), max_length=16, choices=ImportKind.choices)
    name = models.CharField(_("name"), max_length=120)
    columns = models.JSONField(_("columns"), default=dict, help_text="{field: column header}")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "kind", "name"], name="import_mapping_unique_name"
            )
        ]
        verbose_name = _("import mapping")
        verbose_name_plural = _("import mappings")

    def __str__(self) -> str:
        return self.name


class ImportJob(TimeStampedModel):
    """One uploaded file: its rows, the mapping, the user's fixes, and the run's progress.

    The rows are kept as parsed text (not the file), so the preview, the fixes and the
    background run all read the same data.
    """

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Waiting for review")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    pemda = models.ForeignKey(
        "organizations.LocalGovernment", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("what is imported"), max_length=16, choices=ImportKind.choices)
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64)
    headers = models.JSONField(default=list)
    rows = models.JSONField(default=list, help_text="[[cell text, ...], ...] without the header")
    header_row = models.PositiveIntegerField(default=1)
    columns = models.JSONField(_("column mapping"), default=dict)
    fixes = models.JSONField(default=dict, help_text='{"row number": {field: text}}')
    skipped = models.JSONField(default=list, help_text="row numbers left out")
    source = models.CharField(
        _("read as"), max_length=120, blank=True, help_text="XLSX, or CSV with its encoding"
    )
    notes = models.JSONField(
        default=list, blank=True, help_text="what reading the file changed (HTML made text)"
    )

    class Mode(models.TextChoices):
        SKIP = "skip", _("Skip every row with a problem, import the others")
        ALL = "all", _("All or nothing: import nothing if a row has a problem")

    mode = models.CharField(
        _("rows with a problem"), max_length=8, choices=Mode.choices, default=Mode.SKIP
    )
    create_agencies = models.BooleanField(
        _("create the agencies not yet registered"), default=False
    )
    agency_merges = models.JSONField(
        default=dict,
        blank=True,
        help_text='{"normalised name in the file": "agency name it is read as"}, as confirmed',
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PREVIEW
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(
        default=0, help_text="rows of the committed batches: a resumed run starts after them"
    )
    worker_id = models.CharField(
        _("worker"), max_length=64, blank=True, help_text="the task worker running the import"
    )
    last_batch = models.PositiveIntegerField(
        default=0, help_text="number of the last batch committed (with its rows and counters)"
    )
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="workers that started or resumed this run"
    )
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected"), default=0)
    skipped_count = models.PositiveIntegerField(_("skipped"), default=0)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status == self.Status.DONE else 0
        return int(100 * self.processed_rows / self.total_rows)

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class ImportRejection(models.Model):
    """A row the import did not write, with every reason."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rejections")
    row_number = models.PositiveIntegerField(_("row"))
    reasons = models.JSONField(default=list)
    values = models.JSONField(default=list)

    class Meta:
        ordering = ["row_number"]
        verbose_name = _("rejected row")
        verbose_name_plural = _("rejected rows")

    def __str__(self) -> str:
        return f"{self.job_id}:{self.row_number}"


class ReportSettings(models.Model):
    """What the PDF reports of a Pemda carry besides its name and logo."""

    pemda = models.OneToOneField(
        "organizations.LocalGovernment", on_delete=models.CASCADE, related_name="report_settings"
    )
    header = models.CharField(
        _("header line"),
        max_length=200,
        blank=True,
        help_text=_("Shown under the Pemda's name, e.g. the name of the Bapperida/BRIDA."),
    )
    address = models.CharField(_("address line"), max_length=250, blank=True)
    footer = models.CharField(_("footer line"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")

    def __str__(self) -> str:
        return str(self.pemda)
