"""Load the IID periods from data/reference: 2026 (catalogue + constants), 2023 (its
constants; its weights are those of the 2026 catalogue, confirmed by the 2023 totals
63 / 111 / 76 / 250) and the pre-2023 per-innovation set, kept for history.

A period is created once; what exists is never overwritten (a Pemda's edits made through
the admin pages survive), only missing rows are added. Later years are copies of an
earlier period, edited in the admin pages (`services.period_copy`).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from inovda.core.datafiles import read_csv, read_json, reference_path

from .constants import CONSTANTS
from .models import Aspect, AssessmentPeriod, Indicator, MeasurementBasis, PredicateBand

CATALOGUE_2026 = "iid_2026_indikator_spd_sid.csv"
BASES = "iid_2026_kemanfaatan_basis_ukur.csv"
EVIDENCE = "iid_2025_sid_bukti_dukung.json"
EVIDENCE_MAP = "iid_bukti_dukung_nomor.csv"
LEGACY = "iid_pre2023_sid_bobot_legacy.csv"
DESIGN_MIN_WORDS = 300  # "rancang bangun >= 300 kata" (constants file, eligibility note)


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _evidence_by_number(column: str) -> dict[int, dict]:
    guide = {row["kode"]: row for row in read_json(reference_path(EVIDENCE))["indikator"]}
    return {int(row[column]): guide[row["kode"]] for row in read_csv(reference_path(EVIDENCE_MAP))}


def _period(year: int, defaults: dict) -> tuple[AssessmentPeriod, bool]:
    return AssessmentPeriod.objects.get_or_create(year=year, defaults=defaults)


def _bands(period: AssessmentPeriod, bands: list[dict]) -> None:
    for band in bands:
        PredicateBand.objects.get_or_create(
            period=period, minimum=Decimal(str(band["min"])), defaults={"label": band["label"]}
        )


def _indicators(period: AssessmentPeriod, rows: list[dict], guide: dict[int, dict]) -> int:
    created = 0
    for position, row in enumerate(rows, start=1):
        number = int(row["number"])
        help_ = guide.get(number, {}) if row["aspect"] == Aspect.SID else {}
        _, new = Indicator.objects.get_or_create(
            period=period,
            aspect=row["aspect"],
            number=number,
            sub=row.get("sub", ""),
            defaults={
                "position": position,
                "variable": row.get("variable", ""),
                "name": row["name"],
                "weight": Decimal(row["weight"]),
                "mandatory": row.get("mandatory", False),
                "levels": row["levels"],
                "evidence_description": help_.get("deskripsi", ""),
                "evidence_required": help_.get("data_dukung", ""),
                "evidence_tips": help_.get("keterangan", ""),
            },
        )
        created += new
    return created


def _catalogue_2026() -> list[dict]:
    return [
        {
            "aspect": Aspect.SPD if row["aspek"] == "SPD" else Aspect.SID,
            "number": row["nomor"],
            "sub": row["sub"],
            "variable": row["variabel"],
            "name": row["nama_indikator"],
            "weight": row["bobot"],
            "mandatory": row["wajib_mandatori"] == "ya",
            "levels": [row["parameter_1"], row["parameter_2"], row["parameter_3"]],
        }
        for row in read_csv(reference_path(CATALOGUE_2026))
    ]


def _bases(period: AssessmentPeriod) -> None:
    indicator = Indicator.objects.get(period=period, aspect=Aspect.SID, number=33)
    for row in read_csv(reference_path(BASES)):
        MeasurementBasis.objects.get_or_create(
            indicator=indicator,
            code=row["basis"],
            defaults={
                "name": row["uraian"],
                "levels": [row["parameter_1"], row["parameter_2"], row["parameter_3"]],
            },
        )


def announced_years(constants: dict, after: int) -> list[int]:
    """Later years for which the reference names both k and the basic-service minimum."""
    return sorted(
        int(y)
        for y in constants["pembagi_minimal_by_year"]
        if int(y) > after and y in constants["min_urusan_yandas_by_year"]
    )


def check_totals(period: AssessmentPeriod, constants: dict) -> None:
    """The catalogue's maxima must be the published ones (63 / 111 / 76 / 250)."""
    from .selectors import period_rules

    rules = period_rules(period)
    found = (rules.spd_max, rules.sid_max, rules.count_max, rules.total_max)
    expected = tuple(
        Decimal(str(constants[key]))
        for key in ("MAKS_SPD", "MAKS_SID_INDIKATOR", "MAKS_JUMLAH_INOVASI", "MAKS_TOTAL")
    )
    if found != expected:
        raise ValueError(f"IID {period.year} catalogue maxima {found} ≠ published {expected}")


def load(stdout) -> None:
    constants = read_json(reference_path(CONSTANTS))
    catalogue = _catalogue_2026()
    guide_2026 = _evidence_by_number("nomor_2026")
    window = constants["window_penerapan_2026"]
    source = f"Sources: {CATALOGUE_2026}, {CONSTANTS} ({constants['source']})."

    p2026, new = _period(
        2026,
        {
            "name": "IID 2026",
            "opens_on": datetime.date(2026, 1, 1),
            "closes_on": datetime.date(2026, 12, 31),
            "min_divisor": constants["pembagi_minimal_by_year"]["2026"],
            "basic_service_minimum": constants["min_urusan_yandas_by_year"]["2026"],
            "count_weight": Decimal(str(constants["BOBOT_JUMLAH_INOVASI"])),
            "count_cap": constants["BATAS_INOVASI"],
            "eligibility_start": _date(window["mulai"]),
            "eligibility_end": _date(window["sampai"]),
            "design_min_words": DESIGN_MIN_WORDS,
            "notes": f"{source} Eligibility: {window['catatan']}. Opening and closing dates "
            "are the local collection window; adjust them in the admin pages.",
        },
    )
    _bands(p2026, constants["predikat_2026"])
    _indicators(p2026, catalogue, guide_2026)
    _bases(p2026)
    check_totals(p2026, constants)

    from .services import period_from_reference

    announced = []
    for year in announced_years(constants, after=2026):
        if not AssessmentPeriod.objects.filter(year=year).exists():
            period_from_reference(source=p2026, year=year)
        announced.append(str(year))

    p2023, _ = _period(
        2023,
        {
            "name": "IID 2023",
            "opens_on": datetime.date(2023, 1, 1),
            "closes_on": datetime.date(2023, 12, 31),
            "min_divisor": constants["pembagi_minimal_by_year"]["2023"],
            "basic_service_minimum": 0,
            "count_weight": Decimal(str(constants["BOBOT_JUMLAH_INOVASI"])),
            "count_cap": constants["BATAS_INOVASI"],
            "design_min_words": DESIGN_MIN_WORDS,
            "notes": f"{source} 2023 constants (k = 10, predicate bands 60 / 35). The 2023 "
            "indicator texts are not in the reference data: the rows are the 2026 "
            "transcription, whose weights give the 2023 totals 63 / 111 / 76 / 250. The "
            "constants name no basic-service minimum for 2023, so the count score has none.",
        },
    )
    _bands(p2023, constants["predikat_2023"])
    _indicators(p2023, catalogue, guide_2026)
    _bases(p2023)
    check_totals(p2023, constants)

    legacy, _ = _period(
        2022,
        {
            "name": "IID 2022 (indikator per inovasi pra-2023)",
            "scheme": AssessmentPeriod.Scheme.PER_INNOVATION,
            "opens_on": datetime.date(2022, 1, 1),
            "closes_on": datetime.date(2022, 12, 31),
            "notes": f"Source: {LEGACY}. The pre-2023 per-innovation indicators (weights sum "
            "to 50), kept to import history; the regional formula of those years is not in "
            "the reference data, so no regional index is computed.",
        },
    )
    legacy_rows = [
        {
            "aspect": Aspect.SID,
            "number": row["no"],
            "name": row["indikator"],
            "weight": row["bobot"],
            "levels": [row["parameter_1 (x1)"], row["parameter_2 (x2)"], row["parameter_3 (x3)"]],
        }
        for row in read_csv(reference_path(LEGACY))
    ]
    _indicators(legacy, legacy_rows, _evidence_by_number("nomor_pre2023"))
    stdout.write(
        f"IID periods: {', '.join([f'2026{" (new)" if new else ""}', *announced, '2023', '2022'])} "
        f"({Indicator.objects.filter(period__in=[p2026, p2023, legacy]).count()} indicator rows)."
    )
