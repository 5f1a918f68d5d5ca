"""Settings of the reports app. Override any key in `settings.INOVDA_REPORTS` (the rule of
every app: `inovda.core.conf`)."""

from __future__ import annotations

from inovda.core.conf import AppSettings

DEFAULTS = {
    # Rows written per transaction when importing; a batch with one bad row writes nothing.
    "IMPORT_BATCH_SIZE": 500,
    # Largest file accepted for import, in rows (the upload size limit applies too).
    "IMPORT_MAX_ROWS": 50000,
    # More header names to recognise: {"innovations": {"name": ["nama program"]}, ...}.
    "IMPORT_EXTRA_SYNONYMS": {},
    # Rows shown per page in the import preview.
    "PREVIEW_PAGE_SIZE": 50,
    # The check of an import's rows is kept this long for the preview's pages (it is
    # redone at once when the file, the mapping, a fix, a skip or the registry changes).
    "PREVIEW_CHECK_SECONDS": 3600,
    # The status an imported innovation gets when the file has no status column, by stage.
    "IMPORT_DEFAULT_STATUS_BY_STAGE": {
        "inisiatif": "submitted",
        "uji_coba": "trial",
        "penerapan": "implemented",
    },
    # Date formats accepted in import files besides real spreadsheet dates
    # (Indonesian month names such as "12 Januari 2021" are understood too).
    "IMPORT_DATE_FORMATS": ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y"],
    # The thematic tag of the poverty-alleviation dashboard.
    "POVERTY_THEME_CODE": "penanggulangan-kemiskinan",
    # Largest number of bars in one dashboard chart (the table view always lists all).
    "CHART_MAX_BARS": 15,
}

app_settings = AppSettings("INOVDA_REPORTS", DEFAULTS)
get = app_settings.get
