from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("inovda.core.urls")),
    path("innovations/", include("inovda.innovations.urls")),
    path("organizations/", include("inovda.organizations.urls")),
    path("assessment/", include("inovda.assessment.urls")),
    path("ecosystem/", include("inovda.ecosystem.urls")),
    path("knowledge/", include("inovda.knowledge.urls")),
    path("reports/", include("inovda.reports.urls")),
    path("api/", include("inovda.api.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

handler400 = "inovda.core.views.bad_request"
