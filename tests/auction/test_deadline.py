"""The submission deadline (报送截止日期): after it, a list never handed in can no longer be
changed or handed in, on every path; an administrator can give one unit more time."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from freezegun import freeze_time

from auction.models import Item
from auction.rules import DeadlinePassed
from auction.services import items as item_services
from auction.services import lists as list_services
from auction.services.lists import open_list
from jbgs.models import AuditEntry, Campaign
from jbgs.services.imports import start_import
from tests.auction import spreadsheets
from tests.auction.conftest import patent_data
from tests.auction.test_api import api_patent
from tests.auction.test_list_pages import ready
from tests.conftest import make_organization, make_user

DUE = datetime.date(2023, 6, 20)  # the 2023 plan's deadline, as migration 0002 loaded it


@pytest.fixture
def documented_2023(db):
    campaign = Campaign.objects.get(year=2023, kind="auction")
    assert campaign.submission_deadline == DUE
    return campaign


@pytest.fixture
def field_2023(documented_2023):
    from jbgs.models import IndustryField

    return IndustryField.objects.get(year=2023, code="new_energy")


@pytest.fixture
def late_list(liaison, university, documented_2023):
    with freeze_time("2023-06-01 10:00:00+08:00"):
        return open_list(organization=university, campaign=documented_2023, actor=liaison)


def test_on_the_deadline_day_a_list_is_still_open_and_the_day_after_it_is_closed(liaison, late_list, field_2023):
    with freeze_time("2023-06-20 23:59:00+08:00"):
        item_services.save_item(actor=liaison, submission_list=late_list, data=patent_data(field_2023))
    with freeze_time("2023-06-21 00:01:00+08:00"), pytest.raises(DeadlinePassed) as caught:
        item_services.save_item(actor=liaison, submission_list=late_list,
                                data=patent_data(field_2023, number="201810601862.0"))
    assert caught.value.code == "deadline_passed" and "2023-06-20" in str(caught.value.message)
    assert Item.objects.count() == 1


def test_after_the_deadline_the_form_the_api_the_import_and_submission_are_refused_with_the_date(
        client_as, api_as, liaison, university, late_list, field_2023, django_capture_on_commit_callbacks):
    with freeze_time("2023-06-10 10:00:00+08:00"):
        ready(late_list, liaison, university, field_2023)
    page = client_as(liaison).get(reverse("auction:list-detail", args=[late_list.pk]))
    assert "2023-06-20" in page.text and 'data-testid="deadline-passed"' in page.text
    assert reverse("auction:item-create", args=[late_list.pk, "patent"]) not in page.text
    api = api_as(liaison).post("/api/v1/auction/items/", api_patent(late_list, number="ZL201810601862.0"),
                               format="json")
    assert api.status_code == 409 and api.json()["code"] == "deadline_passed"
    submitted = api_as(liaison).post(f"/api/v1/auction/lists/{late_list.pk}/submit/")
    assert submitted.status_code == 409 and "2023-06-20" in submitted.json()["detail"]
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DeadlinePassed):
        start_import(kind="auction.patent", target_id=late_list.pk, actor=liaison,
                     upload=SimpleUploadedFile("清单.xlsx", spreadsheets.xlsx()))
    late_list.refresh_from_db()
    assert late_list.status == "draft" and late_list.items.count() == 30


def test_an_administrator_gives_one_unit_more_time_and_it_is_audited(client_as, admin_user, liaison, late_list,
                                                                     field_2023, documented_2023):
    other_unit = make_organization("金陵科技学院", "undergraduate_university", "320115")
    other_liaison = make_user("other_liaison", other_unit, ["liaison"])
    with freeze_time("2023-06-01 10:00:00+08:00"):
        other = open_list(organization=other_unit, campaign=documented_2023, actor=other_liaison)
    response = client_as(admin_user).post(reverse("auction:list-deadline", args=[late_list.pk]),
                                          {"until": "2023年7月5日", "reason": "校内盖章流程延误"})
    assert response.status_code == 302
    with freeze_time("2023-07-05 17:00:00+08:00"):
        item_services.save_item(actor=liaison, submission_list=late_list, data=patent_data(field_2023))
        with pytest.raises(DeadlinePassed):
            item_services.save_item(actor=other_liaison, submission_list=other, data=patent_data(field_2023))
    entry = AuditEntry.objects.get(action="auction.list.deadline_extended")
    assert (entry.actor, entry.to_state, entry.data["reason"]) == (admin_user, "2023-07-05", "校内盖章流程延误")
    refused = client_as(admin_user).post(reverse("auction:list-deadline", args=[other.pk]), {"until": "2023-07-05"},
                                         follow=True)
    assert "请填写延期理由" in refused.text


def test_a_list_returned_for_revision_after_the_deadline_can_be_corrected_and_handed_in(
        admin_user, liaison, university, late_list, field_2023):
    with freeze_time("2023-06-10 10:00:00+08:00"):
        ready(late_list, liaison, university, field_2023)
        list_services.submit_list(actor=liaison, submission_list=late_list)
    with freeze_time("2023-07-01 10:00:00+08:00"):
        first = late_list.items.first()
        list_services.review_list(actor=admin_user, submission_list=late_list, accept=False, comment="请核对",
                                  item_reviews={first.pk: ("returned", "专利权人有误")})
        item_services.save_item(actor=liaison, submission_list=late_list, item=first, data={"patentees": "南京工业大学"})
        assert list_services.submit_list(actor=liaison, submission_list=late_list).status == "submitted"
