"""Open data: the published lists as CSV and JSON with stable identifiers, their data
dictionary, DCAT-AP (JSON-LD) and CKAN-shaped metadata for Satu Data portals, the OECD
OPSI case-study export and the sitemap. Every row comes from `selectors.published()` or
`selectors.public_proposals()`; the field lists below are the only fields that leave."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inovda.innovations.models import Innovation

from . import selectors
from .models import PublicVersion


def cors(response):
    """Reads are open to any origin (no cookies are used by these endpoints)."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, OPTIONS"
    return response


def _label(choices, value) -> str:
    return str(dict(choices).get(value, value or ""))


# field, description, function(version, request) -> value
INNOVATION_FIELDS = [
    (
        "id",
        _("Stable identifier (UUID); never reused, kept across re-publication"),
        lambda v, r: str(v.publication.uid),
    ),
    (
        "url",
        _("Address of the public page"),
        lambda v, r: r.build_absolute_uri(v.get_absolute_url()),
    ),
    ("name", _("Name of the innovation"), lambda v, r: v.name),
    ("pemda_code", _("Kepmendagri code of the Pemda"), lambda v, r: v.pemda.code),
    ("pemda", _("Pemda"), lambda v, r: v.pemda.name),
    ("agency", _("Agency (perangkat daerah)"), lambda v, r: v.agency.name),
    (
        "affair",
        _("Main government affair"),
        lambda v, r: v.main_affair.name if v.main_affair else "",
    ),
    (
        "themes",
        _("Themes, separated by “; ”"),
        lambda v, r: "; ".join(t.name for t in v.themes.all()),
    ),
    ("sdgs", _("SDGs, separated by “; ”"), lambda v, r: "; ".join(t.name for t in v.sdgs.all())),
    ("stage", _("Stage: inisiatif, uji_coba or penerapan"), lambda v, r: v.stage),
    ("status", _("Lifecycle status code when published"), lambda v, r: v.status),
    ("year", _("Year initiated"), lambda v, r: v.year or ""),
    ("form", _("Form (bentuk): tata_kelola, pelayanan_publik, lainnya"), lambda v, r: v.form),
    ("kind", _("digital or non_digital"), lambda v, r: v.kind),
    (
        "initiator_kind",
        _("Initiator kind (kepala_daerah, dprd, asn, perangkat_daerah, masyarakat)"),
        lambda v, r: v.initiator_kind,
    ),
    ("problem", _("The problem it addresses"), lambda v, r: v.problem),
    ("what_it_does", _("What it does"), lambda v, r: v.what_it_does),
    ("beneficiaries", _("Who benefits"), lambda v, r: v.beneficiaries),
    ("results", _("Results"), lambda v, r: v.results),
    ("contact_unit", _("Unit to contact"), lambda v, r: v.contact_unit),
    (
        "legal_instruments",
        _("Legal instruments (kind number, date), separated by “; ”"),
        lambda v, r: "; ".join(
            f"{i['kind']} {i['number']} ({i['issued_on']})" for i in v.legal_instruments
        ),
    ),
    (
        "evidence_level",
        _("Confirmed level of evidence, 1–5 (0: not yet assessed)"),
        lambda v, r: v.evidence_level,
    ),
    (
        "published_at",
        _("When this version was published (ISO 8601)"),
        lambda v, r: v.published_at.isoformat() if v.published_at else "",
    ),
]
PROPOSAL_FIELDS = [
    ("id", _("Stable identifier (UUID)"), lambda p, r: str(p.uid)),
    (
        "url",
        _("Address of the public page"),
        lambda p, r: r.build_absolute_uri(p.get_absolute_url()),
    ),
    ("title", _("Title"), lambda p, r: p.title),
    ("kind", _("idea or problem"), lambda p, r: p.kind),
    (
        "category",
        _("Government affair chosen by the citizen"),
        lambda p, r: p.affair.name if p.affair else "",
    ),
    ("kecamatan", _("Kecamatan"), lambda p, r: p.district.name),
    ("kelurahan", _("Kelurahan"), lambda p, r: p.village.name if p.village else ""),
    ("description", _("Description"), lambda p, r: p.description),
    ("status", _("Status code"), lambda p, r: p.status),
    ("agency", _("Agency it was routed to"), lambda p, r: p.agency.name if p.agency else ""),
    (
        "answer_due",
        _("Answer deadline (SLA)"),
        lambda p, r: p.answer_due.isoformat() if p.answer_due else "",
    ),
    ("answer", _("The agency's answer"), lambda p, r: p.answer),
    ("reason", _("Published reason of a refusal or merge"), lambda p, r: p.public_reason),
    ("supports", _("Confirmed supports"), lambda p, r: p.support_count),
    ("submitted_on", _("Date submitted"), lambda p, r: p.created_at.date().isoformat()),
]
DATASETS = {
    "innovations": (_("Published regional innovations"), INNOVATION_FIELDS),
    "proposals": (_("Citizen proposals (usulan masyarakat)"), PROPOSAL_FIELDS),
}


def dataset_rows(name: str):
    if name == "innovations":
        return (
            selectors.published()
            .select_related("pemda", "agency", "main_affair", "publication")
            .prefetch_related("themes", "sdgs")
            .order_by("id")
        )
    return (
        selectors.public_proposals()
        .select_related("agency", "district", "village", "affair")
        .order_by("id")
    )


def records(name: str, request) -> list[dict]:
    fields = DATASETS[name][1]
    return [{key: fn(obj, request) for key, _d, fn in fields} for obj in dataset_rows(name)]


def csv_view(request, name):
    fields = DATASETS[name][1]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([key for key, _d, _f in fields])
    for row in records(name, request):
        writer.writerow(list(row.values()))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.csv"'
    return cors(response)


def json_view(request, name):
    return cors(
        JsonResponse(
            {
                "dataset": name,
                "generated": timezone.now().isoformat(),
                "items": records(name, request),
            },
            json_dumps_params={"ensure_ascii": False},
        )
    )


# --- Catalogue metadata ------------------------------------------------------------------


def _dataset_meta(request, name: str) -> dict:
    title, fields = DATASETS[name]
    base = request.build_absolute_uri
    return {
        "name": f"inovda-{name}",
        "title": str(title),
        "csv": base(reverse("public:data_csv", args=[name])),
        "json": base(reverse("public:data_json", args=[name])),
        "api": base(reverse("public:api-root")),
        "dictionary": base(reverse("public:data") + f"#{name}"),
        "fields": fields,
    }


def dcat(request):
    """DCAT-AP catalogue (JSON-LD) of the open datasets."""
    datasets = []
    for name in DATASETS:
        meta = _dataset_meta(request, name)
        datasets.append(
            {
                "@type": "dcat:Dataset",
                "@id": meta["dictionary"],
                "dct:identifier": meta["name"],
                "dct:title": meta["title"],
                "dct:description": str(
                    _("Open data of Inovda, updated when a record is published.")
                ),
                "dct:language": "id",
                "dct:license": "https://creativecommons.org/licenses/by/4.0/",
                "dct:modified": timezone.now().date().isoformat(),
                "dcat:keyword": ["inovasi daerah", "PP 38/2017"],
                "dcat:distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "dcat:accessURL": meta["csv"],
                        "dcat:downloadURL": meta["csv"],
                        "dcat:mediaType": "text/csv",
                    },
                    {
                        "@type": "dcat:Distribution",
                        "dcat:accessURL": meta["json"],
                        "dcat:downloadURL": meta["json"],
                        "dcat:mediaType": "application/json",
                    },
                    {
                        "@type": "dcat:Distribution",
                        "dcat:accessURL": meta["api"],
                        "dcat:mediaType": "application/json",
                        "dct:conformsTo": request.build_absolute_uri(reverse("public:api-schema")),
                    },
                ],
            }
        )
    body = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
        },
        "@type": "dcat:Catalog",
        "@id": request.build_absolute_uri(reverse("public:dcat")),
        "dct:title": "Inovda — data terbuka inovasi daerah",
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": "Inovda"},
        "dcat:dataset": datasets,
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/ld+json"
    return cors(response)


def _ckan_package(request, name: str) -> dict:
    meta = _dataset_meta(request, name)
    return {
        "name": meta["name"],
        "title": meta["title"],
        "notes": str(_("Open data of Inovda, updated when a record is published.")),
        "license_id": "cc-by",
        "metadata_modified": timezone.now().isoformat(),
        "tags": [{"name": "inovasi-daerah"}],
        "resources": [
            {"name": f"{name}.csv", "url": meta["csv"], "format": "CSV"},
            {"name": f"{name}.json", "url": meta["json"], "format": "JSON"},
        ],
        "extras": [{"key": "data_dictionary", "value": meta["dictionary"]}],
    }


def ckan_package_list(request):
    return cors(JsonResponse({"success": True, "result": [f"inovda-{n}" for n in DATASETS]}))


def ckan_package_show(request):
    wanted = (request.GET.get("id") or "").removeprefix("inovda-")
    if wanted not in DATASETS:
        return cors(
            JsonResponse(
                {"success": False, "error": {"__type": "Not Found Error", "message": "Not found"}},
                status=404,
            )
        )
    return cors(JsonResponse({"success": True, "result": _ckan_package(request, wanted)}))


# --- OECD OPSI case study ----------------------------------------------------------------


def opsi_case(version: PublicVersion, request) -> dict:
    """A published case in the shape of the OECD OPSI case-study form."""
    stage = {
        Innovation.Stage.INITIATIVE: "Developing proposals",
        Innovation.Stage.TRIAL: "Implementation",
        Innovation.Stage.IMPLEMENTATION: "Diffusing lessons",
    }.get(version.stage, "")
    return {
        "title": version.name,
        "url": request.build_absolute_uri(version.get_absolute_url()),
        "country": "Indonesia",
        "level_of_government": "Local / regional government",
        "organisation": f"{version.agency.name}, {version.pemda.name}",
        "year_launched": version.year,
        "innovation_status": stage,
        "summary": version.what_it_does,
        "problem": version.problem,
        "beneficiaries": version.beneficiaries,
        "results": version.results,
        "lessons_learned": version.lessons,
        "themes": [t.name for t in version.themes.all()],
        "sdgs": [t.name for t in version.sdgs.all()],
        "contact": version.contact_unit,
        "source": "Inovda",
    }


def opsi_view(request, uid):
    version = selectors.version_by_uid(uid)
    response = JsonResponse(opsi_case(version, request), json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="opsi-{uid}.json"'
    return cors(response)


def sitemap(request):
    urls = [request.build_absolute_uri(reverse("public:catalogue"))]
    urls += [
        request.build_absolute_uri(v.get_absolute_url())
        for v in selectors.published().select_related("publication").only("publication__uid")
    ]
    urls += [
        request.build_absolute_uri(p.get_absolute_url())
        for p in selectors.public_proposals().only("uid")
    ]
    body = ['<?xml version="1.0" encoding="UTF-8"?>']
    body.append('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    from django.utils.html import escape

    body += [f"<url><loc>{escape(u)}</loc></url>" for u in urls]
    body.append("</urlset>")
    return HttpResponse("\n".join(body), content_type="application/xml")


def data_page_context() -> dict:
    return {
        "datasets": [
            {"name": name, "title": title, "fields": [(k, d) for k, d, _f in fields]}
            for name, (title, fields) in DATASETS.items()
        ]
    }
