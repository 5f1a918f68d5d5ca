"""Public-side settings: defaults here, overridable with `INOVDA_PUBLIC = {...}` in settings."""

from __future__ import annotations

import os
from typing import Any

from inovda.core.conf import AppSettings

DEFAULTS: dict[str, Any] = {
    # Address used in e-mails sent outside a request (the daily progress mail).
    "SITE_URL": os.environ.get("INOVDA_SITE_URL", "http://127.0.0.1:8000"),
    # Days an agency has to answer a routed citizen proposal (shown publicly).
    "ANSWER_DAYS": 14,
    # Every public form: at least this many seconds between showing and sending it
    # (time-trap), and at most RATE_LIMIT posts per client address per RATE_WINDOW seconds.
    "FORM_MIN_SECONDS": 3,
    "FORM_MAX_AGE_SECONDS": 6 * 3600,
    "RATE_LIMIT": 10,
    "RATE_WINDOW": 3600,
    # Public REST API: requests per client address.
    "API_RATE": "120/minute",
    # Confirmation links (proposal, support) stay valid this many days.
    "CONFIRM_DAYS": 7,
    # Photos per proposal.
    "MAX_PHOTOS": 3,
    # Catalogue page size.
    "PAGE_SIZE": 20,
    # The theme code that marks poverty alleviation (tags.csv).
    "POVERTY_THEME": "penanggulangan-kemiskinan",
}

app_settings = AppSettings("INOVDA_PUBLIC", DEFAULTS)
get = app_settings.get
