from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from inovda.innovations.api import InnovationViewSet

router = DefaultRouter()
router.register("innovations", InnovationViewSet, basename="innovation")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
