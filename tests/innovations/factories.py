import factory

from inovda.innovations.models import Innovation, Tag
from tests.organizations.factories import AgencyFactory, GovernmentAffairFactory

WORDS_300 = " ".join(["kata"] * 300)


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ["kind", "code"]

    kind = Tag.Kind.THEME
    code = factory.Sequence(lambda n: f"tema-{n}")
    name = factory.Sequence(lambda n: f"Tema {n}")


class InnovationFactory(factory.django.DjangoModelFactory):
    """A draft by default; `complete=True` gives everything a submission needs."""

    class Meta:
        model = Innovation

    class Params:
        complete = factory.Trait(
            initiator_kind=Innovation.InitiatorKind.ASN,
            initiator_name="Budi Santoso, S.Kom.",
            form=Innovation.Form.PUBLIC_SERVICE,
            kind=Innovation.Kind.DIGITAL,
            main_affair=factory.SubFactory(GovernmentAffairFactory),
            goals="Mempercepat layanan.",
            benefits="Warga terlayani lebih cepat.",
            design_problem=WORDS_300,
            design_word_count=300,
        )

    agency = factory.SubFactory(AgencyFactory)
    pemda = factory.SelfAttribute("agency.pemda")
    name = factory.Sequence(lambda n: f"Inovasi Contoh {n}")
    year = 2022


def pdf_upload(name="sk.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4 signed instrument", content_type="application/pdf")


def instrument_data(**extra):
    import datetime

    data = {
        "instrument_kind": "sk",
        "instrument_number": "188.45/123/35.73.112/2024",
        "instrument_date": datetime.date(2024, 2, 1),
        "instrument_file": pdf_upload(),
    }
    data.update(extra)
    return data


class KpiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "innovations.Kpi"

    innovation = factory.SubFactory(InnovationFactory)
    name = factory.Sequence(lambda n: f"Warga terlayani {n}")
    unit = "orang"
    baseline = 100
    target = 200
    direction = "increase"


def implemented(agency, *, start=None, **kwargs):
    """An implemented innovation (made directly, as imported history would be)."""
    import datetime

    return InnovationFactory(
        agency=agency,
        complete=True,
        status=Innovation.Status.IMPLEMENTED,
        stage=Innovation.Stage.IMPLEMENTATION,
        implementation_start=start or datetime.date(2024, 1, 1),
        **kwargs,
    )
