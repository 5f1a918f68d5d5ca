import csv
import io

import pytest
from django.core.cache import cache
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(running, publish):
    return publish(running)


def test_csv_and_json_have_stable_ids_and_every_dictionary_field(client, published):
    from inovda.public.opendata import INNOVATION_FIELDS

    keys = [k for k, _d, _f in INNOVATION_FIELDS]
    rows = list(csv.reader(io.StringIO(client.get("/data/innovations.csv").content.decode())))
    assert rows[0] == keys and len(rows) == 2
    assert rows[1][0] == str(published.publication.uid)
    items = client.get("/data/innovations.json").json()["items"]
    assert list(items[0]) == keys
    dictionary = client.get(reverse("public:data")).content.decode()
    assert all(f"<code>{k}</code>" in dictionary for k in keys)
    assert client.get("/data/secrets.csv").status_code == 404


def test_api_reads_are_paginated_open_to_any_origin_and_read_only(client, published):
    response = client.get("/api/public/v1/innovations/")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert body["count"] == 1 and body["results"][0]["id"] == str(published.publication.uid)
    assert client.post("/api/public/v1/innovations/", {}).status_code == 405
    detail = client.get(f"/api/public/v1/innovations/{published.publication.uid}/")
    assert detail.json()["name"] == "Antrean Puskesmas Daring"


def test_api_is_rate_limited(client, published, settings):
    cache.clear()
    settings.INOVDA_PUBLIC = {"API_RATE": "3/minute"}
    codes = [client.get("/api/public/v1/proposals/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_public_openapi_is_separate_and_valid(client, login, adam):
    from drf_spectacular.validation import validate_schema

    schema = client.get("/api/public/schema/?format=json").json()
    validate_schema(schema)
    assert set(schema["paths"]) == {
        "/api/public/v1/innovations/",
        "/api/public/v1/innovations/{id}/",
        "/api/public/v1/proposals/",
        "/api/public/v1/proposals/{id}/",
    }
    staff = login(adam).get("/api/schema/?format=json").json()
    assert not [p for p in staff["paths"] if p.startswith("/api/public/")]


def test_schemathesis_finds_no_server_error(published, live_server):
    import schemathesis
    from hypothesis import HealthCheck, given, settings

    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/public/schema/?format=json")

    def run(op):
        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
        @given(case=op.as_strategy())
        def check(case):
            response = case.call(base_url=live_server.url)
            assert response.status_code < 500, (op.path, response.status_code)

        check()

    operations = [operation.ok() for operation in schema.get_all_operations()]
    assert len(operations) == 4
    for op in operations:
        run(op)


def test_dcat_and_ckan_shapes(client, published):
    catalog = client.get("/open-data/catalog.jsonld")
    assert catalog["Content-Type"] == "application/ld+json"
    data = catalog.json()
    assert data["@type"] == "dcat:Catalog" and len(data["dcat:dataset"]) == 2
    media = {d["dcat:mediaType"] for d in data["dcat:dataset"][0]["dcat:distribution"]}
    assert {"text/csv", "application/json"} <= media
    assert client.get("/api/3/action/package_list").json() == {
        "success": True,
        "result": ["inovda-innovations", "inovda-proposals"],
    }
    package = client.get("/api/3/action/package_show?id=inovda-innovations").json()
    assert package["success"] and {r["format"] for r in package["result"]["resources"]} == {
        "CSV",
        "JSON",
    }
    assert client.get("/api/3/action/package_show?id=nothing").status_code == 404


def test_opsi_case_and_sitemap(client, published):
    uid = published.publication.uid
    case = client.get(reverse("public:opsi", args=[uid])).json()
    assert case["title"] == "Antrean Puskesmas Daring" and case["country"] == "Indonesia"
    assert {"problem", "results", "lessons_learned", "organisation"} <= set(case)
    assert str(uid) in client.get("/sitemap.xml").content.decode()
