"""Enquiries (咨询): anyone signed in asks the seller of a catalogue entry a question; the
seller unit's liaisons and the administrators are told, answer it on its page, and the asker
is told in turn. Nobody else learns that the enquiry exists."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from auction.choices import AuctionAction, EnquiryStatus
from auction.models import Enquiry, Item
from auction.services import enquiries, publication
from auction.services.enquiries import TooManyEnquiries
from auction.services.items import save_item
from jbgs.exceptions import DomainError, InvalidTransition, NotAllowed
from jbgs.models import AuditEntry, Notification
from tests.auction.bidding import published_items, seller_liaison
from tests.auction.conftest import patent_data, valid_numbers
from tests.conftest import PERSONAS, make_user, persona

pytestmark = pytest.mark.django_db

PHONE = "13951200002"
QUESTION = "请问该专利是否接受普通许可？许可费用大致在什么范围？"
FORM = {"contact_name": "孙志强", "contact_phone": PHONE, "message": QUESTION}


@pytest.fixture
def item(admin_user):
    return published_items(admin_user)[0]


@pytest.fixture
def seller():
    return seller_liaison()


def ask(asker, item, **changes) -> Enquiry:
    return enquiries.ask(asker=asker, item=item, **{**FORM, **changes})


def detail(item) -> str:
    return reverse("catalogue:detail", args=[item.pk])


def enquire(item) -> str:
    return reverse("catalogue:enquire", args=[item.pk])


# --- Asking -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["admin_user", *PERSONAS])
def test_anyone_signed_in_outside_the_seller_unit_asks_from_the_entry(client_as, item, who):
    asker = persona(who)
    page = client_as(asker).get(detail(item))
    assert "咨询该成果" in page.text and 'name="message"' in page.text
    sent = client_as(asker).post(enquire(item), FORM, follow=True)
    assert "咨询已发送给卖方" in sent.text
    enquiry = Enquiry.objects.get()
    assert (enquiry.item, enquiry.asker, enquiry.organization, enquiry.status) == (
        item, asker, asker.organization, EnquiryStatus.OPEN)
    assert (enquiry.contact_name, enquiry.contact_phone, enquiry.message) == ("孙志强", PHONE, QUESTION)


def test_the_form_starts_with_the_askers_own_name_and_phone(client_as, item):
    asker = make_user("zhao", persona("bidder").organization, ["bidder"], name="赵敏", phone="0519-86500001")
    page = client_as(asker).get(detail(item))
    assert 'value="赵敏"' in page.text and 'value="0519-86500001"' in page.text


def test_someone_without_a_unit_asks_and_the_enquiry_has_none(item):
    loner = make_user("loner", None, [])
    assert ask(loner, item).organization is None


def test_a_visitor_is_offered_to_sign_in_and_cannot_post(client, item):
    page = client.get(detail(item))
    assert "登录后咨询" in page.text and f"{reverse('login')}?next=" in page.text
    assert 'name="message"' not in page.text
    answer = client.post(enquire(item), FORM)
    assert answer.status_code == 302 and reverse("login") in answer["Location"]
    assert not Enquiry.objects.exists()


def test_the_seller_units_people_get_no_form_and_are_refused_in_words(client_as, item, seller):
    colleague = make_user("colleague", seller.organization, ["solver"])
    liaison_page = client_as(seller).get(detail(item))
    assert 'name="message"' not in liaison_page.text and reverse("auction:enquiries") in liaison_page.text
    colleague_page = client_as(colleague).get(detail(item))
    assert 'name="message"' not in colleague_page.text and "有关咨询由本单位联络员答复" in colleague_page.text
    for person in (seller, colleague):
        with pytest.raises(NotAllowed) as refused:
            ask(person, item)
        assert refused.value.code == "own_unit"
    posted = client_as(colleague).post(enquire(item), FORM, follow=True)
    assert "这是本单位的成果" in posted.text and not Enquiry.objects.exists()


def test_an_item_out_of_the_catalogue_takes_no_enquiry(client_as, admin_user, item, bidder):
    publication.withdraw(actor=admin_user, item=item, reason="权利人撤回")
    item.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        ask(bidder, item)
    assert refused.value.code == "not_published" and "不在成果目录中" in str(refused.value.message)
    assert client_as(bidder).post(enquire(item), FORM).status_code == 404
    assert not Enquiry.objects.exists()


def test_beyond_the_hourly_limit_enquiries_are_refused_and_the_question_kept(settings, client_as, item, bidder):
    settings.ENQUIRIES_PER_HOUR = 2
    ask(bidder, item)
    ask(bidder, item)
    with pytest.raises(TooManyEnquiries) as refused:
        ask(bidder, item)
    assert refused.value.code == "too_many_enquiries" and "每小时最多发送 2 条咨询" in str(refused.value.message)
    page = client_as(bidder).post(enquire(item), FORM)
    assert page.status_code == 200 and "每小时最多发送 2 条咨询" in page.text and QUESTION in page.text
    assert Enquiry.objects.count() == 2
    assert ask(persona("manager"), item)  # the limit is each account's


def test_without_redis_enquiries_are_sent_uncounted(settings, item, bidder):
    from django.core.cache import cache

    settings.ENQUIRIES_PER_HOUR = 1
    settings.CACHES = {**settings.CACHES, "default": {
        **settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"}}  # nothing listens there
    with pytest.raises(Exception):  # noqa: B017 (any error: the client cannot connect)
        cache._cache.get_client().ping()
    assert [ask(bidder, item) for _ in range(3)]
    assert Enquiry.objects.count() == 3


def test_the_seller_units_liaisons_and_the_administrators_are_told(item, seller, admin_user, bidder):
    second = make_user("seller-2", seller.organization, ["liaison"])
    colleague = make_user("colleague", seller.organization, ["solver"])
    away = make_user("seller-away", seller.organization, ["liaison"], is_active=False)
    enquiry = ask(bidder, item)
    told = Notification.objects.filter(kind="auction.enquiry.asked")
    assert set(told.values_list("recipient__username", flat=True)) == {seller.username, second.username,
                                                                        admin_user.username}
    note = told.get(recipient=seller)
    assert note.url == reverse("auction:enquiry", args=[enquiry.pk]) and item.title in note.title
    assert QUESTION in note.body and bidder.organization.name in note.body
    assert not Notification.objects.filter(recipient__in=[colleague, away, bidder]).exists()


def test_asking_is_audited(item, bidder):
    enquiry = ask(bidder, item)
    entry = AuditEntry.objects.get(action=AuctionAction.ENQUIRY_ASKED)
    assert (entry.actor, entry.object_id, entry.to_state) == (bidder, str(enquiry.pk), EnquiryStatus.OPEN)


def test_with_htmx_the_card_answers_in_place_cleared_with_a_confirmation(client_as, item, bidder):
    card = client_as(bidder).post(enquire(item), FORM, HTTP_HX_REQUEST="true")
    assert card.status_code == 200 and card.text.lstrip().startswith('<div id="enquiry"')
    assert "咨询已发送给卖方" in card.text and QUESTION not in card.text  # the question is cleared
    assert 'value="孙志强"' in card.text  # the contact stays for the next question
    assert "您对该成果的咨询：1 条" in card.text
    invalid = client_as(bidder).post(enquire(item), {**FORM, "contact_phone": "12345"}, HTTP_HX_REQUEST="true")
    assert invalid.status_code == 200 and "is-invalid" in invalid.text and QUESTION in invalid.text
    assert Enquiry.objects.count() == 1


# --- Answering and closing ----------------------------------------------------------------


def test_the_seller_units_liaison_answers_and_the_asker_is_told(client_as, item, seller, bidder):
    enquiry = ask(bidder, item)
    page = client_as(seller).post(reverse("auction:enquiry-answer", args=[enquiry.pk]),
                                  {"answer": "接受普通许可，费用面议。"}, follow=True)
    assert "回复已发送给咨询人" in page.text
    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.answer, enquiry.answered_by) == (EnquiryStatus.ANSWERED, "接受普通许可，费用面议。",
                                                                     seller)
    note = Notification.objects.get(recipient=bidder, kind="auction.enquiry.answered")
    assert "接受普通许可" in note.body and note.url == reverse("auction:enquiry", args=[enquiry.pk])
    entry = AuditEntry.objects.get(action=AuctionAction.ENQUIRY_ANSWERED)
    assert (entry.actor, entry.from_state, entry.to_state) == (seller, EnquiryStatus.OPEN, EnquiryStatus.ANSWERED)
    mine = client_as(bidder).get(reverse("auction:my-enquiries"))
    assert "已回复" in mine.text and "接受普通许可" in mine.text and item.title in mine.text


def test_an_administrator_answers_too(item, admin_user, bidder):
    enquiry = enquiries.answer(actor=admin_user, enquiry=ask(bidder, item), text="平台已转告卖方。")
    assert enquiry.status == EnquiryStatus.ANSWERED and enquiry.answered_by == admin_user


@pytest.mark.parametrize("who", ["bidder", "liaison", "enterprise_user", "manager"])
def test_nobody_else_answers_not_even_the_asker_or_another_units_liaison(item, bidder, who):
    enquiry = ask(bidder, item)
    with pytest.raises(NotAllowed):
        enquiries.answer(actor=persona(who), enquiry=enquiry, text="可以。")
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.OPEN and not enquiry.answer


def test_an_answer_is_given_once_and_must_say_something(item, seller, bidder):
    enquiry = ask(bidder, item)
    for text, code in (("   ", "answer_required"), ("长" * 2001, "answer_too_long")):
        with pytest.raises(DomainError) as refused:
            enquiries.answer(actor=seller, enquiry=enquiry, text=text)
        assert refused.value.code == code
    enquiries.answer(actor=seller, enquiry=enquiry, text="可以。")
    with pytest.raises(InvalidTransition) as again:
        enquiries.answer(actor=seller, enquiry=enquiry, text="补充：可以分期。")
    assert "已回复" in str(again.value.message)


@pytest.mark.parametrize("closer", ["asker", "seller", "admin"])
def test_the_asker_the_seller_or_an_administrator_closes(item, seller, admin_user, bidder, closer):
    actor = {"asker": bidder, "seller": seller, "admin": admin_user}[closer]
    enquiry = enquiries.close(actor=actor, enquiry=ask(bidder, item))
    assert enquiry.status == EnquiryStatus.CLOSED
    entry = AuditEntry.objects.get(action=AuctionAction.ENQUIRY_CLOSED)
    assert (entry.actor, entry.from_state, entry.to_state) == (actor, EnquiryStatus.OPEN, EnquiryStatus.CLOSED)
    # The asker is told when someone else closed it.
    told = Notification.objects.filter(recipient=bidder, kind="auction.enquiry.closed").exists()
    assert told == (closer != "asker")
    with pytest.raises(InvalidTransition):
        enquiries.answer(actor=seller, enquiry=enquiry, text="迟到的回复。")
    with pytest.raises(InvalidTransition):
        enquiries.close(actor=actor, enquiry=enquiry)


def test_an_answered_enquiry_closes_too(item, seller, bidder):
    enquiry = enquiries.answer(actor=seller, enquiry=ask(bidder, item), text="可以。")
    assert enquiries.close(actor=bidder, enquiry=enquiry).status == EnquiryStatus.CLOSED
    assert AuditEntry.objects.get(action=AuctionAction.ENQUIRY_CLOSED).from_state == EnquiryStatus.ANSWERED


@pytest.mark.parametrize("who", ["liaison", "enterprise_user", "manager", "outsider"])
def test_others_cannot_close(item, bidder, who):
    with pytest.raises(NotAllowed):
        enquiries.close(actor=persona(who), enquiry=ask(bidder, item))


# --- Who sees what ------------------------------------------------------------------------


@pytest.fixture
def other_item(unit_list, liaison, field_2023):
    """An item of another unit (南京工业大学) in the catalogue: published in one step, since
    how it got there is not what these tests are about."""
    item = save_item(actor=liaison, submission_list=unit_list,
                     data=patent_data(field_2023, number=valid_numbers(1, year=2020)[0]))
    Item.objects.filter(pk=item.pk).update(published_at=timezone.now())
    item.refresh_from_db()
    return item


def test_the_inbox_shows_a_liaison_their_units_enquiries_only(client_as, item, other_item, seller, liaison,
                                                               admin_user, bidder):
    mine = ask(bidder, item, message="关于纳米所成果的问题")
    theirs = ask(bidder, other_item, message="关于南工大成果的问题")
    seller_inbox = client_as(seller).get(reverse("auction:enquiries"))
    assert "关于纳米所成果的问题" in seller_inbox.text and "关于南工大成果的问题" not in seller_inbox.text
    liaison_inbox = client_as(liaison).get(reverse("auction:enquiries"))
    assert "关于南工大成果的问题" in liaison_inbox.text and "关于纳米所成果的问题" not in liaison_inbox.text
    assert client_as(seller).get(reverse("auction:enquiry", args=[theirs.pk])).status_code == 404
    assert client_as(liaison).get(reverse("auction:enquiry", args=[mine.pk])).status_code == 404
    everything = client_as(admin_user).get(reverse("auction:enquiries"))
    assert "关于纳米所成果的问题" in everything.text and "关于南工大成果的问题" in everything.text
    enquiries.answer(actor=seller, enquiry=mine, text="可以。")
    waiting = client_as(admin_user).get(reverse("auction:enquiries"), {"status": "open"})
    assert "关于南工大成果的问题" in waiting.text and "关于纳米所成果的问题" not in waiting.text
    answered = client_as(admin_user).get(reverse("auction:enquiries"), {"status": "answered"})
    assert "关于纳米所成果的问题" in answered.text and "关于南工大成果的问题" not in answered.text


def test_the_inbox_is_for_liaisons_and_administrators(client_as, bidder, expert):
    for person in (bidder, expert):
        assert client_as(person).get(reverse("auction:enquiries")).status_code == 403


def test_the_menus_and_the_home_page_lead_to_the_enquiries_and_count_those_waiting(client_as, item, seller, bidder,
                                                                                   admin_user):
    inbox = reverse("auction:enquiries")
    assert 'id="panel-enquiries"' not in client_as(seller).get("/").text  # nothing waits
    first = ask(bidder, item, message="第一个问题")
    ask(bidder, item, message="第二个问题")
    seller_page = client_as(seller).get("/").text
    # In the liaison's own menu, its count beside their name too; on their home page, the list.
    assert f'href="{inbox}">收到的咨询 <span class="badge rounded-pill text-bg-danger">2</span>' in seller_page
    assert f'{seller.name} <span class="badge rounded-pill text-bg-danger">2</span>' in seller_page
    assert 'id="panel-enquiries"' in seller_page
    assert reverse("auction:enquiry", args=[first.pk]) in seller_page
    enquiries.answer(actor=seller, enquiry=first, text="可以。")
    assert f'href="{inbox}">收到的咨询 <span class="badge rounded-pill text-bg-danger">1</span>' in client_as(
        seller).get("/").text
    assert reverse("auction:my-enquiries") in client_as(bidder).get("/").text
    assert f'href="{inbox}">咨询管理' in client_as(admin_user).get("/").text


def test_someone_elses_enquiry_is_not_found(client_as, item, bidder, manager, liaison):
    enquiry = ask(bidder, item)
    for person in (manager, liaison):  # another enterprise's person, another unit's liaison
        assert client_as(person).get(reverse("auction:enquiry", args=[enquiry.pk])).status_code == 404
        for action in ("auction:enquiry-answer", "auction:enquiry-close"):
            assert client_as(person).post(reverse(action, args=[enquiry.pk]), {"answer": "可以"}).status_code == 404
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.OPEN
    assert QUESTION not in client_as(manager).get(reverse("auction:my-enquiries")).text


def test_the_enquiry_page_shows_the_asker_their_question_and_the_seller_the_contact(client_as, item, seller, bidder):
    enquiry = ask(bidder, item)
    asker_page = client_as(bidder).get(reverse("auction:enquiry", args=[enquiry.pk]))
    assert QUESTION in asker_page.text and "卖方尚未回复" in asker_page.text
    assert 'name="answer"' not in asker_page.text and "关闭咨询" in asker_page.text
    seller_page = client_as(seller).get(reverse("auction:enquiry", args=[enquiry.pk]))
    assert PHONE in seller_page.text and bidder.organization.name in seller_page.text
    assert 'name="answer"' in seller_page.text
    assert client_as(bidder).post(reverse("auction:enquiry-answer", args=[enquiry.pk]),
                                  {"answer": "自问自答"}).status_code == 403


def test_public_pages_never_show_an_enquiry(client, client_as, item, bidder, manager):
    ask(bidder, item, contact_name="保密联系人", contact_phone="13800001111", message="内部报价问题")
    pages = [client.get(detail(item)), client.get(reverse("catalogue:list")), client_as(manager).get(detail(item))]
    for page in pages:
        assert page.status_code == 200
        for secret in ("保密联系人", "13800001111", "内部报价问题", "您对该成果的咨询"):
            assert secret not in page.text
    assert "您对该成果的咨询：1 条" in client_as(bidder).get(detail(item)).text


def test_the_lists_run_a_fixed_number_of_queries(client_as, item, other_item, admin_user, bidder,
                                                django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pages = [(admin_user, reverse("auction:enquiries")), (bidder, reverse("auction:my-enquiries"))]
    ask(bidder, item)
    counts = []
    for person, url in pages:
        client = client_as(person)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    for n in range(6):
        ask(bidder, other_item if n % 2 else item)
    for (person, url), count in zip(pages, counts, strict=True):
        client = client_as(person)
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200


# --- Absurd input -------------------------------------------------------------------------


def test_a_ten_thousand_character_question_is_refused_in_words(client_as, item, bidder):
    page = client_as(bidder).post(enquire(item), {**FORM, "message": "问" * 10_000})
    assert page.status_code == 200 and "1000" in page.text and "is-invalid" in page.text
    with pytest.raises(ValidationError) as refused:
        ask(bidder, item, message="问" * 10_000)
    assert "message" in refused.value.message_dict
    assert not Enquiry.objects.exists()


@pytest.mark.parametrize("changes", [{"message": "   "}, {"contact_phone": "not a phone"}, {"contact_name": ""},
                                     {"contact_phone": "1" * 300}, {"contact_name": "名" * 500}])
def test_an_empty_or_wrong_field_is_refused_beside_it(client_as, item, bidder, changes):
    page = client_as(bidder).post(enquire(item), {**FORM, **changes})
    assert page.status_code == 200 and "is-invalid" in page.text
    with pytest.raises(ValidationError):
        ask(bidder, item, **changes)
    assert not Enquiry.objects.exists()


def test_markup_in_a_question_is_shown_as_text(client_as, item, seller, bidder):
    enquiry = ask(bidder, item, message='<script>alert("x")</script><b>粗体</b>')
    page = client_as(seller).get(reverse("auction:enquiry", args=[enquiry.pk]))
    assert "<script>alert" not in page.text and "&lt;script&gt;" in page.text
    assert "<b>粗体" not in client_as(seller).get(reverse("auction:enquiries")).text


@pytest.mark.parametrize("pk", ["999999", "99999999999999999999"])
def test_ids_that_do_not_exist_are_not_found(client_as, admin_user, bidder, pk):
    admin = client_as(admin_user)
    assert admin.get(f"/auction/enquiries/{pk}/").status_code == 404
    assert admin.post(f"/auction/enquiries/{pk}/answer/", {"answer": "可以"}).status_code == 404
    assert admin.post(f"/auction/enquiries/{pk}/close/").status_code == 404
    assert client_as(bidder).post(f"/catalogue/{pk}/enquire/", FORM).status_code == 404


def test_a_page_number_or_status_in_words_is_ignored(client_as, admin_user):
    admin = client_as(admin_user)
    assert admin.get(reverse("auction:enquiries"), {"status": "<b>", "page": "abc"}).status_code == 200
    assert admin.get(reverse("auction:my-enquiries"), {"page": "-1"}).status_code == 200
