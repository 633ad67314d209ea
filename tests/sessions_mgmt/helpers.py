"""Sessions for the tests: made through the services, as the portal makes them."""

import datetime

from jbgs.models import IndustryField
from sessions_mgmt.models import SessionYear
from sessions_mgmt.services.sessions import create_session
from tests.conftest import make_organization, persona, unit


def session_year(year: int) -> SessionYear:
    """The year's sessions row (2022 and 2023 come with the migrations)."""
    return SessionYear.objects.get_or_create(year=year, defaults={
        "applications_open": datetime.date(year, 2, 1), "applications_close": datetime.date(year, 4, 30),
        "sessions_start": datetime.date(year, 5, 15), "sessions_end": datetime.date(year, 11, 30)})[0]


def field_of(year: int, code: str = "new_energy", name: str = "新能源") -> IndustryField:
    return IndustryField.objects.get_or_create(year=year, code=code, defaults={"name": name})[0]


def make_session(year: int = 2023, session_type: str = "auction_industry", *, host=None, co_hosts=(), torch=False,
                 title=None, starts_on=None, ends_on=None):
    """A session hosted by 苏州市科学技术局 (the organizer persona's unit, whose organiser
    exists from then on) unless told otherwise."""
    session_year(year)
    persona("organizer")
    return create_session(
        actor=persona("admin_user"), year=year, session_type=session_type, title=title or f"{year}年{session_type}专场",
        main_host=host or unit("authority"), co_hosts=co_hosts, torch=torch,
        field=field_of(year) if session_type in ("auction_industry", "challenge_industry") else None,
        starts_on=starts_on, ends_on=ends_on)


def authority(name: str, region: str):
    return make_organization(name, "local_authority", region)
