import datetime

import factory

from inovda.innovations.models import Lesson
from inovda.knowledge import indexing
from inovda.knowledge.models import ActionItem, Event, LibraryDocument, Replication
from tests.innovations.factories import InnovationFactory
from tests.organizations.factories import AgencyFactory


class IndexedFactory(factory.django.DjangoModelFactory):
    """Records made by factories are indexed as the services would index them."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def indexed(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            indexing.index_object(obj)


class IndexedInnovationFactory(InnovationFactory):
    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def indexed(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            indexing.index_object(obj)


class EventFactory(IndexedFactory):
    class Meta:
        model = Event

    organiser = factory.SubFactory(AgencyFactory)
    pemda = factory.SelfAttribute("organiser.pemda")
    kind = Event.Kind.FGD
    title = factory.Sequence(lambda n: f"FGD Contoh {n}")
    date = datetime.date(2025, 10, 12)


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Tindak lanjut {n}")
    due_date = datetime.date(2025, 11, 30)


class LessonFactory(IndexedFactory):
    class Meta:
        model = Lesson

    innovation = factory.SubFactory(InnovationFactory)
    title = factory.Sequence(lambda n: f"Pelajaran {n}")
    lessons = "Libatkan warga sejak awal."


class LibraryDocumentFactory(IndexedFactory):
    class Meta:
        model = LibraryDocument

    agency = factory.SubFactory(AgencyFactory)
    pemda = factory.SelfAttribute("agency.pemda")
    kind = LibraryDocument.Kind.GUIDE
    title = factory.Sequence(lambda n: f"Panduan {n}")
    year = 2025


class ReplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Replication

    origin = factory.SubFactory(InnovationFactory)
    adopter_pemda = factory.SelfAttribute("origin.pemda")
