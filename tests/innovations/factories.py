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
