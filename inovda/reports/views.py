"""Thin views: dashboards, exports, imports and PDF reports."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from inovda.core import exports as export_registry
from inovda.core.cache import cached
from inovda.core.db import reads_from_replica
from inovda.core.params import query_int
from inovda.core.pdf import letterhead, pdf_response
from inovda.core.sections import sections_for
from inovda.innovations.access import innovation_for_user
from inovda.innovations.models import Innovation
from inovda.organizations import access as org_access
from inovda.organizations.models import AGENCY_ROLES

from . import access, conf, exports, selectors, services
from .forms import (
    AgencyPickForm,
    BulkFixForm,
    ColumnsForm,
    FixForm,
    ReportSettingsForm,
    UploadForm,
)
from .importers import IMPORTERS
from .models import ImportJob, ImportKind, ReportSettings

# ---------------------------------------------------------------- dashboards


@login_required
def index(request):
    """Send each person to the dashboard of their scope."""
    user = request.user
    if org_access.province_ids(user):
        return redirect("reports:province")
    if selectors.dashboard_pemda_ids(user) or user.is_superuser:
        return redirect("reports:leadership")
    if org_access.agency_ids_with_role(user, *AGENCY_ROLES):
        return redirect("reports:agency")
    raise PermissionDenied(_("You have no role that comes with a dashboard."))


def _dashboard(request, dashboard: str, scope, title: str, **extra):
    data_years = set()
    if len(scope.pemdas) == 1:  # the annual report is per Pemda
        data_years = cached(  # like the sections: per Pemda version and viewer
            scope.pemda.pk,
            ("data-years", org_access.viewer_key(scope.user), sorted(scope.list_query().items())),
            lambda: selectors.data_years(scope),
        )
    years = sorted(data_years | {datetime.date.today().year}, reverse=True) if data_years else []
    context = {
        "dashboard": dashboard,
        "title": title,
        "scope": scope,
        "sections": sections_for(dashboard, scope),
        "pemda_choices": (
            org_access.pemdas_for_user(request.user).filter(
                id__in=selectors.dashboard_pemda_ids(request.user)
            )
            if dashboard in ("leadership", "poverty")
            else None
        ),
        "years": years,
        "default_year": max(data_years, default=None),
        "can_configure": access.can_import(request.user, scope.pemda.pk) if scope.pemdas else False,
        **extra,
    }
    return render(request, "reports/dashboard.html", context)


@login_required
@reads_from_replica
def leadership(request):
    scope = selectors.pemda_scope(request.user, request.GET.get("pemda"))
    title = _("Leadership dashboard · %(pemda)s") % {"pemda": scope.pemda}
    return _dashboard(request, "leadership", scope, title)


@login_required
@reads_from_replica
def poverty(request):
    theme = selectors.poverty_theme()
    if theme is None:
        raise Http404(
            _(
                "The poverty-alleviation theme is missing from the reference data; ask "
                "your system administrator to load the reference data."
            )
        )
    scope = selectors.pemda_scope(request.user, request.GET.get("pemda"), theme=theme)
    title = _("Poverty alleviation · %(pemda)s") % {"pemda": scope.pemda}
    return _dashboard(request, "poverty", scope, title, theme=theme)


@login_required
@reads_from_replica
def agency(request):
    scope = selectors.agency_scope(request.user, request.GET.get("agency"))
    agencies = selectors.dashboard_agencies(request.user).filter(pemda=scope.pemda)
    form = AgencyPickForm(initial={"agency": scope.agency}, agencies=agencies)
    title = _("Agency dashboard · %(agency)s") % {"agency": scope.agency.name}
    return _dashboard(
        request, "agency", scope, title, agency_form=form, agency_count=agencies.count()
    )


@login_required
@reads_from_replica
def province(request):
    scope = selectors.province_scope(request.user, query_int(request.GET.get("province")))
    title = _("Province view · %(province)s") % {"province": scope.extra["province"]}
    return _dashboard(request, "province", scope, title)


# ---------------------------------------------------------------- exports


@login_required
@reads_from_replica
def export(request, key, fmt):
    spec = export_registry.get(key)
    if spec is None or fmt not in ("csv", "xlsx"):
        raise Http404
    return exports.export_response(spec, request, fmt)


# ---------------------------------------------------------------- PDF reports


@login_required
def innovation_profile_pdf(request, pk):
    innovation = innovation_for_user(request.user, pk)
    context = {"innovation": innovation, **letterhead(innovation.pemda)}
    return pdf_response(
        request, "reports/pdf/profile.html", context, filename=f"profil-inovasi-{innovation.pk}"
    )


@login_required
@reads_from_replica
def annual_report(request):
    scope = selectors.pemda_scope(request.user, request.GET.get("pemda"))
    scope.year = query_int(
        request.GET.get("year") or datetime.date.today().year, minimum=1900, maximum=9999
    )
    if scope.year is None:
        raise Http404
    innovations = (
        scope.innovations().select_related("agency", "main_affair").order_by("agency__name", "name")
    )
    context = {
        "scope": scope,
        "year": scope.year,
        "sections": sections_for("annual", scope),
        "agency_rows": selectors.agency_table(scope),
        "stages": Innovation.Stage.choices,
        "new_innovations": [
            {
                "innovation": innovation,
                "stage": Innovation.Stage(getattr(innovation, scope.stage_field)).label,
                "status": Innovation.Status(getattr(innovation, scope.status_field)).label,
            }
            for innovation in innovations.filter(year=scope.year)
        ],
        "as_of": scope.as_of,
        **letterhead(scope.pemda),
    }
    return pdf_response(
        request,
        "reports/pdf/annual.html",
        context,
        filename=f"laporan-inovasi-{scope.pemda.code}-{scope.year}",
    )


@login_required
def report_settings(request):
    pemdas = access.import_pemdas(request.user)
    if not pemdas.exists():
        raise PermissionDenied(_("Only the Pemda admin sets up the reports."))
    try:
        pemda = (
            pemdas.get(pk=request.GET.get("pemda")) if request.GET.get("pemda") else pemdas.first()
        )
    except (ValueError, pemdas.model.DoesNotExist):
        raise Http404 from None
    instance = ReportSettings.objects.filter(pemda=pemda).first() or ReportSettings(pemda=pemda)
    form = ReportSettingsForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_settings_update(
                actor=request.user,
                pemda=pemda,
                data={k: form.cleaned_data[k] for k in ("header", "address", "footer")},
                logo=form.cleaned_data["logo"],
                remove_logo=form.cleaned_data["remove_logo"],
            )
        except ValidationError as exc:
            form.add_error("logo", exc)
        else:
            messages.success(request, _("The report settings were saved."))
            return redirect(f"{reverse('reports:settings')}?pemda={pemda.pk}")
    context = {"form": form, "pemda": pemda, "logo": letterhead(pemda)["logo"]}
    return render(request, "reports/settings.html", context, status=400 if form.errors else 200)


# ---------------------------------------------------------------- imports


def _import_pemdas_or_403(user):
    pemdas = access.import_pemdas(user)
    if not pemdas.exists():
        raise PermissionDenied(_("Only the Pemda admin imports data."))
    return pemdas


@login_required
def import_index(request):
    pemdas = _import_pemdas_or_403(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, pemdas=pemdas.order_by("name"))
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_create(
                actor=request.user,
                pemda=form.cleaned_data["pemda"],
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("reports:import_columns", pk=job.pk)
    context = {
        "form": form,
        "jobs": access.import_jobs_for_user(request.user)[:30],
        "kinds": ImportKind.choices,
    }
    return render(
        request, "reports/imports/index.html", context, status=400 if form.errors else 200
    )


@login_required
def import_template(request, kind):
    pemdas = _import_pemdas_or_403(request.user)
    if kind not in IMPORTERS:
        raise Http404
    return exports.import_template_response(
        IMPORTERS[kind], pemdas.order_by("pk").first(), str(ImportKind(kind).label)
    )


@login_required
def import_columns(request, pk):
    job = access.import_job_for_user(request.user, pk)
    if job.status != ImportJob.Status.PREVIEW:
        return redirect("reports:import_preview", pk=job.pk)
    form = ColumnsForm(request.POST or None, job=job)
    if request.method == "POST" and form.is_valid():
        try:
            services.import_job_set_columns(
                actor=request.user,
                job=job,
                columns=form.columns(),
                save_as=form.cleaned_data["save_as"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("reports:import_preview", pk=job.pk)
    rows = [(form[name], IMPORTERS[job.kind].field_map()[name]) for name in form.field_names]
    context = {"job": job, "form": form, "rows": rows, "samples": form.samples}
    return render(
        request, "reports/imports/columns.html", context, status=400 if form.errors else 200
    )


def _with_cells(job, rows):
    """The mapped values of each row in the order of the preview's columns."""
    names = [f.name for f in IMPORTERS[job.kind].fields if f.name in job.columns]
    for row in rows:
        row.cells = [row.values.get(name, "") for name in names]
    return rows


def _preview_context(request, job):
    checked = selectors.checked_rows(job)  # kept per job: paging re-checks nothing
    rows = checked.rows
    problems = [r for r in rows if r.errors and not r.skipped]
    show = request.GET.get("show") or ("problems" if problems else "all")
    noted = [r for r in rows if r.notes and not r.skipped]
    shown = {
        "problems": problems,
        "skipped": [r for r in rows if r.skipped],
        "notes": noted,
    }.get(show, rows)
    page = Paginator(shown, conf.get("PREVIEW_PAGE_SIZE")).get_page(request.GET.get("page"))
    _with_cells(job, page.object_list)
    fields = [f for f in IMPORTERS[job.kind].fields if f.name in job.columns]
    valid = [r for r in rows if not r.errors and not r.skipped]
    return {
        "job": job,
        "page": page,
        "show": show,
        "fields": fields,
        "counts": {
            "all": len(rows),
            "problems": len(problems),
            "skipped": sum(1 for r in rows if r.skipped),
            "notes": len(noted),
            "valid": len(valid),
            "new": sum(1 for r in valid if not r.existing),
            "existing": sum(1 for r in valid if r.existing),
        },
        "batch_size": conf.get("IMPORT_BATCH_SIZE"),
        "modes": ImportJob.Mode.choices,
        "proposals": checked.proposals,
        "agency_column": "agency" in job.columns and job.kind == ImportKind.INNOVATIONS,
        "bulk_fix": BulkFixForm(job=job),
    }


@login_required
def import_preview(request, pk):
    job = access.import_job_for_user(request.user, pk)
    if job.status != ImportJob.Status.PREVIEW:
        return render(request, "reports/imports/result.html", {"job": job})
    return render(request, "reports/imports/preview.html", _preview_context(request, job))


def _row(job, number: int):
    for row in selectors.checked_rows(job).rows:
        if row.number == number:
            return row
    raise Http404


@login_required
def import_row_fix(request, pk, number):
    job = access.import_job_for_user(request.user, pk)
    row = _row(job, number)
    form = FixForm(request.POST or None, job=job, values=row.values)
    if request.method == "POST" and form.is_valid():
        try:
            services.import_row_fix(
                actor=request.user, job=job, row_number=number, values=form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("reports:import_preview", pk=job.pk)
    context = {"job": job, "row": row, "form": form}
    return render(request, "reports/imports/fix.html", context)


@login_required
@require_POST
def import_row_skip(request, pk, number):
    job = access.import_job_for_user(request.user, pk)
    _row(job, number)
    try:
        job = services.import_row_skip(
            actor=request.user, job=job, row_number=number, skip=request.POST.get("skip") != "0"
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:import_preview", pk=job.pk)
    if request.htmx:
        row = _with_cells(job, [_row(job, number)])[0]
        return render(request, "reports/imports/_row.html", {"job": job, "row": row})
    return redirect(f"{reverse('reports:import_preview', args=[job.pk])}?{request.GET.urlencode()}")


@login_required
@require_POST
def import_skip_problems(request, pk):
    job = access.import_job_for_user(request.user, pk)
    try:
        n = services.import_skip_problems(actor=request.user, job=job)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(n)d rows with a problem are skipped.") % {"n": n})
    return redirect(f"{reverse('reports:import_preview', args=[job.pk])}?show=skipped")


@login_required
@require_POST
def import_options(request, pk):
    job = access.import_job_for_user(request.user, pk)
    try:
        services.import_job_set_options(
            actor=request.user, job=job, create_agencies=request.POST.get("create_agencies") == "1"
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("reports:import_preview", pk=job.pk)


@login_required
@require_POST
def import_agency_merge(request, pk):
    job = access.import_job_for_user(request.user, pk)
    try:
        services.import_agency_merge(
            actor=request.user,
            job=job,
            variants=request.POST.getlist("variant"),
            target=request.POST.get("target", ""),
            accept=request.POST.get("accept") == "1",
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("reports:import_preview", pk=job.pk)


@login_required
@require_POST
def import_bulk_fix(request, pk):
    job = access.import_job_for_user(request.user, pk)
    form = BulkFixForm(request.POST, job=job)
    if form.is_valid():
        try:
            n = services.import_bulk_fix(
                actor=request.user,
                job=job,
                field=form.cleaned_data["field"],
                value=form.cleaned_data["value"],
                where=form.cleaned_data["where"] if form.cleaned_data["only_where"] else None,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(n)d rows with a problem were changed.") % {"n": n})
    else:
        messages.error(request, _("Choose a column and type the value."))
    return redirect("reports:import_preview", pk=job.pk)


@login_required
@require_POST
def import_start(request, pk):
    job = access.import_job_for_user(request.user, pk)
    try:
        services.import_job_start(actor=request.user, job=job, mode=request.POST.get("mode"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("reports:import_preview", pk=job.pk)


@login_required
@require_POST
def import_invite(request, pk):
    """After a users import: e-mail a set-password invitation to each member of the Pemda
    who has no password yet (the imported ones), through the accounts service."""
    from inovda.accounts import services as account_services

    job = access.import_job_for_user(request.user, pk, with_rows=False)
    sent, skipped = account_services.invitations_send(actor=request.user, pemda=job.pemda)
    message = ngettext("%(n)d invitation sent.", "%(n)d invitations sent.", sent) % {"n": sent}
    if skipped:
        message += " " + _("%(n)d skipped (no e-mail address, or a password already set).") % {
            "n": skipped
        }
    messages.success(request, message)
    return redirect("reports:import_preview", pk=job.pk)


@login_required
def import_progress(request, pk):
    job = access.import_job_for_user(request.user, pk, with_rows=False)
    return render(request, "reports/imports/_progress.html", {"job": job})


@login_required
def import_rejected(request, pk, fmt):
    job = access.import_job_for_user(request.user, pk, with_rows=False)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    field_map = IMPORTERS[job.kind].field_map()
    headers = [_("Row"), _("Reasons")] + [
        str(field_map[f].label) if f in field_map else f for f in job.columns
    ]
    rows = (
        [r.row_number, " · ".join(r.reasons), *r.values] for r in job.rejections.all().iterator()
    )
    filename = f"ditolak-impor-{job.pk}"
    if fmt == "csv":
        return exports.csv_response(filename, headers, rows)
    return exports.xlsx_response(filename, headers, rows, title=_("Rejected rows"))
