import factory

from inovda.reports.models import ReportSettings
from tests.organizations.factories import LocalGovernmentFactory


class ReportSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportSettings
        django_get_or_create = ["pemda"]

    pemda = factory.SubFactory(LocalGovernmentFactory)
    header = "Badan Riset dan Inovasi Daerah"
    address = "Jl. Tugu No. 1, Malang"
    footer = "Laporan inovasi daerah"
