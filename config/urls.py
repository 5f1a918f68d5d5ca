from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from inovda.accounts.urls import plain_urlpatterns

urlpatterns = [
    path("", include("inovda.public.urls")),  # the public catalogue, open data, proposals
    path("", include("inovda.core.urls")),
    path("accounts/", include("inovda.accounts.urls")),
    path("accounts/", include(plain_urlpatterns)),
    path("innovations/", include("inovda.innovations.urls")),
    path("organizations/", include("inovda.organizations.urls")),
    path("assessment/", include("inovda.assessment.urls")),
    path("ecosystem/", include("inovda.ecosystem.urls")),
    path("knowledge/", include("inovda.knowledge.urls")),
    path("reports/", include("inovda.reports.urls")),
    path("problems/", include("inovda.problems.urls")),
    path("competitions/", include("inovda.competitions.urls")),
    path("api/", include("inovda.api.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
handler404 = "inovda.core.views.not_found"

handler400 = "inovda.core.views.bad_request"
