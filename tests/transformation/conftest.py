import pytest
from freezegun import freeze_time

from tests.transformation.application_helpers import IN_THE_WINDOW


@pytest.fixture
def in_the_window():
    """The clock inside the test call's application window (tests.transformation.application_helpers)."""
    with freeze_time(IN_THE_WINDOW):
        yield
