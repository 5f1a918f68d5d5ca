from django.contrib import admin

from .models import Agency, GovernmentAffair, LocalGovernment, Membership


@admin.register(LocalGovernment)
class LocalGovernmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "pemda", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]
    raw_id_fields = ["pemda", "parent"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "pemda", "agency"]
    list_filter = ["role"]
    raw_id_fields = ["user", "pemda", "agency"]


@admin.register(GovernmentAffair)
class GovernmentAffairAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "group", "is_basic_service"]
