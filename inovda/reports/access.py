"""Who may use the reports app. Dashboards read through the innovation access helpers;
imports belong to the Pemda admin (Bapperida/BRIDA) of the Pemda they write into."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from inovda.organizations import access as org_access
from inovda.organizations.models import LocalGovernment, Role

from .models import ImportJob


def import_pemdas(user):
    """The Pemda into which `user` may import."""
    if getattr(user, "is_superuser", False):
        return LocalGovernment.objects.all()
    return LocalGovernment.objects.filter(
        id__in=org_access.pemda_ids_with_role(user, Role.PEMDA_ADMIN)
    )


def may_import(user) -> bool:
    """Whether `user` imports into some Pemda (the menu asks on every page: no query)."""
    return getattr(user, "is_superuser", False) or bool(
        org_access.pemda_ids_with_role(user, Role.PEMDA_ADMIN)
    )


def can_import(user, pemda_id: int) -> bool:
    return org_access.has_role(user, pemda_id, Role.PEMDA_ADMIN)


def require_import(user, pemda_id: int) -> None:
    org_access.require(
        can_import(user, pemda_id), _("Only the Pemda admin may import into this Pemda.")
    )


def import_jobs_for_user(user):
    jobs = ImportJob.objects.select_related("pemda", "created_by").defer("rows")
    if getattr(user, "is_superuser", False):
        return jobs
    return jobs.filter(pemda_id__in=org_access.pemda_ids_with_role(user, Role.PEMDA_ADMIN))


def import_job_for_user(user, pk, *, with_rows: bool = True) -> ImportJob:
    jobs = import_jobs_for_user(user)
    if with_rows:
        jobs = jobs.defer(None)
    try:
        return jobs.get(pk=pk)
    except (ImportJob.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
