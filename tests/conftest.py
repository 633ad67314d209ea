"""Fixtures shared by every test: the personas, API clients, and the browser set-up.

Tests run on the real PostgreSQL and Redis that `make test` starts (DATABASE_URL,
REDIS_URL); nothing of our own storage is mocked.
"""

import os
import shutil

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from jbgs.choices import OrganizationKind, OrganizationStatus, Role
from jbgs.demo import credit_code_for
from jbgs.models import Organization, User

PASSWORD = "Correct-Horse-42"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # this worker's own Redis database (see settings, test mode)
    yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def make_organization(
    name: str,
    kind: str = OrganizationKind.ENTERPRISE,
    region: str = "320506",
    status: str = OrganizationStatus.ACTIVE,
    **extra,
) -> Organization:
    return Organization.objects.create(
        name=name,
        kind=kind,
        region_id=region,
        credit_code=credit_code_for(name, kind, region),
        status=status,
        contact_name="联系人",
        contact_phone="025-89665802",
        contact_email="contact@example.com",
        **extra,
    )


def make_user(username: str, organization: Organization | None, roles: list[str], **extra) -> User:
    user = User(
        username=username,
        name=extra.pop("name", username),
        organization=organization,
        roles=roles,
        email=extra.pop("email", f"{username}@example.com"),
        **extra,
    )
    user.set_password(PASSWORD)
    user.save()
    return user


# Units and people of the personas. Each persona fixture creates only what it needs, through
# `persona(name)`, so that any combination of them can be used in one test.
UNITS = {
    "operator": ("江苏省技术产权交易市场", OrganizationKind.PLATFORM_OPERATOR, "320102", {}),
    "university": (
        "南京工业大学",
        OrganizationKind.UNDERGRADUATE_UNIVERSITY,
        "320111",
        {"is_ministry_provincial": True},
    ),
    "enterprise": (
        "苏州微纳光电科技有限公司",
        OrganizationKind.ENTERPRISE,
        "320506",
        {"is_high_tech": True},
    ),
    "other": ("常州锂源新能源科技有限公司", OrganizationKind.ENTERPRISE, "320412", {}),
    "authority": ("苏州市科学技术局", OrganizationKind.LOCAL_AUTHORITY, "320500", {}),
}
PEOPLE = {
    "admin_user": ("admin", "operator", [Role.ADMIN], "王明睿"),
    "liaison": ("liaison", "university", [Role.LIAISON], "张晓雯"),
    "enterprise_user": ("enterprise", "enterprise", [Role.ENTERPRISE], "陈立群"),
    "solver": ("solver", "university", [Role.SOLVER], "李振华"),
    "expert": ("expert", "university", [Role.EXPERT], "周建国"),
    "organizer": ("organizer", "authority", [Role.ORGANIZER], "吴海燕"),
    "bidder": ("bidder", "other", [Role.BIDDER], "孙志强"),
    "manager": ("manager", "other", [Role.MANAGER], "刘思远"),
    # Signed in, but holding no role: may see only what any visitor may.
    "outsider": ("outsider", "other", [], "路人甲"),
}


def unit(key: str) -> Organization:
    name, kind, region, flags = UNITS[key]
    return Organization.objects.filter(name=name).first() or make_organization(
        name, kind, region, **flags
    )


def persona(key: str) -> User:
    username, unit_key, roles, name = PEOPLE[key]
    return User.objects.filter(username=username).first() or make_user(
        username, unit(unit_key), roles, name=name
    )


@pytest.fixture
def operator_org(db):
    return unit("operator")


@pytest.fixture
def university(db):
    return unit("university")


@pytest.fixture
def enterprise_org(db):
    return unit("enterprise")


@pytest.fixture
def other_org(db):
    return unit("other")


@pytest.fixture
def authority_org(db):
    return unit("authority")


@pytest.fixture
def admin_user(db):
    return persona("admin_user")


@pytest.fixture
def liaison(db):
    return persona("liaison")


@pytest.fixture
def enterprise_user(db):
    return persona("enterprise_user")


@pytest.fixture
def solver(db):
    return persona("solver")


@pytest.fixture
def expert(db):
    return persona("expert")


@pytest.fixture
def organizer(db):
    return persona("organizer")


@pytest.fixture
def bidder(db):
    return persona("bidder")


@pytest.fixture
def manager(db):
    return persona("manager")


@pytest.fixture
def outsider(db):
    return persona("outsider")


PERSONAS = [
    "liaison",
    "enterprise_user",
    "solver",
    "expert",
    "organizer",
    "bidder",
    "manager",
    "outsider",
]


@pytest.fixture(params=PERSONAS)
def non_admin(request, db):
    """Each persona that is not an administrator, in turn."""
    return persona(request.param)


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def api_as():
    """api_as(user): an API client authenticated with that user's token."""
    from rest_framework.authtoken.models import Token

    def client_for(user):
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for


@pytest.fixture
def client_as(client):
    def signed_in(user):
        client.force_login(user)
        return client

    return signed_in


# --- the browser: Debian's Chromium, driven by Playwright ---------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return {**browser_type_launch_args, "executable_path": chromium}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1280, "height": 900}}
