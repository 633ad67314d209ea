"""Patent transformation's pages and endpoints under attack: ids beyond any integer, unknown
codes, formulas and absurd figures, and Redis gone; the answer is a 404 or a refusal that names
what is wrong, never a 500."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.conftest import persona
from transformation.models import Call

pytestmark = pytest.mark.django_db
HUGE = 10**30
PAGES = ("call", "figures", "stock-import-job", "stock-patent", "apply", "application", "application-document")
POSTS = ("figures-import", "stock-evaluate", "stock-screen", "stock-register", "stock-reviewer", "stock-match",
         "application-scan", "application-recommend", "application-decide", "application-withdraw",
         "application-trainees", "application-verify")
API_GETS = ("call", "institution-figures", "stock-patent", "stock-import", "stock-import-errors", "application")
API_POSTS = ("call-check", "stock-evaluations", "application-submit", "application-recommend", "application-decide",
             "application-verify")


def test_absurd_ids_are_not_found_anywhere(client_as, api_as):
    admin = persona("admin_user")
    client, api = client_as(admin), api_as(admin)
    for name in PAGES:
        assert client.get(reverse(f"transformation:{name}", args=[HUGE])).status_code == 404, name
    for name in POSTS:
        assert client.post(reverse(f"transformation:{name}", args=[HUGE]), {}).status_code == 404, name
    for name in API_GETS:
        assert api.get(reverse(f"transformation-api:{name}", args=[HUGE])).status_code == 404, name
    for name in API_POSTS:  # a body the endpoint reads is checked first: refused by field, or not found
        answer = api.post(reverse(f"transformation-api:{name}", args=[HUGE]), {}, format="json")
        assert answer.status_code in (400, 404), name
    assert client.get(reverse("transformation:policy-list", args=["no-such-list"])).status_code == 404
    assert api.get(reverse("transformation-api:policy-list", args=["no-such-list"])).status_code == 404


def test_absurd_queries_are_refused_by_name(client_as, api_as):
    admin = persona("admin_user")
    api = api_as(admin)
    for url, query in ((reverse("transformation-api:calls"), {"year": "99999999999999999999"}),
                       (reverse("transformation-api:policy-list", args=["project-support"]), {"year": "=1+1"}),
                       (reverse("transformation-api:feed-items"), {"updated_since": "yesterday"}),
                       (reverse("transformation-api:feed-items"), {"cursor": "\x00" * 10}),
                       (reverse("transformation-api:stock-patents"), {"organization": HUGE})):
        assert api.get(url, query).status_code == 400, (url, query)
    page = client_as(admin).get(reverse("transformation:policy-list", args=["project-support"]),
                                {"year": "x" * 500, "city": "\x00"})
    assert page.status_code in (200, 400)


def test_a_formula_or_a_huge_figure_is_refused_on_the_figures_form(client_as):
    liaison = persona("liaison")
    page = client_as(liaison).post(reverse("transformation:figures", args=[liaison.organization_id]), {
        "year": "2021", "ip_staff": "=1+1", "patents_granted": str(HUGE), "amount_by_assignment": "1e40"})
    assert page.status_code == 200 and "is-invalid" in page.content.decode()
    assert not liaison.organization.transformation_figures.exists()


def test_the_calls_and_the_feeds_work_with_redis_down(client, api, settings):
    down = {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"}
    with override_settings(CACHES={"default": down}):
        call = Call.objects.get(code="2022-university")
        assert client.get(reverse("transformation:call", args=[call.pk])).status_code == 200
        assert api.post(reverse("transformation-api:call-check", args=[call.pk]), {"ip_staff": 5},
                        format="json").status_code == 200
        assert api.get(reverse("transformation-api:feed-items")).status_code == 200
