"""What a review found: records that must not change once others relied on them, and bad
input that must be refused with a reason instead of a crash."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from auction.models import AuctionRules, Item
from auction.services import items as item_services
from auction.services import lists as list_services
from auction.services import publication, selection
from jbgs.exceptions import DomainError, InvalidTransition
from jbgs.models import Campaign
from jbgs.services.imports import start_import
from tests.auction import bidding, spreadsheets
from tests.auction.conftest import patent_data, result_data, valid_numbers
from tests.auction.test_list_pages import ready, submitted
from tests.conftest import make_organization, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(admin_user):
    return bidding.published_items(admin_user, count=2)


@pytest.mark.parametrize("state", ["published", "selected", "scored"])
def test_the_unit_cannot_change_or_remove_an_item_others_relied_on(admin_user, published, state):
    item = published[0]
    seller = bidding.seller_liaison()
    if state != "published":
        publication.withdraw(actor=admin_user, item=item, reason="测试")
    if state == "selected":
        selection.set_selected(actor=admin_user, item=item, selected=True)
    if state == "scored":
        Item.objects.filter(pk=item.pk).update(score_count=1)
    lst = item.submission_list
    list_services.SubmissionList.objects.filter(pk=lst.pk).update(status="returned")  # even if it went back
    item.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        item_services.save_item(actor=seller, submission_list=lst, item=item, data={"title": "改过的标题"})
    assert caught.value.code == f"item_{state}"
    with pytest.raises(ValidationError):
        item_services.delete_item(actor=seller, item=item)
    assert Item.objects.get(pk=item.pk).title != "改过的标题"


def test_an_item_changed_after_review_is_reviewed_again(admin_user, unit_list, liaison, university, field_2023):
    submitted(unit_list, liaison, university, field_2023)
    list_services.review_list(actor=admin_user, submission_list=unit_list, accept=True)
    item = unit_list.items.first()
    assert item.review_state == "accepted"
    list_services.review_list(actor=admin_user, submission_list=unit_list, accept=False, comment="请补充")
    changed = item_services.save_item(actor=liaison, submission_list=unit_list, item=item,
                                      data={"summary": "补充了实施例。"})
    assert changed.review_state == "pending"


def test_only_reviewed_items_of_accepted_lists_are_selected_and_published(admin_user, unit_list, liaison,
                                                                         field_2023):
    draft_item = item_services.save_item(actor=liaison, submission_list=unit_list, data=patent_data(field_2023))
    with pytest.raises(DomainError) as caught:
        selection.set_selected(actor=admin_user, item=draft_item, selected=True)
    assert caught.value.code == "not_eligible"


def test_a_withdrawn_item_does_not_come_back_with_the_next_batch(admin_user, published):
    item = published[0]
    publication.withdraw(actor=admin_user, item=item, reason="专利权属存在争议")
    with pytest.raises(DomainError):  # nothing else waits in the field
        publication.publish(actor=admin_user, campaign=item.campaign, field=item.field, title="第二批")
    item.refresh_from_db()
    assert item.published_at is None and not item.selected


def test_a_list_with_selected_items_cannot_be_returned(admin_user, published):
    with pytest.raises(InvalidTransition):
        list_services.review_list(actor=admin_user, submission_list=published[0].submission_list, accept=False,
                                  comment="退回")


def test_submission_refuses_items_the_changed_rules_no_longer_accept(unit_list, liaison, university, field_2023):
    import datetime

    ready(unit_list, liaison, university, field_2023)  # every test patent was granted on 2022-03-15
    AuctionRules.objects.filter(campaign_id=unit_list.campaign_id).update(patent_grant_cutoff=datetime.date(2022, 6, 1))
    with pytest.raises(DomainError) as caught:
        list_services.submit_list(actor=liaison, submission_list=unit_list)
    assert "一种基于深度学习的锂离子电池健康状态估计方法" in caught.value.message and "2022-06-01" in caught.value.message


def test_selection_refuses_impossible_criteria_and_marks(admin_user, auction_2023, field_2023):
    with pytest.raises(DomainError):
        selection.select(actor=admin_user, campaign=auction_2023, field=field_2023, top_n=0)
    scheme = selection.scheme_for(auction_2023)
    with pytest.raises(ValidationError):
        selection.validate_marks(scheme, {"advancement": "NaN", "feasibility": 5, "market": 5, "legal": 5})


def test_a_result_twice_in_one_list_is_refused_with_a_reason(client_as, liaison, unit_list, field_2023, api_as):
    item_services.save_item(actor=liaison, submission_list=unit_list, data=result_data(field_2023))
    with pytest.raises(ValidationError) as caught:
        item_services.save_item(actor=liaison, submission_list=unit_list, data=result_data(field_2023))
    assert caught.value.error_dict["title"][0].code == "duplicate_in_list"
    page = client_as(liaison).post(reverse("auction:item-create", args=[unit_list.pk, "result"]), {
        "title": "高性能钠离子电池正极材料制备技术", "field": field_2023.pk, "summary": "x", "maturity": "pilot",
        "trade_modes": ["equity_contribution"], "result_year": "2022", "result_category": "material"})
    assert page.status_code == 200 and "本单位清单中已有同名成果" in page.text


def test_an_import_into_a_list_submitted_meanwhile_fails_with_the_reason(liaison, unit_list, university, field_2023,
                                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:  # queued, not yet run
        job = start_import(kind="auction.patent", target_id=unit_list.pk, actor=liaison,
                           upload=SimpleUploadedFile("清单.xlsx", spreadsheets.xlsx()))
    submitted(unit_list, liaison, university, field_2023)
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == "failed" and "已提交" in job.message


def test_a_damaged_workbook_fails_with_a_readable_message(liaison, unit_list, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_import(kind="auction.patent", target_id=unit_list.pk, actor=liaison,
                           upload=SimpleUploadedFile("坏文件.xlsx", b"PK\x03\x04" + b"\x00" * 200))
    job.refresh_from_db()
    assert job.status == "failed" and "Excel" in job.message


def test_a_suspended_units_liaison_sees_nothing_through_the_api(api_as, liaison, university, unit_list, field_2023):
    item_services.save_item(actor=liaison, submission_list=unit_list, data=patent_data(field_2023))
    university.status = "suspended"
    university.save()
    # Its token no longer authenticates at all (issue 12): nothing is seen through it.
    assert api_as(liaison).get("/api/v1/auction/lists/").status_code == 401
    assert api_as(liaison).get("/api/v1/auction/items/").status_code == 401


def test_bad_input_is_refused_not_a_crash(api_as, client_as, admin_user, liaison, unit_list, field_2023,
                                          auction_2023):
    homeless = make_user("homeless", None, ["liaison"])
    assert api_as(homeless).post("/api/v1/auction/lists/", {"campaign": auction_2023.pk},
                                 format="json").status_code == 403
    assert client_as(liaison).get(reverse("auction:blank-form", args=["patent"]), {"campaign": "abc"}).status_code == 404
    draft_item = item_services.save_item(actor=liaison, submission_list=unit_list, data=patent_data(field_2023))
    admin = client_as(admin_user)
    assert admin.post(reverse("auction:selection-toggle", args=[draft_item.pk]), {"selected": "1"},
                      HTTP_HX_REQUEST="true").status_code == 404


def test_pages_of_a_platform_without_an_auction_campaign_say_so(client_as, admin_user):
    from jbgs.models import CampaignStage

    CampaignStage.objects.filter(campaign__kind="auction").delete()
    Campaign.objects.filter(kind="auction").delete()
    admin = client_as(admin_user)
    for name in ("auction:selection", "auction:publication", "auction:progress", "auction:manage-days"):
        assert admin.get(reverse(name)).status_code == 404, name


def test_the_lists_api_runs_a_fixed_number_of_queries(api_as, admin_user, auction_2023, field_2023,
                                                      django_assert_max_num_queries):
    from auction.services.lists import open_list

    for n, number in enumerate(valid_numbers(6)):
        unit = make_organization(f"测试研究院{n}", "research_institute", "320102")
        person = make_user(f"l{n}", unit, ["liaison"])
        lst = open_list(organization=unit, campaign=auction_2023, actor=person)
        item_services.save_item(actor=person, submission_list=lst, data=patent_data(field_2023, number=number))
    client = api_as(admin_user)
    with django_assert_max_num_queries(12):
        assert len(client.get("/api/v1/auction/lists/").json()["results"]) == 6

