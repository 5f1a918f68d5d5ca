import io

import pytest

from inovda.problems import reference
from inovda.problems.models import Place


@pytest.fixture
def places(pemda):
    """Kota Malang's 5 kecamatan and 57 kelurahan from the wilayah reference file."""
    reference.load(io.StringIO())
    return Place.objects.filter(level=Place.Level.KELURAHAN)
