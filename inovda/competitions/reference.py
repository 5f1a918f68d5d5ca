"""Proposal sections of the national public-service competition (KIPP/SINOVIK), from
data/reference/kipp_sinovik_proposal_sections.csv. A category copies them when created."""

from django.utils.text import slugify

from inovda.core.datafiles import read_csv, reference_path

FILE = "kipp_sinovik_proposal_sections.csv"
# Which registry field prefills which section (by the section's slug prefix).
PREFILL = {
    "ringkasan": "goals",
    "latar-belakang": "design_problem",
    "kebaruan": "design_novelty",
    "implementasi": "design_how_it_works",
    "signifikansi": "results",
    "sumber-daya": "budget_note",
    "strategi-keberlanjutan": "design_legal_basis",
}


def _prefill(code: str) -> str:
    return next((field for prefix, field in PREFILL.items() if code.startswith(prefix)), "")


def load(stdout) -> None:
    from .models import ProposalSection

    count = 0
    for position, row in enumerate(read_csv(reference_path(FILE)), start=1):
        code = slugify(row["bagian"])[:80]
        limit = row["maks_kata"]
        ProposalSection.objects.update_or_create(
            code=code,
            defaults={
                "title": row["bagian"],
                "max_words": int(limit) if limit.isdigit() else None,
                "asks": row["isi_yang_diminta"],
                "is_attachments": code.startswith("lampiran"),
                "prefill": _prefill(code),
                "position": position,
                "source": row["source"],
            },
        )
        count += 1
    stdout.write(f"Competition proposal sections: {count}")
