"""A published hot list goes to every university liaison of the province (应推尽推), once;
each demand it carries counts as a push per person, and its opening is recorded; the
administrator sees the coverage."""

import re
from unittest import mock

import pytest
from django.urls import reverse

from challenge.models import Push
from challenge.services import demands as demand_services
from challenge.services import hot_lists, pushes
from jbgs.models import Notification
from tests.challenge.conftest import post_demand
from tests.conftest import make_organization, make_user


@pytest.fixture
def approved(enterprise_user, expert, challenge_2023):
    found = []
    for title in ("高镍正极包覆工艺", "固态电解质界面改性"):
        demand = post_demand(enterprise_user, title=title)
        demand_services.submit(actor=enterprise_user, demand=demand)
        demand_services.diagnose(actor=expert, demand=demand, verdict="approve")
        found.append(demand)
    return found


def _list(admin_user, campaign, demands):
    return hot_lists.create_hot_list(actor=admin_user, campaign=campaign, field=demands[0].field,
                                     title="新能源热门需求榜单", demand_ids=[d.pk for d in demands])


def test_a_published_list_reaches_every_university_liaison_once(admin_user, liaison, challenge_2023, approved,
                                                                  django_capture_on_commit_callbacks):
    other = make_user("nju-liaison", make_organization("南京大学", "undergraduate_university", "320106"), ["liaison"])
    outside = make_user("zju-liaison", make_organization("浙江大学", "undergraduate_university", "330000"),
                        ["liaison"])
    company = make_user("soe-liaison", make_organization("徐工集团", "state_owned_enterprise", "320312"), ["liaison"])
    hot_list = _list(admin_user, challenge_2023, approved)
    with django_capture_on_commit_callbacks(execute=True):
        hot_lists.publish_hot_list(actor=admin_user, hot_list=hot_list)
    reached = set(Push.objects.values_list("recipient__username", flat=True))
    assert reached == {liaison.username, other.username}  # in Jiangsu, universities and institutes only
    assert outside.username not in reached and company.username not in reached
    assert Push.objects.count() == 2 * 2  # two demands to two people
    note = Notification.objects.get(recipient=liaison, kind="challenge.hot_list.pushed")
    assert "新能源热门需求榜单" in note.title and note.url == reverse("challenge:hot-list", args=[hot_list.pk])
    assert pushes.push_hot_list(hot_list.pk) == 0 and pushes.push_pending() == 0  # nothing twice
    assert Push.objects.count() == 4
    # A liaison who joins later is reached by the next run of the list's push.
    late = make_user("late-liaison", other.organization, ["liaison"])
    assert pushes.push_hot_list(hot_list.pk) == 1 and Push.objects.filter(recipient=late).count() == 2


def test_with_the_broker_down_the_sweeper_pushes_the_list(admin_user, liaison, challenge_2023, approved,
                                                         django_capture_on_commit_callbacks):
    hot_list = _list(admin_user, challenge_2023, approved)
    with mock.patch("challenge.tasks.push_hot_list.delay", side_effect=ConnectionError("redis down")):
        with django_capture_on_commit_callbacks(execute=True):
            hot_lists.publish_hot_list(actor=admin_user, hot_list=hot_list)
    hot_list.refresh_from_db()
    assert hot_list.published_at is not None and hot_list.pushed_at is None and not Push.objects.exists()
    assert pushes.push_pending() == 1
    assert Push.objects.filter(recipient=liaison).count() == 2


def test_opening_a_demand_is_recorded_and_the_coverage_counts_it(client_as, admin_user, liaison, challenge_2023,
                                                                 approved, django_capture_on_commit_callbacks):
    hot_list = _list(admin_user, challenge_2023, approved)
    with django_capture_on_commit_callbacks(execute=True):
        hot_lists.publish_hot_list(actor=admin_user, hot_list=hot_list)
    client_as(liaison).get(reverse("challenge:demand", args=[approved[0].pk]))
    assert Push.objects.filter(recipient=liaison, opened_at__isnull=False).count() == 1
    page = client_as(admin_user).get(reverse("challenge:push-coverage")).text
    total = re.search(r'data-testid="push-total">(\d+)<', page)
    assert total and total.group(1) == "2", page[page.find("push-total") - 200:page.find("push-total") + 300]
    assert liaison.organization.name in page
