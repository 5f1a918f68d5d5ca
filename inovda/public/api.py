"""The read-only public REST API: published innovations and public citizen proposals, no
authentication, paginated, rate-limited per client address, open to any origin for reads.
Its OpenAPI document (`/api/public/schema/`) covers only these endpoints."""

from __future__ import annotations

from django.urls import include, path
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter
from rest_framework.throttling import AnonRateThrottle

from . import conf, selectors
from .models import Proposal, PublicVersion
from .opendata import cors


class PublicThrottle(AnonRateThrottle):
    scope = "public"

    def get_rate(self):
        return conf.get("API_RATE")


class PublicPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class InnovationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="publication.uid", read_only=True)
    pemda = serializers.CharField(source="pemda.name", read_only=True)
    pemda_code = serializers.CharField(source="pemda.code", read_only=True)
    agency = serializers.CharField(source="agency.name", read_only=True)
    affair = serializers.CharField(source="main_affair.name", read_only=True, default="")
    themes = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    sdgs = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    legal_instruments = serializers.ListField(child=serializers.DictField(), read_only=True)
    kpis = serializers.ListField(child=serializers.DictField(), read_only=True)
    replications = serializers.ListField(child=serializers.DictField(), read_only=True)

    class Meta:
        model = PublicVersion
        fields = [
            "id",
            "name",
            "pemda",
            "pemda_code",
            "agency",
            "affair",
            "themes",
            "sdgs",
            "stage",
            "status",
            "year",
            "form",
            "kind",
            "initiator_kind",
            "problem",
            "what_it_does",
            "beneficiaries",
            "results",
            "lessons",
            "contact_unit",
            "legal_instruments",
            "kpis",
            "replications",
            "evidence_level",
            "published_at",
        ]


class ProposalSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uid", read_only=True)
    kecamatan = serializers.CharField(source="district.name", read_only=True)
    kelurahan = serializers.CharField(source="village.name", read_only=True, default="")
    agency = serializers.CharField(source="agency.name", read_only=True, default="")
    category = serializers.CharField(source="affair.name", read_only=True, default="")
    reason = serializers.CharField(source="public_reason", read_only=True)
    submitted_at = serializers.DateTimeField(source="created_at", read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "title",
            "kind",
            "category",
            "kecamatan",
            "kelurahan",
            "description",
            "status",
            "agency",
            "answer_due",
            "answer",
            "reason",
            "support_count",
            "submitted_at",
        ]


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicThrottle]
    pagination_class = PublicPagination
    filter_backends: list = []

    def finalize_response(self, request, response, *args, **kwargs):
        return cors(super().finalize_response(request, response, *args, **kwargs))


@extend_schema_view(
    list=extend_schema(summary="Published innovations", tags=["innovations"]),
    retrieve=extend_schema(summary="One published innovation", tags=["innovations"]),
)
class InnovationViewSet(PublicViewSet):
    serializer_class = InnovationSerializer
    lookup_field = "publication__uid"
    lookup_url_kwarg = "id"
    lookup_value_regex = "[0-9a-f-]{36}"

    def get_queryset(self):
        return (
            selectors.published()
            .select_related("pemda", "agency", "main_affair", "publication")
            .prefetch_related("themes", "sdgs")
            .order_by("-published_at", "-id")  # the (state, published_at, id) index
        )


@extend_schema_view(
    list=extend_schema(summary="Public citizen proposals", tags=["proposals"]),
    retrieve=extend_schema(summary="One public citizen proposal", tags=["proposals"]),
)
class ProposalViewSet(PublicViewSet):
    serializer_class = ProposalSerializer
    lookup_field = "uid"
    lookup_url_kwarg = "id"
    lookup_value_regex = "[0-9a-f-]{36}"

    def get_queryset(self):
        return (
            selectors.public_proposals()
            .select_related("district", "village", "agency", "affair")
            .order_by("id")
        )


router = DefaultRouter()
router.register("innovations", InnovationViewSet, basename="public-innovation")
router.register("proposals", ProposalViewSet, basename="public-proposal")
router.root_view_name = "api-root"

# Only these patterns make up the public OpenAPI document.
schema_patterns = [path("api/public/v1/", include(router.urls))]


class PublicSchemaView(SpectacularAPIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    urlconf = schema_patterns
    custom_settings = {
        "TITLE": "Inovda public API",
        "DESCRIPTION": "Read-only open data: published regional innovations and citizen "
        "proposals. No authentication; rate-limited per client address.",
        "VERSION": "1.0.0",
        "PREPROCESSING_HOOKS": [],
    }

    def finalize_response(self, request, response, *args, **kwargs):
        return cors(super().finalize_response(request, response, *args, **kwargs))


def exclude_public_paths(endpoints):
    """drf-spectacular preprocessing hook of the staff schema: the public API has its own."""
    return [e for e in endpoints if not e[0].startswith("/api/public/")]
