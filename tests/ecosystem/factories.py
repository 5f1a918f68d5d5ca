import datetime
from decimal import Decimal

import factory

from inovda.ecosystem import rules
from inovda.ecosystem.models import (
    Barrier,
    BudgetLine,
    Innovator,
    Reallocation,
    Recognition,
    Risk,
    RiskReview,
    TeamMember,
    TimeAllotment,
    Training,
)
from tests.innovations.factories import InnovationFactory

TODAY = datetime.date(2026, 6, 15)


class OnInnovationFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    innovation = factory.SubFactory(InnovationFactory, status="implemented", stage="penerapan")
    agency = factory.SelfAttribute("innovation.agency")
    pemda = factory.SelfAttribute("innovation.pemda")


class BarrierFactory(OnInnovationFactory):
    class Meta:
        model = Barrier

    kind = Barrier.Kind.IT_DATA
    title = factory.Sequence(lambda n: f"Hambatan {n}")
    description = "Server aplikasi sering mati dan data tidak tersinkron."
    impact = "Layanan berhenti."
    raised_on = TODAY
    sla_days = factory.LazyAttribute(lambda o: rules.sla_days(o.kind))
    due_on = factory.LazyAttribute(lambda o: rules.due_on(o.raised_on, o.sla_days))

    class Params:
        resolved = factory.Trait(
            status=Barrier.Status.RESOLVED,
            resolution="Aplikasi dipindahkan ke pusat data Pemkot dengan cadangan harian.",
            resolved_on=factory.LazyAttribute(lambda o: o.raised_on + datetime.timedelta(days=5)),
        )


class RiskFactory(OnInnovationFactory):
    class Meta:
        model = Risk

    title = factory.Sequence(lambda n: f"Risiko {n}")
    cause = "Sebab."
    consequence = "Akibat."
    likelihood = 3
    impact = 3
    treatment = Risk.Treatment.REDUCE
    identified_on = TODAY
    review_on = factory.LazyAttribute(lambda o: o.identified_on + datetime.timedelta(days=90))


class RiskReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskReview

    risk = factory.SubFactory(RiskFactory)
    due_on = TODAY
    reviewed_on = TODAY
    likelihood = 3
    impact = 3


class BudgetLineFactory(OnInnovationFactory):
    class Meta:
        model = BudgetLine

    fiscal_year = 2026
    source = BudgetLine.Source.APBD
    description = factory.Sequence(lambda n: f"Kegiatan {n}")
    allocated = Decimal("100000000")
    realised = Decimal("0")


class ReallocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reallocation

    from_line = factory.SubFactory(BudgetLineFactory)
    to_line = factory.SubFactory(
        BudgetLineFactory,
        innovation=factory.SelfAttribute("..from_line.innovation"),
    )
    pemda = factory.SelfAttribute("from_line.pemda")
    agency = factory.SelfAttribute("from_line.agency")
    amount = Decimal("10000000")
    reason = "Perluasan layanan."
    requested_on = TODAY


class InnovatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Innovator

    name = factory.Sequence(lambda n: f"Inovator {n}")
    agency = None
    pemda = factory.LazyAttribute(lambda o: o.agency.pemda if o.agency else None)
    kind = Innovator.Kind.ASN


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training

    innovator = factory.SubFactory(InnovatorFactory)
    kind = Training.Kind.BIMTEK
    title = "Bimtek Inovasi"
    held_on = TODAY
    hours = Decimal(8)


class RecognitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recognition

    innovator = factory.SubFactory(InnovatorFactory)
    kind = Recognition.Kind.CERTIFICATE
    title = "Piagam Inovator"
    given_on = TODAY


class TimeAllotmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimeAllotment

    innovator = factory.SubFactory(InnovatorFactory)
    year = 2026
    hours_per_week = Decimal(4)


def on_team(user, innovation, role=TeamMember.Role.MEMBER):
    """Put `user` (through an innovator profile in the innovation's agency) on its team."""
    person = Innovator.objects.filter(user=user).first() or InnovatorFactory(
        agency=innovation.agency, user=user, name=user.get_full_name() or user.username
    )
    return TeamMember.objects.create(innovator=person, innovation=innovation, role=role)
