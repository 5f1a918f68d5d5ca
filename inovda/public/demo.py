"""Demo of the public side for Kota Malang: a handful of innovations published through the
publish-and-approve services, a few citizen proposals at different steps, and beneficiary
feedback on one implemented innovation. Safe to run again (each part checks first)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from inovda.innovations.models import Innovation
from inovda.organizations.demo import DEMO_PEMDA_CODE
from inovda.organizations.models import Agency, LocalGovernment

from . import services
from .models import Feedback, Proposal, Publication, PublicVersion, Region

PUBLISHED = 6
PROPOSALS = [
    {
        "title": "Antrean puskesmas daring untuk lansia",
        "kind": Proposal.Kind.IDEA,
        "description": "Lansia di kelurahan kami menunggu berjam-jam di puskesmas. Usul: "
        "nomor antrean bisa diambil lewat kader posyandu atau SMS, lalu dipanggil sesuai jam.",
        "district": "Blimbing",
        "step": "answered",
    },
    {
        "title": "Sampah menumpuk di pinggir sungai Brantas",
        "kind": Proposal.Kind.PROBLEM,
        "description": "Setiap musim hujan sampah menumpuk di bantaran sungai dekat jembatan. "
        "Warga perlu titik bank sampah dan jadwal angkut yang jelas.",
        "district": "Klojen",
        "step": "routed",
    },
    {
        "title": "Warung data kemiskinan di kelurahan",
        "kind": Proposal.Kind.IDEA,
        "description": "Pendataan warga miskin sering tidak tepat sasaran. Usul: pos data di "
        "kantor kelurahan tempat warga bisa memeriksa dan memperbarui datanya sendiri.",
        "district": "Sukun",
        "step": "pending",
    },
]


def load(stdout) -> None:
    pemda = LocalGovernment.objects.filter(code=DEMO_PEMDA_CODE).first()
    admin = get_user_model().objects.filter(username="admin").first()
    if pemda is None or admin is None:
        return
    _publish(pemda, admin, stdout)
    _proposals(pemda, admin, stdout)
    _feedback(pemda, stdout)


def _publish(pemda, admin, stdout) -> None:
    if Publication.objects.filter(innovation__pemda=pemda).exists():
        stdout.write("Public catalogue: already published; left as it is.")
        return
    candidates = Innovation.objects.filter(
        pemda=pemda, status=Innovation.Status.IMPLEMENTED
    ).order_by("id")[:PUBLISHED]
    for innovation in candidates:
        version = services.publication_propose(
            actor=admin,
            innovation=innovation,
            data={
                "name": innovation.name,
                "problem": innovation.design_problem,
                "what_it_does": innovation.design_how_it_works or innovation.design_method_after,
                "beneficiaries": innovation.benefits,
                "results": innovation.results,
                "contact_unit": str(innovation.agency),
                "include_instruments": True,
                "include_kpis": True,
                "include_replications": True,
            },
        )
        services.publication_approve(actor=admin, version=version)
    stdout.write(f"Public catalogue: {len(candidates)} Kota Malang innovations published.")


def _proposals(pemda, admin, stdout) -> None:
    if Proposal.objects.filter(pemda=pemda).exists():
        return
    agency = Agency.objects.filter(pemda=pemda, name__icontains="Kesehatan").first()
    agency = agency or Agency.objects.filter(pemda=pemda).first()
    operator = get_user_model().objects.filter(username="operator.dinkes").first()
    for i, item in enumerate(PROPOSALS, start=1):
        district = Region.objects.filter(pemda=pemda, name=item["district"]).first()
        if district is None:
            continue
        proposal = services.proposal_submit(
            pemda=pemda,
            data={
                "title": item["title"],
                "kind": item["kind"],
                "description": item["description"],
                "district": district,
                "proposer_email": f"warga{i}@example.org",
            },
        )
        services.proposal_confirm(proposal=proposal)
        if item["step"] in ("routed", "answered"):
            services.proposal_route(actor=admin, proposal=proposal, agency=agency)
        if item["step"] == "answered" and operator is not None:
            services.proposal_answer(
                actor=operator,
                proposal=proposal,
                answer="Terima kasih. Kami uji coba pendaftaran antrean melalui kader posyandu "
                "di dua puskesmas mulai bulan depan.",
            )
    stdout.write(f"Citizen proposals: {len(PROPOSALS)} demo proposals.")


def _feedback(pemda, stdout) -> None:
    version = PublicVersion.objects.filter(
        pemda=pemda, state="published", status=Innovation.Status.IMPLEMENTED
    ).first()
    if version is None or Feedback.objects.filter(publication=version.publication).exists():
        return
    answers = [(5, "better", True), (4, "better", True), (4, "same", True), (3, "same", False)]
    for i, (score, changed, recommend) in enumerate(answers):
        services.feedback_submit(
            version=version,
            data={"satisfaction": score, "changed": changed, "recommend": recommend},
            fingerprint=f"demo-{i}",
        )
    stdout.write(f"Beneficiary feedback: {len(answers)} demo answers.")
