"""Load the 552 Pemda and the government affairs from data/reference."""

from inovda.core.datafiles import read_csv, read_json, reference_path

from .models import GovernmentAffair, LocalGovernment

BASIC_SERVICE_GROUP = "Wajib - Pelayanan Dasar"


def load(stdout) -> None:
    rows = list(read_csv(reference_path("pemda_indonesia_kepmendagri_2025.csv")))
    existing = {lg.code: lg for lg in LocalGovernment.objects.all()}
    created = 0
    for row in sorted(rows, key=lambda r: r["jenis"] != "provinsi"):
        province = None if row["jenis"] == "provinsi" else existing[row["kode_provinsi"]]
        lg = existing.get(row["kode"])
        if lg is None:
            lg = LocalGovernment.objects.create(
                code=row["kode"], name=row["nama"], kind=row["jenis"], province=province
            )
            existing[lg.code] = lg
            created += 1
        elif (lg.name, lg.kind, lg.province_id) != (
            row["nama"],
            row["jenis"],
            getattr(province, "id", None),
        ):
            lg.name, lg.kind, lg.province = row["nama"], row["jenis"], province
            lg.save()
    stdout.write(f"Pemda: {len(rows)} in file, {created} new.")

    # The basic-service affairs are named by the IID constants; the affairs file's group
    # says the same. Both must agree, or the data files are wrong.
    constants = read_json(reference_path("iid_scoring_constants.json"))
    n_basic = len(constants["urusan_wajib_pelayanan_dasar"])
    affairs = list(read_csv(reference_path("urusan_pemerintahan_daerah.csv")))
    for row in affairs:
        GovernmentAffair.objects.update_or_create(
            code=row["kode"],
            defaults={
                "name": row["nama"],
                "group": row["kelompok"],
                "is_basic_service": row["kelompok"] == BASIC_SERVICE_GROUP,
            },
        )
    n_file_basic = sum(1 for r in affairs if r["kelompok"] == BASIC_SERVICE_GROUP)
    if n_file_basic != n_basic:
        raise ValueError(f"{n_file_basic} basic-service affairs in file, {n_basic} in constants")
    stdout.write(f"Government affairs: {len(affairs)} ({n_basic} basic services).")
