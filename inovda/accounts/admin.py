from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import SsoEnrolment

User = get_user_model()


@admin.action(description=_("Send an invitation to set the password"))
def send_invitations(modeladmin, request, queryset):
    sent = sum(services.invitation_send(user=user, actor=request.user) for user in queryset)
    skipped = queryset.count() - sent
    modeladmin.message_user(
        request,
        ngettext("%(n)d invitation sent.", "%(n)d invitations sent.", sent) % {"n": sent}
        + (
            " "
            + _("%(n)d skipped (no e-mail address, or a password already set).") % {"n": skipped}
            if skipped
            else ""
        ),
        messages.SUCCESS,
    )


admin.site.unregister(User)


@admin.register(User)
class InovdaUserAdmin(UserAdmin):
    actions = [send_invitations]


@admin.action(description=_("Approve the requested membership"))
def approve(modeladmin, request, queryset):
    for enrolment in queryset.filter(status=SsoEnrolment.Status.PENDING):
        try:
            services.sso_enrolment_approve(enrolment=enrolment, actor=request.user)
        except ValueError as error:
            modeladmin.message_user(request, f"{enrolment.user}: {error}", messages.ERROR)


@admin.action(description=_("Reject (deactivate the account)"))
def reject(modeladmin, request, queryset):
    for enrolment in queryset.filter(status=SsoEnrolment.Status.PENDING):
        services.sso_enrolment_reject(enrolment=enrolment, actor=request.user)


@admin.register(SsoEnrolment)
class SsoEnrolmentAdmin(admin.ModelAdmin):
    list_display = ["user", "pemda", "agency", "role", "status", "created_at"]
    list_filter = ["status", "role"]
    search_fields = ["user__username", "user__email", "subject"]
    readonly_fields = ["user", "issuer", "subject", "claims", "status", "decided_by", "decided_at"]
    autocomplete_fields = []
    raw_id_fields = ["pemda", "agency"]
    actions = [approve, reject]

    def has_add_permission(self, request):
        return False
