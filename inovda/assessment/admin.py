"""The rules of each period are edited here (rules are data): constants, predicate bands,
the indicator catalogue and the measurement bases. A new period starts as a copy."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from . import services
from .models import (
    AssessmentPeriod,
    Indicator,
    InnovationAssessment,
    MeasurementBasis,
    PemdaAssessment,
    PredicateBand,
)


class PredicateBandInline(admin.TabularInline):
    model = PredicateBand
    extra = 0


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["position", "aspect", "number", "sub", "name", "weight", "mandatory", "levels"]
    show_change_link = True


@admin.action(description=_("Copy as next year's period"))
def copy_as_next_year(modeladmin, request, queryset):
    next_year = (AssessmentPeriod.objects.aggregate(y=Max("year"))["y"] or 0) + 1
    for source in queryset.order_by("-year")[:1]:
        try:
            period = services.period_copy(actor=request.user, source=source, year=next_year)
        except (PermissionDenied, ValidationError) as exc:
            modeladmin.message_user(request, str(exc), messages.ERROR)
        else:
            modeladmin.message_user(
                request,
                _("%(new)s was created as a copy of %(old)s: edit what changed. %(summary)s")
                % {"new": period.name, "old": source.name, "summary": period.copy_summary},
                messages.SUCCESS,
            )


class RulesEditedMixin:
    """Every saved edit of the rules is recorded and the period's sheets are rescored."""

    def _period_of(self, obj) -> AssessmentPeriod:
        return obj if isinstance(obj, AssessmentPeriod) else obj.period

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changed = dict.fromkeys(form.changed_data, "edited")
        for formset in formsets:
            if formset.has_changed():
                changed[formset.model._meta.verbose_name_plural.__str__()] = "edited"
        if change and changed:
            services.period_edited(
                actor=request.user, period=self._period_of(form.instance), changes=changed
            )


@admin.register(AssessmentPeriod)
class AssessmentPeriodAdmin(RulesEditedMixin, admin.ModelAdmin):
    list_display = ["name", "year", "scheme", "min_divisor", "basic_service_minimum", "opens_on"]
    inlines = [PredicateBandInline, IndicatorInline]
    actions = [copy_as_next_year]
    readonly_fields = ["copied_from"]


class MeasurementBasisInline(admin.TabularInline):
    model = MeasurementBasis
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(RulesEditedMixin, admin.ModelAdmin):
    list_display = ["__str__", "period", "aspect", "weight", "mandatory"]
    list_filter = ["period", "aspect", "mandatory"]
    inlines = [MeasurementBasisInline]


@admin.register(InnovationAssessment)
class InnovationAssessmentAdmin(admin.ModelAdmin):
    list_display = ["innovation", "period", "status", "claimed_score", "verified_score"]
    list_filter = ["period", "status"]
    raw_id_fields = ["innovation", "pemda"]
    readonly_fields = InnovationAssessment.SCORE_FIELDS


@admin.register(PemdaAssessment)
class PemdaAssessmentAdmin(admin.ModelAdmin):
    list_display = ["pemda", "period", "status", "claimed_score", "verified_score"]
    list_filter = ["period", "status"]
    raw_id_fields = ["pemda"]
    readonly_fields = PemdaAssessment.SCORE_FIELDS
