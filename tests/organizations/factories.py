import factory
from django.contrib.auth import get_user_model

from inovda.organizations.models import Agency, GovernmentAffair, LocalGovernment, Membership


class LocalGovernmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalGovernment
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"99.{n:02d}")
    name = factory.Sequence(lambda n: f"Kota Contoh {n}")
    kind = LocalGovernment.Kind.CITY


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    pemda = factory.SubFactory(LocalGovernmentFactory)
    name = factory.Sequence(lambda n: f"Dinas Contoh {n}")
    kind = Agency.Kind.DINAS


class GovernmentAffairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernmentAffair
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"9.{n:02d}")
    name = factory.Sequence(lambda n: f"Urusan {n}")
    group = "Wajib - Non Pelayanan Dasar"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    pemda = factory.SubFactory(LocalGovernmentFactory)
    agency = None
    role = Membership._meta.get_field("role").choices[0][0]


def member(username: str, role: str, *, pemda, agency=None):
    user = UserFactory(username=username)
    MembershipFactory(user=user, pemda=pemda, agency=agency, role=role)
    return user
