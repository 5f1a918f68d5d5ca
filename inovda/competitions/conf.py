"""Rules of the competition a Pemda may tune: `settings.INOVDA_COMPETITIONS = {...}`."""

from inovda.core.conf import AppSettings

DEFAULTS = {
    # A reviewer whose scores sit on average this many points (0–100) below or above the
    # entry means, over at least BIAS_MIN_ENTRIES entries, is flagged harsh or lenient.
    "BIAS_POINTS": 8,
    "BIAS_MIN_ENTRIES": 2,
    # A review this many points away from the mean of the entry's other reviews is an
    # outlier offered for moderation; an entry whose SD passes SPREAD_SD is flagged.
    "OUTLIER_POINTS": 20,
    "SPREAD_SD": 10,
}

get = AppSettings("INOVDA_COMPETITIONS", DEFAULTS).get
