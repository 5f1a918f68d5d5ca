import datetime

import factory

from inovda.assessment.models import AssessmentPeriod, Indicator, PredicateBand
from inovda.innovations.models import Innovation
from tests.innovations.factories import InnovationFactory
from tests.organizations.factories import GovernmentAffairFactory

IN_WINDOW = datetime.date(2024, 6, 1)


class PeriodFactory(factory.django.DjangoModelFactory):
    """A bare period; the tests add their own catalogue, or use the `period` fixture."""

    class Meta:
        model = AssessmentPeriod
        django_get_or_create = ["year"]

    year = factory.Sequence(lambda n: 3000 + n)
    name = factory.LazyAttribute(lambda p: f"IID {p.year}")
    min_divisor = 12
    basic_service_minimum = 5
    count_weight = "0.38"
    count_cap = 200


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    period = factory.SubFactory(PeriodFactory)
    aspect = "sid"
    number = factory.Sequence(lambda n: 100 + n)
    position = factory.SelfAttribute("number")
    name = factory.Sequence(lambda n: f"Indikator {n}")
    weight = "1.00"
    levels = ["satu", "dua", "tiga"]


class BandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PredicateBand

    period = factory.SubFactory(PeriodFactory)
    minimum = "0.00"
    label = "Tidak Dapat Dinilai"


def basic_affair(code: str, name: str = ""):
    return GovernmentAffairFactory(
        code=code, name=name or f"Urusan Dasar {code}", is_basic_service=True
    )


class AssessableInnovationFactory(InnovationFactory):
    """Implemented, with a 300-word design and implementation inside the 2026 window."""

    complete = True
    status = Innovation.Status.IMPLEMENTED
    stage = Innovation.Stage.IMPLEMENTATION
    implementation_start = IN_WINDOW
