"""One write path for items: the browser form, the API and the importer stage an item and
write it through auction.services.items, so the same input is stored the same way, the
same rules refuse the same things, and what changed since a file was read is checked again
under the lock."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from auction.choices import ItemReview
from auction.models import FIELDS_BY_KIND, Item
from auction.services import items as item_services
from auction.services.lists import lock_editable_list
from jbgs.api.fields import AmountField
from jbgs.parsing import parse_amount
from tests.auction import spreadsheets
from tests.auction.conftest import patent_data
from tests.auction.test_api import api_patent
from tests.auction.test_import import run
from tests.auction.test_list_pages import patent_form

NUMBER = spreadsheets.GOOD  # a valid 2021 invention patent
STORED = ("application_number", "patent_type", "title", "grant_date", "legal_status", "asking_price", "trade_modes",
          "field_id", "review_state", "previously_published_id")


def stored(item_id=None) -> dict:
    item = Item.objects.get(pk=item_id) if item_id else Item.objects.get()
    return {name: getattr(item, name) for name in STORED}


def by_form(client_as, liaison, unit_list, field):
    response = client_as(liaison).post(reverse("auction:item-create", args=[unit_list.pk, "patent"]), patent_form(
        field, number=f"CN {NUMBER}", title="电池健康状态估计方法", grant_date="2021年3月5日", asking_price="50",
        trade_modes=["assignment", "license_ordinary"]))
    assert response.status_code == 302, response.context["form"].errors


def by_api(api_as, liaison, unit_list, field):
    response = api_as(liaison).post("/api/v1/auction/items/", api_patent(
        unit_list, number=f"ZL{NUMBER}", title="电池健康状态估计方法", grant_date="2021.3.5", asking_price="500000",
        field=field.name, trade_modes=["assignment", "license_ordinary"]), format="json")
    assert response.status_code == 201, response.json()


def by_import(liaison, unit_list, capture):
    job = run(liaison, unit_list, "清单.xlsx", spreadsheets.xlsx(), capture)
    assert job.status == "done"
    Item.objects.exclude(application_number=NUMBER).delete()  # the file's other rows


def test_the_form_the_api_and_the_importer_store_the_same_patent_alike(client_as, api_as, liaison, unit_list, field_2023,
                                                                      django_capture_on_commit_callbacks):
    results = []
    for enter in (lambda: by_form(client_as, liaison, unit_list, field_2023),
                  lambda: by_api(api_as, liaison, unit_list, field_2023),
                  lambda: by_import(liaison, unit_list, django_capture_on_commit_callbacks)):
        enter()
        results.append(stored())
        Item.objects.all().delete()
    assert results[0] == results[1] == results[2]
    assert results[0]["application_number"] == NUMBER and results[0]["patent_type"] == "invention"
    assert results[0]["asking_price"] == Decimal("500000")


def test_a_reviewed_item_changed_on_any_path_goes_back_to_review(client_as, api_as, liaison, unit_list, field_2023,
                                                                django_capture_on_commit_callbacks):
    by_form(client_as, liaison, unit_list, field_2023)
    item = Item.objects.get()
    changes = [
        lambda: client_as(liaison).post(reverse("auction:item-edit", args=[item.pk]), patent_form(
            field_2023, number=NUMBER, title="改过的标题", grant_date="2021-03-05")),
        lambda: api_as(liaison).patch(f"/api/v1/auction/items/{item.pk}/", {"title": "再改的标题"}, format="json"),
        lambda: run(liaison, unit_list, "清单.xlsx", spreadsheets.xlsx(), django_capture_on_commit_callbacks),
    ]
    for change in changes:
        Item.objects.filter(pk=item.pk).update(review_state=ItemReview.ACCEPTED)
        change()
        assert Item.objects.get(pk=item.pk).review_state == ItemReview.PENDING


def test_an_item_scored_after_a_file_was_read_is_not_overwritten(liaison, unit_list, field_2023):
    item = item_services.save_item(actor=liaison, submission_list=unit_list,
                                   data=patent_data(field_2023, NUMBER, title="电池健康状态估计方法"))
    staged = item_services.stage(Item.objects.get(pk=item.pk), {"title": "导入时读到的标题"})
    Item.objects.filter(pk=item.pk).update(score_count=1)  # an expert scored it meanwhile
    with transaction.atomic():
        written = item_services.write(locked_list=lock_editable_list(liaison, unit_list), items=[staged])
    assert written.updated == [] and [e.code for _i, e in written.refused] == ["item_scored"]
    assert Item.objects.get(pk=item.pk).title == "电池健康状态估计方法"


def test_a_change_keeps_what_someone_else_changed_meanwhile(api_as, liaison, unit_list, field_2023):
    item = item_services.save_item(actor=liaison, submission_list=unit_list, data=patent_data(field_2023, NUMBER))
    stale = Item.objects.get(pk=item.pk)  # a page opened before the other change
    changed = api_as(liaison).patch(f"/api/v1/auction/items/{item.pk}/", {"asking_price": "80万"}, format="json")
    assert changed.status_code == 200
    item_services.save_item(actor=liaison, submission_list=unit_list, item=stale, data={"roadshow_pick": True})
    stored = Item.objects.get(pk=item.pk)
    assert stored.asking_price == Decimal("800000") and stored.roadshow_pick


def test_the_form_api_and_import_columns_are_the_fields_declared_for_each_kind():
    from auction.forms import ItemForm
    from auction.importers import COLUMNS

    for kind, names in FIELDS_BY_KIND.items():
        assert [column.field for column in COLUMNS[kind]] == list(names)
        assert list(ItemForm(kind=kind, year=2023).fields) == [n for n in ItemForm._meta.fields if n in names]
        assert set(ItemForm(kind=kind, year=2023).fields) == set(names)


def test_an_unknown_field_reads_the_same_from_the_api_and_a_file(api_as, liaison, unit_list,
                                                                 django_capture_on_commit_callbacks):
    response = api_as(liaison).post("/api/v1/auction/items/", api_patent(unit_list, field="量子计算"), format="json")
    job = run(liaison, unit_list, "清单.xlsx", spreadsheets.xlsx(), django_capture_on_commit_callbacks)
    from_file = next(e["message"] for e in job.errors if "量子计算" in e["message"])
    assert response.status_code == 400 and response.json()["detail"] == f"field: {from_file}"


def test_a_bare_amount_is_read_in_the_unit_its_field_declares_and_says(client_as, liaison, unit_list, field_2023):
    page = client_as(liaison).get(reverse("auction:item-create", args=[unit_list.pk, "patent"])).content.decode()
    assert "意向价格（万元）" in page
    assert "In yuan" in str(AmountField().help_text)
    with pytest.raises(ValidationError) as caught:
        parse_amount("五十万", unit="万元")
    assert "万元" in caught.value.messages[0]
