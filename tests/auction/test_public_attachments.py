"""Attachments a unit chooses to show: listed with the published item and on its lot's page,
opened by anyone; the others stay with the experts and the desk, and the public address of
a file never opens one that is not shown."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from auction.models import ItemAttachment
from auction.services import items as item_services
from jbgs.exceptions import InvalidTransition
from jbgs.models import AuditEntry
from tests.auction import bidding
from tests.conftest import make_organization, make_user


@pytest.fixture
def shown(admin_user):
    (item,) = bidding.published_items(admin_user, files=[("产品手册.pdf", True), ("检测报告（内部）.pdf", False)])
    return item


def test_the_public_sees_the_files_shown_and_never_the_others(client, client_as, admin_user, shown):
    public, private = (ItemAttachment.objects.get(item=shown, public=flag) for flag in (True, False))
    page = client.get(reverse("catalogue:detail", args=[shown.pk])).text
    assert "产品手册.pdf" in page and "检测报告（内部）" not in page
    opened = client.get(reverse("catalogue:attachment", args=[public.pk]))
    assert opened.status_code == 200 and b"".join(opened.streaming_content).startswith(b"%PDF")
    assert "inline" in opened["Content-Disposition"]
    for pk in (private.pk, 999_999):
        assert client.get(reverse("catalogue:attachment", args=[pk])).status_code == 404
    assert client.get("/catalogue/files/abc/").status_code == 404
    lot = bidding.make_lot(admin_user, [shown])
    lot_page = client.get(reverse("auction:lot", args=[lot.pk])).text
    assert "产品手册.pdf" in lot_page and "检测报告（内部）" not in lot_page


def test_a_file_goes_out_of_sight_with_its_item_out_of_the_catalogue(client, admin_user, shown):
    from auction.services import publication

    public = ItemAttachment.objects.get(item=shown, public=True)
    publication.withdraw(actor=admin_user, item=shown, reason="权属争议")
    assert client.get(reverse("catalogue:attachment", args=[public.pk])).status_code == 404


def test_the_liaison_chooses_while_the_list_may_change_and_it_is_audited(client_as, liaison, unit_list, field_2023):
    from tests.auction.conftest import patent_data

    item = item_services.save_item(actor=liaison, submission_list=unit_list, data=patent_data(field_2023))
    client = client_as(liaison)
    client.post(reverse("auction:attachment-add", args=[item.pk]),
                {"file": ContentFile(b"%PDF-1.4\n%%EOF\n", name="宣传册.pdf"), "public": "on"})
    attachment = ItemAttachment.objects.get(item=item)
    assert attachment.public
    page = client.get(reverse("auction:item-detail", args=[item.pk])).text
    assert "公开" in page and "改为仅专家可见" in page
    client.post(reverse("auction:attachment-visibility", args=[attachment.pk]), {"public": "0"})
    attachment.refresh_from_db()
    assert not attachment.public
    assert AuditEntry.objects.filter(action="auction.item.attachment_hidden", data__file="宣传册.pdf").exists()
    unit_list.status = "submitted"
    unit_list.save(update_fields=["status"])
    with pytest.raises(InvalidTransition):
        item_services.set_attachment_public(actor=liaison, attachment=attachment, public=True)
    attachment.refresh_from_db()
    assert not attachment.public


def test_another_unit_cannot_change_what_is_shown(client_as, admin_user, shown):
    stranger = make_user("stranger_liaison", make_organization("别的大学", "university", "320102"), ["liaison"])
    attachment = ItemAttachment.objects.get(item=shown, public=True)
    answer = client_as(stranger).post(reverse("auction:attachment-visibility", args=[attachment.pk]), {"public": "0"})
    assert answer.status_code == 403
    attachment.refresh_from_db()
    assert attachment.public
