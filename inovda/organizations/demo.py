"""Demo city: Kota Malang (35.73), its agencies, and one demo user per role."""

from django.contrib.auth import get_user_model

from inovda.core.datafiles import demo_path, read_csv, reference_path

from .models import Agency, LocalGovernment, Membership, Role

DEMO_PEMDA_CODE = "35.73"
OTHER_PEMDA_CODE = "35.79"  # Kota Batu: shows that Pemda are kept apart
DEMO_PASSWORD = "inovda-demo"

KIND_BY_JENIS = {
    "dinas": Agency.Kind.DINAS,
    "bagian (Sekretariat Daerah)": Agency.Kind.BAGIAN,
    "kecamatan": Agency.Kind.KECAMATAN,
    "kelurahan": Agency.Kind.KELURAHAN,
    "satuan": Agency.Kind.OTHER,
}

# (username, full name, role, agency name or None, Pemda code)
DEMO_USERS = [
    ("admin", "Rina Bapperida", Role.PEMDA_ADMIN, None, DEMO_PEMDA_CODE),
    ("operator.kominfo", "Agus Operator Kominfo", Role.OPERATOR, "DINAS KOMINFO", DEMO_PEMDA_CODE),
    ("operator.dinkes", "Sari Operator Dinkes", Role.OPERATOR, "DINAS KESEHATAN", DEMO_PEMDA_CODE),
    ("inovator", "Budi Inovator", Role.INNOVATOR, "DINAS KOMINFO", DEMO_PEMDA_CODE),
    ("verifikator", "Dewi Verifikator", Role.VERIFIER, None, DEMO_PEMDA_CODE),
    ("agen", "Eko Agen Perubahan", Role.CHANGE_AGENT, None, DEMO_PEMDA_CODE),
    ("unit", "Fitri Unit Inovasi", Role.INNOVATION_UNIT, None, DEMO_PEMDA_CODE),
    ("pimpinan", "Hadi Sekda", Role.LEADERSHIP, None, DEMO_PEMDA_CODE),
    ("operator.batu", "Indra Operator Kota Batu", Role.PEMDA_ADMIN, None, OTHER_PEMDA_CODE),
]

KEEP_UPPER = {"SDA", "DAN", "PMPTSP"}


def display_name(name: str) -> str:
    """'DINAS KESEHATAN' → 'Dinas Kesehatan'; acronyms such as DPUPR-PERKIM stay."""
    words = []
    for word in name.split():
        if "-" in word or word in KEEP_UPPER - {"DAN"}:
            words.append(word)
        elif word.lower() == "dan":
            words.append("dan")
        else:
            words.append(word.capitalize())
    return " ".join(words)


def load(stdout) -> None:
    pemda = LocalGovernment.objects.get(code=DEMO_PEMDA_CODE)
    rows = list(read_csv(reference_path("kota_malang_perangkat_daerah_2022_extract.csv")))
    extra = list(read_csv(demo_path("kota_malang_agencies_extra.csv")))
    by_name: dict[str, Agency] = {}
    for row in rows + extra:
        jenis = row["jenis"]
        if jenis == "badan/inspektorat":
            kind = (
                Agency.Kind.INSPEKTORAT
                if "INSPEKTORAT" in row["nama_instansi"]
                else Agency.Kind.BADAN
            )
        else:
            kind = KIND_BY_JENIS.get(
                jenis, jenis if jenis in Agency.Kind.values else Agency.Kind.OTHER
            )
        agency, _ = Agency.objects.update_or_create(
            pemda=pemda,
            name=display_name(row["nama_instansi"]),
            defaults={"kind": kind, "short_name": row.get("singkatan", "")},
        )
        by_name[row["nama_instansi"].upper()] = agency
    for row in rows:
        if row.get("induk_kecamatan"):
            parent = by_name[f"KECAMATAN {row['induk_kecamatan'].upper()}"]
            agency = by_name[row["nama_instansi"].upper()]
            if agency.parent_id != parent.id:
                agency.parent = parent
                agency.save(update_fields=["parent"])
    stdout.write(f"Kota Malang: {len(by_name)} agencies.")

    User = get_user_model()
    for username, full_name, role, agency_name, code in DEMO_USERS:
        first, _, last = full_name.partition(" ")
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        target = LocalGovernment.objects.get(code=code)
        agency = by_name[agency_name] if agency_name else None
        Membership.objects.get_or_create(user=user, pemda=target, agency=agency, role=role)
    if not User.objects.filter(username="root").exists():
        User.objects.create_superuser("root", "root@localhost", DEMO_PASSWORD)
    stdout.write(f"Demo users: {len(DEMO_USERS) + 1} (password '{DEMO_PASSWORD}').")
