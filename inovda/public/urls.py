from django.urls import include, path

from . import api, opendata, staff_views, views

app_name = "public"

DATASET = "<str:name>"

urlpatterns = [
    path("", views.root, name="root"),
    path("katalog/", views.catalogue, name="catalogue"),
    path("inovasi/<uuid:uid>/", views.innovation, name="innovation"),
    path("inovasi/<uuid:uid>/lampiran/<int:pk>/", views.attachment, name="attachment"),
    path("inovasi/<uuid:uid>/nilai/", views.rate, name="rate"),
    path("inovasi/<uuid:uid>/opsi.json", opendata.opsi_view, name="opsi"),
    path("tantangan/", views.challenge_list, name="challenges"),
    path("usulan/", views.proposal_list, name="proposals"),
    path("usulan/baru/", views.proposal_new, name="proposal_new"),
    path("usulan/<uuid:uid>/", views.proposal, name="proposal"),
    path("usulan/<uuid:uid>/dukung/", views.support, name="support"),
    path("usulan/<uuid:uid>/foto/<int:pk>/", views.proposal_photo, name="proposal_photo"),
    path("inovasi/<uuid:uid>/ikuti/", views.follow_innovation, name="follow_innovation"),
    path("usulan/<uuid:uid>/ikuti/", views.follow_proposal, name="follow_proposal"),
    path("berhenti/<str:token>/", views.unfollow, name="unfollow"),
    path("konfirmasi/<str:token>/", views.confirm, name="confirm"),
    # Open data
    path("data/", views.data_page, name="data"),
    path("data/<str:name>.csv", views.dataset_csv, name="data_csv"),
    path("data/<str:name>.json", views.dataset_json, name="data_json"),
    path("open-data/catalog.jsonld", opendata.dcat, name="dcat"),
    path("api/3/action/package_list", opendata.ckan_package_list, name="ckan_list"),
    path("api/3/action/package_show", opendata.ckan_package_show, name="ckan_show"),
    path("api/public/v1/", include(api.router.urls)),
    path("api/public/schema/", api.PublicSchemaView.as_view(), name="api-schema"),
    path("sitemap.xml", opendata.sitemap, name="sitemap"),
    # Staff
    path("publik/", staff_views.queue, name="staff_queue"),
    path("publik/inovasi/<int:pk>/terbitkan/", staff_views.propose, name="staff_propose"),
    path("publik/inovasi/<int:pk>/tarik/", staff_views.withdraw, name="staff_withdraw"),
    path("publik/versi/<int:pk>/", staff_views.version, name="staff_version"),
    path("publik/usulan/<int:pk>/", staff_views.proposal, name="staff_proposal"),
    path(
        "publik/laporan/<int:pk>/ringkasan/",
        staff_views.report_summary,
        name="staff_report_summary",
    ),
    path(
        "publik/usulan/<int:pk>/data-pribadi.json",
        staff_views.proposal_personal_data,
        name="staff_proposal_data",
    ),
]
