"""The person who started an import is told when it finished, with its counts."""

import pytest

from inovda.core.models import Notification
from inovda.reports import services
from inovda.reports.models import ImportKind
from tests.reports.conftest import HEADERS, innovation_rows, xlsx_upload

pytestmark = pytest.mark.django_db


def test_import_finished_is_told_to_its_starter(adam, una, pemda, agency_a, affairs, poverty):
    upload = xlsx_upload(HEADERS, innovation_rows(3, [agency_a]))
    job = services.import_job_create(
        actor=adam, pemda=pemda, kind=ImportKind.INNOVATIONS, upload=upload
    )
    job = services.import_job_start(actor=adam, job=job)
    services.import_job_run(job_id=job.pk)
    told = Notification.objects.get(verb="import_finished")
    assert told.recipient == adam and "3" in told.message
    assert told.link.endswith(f"/imports/{job.pk}/")
    assert Notification.objects.filter(verb="import_finished").count() == 1
