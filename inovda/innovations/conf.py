"""Rules of the lifecycle, reports and health that a Pemda may tune.

Override any key in `settings.INOVDA_INNOVATIONS = {...}`; PP 38/2017 sets no durations,
so none of these is a statute. Read through `get()`, never copied into module constants;
the override rule is the one of every app (`inovda.core.conf`).
"""

from inovda.core.conf import AppSettings

DEFAULTS = {
    # Lifecycle
    "REVIEW_MIN_PANEL": 3,  # panel members with a recommendation before a decision
    "REVIEW_DUE_DAYS": 30,  # a feasibility review open longer is shown as late
    "TRIAL_DEFAULT_DAYS": 90,  # planned trial length proposed when none was given
    # Progress reports
    "DEFAULT_CADENCE": "quarterly",
    "REPORT_GRACE_DAYS": 15,  # a period's report is due this many days after it ends
    "REPORT_DUE_SOON_DAYS": 7,  # "report due" reminder this many days before
    # Health rules, evaluated in this order; the first that fires sets the status.
    "HEALTH_RULES": [
        "discontinued_explicitly",
        "not_implemented",
        "silent",
        "report_overdue",
        "kpi_declining",
        "kpi_flat",
        "budget_unused",
        "sponsor_lapsed",
    ],
    "SILENT_DAYS": 365,  # no report covering this long, no sponsor → discontinued
    "KPI_DECLINE_REPORTS": 2,  # attainment fell in each of the last N reports
    "KPI_FLAT_REPORTS": 3,  # attainment did not rise in each of the last N reports
    "BUDGET_WINDOW_DAYS": 365,
    "BUDGET_MIN_REALISATION": 0.5,  # realised / allocated over the window
    "SPONSOR_RECONFIRM_DAYS": 365,
    "OVERRIDE_DAYS": 180,  # a manual override lapses after this many days
    # Evidence gates: the least confirmed evidence level (1–5) each step asks for; None
    # switches a gate off. Read by knowledge (replication) and ecosystem (budget, risk).
    "EVIDENCE_GATES": {
        "scale_up": 2,  # another agency of the same Pemda adopts it (Pemda-wide scale-up)
        "replication_other_pemda": 2,  # another Pemda adopts it
        "scale_up_budget": 2,  # F5: the tranche released at the last lifecycle gate
        "risk_at_scale": 2,  # F3: below this, the lower appetite below applies at scale
    },
}

app_settings = AppSettings("INOVDA_INNOVATIONS", DEFAULTS)
get = app_settings.get
all_settings = app_settings.all
