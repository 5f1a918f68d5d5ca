"""The assessment app's dashboard section (registry: `inovda.core.sections`): the IID
projection, claimed and verified, on the leadership dashboard and in the annual report."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inovda.core import formats
from inovda.core.sections import Chart, Section, SectionData, Series, Stat
from inovda.core.sections import register as add
from inovda.organizations.access import one_member_pemda

from . import selectors as iid


def _iid(scope):
    pemda = one_member_pemda(scope)
    as_of = getattr(scope, "as_of", None)
    if as_of is not None and pemda is not None:  # a past year's report: that year's period
        period = iid.regional_period(as_of.year)
        if period is None:
            return SectionData(
                note=_("No IID period is recorded for %(year)s.") % {"year": as_of.year}
            )
    else:
        period = iid.current_period()
    if pemda is None or period is None or not period.is_regional:
        return None
    index = iid.pemda_index(period, pemda.pk)
    if not index.claimed.given.n and index.spd_sheet is None:
        return None
    url = reverse("assessment:pemda", args=[period.year, pemda.pk])
    rows = [
        (_("SPD"), index.claimed.spd, index.verified.spd),
        (_("SID"), index.claimed.sid, index.verified.sid),
        (_("IID (0–100)"), index.claimed.iid, index.verified.iid),
    ]
    note = ""
    if as_of is not None and iid.changed_since(period, pemda.pk, as_of):
        note = _(
            "The IID %(year)s as recorded in Inovda today: sheets of this period were "
            "changed after %(day)s, and the index of that day cannot be rebuilt."
        ) % {"year": period.year, "day": formats.long_date(as_of)}
    return SectionData(
        note=note,
        charts=[
            Chart(
                key="iid",
                title=_("IID %(year)s: claimed and verified") % {"year": period.year},
                label_header=_("Figure"),
                labels=[str(label) for label, _c, _v in rows],
                series=[
                    Series(_("Claimed"), [float(c.shown) for _label, c, _v in rows]),
                    Series(_("Verified"), [float(v.shown) for _label, _c, v in rows]),
                ],
                explain=_(
                    "Claimed: what the agencies put forward; verified: what the verifiers "
                    "accepted. IID = (SPD + SID) / %(maximum)s × 100 with the period's rules; "
                    "the score page shows every input."
                )
                % {"maximum": f"{float(index.claimed.rules.total_max):g}"},
                links=[url, url, url],
            )
        ],
        stats=[
            Stat(_("Predicate (claimed)"), index.claimed.predicate, "", url),
            Stat(_("Predicate (verified)"), index.verified.predicate, "", url),
            Stat(
                _("Basic services in the IID"),
                f"{index.claimed.given.basic_covered} / {len(iid.basic_service_affairs())}",
                _(
                    "Basic-service affairs covered by the innovations that count in the "
                    "claimed index, as on the score page (the overview counts every "
                    "registered innovation)."
                ),
                url,
            ),
            Stat(
                _("Innovations counted (claimed / verified)"),
                f"{index.claimed.given.n} / {index.verified.given.n}",
                _("Innovations that count in the claimed and in the verified index."),
                url,
            ),
            Stat(
                _("Innovations still missing (empty seats)"),
                index.claimed.empty_seats,
                _(
                    "The IID averages the innovation scores over at least k innovations "
                    "(k = %(k)s this period). Each one missing counts as an innovation "
                    "scoring zero and pulls the index down; putting forward this many more "
                    "eligible innovations removes that."
                )
                % {"k": index.claimed.rules.min_divisor},
                url,
            ),
        ],
    )


def register() -> None:
    board = {"leadership", "annual"}
    add(Section("iid", gettext_lazy("IID projection"), _iid, board, order=30))
