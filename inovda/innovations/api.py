"""REST API for the registry: the same access helpers and services as the pages."""

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from inovda.core.versioning import PreconditionFailed, StaleVersion, VersionedAPIMixin
from inovda.organizations.models import Agency

from . import access, lifecycle, selectors, services
from .forms import PROFILE_FIELDS, StepForm
from .models import Innovation, ProgressReport

# Set by the lifecycle and the health refresh, never through the profile.
READ_ONLY = [
    "stage",
    "status",
    "implementation_start",
    "report_cadence",
    "health",
    "health_computed",
    "health_rule",
    "health_inputs",
    "health_evaluated_at",
    "design_word_count",
    "submitted_at",
]


class InnovationSerializer(serializers.ModelSerializer):
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all())
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    pemda = serializers.CharField(source="pemda.code", read_only=True)
    # the same choices as `health`: a plain string keeps one enum in the schema
    health_computed = serializers.CharField(read_only=True)

    class Meta:
        model = Innovation
        fields = [
            "id",
            "pemda",
            "agency_name",
            *PROFILE_FIELDS,
            *READ_ONLY,
            "created_at",
            "updated_at",
        ]
        read_only_fields = READ_ONLY


class ProgressReportSerializer(serializers.ModelSerializer):
    values = serializers.SerializerMethodField()

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "period_start",
            "period_end",
            "due_on",
            "is_late",
            "submitted_at",
            "activities",
            "beneficiaries",
            "budget_allocated",
            "budget_realised",
            "obstacles",
            "kpi_attainment",
            "values",
        ]

    def get_values(self, report) -> list[dict]:
        return [
            {"kpi": v.kpi.name, "unit": v.kpi.unit, "value": str(v.value)}
            for v in report.values.all()
        ]


class HealthOverrideSerializer(serializers.Serializer):
    status = serializers.CharField()
    reason = serializers.CharField()
    expires_on = serializers.DateField()
    by = serializers.CharField(allow_null=True)


class HealthSerializer(serializers.Serializer):
    """What `health` answers: the status, the rule that set it and the inputs it saw."""

    health = serializers.CharField()
    computed = serializers.CharField()
    rule = serializers.CharField()
    rule_label = serializers.CharField()
    explanation = serializers.CharField()
    inputs = serializers.DictField()
    evaluated_at = serializers.DateTimeField(allow_null=True)
    override = HealthOverrideSerializer(allow_null=True)


class TransitionSerializer(serializers.Serializer):
    """One lifecycle step the user may take now, and what still blocks it."""

    name = serializers.CharField()
    label = serializers.CharField()
    target = serializers.CharField()
    blocked_by = serializers.ListField(child=serializers.CharField())


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField  # 2026, not 2026.5 (the document says integer)


class InnovationFilterSet(django_filters.FilterSet):
    year = YearFilter()

    class Meta:
        model = Innovation
        fields = ["agency", "stage", "status", "form", "year", "main_affair"]


STEP_DATA = {"type": "object", "additionalProperties": True}


def _service_call(fn, **kwargs):
    try:
        return fn(**kwargs)
    except StaleVersion:
        raise PreconditionFailed() from None
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc)) from exc
    except DjangoValidationError as exc:
        raise exceptions.ValidationError(exc.messages) from exc


@extend_schema_view(
    health=extend_schema(responses=HealthSerializer),
    reports=extend_schema(responses=ProgressReportSerializer(many=True)),
    transitions=extend_schema(responses=TransitionSerializer(many=True)),
    transition=extend_schema(
        parameters=[
            OpenApiParameter("name", str, OpenApiParameter.PATH, enum=sorted(lifecycle.TRANSITIONS))
        ],
        request={
            "application/json": STEP_DATA,
            "multipart/form-data": STEP_DATA,
            "application/x-www-form-urlencoded": STEP_DATA,
        },
        responses=InnovationSerializer,
    ),
    submit=extend_schema(request=None, responses=InnovationSerializer),
)
class InnovationViewSet(VersionedAPIMixin, viewsets.ModelViewSet):
    serializer_class = InnovationSerializer
    filterset_class = InnovationFilterSet

    def get_queryset(self):
        filters = selectors.InnovationFilters(q=self.request.query_params.get("q", ""))
        return (
            selectors.innovation_list(user=self.request.user, filters=filters)
            .prefetch_related("other_affairs", "themes", "sdgs")
            .order_by("id")
        )

    def get_object(self):
        return access.innovation_for_user(self.request.user, self.kwargs["pk"])

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        agency = data.pop("agency")
        serializer.instance = _service_call(
            services.innovation_create, actor=self.request.user, agency=agency, data=data
        )

    def perform_update(self, serializer):
        serializer.instance = self.saved = _service_call(
            services.innovation_update,
            actor=self.request.user,
            innovation=serializer.instance,
            data=dict(serializer.validated_data),
            version=self.if_match(),
        )

    def perform_destroy(self, instance):
        _service_call(
            services.innovation_delete,
            actor=self.request.user,
            innovation=instance,
            version=self.if_match(),
        )

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None, format=None):
        innovation = _service_call(
            services.innovation_submit, actor=request.user, innovation=self.get_object()
        )
        return Response(self.get_serializer(innovation).data)

    @action(detail=True, methods=["get"])
    def transitions(self, request, pk=None, format=None):
        """The lifecycle steps the user may take now, each with what still blocks it."""
        innovation = self.get_object()
        return Response(
            [
                {
                    "name": t.name,
                    "label": str(t.label),
                    "target": lifecycle.target_of(t, innovation),
                    "blocked_by": problems,
                }
                for t, problems in lifecycle.available(request.user, innovation)
            ]
        )

    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[a-z_]+)")
    def transition(self, request, pk=None, name=None, format=None):
        """Take one step (same data as the page's form; multipart for documents)."""
        innovation = self.get_object()
        if name not in lifecycle.TRANSITIONS:
            raise exceptions.NotFound()
        if not isinstance(request.data, dict):  # e.g. a JSON list: the fields are an object
            raise exceptions.ParseError()
        form = StepForm(
            request.data,
            request.FILES,
            transition=lifecycle.TRANSITIONS[name],
            innovation=innovation,
        )
        if not form.is_valid():
            raise exceptions.ValidationError(form.errors)
        innovation = _service_call(
            services.innovation_transition,
            actor=request.user,
            innovation=innovation,
            name=name,
            data=form.cleaned_data,
        )
        return Response(self.get_serializer(innovation).data)

    @action(detail=True, methods=["get"])
    def health(self, request, pk=None, format=None):
        """The health status, the rule that set it and the inputs it saw."""
        innovation = self.get_object()
        view = selectors.health_view(innovation)
        override = view["override"]
        return Response(
            {
                "health": view["status"],
                "computed": view["computed"],
                "rule": view["rule"],
                "rule_label": str(view["rule_label"]),
                "explanation": view["explanation"],
                "inputs": view["inputs"],
                "evaluated_at": innovation.health_evaluated_at,
                "override": {
                    "status": override.status,
                    "reason": override.reason,
                    "expires_on": override.expires_on,
                    "by": override.created_by.username if override.created_by else None,
                }
                if override
                else None,
            }
        )

    @action(detail=True, methods=["get"])
    def reports(self, request, pk=None, format=None):
        innovation = self.get_object()
        reports = innovation.progress_reports.prefetch_related("values__kpi")
        return Response(ProgressReportSerializer(reports, many=True).data)
