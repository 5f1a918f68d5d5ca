"""Progress reports, KPIs, sponsor, the bulk health refresh, overrides, change agents,
revival plans and reminders (services)."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from inovda.core.models import AuditEvent, Notification
from inovda.innovations import periods, services
from inovda.innovations.models import Innovation, ProgressReport, RevivalPlan
from tests.innovations.factories import KpiFactory, implemented, pdf_upload

pytestmark = pytest.mark.django_db
H = Innovation.Health
D = datetime.date


@pytest.fixture
def running(agency_a):
    innovation = implemented(agency_a, start=D(2024, 1, 1))
    KpiFactory(innovation=innovation, name="Warga terlayani", baseline=100, target=200)
    KpiFactory(
        innovation=innovation,
        name="Waktu layanan",
        unit="hari",
        baseline=10,
        target=2,
        direction="decrease",
    )
    return innovation


def report(actor, innovation, start, values, today=None, **extra):
    kpis = list(innovation.kpis.all())
    return services.progress_report_submit(
        actor=actor,
        innovation=innovation,
        period_start=start,
        activities="Sosialisasi di lima kelurahan dan pendampingan petugas.",
        kpi_values={k.pk: v for k, v in zip(kpis, values, strict=True)},
        today=today or start + datetime.timedelta(days=95),
        **extra,
    )


def test_report_computes_attainment_and_lateness(alice, running):
    on_time = report(alice, running, D(2024, 1, 1), [150, 6], today=D(2024, 4, 15))
    assert on_time.kpi_attainment == pytest.approx((0.5 + 0.5) / 2)
    assert on_time.due_on == D(2024, 4, 15) and not on_time.is_late
    late = report(alice, running, D(2024, 4, 1), [160, 5], today=D(2024, 7, 16))
    assert late.is_late
    assert AuditEvent.objects.filter(verb="report_submitted", subject_id=running.pk).count() == 2


def test_report_refusals_say_why(alice, bob, running):
    with pytest.raises(PermissionDenied):
        report(bob, running, D(2024, 1, 1), [150, 6])
    with pytest.raises(ValidationError) as refused:
        services.progress_report_submit(
            actor=alice,
            innovation=running,
            period_start=D(2024, 1, 15),
            activities="",
            kpi_values={},
            today=D(2024, 5, 1),
        )
    text = " ".join(refused.value.messages)
    assert "first day" in text or "hari pertama" in text
    assert "Warga terlayani" in text  # the missing indicator is named
    report(alice, running, D(2024, 1, 1), [150, 6])
    with pytest.raises(ValidationError):
        report(alice, running, D(2024, 1, 1), [150, 6])  # already reported


def test_future_period_is_refused(alice, running):
    with pytest.raises(ValidationError):
        report(alice, running, D(2030, 1, 1), [1, 1], today=D(2029, 12, 1))


def test_report_evidence_is_validated_and_attached(alice, running):
    saved = report(alice, running, D(2024, 1, 1), [150, 6], evidence=[pdf_upload("foto.pdf")])
    assert saved.evidence.get().purpose == "report_evidence"


def test_redefining_a_kpi_recomputes_past_attainment(alice, running):
    saved = report(alice, running, D(2024, 1, 1), [150, 6])
    kpi = running.kpis.get(name="Warga terlayani")
    services.kpi_save(
        actor=alice,
        innovation=running,
        kpi=kpi,
        data={
            "name": kpi.name,
            "unit": "orang",
            "baseline": 100,
            "target": 150,
            "direction": "increase",
        },
    )
    saved.refresh_from_db()
    assert saved.kpi_attainment == pytest.approx((1.0 + 0.5) / 2)


def test_refresh_on_a_new_report(alice, running, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    running.implementation_start = today - datetime.timedelta(days=200)
    running.save()
    services.health_refresh()
    running.refresh_from_db()
    assert running.health == H.STAGNANT and running.health_rule == "report_overdue"
    with django_capture_on_commit_callbacks(execute=True):
        for period in periods.periods_between(running.implementation_start, today, "quarterly"):
            if period.end < today:
                report(alice, running, period.start, [150, 6], today=today)
    running.refresh_from_db()
    assert running.health_rule != "report_overdue"
    assert running.health_inputs["reports"] >= 2


def test_bulk_refresh_counts_writes_events_and_notifies(alice, agency_a, agency_b):
    today = timezone.localdate()
    fresh = implemented(agency_a, start=today - datetime.timedelta(days=5))
    overdue = implemented(agency_a, start=today - datetime.timedelta(days=200), owner=alice)
    stopped = implemented(agency_b, start=today - datetime.timedelta(days=900))
    draft = Innovation.objects.create(pemda=agency_a.pemda, agency=agency_a, name="Draf")
    counts = services.health_refresh()
    assert counts == {H.GROWING: 1, H.STAGNANT: 1, H.DISCONTINUED: 1, H.NOT_APPLICABLE: 1}
    for innovation, expected in [
        (fresh, H.GROWING),
        (overdue, H.STAGNANT),
        (stopped, H.DISCONTINUED),
        (draft, H.NOT_APPLICABLE),
    ]:
        innovation.refresh_from_db()
        assert innovation.health == expected
        assert innovation.health_inputs["status"] == innovation.status
    assert AuditEvent.objects.filter(verb="health_changed").count() == 3
    assert Notification.objects.filter(recipient=alice, verb="health_stagnant").count() == 1
    services.health_refresh()  # nothing changed: no new events or notifications
    assert AuditEvent.objects.filter(verb="health_changed").count() == 3
    assert Notification.objects.filter(verb="health_stagnant").count() == 1


def test_command_prints_counts(agency_a):
    implemented(agency_a, start=timezone.localdate())
    out = io.StringIO()
    call_command("health_refresh", stdout=out)
    text = out.getvalue()
    assert "total" in text and "1" in text


def test_override_is_shown_as_override_and_needs_a_reason(adam, una, lina, alice, agency_a):
    innovation = implemented(agency_a, start=timezone.localdate() - datetime.timedelta(days=900))
    services.health_refresh()
    for who in (lina, alice):
        with pytest.raises(PermissionDenied):
            services.health_override_set(
                actor=who, innovation=innovation, status=H.GROWING, reason="x"
            )
    with pytest.raises(ValidationError):
        services.health_override_set(actor=una, innovation=innovation, status=H.GROWING, reason="")
    services.health_override_set(
        actor=una,
        innovation=innovation,
        status=H.GROWING,
        reason="Laporan dikirim lewat surat, belum diunggah",
    )
    innovation.refresh_from_db()
    assert innovation.health == H.GROWING
    assert innovation.health_computed == H.DISCONTINUED  # the rules still speak
    services.health_refresh()
    innovation.refresh_from_db()
    assert innovation.health == H.GROWING
    services.health_override_clear(actor=adam, innovation=innovation)
    innovation.refresh_from_db()
    assert innovation.health == H.DISCONTINUED


def test_expired_override_no_longer_counts(una, agency_a):
    innovation = implemented(agency_a, start=timezone.localdate() - datetime.timedelta(days=900))
    override = services.health_override_set(
        actor=una, innovation=innovation, status=H.GROWING, reason="Sementara"
    )
    override.expires_on = timezone.localdate() - datetime.timedelta(days=1)
    override.save()
    services.health_refresh()
    innovation.refresh_from_db()
    assert innovation.health == H.DISCONTINUED


def test_sponsor_confirmation_keeps_a_silent_innovation_stagnant(alice, agency_a):
    innovation = implemented(agency_a, start=timezone.localdate() - datetime.timedelta(days=900))
    services.sponsor_confirm(
        actor=alice,
        innovation=innovation,
        sponsor_name="dr. Husnul Muarif",
        sponsor_position="Kepala Dinas Kesehatan",
        confirmed_on=timezone.localdate(),
    )
    services.health_refresh()
    innovation.refresh_from_db()
    assert (innovation.health, innovation.health_rule) == (H.STAGNANT, "report_overdue")


def test_change_agent_review_and_answer(adam, carl, vera, alice, bob, agency_a):
    innovation = implemented(agency_a)
    with pytest.raises(ValidationError):
        services.agent_assign(actor=adam, innovation=innovation, agent=vera)  # not an agent
    with pytest.raises(PermissionDenied):
        services.agent_review_write(
            actor=carl, innovation=innovation, findings="a", recommendations="b"
        )
    services.agent_assign(actor=adam, innovation=innovation, agent=carl)
    assert Notification.objects.filter(recipient=carl, verb="review_requested").exists()
    review = services.agent_review_write(
        actor=carl,
        innovation=innovation,
        findings="Kanal pengaduan belum dipantau tiap hari",
        recommendations="Tunjuk petugas piket",
    )
    assert Notification.objects.filter(recipient=alice, verb="agent_review").exists()
    with pytest.raises(PermissionDenied):
        services.agent_review_answer(actor=bob, review=review, response="x")
    services.agent_review_answer(actor=alice, review=review, response="Petugas piket ditunjuk")
    verbs = set(AuditEvent.objects.filter(subject_id=innovation.pk).values_list("verb", flat=True))
    assert {"agent_assigned", "agent_review", "agent_review_answered"} <= verbs


def test_revival_plan_for_stagnant_innovations(adam, alice, bob, agency_a):
    innovation = implemented(agency_a, start=timezone.localdate() - datetime.timedelta(days=200))
    with pytest.raises(ValidationError):
        services.revival_plan_create(actor=adam, innovation=innovation, diagnosis="x")
    services.health_refresh()
    innovation.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.revival_plan_create(actor=bob, innovation=innovation, diagnosis="x")
    plan = services.revival_plan_create(
        actor=alice, innovation=innovation, diagnosis="Operator pindah tugas"
    )
    action = services.revival_action_add(
        actor=alice,
        plan=plan,
        description="Latih operator baru",
        owner=adam,
        due_on=timezone.localdate(),
    )
    assert Notification.objects.filter(recipient=adam, verb="revival_action").exists()
    services.revival_action_done(actor=adam, action=action)
    services.revival_plan_close(actor=alice, plan=plan, status=RevivalPlan.Status.REVIVED)
    plan.refresh_from_db()
    assert plan.status == "revived" and plan.closed_at


def test_reminders_once_per_period(alice, agency_a, settings):
    today = timezone.localdate()
    due_soon = implemented(agency_a, start=today - datetime.timedelta(days=30), owner=alice)
    counts = services.report_reminders_send(today=today)
    counts_again = services.report_reminders_send(today=today)
    total = counts["report_due"] + counts["report_overdue"]
    assert counts_again == {"report_due": 0, "report_overdue": 0}
    assert total == Notification.objects.filter(verb__in=["report_due", "report_overdue"]).count()
    assert due_soon.pk


def test_reminder_overdue_is_sent_with_email(alice, agency_a, django_capture_on_commit_callbacks):
    alice.email = "alice@malangkota.go.id"
    alice.save()
    implemented(agency_a, start=timezone.localdate() - datetime.timedelta(days=200), owner=alice)
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.report_reminders_send()
    assert counts["report_overdue"] == 1
    assert len(mail.outbox) == 1 and "alice@malangkota.go.id" in mail.outbox[0].to
    assert ProgressReport.objects.count() == 0
