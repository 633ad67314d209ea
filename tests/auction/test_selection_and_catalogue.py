"""Expert selection, publication and the public catalogue."""

from decimal import Decimal

import pytest
from django.urls import reverse

from auction.models import Assignment, Item
from auction.services import publication, selection
from auction.services.items import save_item
from auction.services.lists import review_list
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.models import AuditEntry, Campaign
from tests.auction.conftest import patent_data, valid_numbers
from tests.auction.test_list_pages import submitted
from tests.conftest import make_organization, make_user


@pytest.fixture
def experts(university):
    jsu = make_organization("江苏大学", "undergraduate_university", "321102")
    agency = make_organization("南京苏科技术转移中心有限公司", "tech_transfer_agency", "320106")
    return [
        make_user("expert-a", jsu, ["expert"], name="周建国", expert_kind="technical"),
        make_user("expert-b", agency, ["expert"], name="钱敏", expert_kind="investment"),
        make_user("expert-c", jsu, ["expert"], name="孙丽", expert_kind="patent_operation"),
        make_user("expert-own", university, ["expert"], name="本校专家", expert_kind="technical"),
    ]


@pytest.fixture
def panel(admin_user, auction_2023, field_2023, experts):
    from auction.models import Panel

    return selection.save_panel(actor=admin_user, panel=Panel(campaign=auction_2023, field=field_2023, name="新能源专家组"),
                                experts=experts)


@pytest.fixture
def submitted_list(unit_list, liaison, university, field_2023):
    return submitted(unit_list, liaison, university, field_2023)


def test_assignment_is_balanced_and_never_to_the_items_own_unit(admin_user, panel, submitted_list, experts):
    created = selection.assign(actor=admin_user, panel=panel)
    assert created == 30 * 3
    per_expert = {e.username: Assignment.objects.filter(expert=e).count() for e in experts}
    assert per_expert == {"expert-a": 30, "expert-b": 30, "expert-c": 30, "expert-own": 0}
    assert selection.assign(actor=admin_user, panel=panel) == 0  # running it again tops up nothing


def test_balance_across_more_experts_than_needed(admin_user, panel, submitted_list, experts, university):
    from tests.conftest import make_organization as org

    extra = make_user("expert-d", org("东南大学", "undergraduate_university", "320102"), ["expert"])
    panel.experts.add(extra)
    selection.assign(actor=admin_user, panel=panel)
    loads = sorted(Assignment.objects.filter(expert__in=[*experts[:3], extra]).values_list("expert")
                   .annotate(n=__import__("django.db.models", fromlist=["Count"]).Count("id")).values_list("n", flat=True))
    assert max(loads) - min(loads) <= 1


def test_an_expert_scores_and_the_aggregate_follows_the_years_scheme(admin_user, panel, submitted_list, experts):
    selection.assign(actor=admin_user, panel=panel)
    item = submitted_list.items.first()
    marks = [dict(advancement=9, feasibility=8, market=9, legal=7), dict(advancement=5, feasibility=5, market=5, legal=5),
             dict(advancement=10, feasibility=10, market=10, legal=10)]
    for expert, mark in zip(experts[:3], marks, strict=True):
        selection.score(expert=expert, assignment=Assignment.objects.get(item=item, expert=expert), marks=mark)
    item.refresh_from_db()
    assert item.score_count == 3 and item.score == Decimal("78.17")  # (84.5 + 50 + 100) / 3
    scheme = selection.scheme_for(item.campaign)
    scheme.aggregation = "trimmed_mean"
    selection.save_scheme(actor=admin_user, scheme=scheme)
    selection.aggregate(item, scheme)
    assert item.score == Decimal("84.50")  # the highest and the lowest left out


def test_marks_outside_the_scale_are_refused(admin_user, panel, submitted_list, experts):
    from django.core.exceptions import ValidationError

    selection.assign(actor=admin_user, panel=panel)
    assignment = Assignment.objects.filter(expert=experts[0]).first()
    with pytest.raises(ValidationError) as error:
        selection.score(expert=experts[0], assignment=assignment,
                        marks=dict(advancement=11, feasibility=8, market=9, legal="x"))
    assert set(error.value.error_dict) == {"advancement", "legal"}


def test_an_expert_cannot_score_what_was_not_assigned_to_them(admin_user, panel, submitted_list, experts):
    selection.assign(actor=admin_user, panel=panel)
    someone_elses = Assignment.objects.filter(expert=experts[0]).first()
    with pytest.raises(NotAllowed):
        selection.score(expert=experts[1], assignment=someone_elses, marks=dict(advancement=1, feasibility=1, market=1,
                                                                                legal=1))


def score_all(panel, submitted_list, experts, admin_user):
    selection.assign(actor=admin_user, panel=panel)
    for index, item in enumerate(submitted_list.items.order_by("id")):
        for expert in experts[:3]:
            mark = 10 - (index % 10)
            selection.score(expert=expert, assignment=Assignment.objects.get(item=item, expert=expert),
                            marks=dict(advancement=mark, feasibility=mark, market=mark, legal=mark))


def test_selection_by_threshold_or_top_n_and_by_hand(admin_user, panel, submitted_list, experts, auction_2023,
                                                    field_2023):
    score_all(panel, submitted_list, experts, admin_user)
    assert selection.select(actor=admin_user, campaign=auction_2023, field=field_2023, threshold=Decimal(90)) == 6
    assert selection.select(actor=admin_user, campaign=auction_2023, field=field_2023, top_n=9) == 3
    worst = Item.objects.order_by("score").first()
    selection.set_selected(actor=admin_user, item=worst, selected=True, reason="专家组会商补选")
    assert Item.objects.filter(selected=True).count() == 10
    assert AuditEntry.objects.filter(action="auction.item.selection_changed", object_id=str(worst.pk)).exists()


def test_publication_fills_the_catalogue_and_its_columns(admin_user, panel, submitted_list, experts, auction_2023,
                                                       field_2023, liaison):
    score_all(panel, submitted_list, experts, admin_user)
    Item.objects.filter(pk=submitted_list.items.first().pk).update(carbon_related=True)
    selection.select(actor=admin_user, campaign=auction_2023, field=field_2023, top_n=5)
    with pytest.raises(DomainError):  # the list is submitted, not yet accepted: nothing can be published
        publication.publish(actor=admin_user, campaign=auction_2023, field=field_2023, title="2023年新能源第一批")
    review_list(actor=admin_user, submission_list=submitted_list, accept=True)
    with_columns(auction_2023)  # as the 2022 notice has them (the 2023 plan names none)
    batch = publication.publish(actor=admin_user, campaign=auction_2023, field=field_2023, title="2023年新能源第一批")
    assert batch.item_count == 5
    assert Item.objects.filter(published_at__isnull=False).count() == 5
    assert Item.objects.filter(columns__contains=["carbon"]).count() == 1
    assert liaison.notifications.filter(kind="auction.items.published").exists()


def with_columns(campaign):
    rules = campaign.auction_rules
    rules.columns = ["carbon", "out_of_province_million"]
    rules.save()
    return campaign


def test_an_out_of_province_item_of_a_million_goes_to_its_column_in_a_year_that_has_it(
        admin_user, auction_2023, field_2023):
    thu = make_organization("清华大学", "undergraduate_university", "110000")
    thu_liaison = make_user("thu", thu, ["liaison"])
    from auction.services.lists import open_list

    thu_list = open_list(organization=thu, campaign=auction_2023, actor=thu_liaison)
    item = save_item(actor=thu_liaison, submission_list=thu_list, data=patent_data(field_2023, asking_price="1200000",
                                                                                  carbon_related=True))
    assert publication.columns_for(item) == []  # the 2023 plan has no special columns
    with_columns(auction_2023)
    item.campaign = Campaign.objects.get(pk=auction_2023.pk)
    assert publication.columns_for(item) == ["carbon", "out_of_province_million"]
    item.asking_price = Decimal("999999")
    assert publication.columns_for(item) == ["carbon"]
    item.asking_price = None  # 面议: no price, not in the million column by itself
    assert publication.columns_for(item) == ["carbon"]


def test_an_administrator_places_a_negotiable_item_in_a_column_with_a_reason(client_as, admin_user, auction_2023,
                                                                             published_items):
    with_columns(auction_2023)
    item = Item.objects.filter(published_at__isnull=False).first()
    client = client_as(admin_user)
    url = reverse("auction:place-in-column", args=[item.pk])
    refused = client.post(url, {"column": "out_of_province_million", "reason": ""}, follow=True)
    assert "out_of_province_million" not in Item.objects.get(pk=item.pk).columns and refused.status_code == 200
    client.post(url, {"column": "out_of_province_million", "reason": "评估价值逾百万，单位选择面议"})
    assert "out_of_province_million" in Item.objects.get(pk=item.pk).columns
    entry = AuditEntry.objects.get(action="auction.item.placed_in_column")
    assert entry.data["reason"] == "评估价值逾百万，单位选择面议"


@pytest.fixture
def published_items(admin_user, panel, submitted_list, experts, auction_2023, field_2023):
    score_all(panel, submitted_list, experts, admin_user)
    Item.objects.filter(pk=submitted_list.items.order_by("id").first().pk).update(
        title="储能电站电池组在线监测系统", summary="利用充电曲线与图神经网络在线估计储能电站电池的健康状态。")
    selection.select(actor=admin_user, campaign=auction_2023, field=field_2023, threshold=Decimal(0))
    review_list(actor=admin_user, submission_list=submitted_list, accept=True)
    publication.publish(actor=admin_user, campaign=auction_2023, field=field_2023, title="第一批")
    return submitted_list.items.order_by("id")


def test_a_visitor_finds_an_item_by_a_word_inside_its_summary(client, published_items):
    first = published_items.first()
    for words in ("图神经网络", "储能电站", "在线监测", "储能电站 图神经网络"):
        page = client.get(reverse("catalogue:list"), {"q": words})
        assert list(page.context["page"]) == [first], words
    # Every test patent says 健康状态估计 in its title; the word inside it finds them all.
    assert client.get(reverse("catalogue:list"), {"q": "健康状态"}).context["page"].paginator.count == 30
    by_number = client.get(reverse("catalogue:list"), {"q": f"ZL{first.application_number}"})
    assert list(by_number.context["page"]) == [first]
    nothing = client.get(reverse("catalogue:list"), {"q": "量子纠缠"})
    assert list(nothing.context["page"]) == []


def test_filters_narrow_the_catalogue(client, published_items):
    page = client.get(reverse("catalogue:list"), {"field": "new_energy", "trade_mode": "assignment", "price_min": "40",
                                                  "price_max": "60"})
    assert page.context["page"].paginator.count == 30  # every test patent: 50万, assignment
    assert client.get(reverse("catalogue:list"), {"price_min": "60"}).context["page"].paginator.count == 0
    assert client.get(reverse("catalogue:list"), {"region": "320100"}).context["page"].paginator.count == 30
    assert client.get(reverse("catalogue:list"), {"region": "320500"}).context["page"].paginator.count == 0


def test_public_pages_never_show_private_fields(client, published_items, experts):
    item = published_items.first()
    page = client.get(reverse("catalogue:detail", args=[item.pk])).content.decode()
    assert item.title in page
    for private in ("周建国", "张晓雯", "z@njtech.example.cn", f">{item.score}<"):
        assert private not in page
    unpublished = Item.objects.create(submission_list=item.submission_list, campaign=item.campaign,
                                      organization=item.organization, kind="patent", title="未发布", summary="x",
                                      maturity="sample", application_number=valid_numbers(99)[-1])
    assert client.get(reverse("catalogue:detail", args=[unpublished.pk])).status_code == 404


def test_the_catalogue_runs_a_fixed_number_of_queries(client, published_items, django_assert_max_num_queries):
    for size in ("5", "30"):
        with django_assert_max_num_queries(8):
            client.get(reverse("catalogue:list"), {"q": "电池", "page_size": size})


def test_experts_see_their_pending_reviews_and_the_unit_never_sees_scores(
        client_as, admin_user, panel, submitted_list, experts, liaison):
    selection.assign(actor=admin_user, panel=panel)
    assignment = Assignment.objects.filter(expert=experts[0]).first()
    client = client_as(experts[0])
    home = client.get(reverse("home")).content.decode()
    assert 'id="panel-auction-reviews"' in home
    response = client.post(reverse("auction:expert-review", args=[assignment.pk]),
                           {"advancement": "9", "feasibility": "8", "market": "9", "legal": "7", "comment": "技术领先"})
    assert response.status_code == 302
    assert client_as(experts[1]).get(reverse("auction:expert-review", args=[assignment.pk])).status_code == 403
    item_page = client_as(liaison).get(reverse("auction:item-detail", args=[assignment.item_id])).content.decode()
    assert "技术领先" not in item_page and "85.5" not in item_page


def test_the_catalogue_api_is_public_with_public_fields_only(api, published_items):
    first = published_items.first()
    response = api.get("/api/v1/auction/catalogue/", {"q": "图神经网络", "field": "new_energy"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["id"] == first.pk and row["unit"] == "南京工业大学" and row["patent_number"].startswith("ZL")
    for private in ("score", "review_comment", "selected", "review_state", "submission_list", "inventors_contact"):
        assert private not in row
    second = api.get("/api/v1/auction/catalogue/", {"page": 2, "field": "new_energy", "page_size": 20}).json()
    assert second["count"] == 30 and len(second["results"]) == 10, second
    assert api.get("/api/v1/auction/catalogue/", {"price_min": "abc"}).status_code == 400
    detail = api.get(f"/api/v1/auction/catalogue/{first.pk}/").json()
    assert detail["title"] == first.title


def test_the_catalogue_shows_the_latest_year_and_offers_the_earlier_ones(client, published_items, admin_user):
    from tests.auction import bidding

    bidding.published_items(admin_user, year=2022, title="二〇二二年的专利")

    latest = client.get(reverse("catalogue:list"))
    assert latest.context["year"] == 2023 and "二〇二二年的专利" not in latest.text
    assert [y for y, _label in latest.context["form"].fields["year"].choices] == [2023, 2022]
    older = client.get(reverse("catalogue:list"), {"year": "2022"})
    assert [i.title for i in older.context["page"]] == ["二〇二二年的专利"]
    assert client.get(reverse("catalogue:list"), {"year": "1999"}).context["year"] == 2023


def test_a_common_word_shows_its_newest_matches_and_says_there_are_more(client, api, published_items, monkeypatch):
    from auction import catalogue

    monkeypatch.setattr(catalogue, "TEXT_CANDIDATES", 5)
    page = client.get(reverse("catalogue:list"), {"q": "健康状态"})  # every one of the 30 items
    assert page.context["more"] and page.context["page"].paginator.count == 5
    assert "仅显示最新的 5 项" in page.text
    newest = {item.pk for item in published_items.order_by("-published_at", "-id")[:5]}
    assert {item.pk for item in page.context["page"]} == newest
    body = api.get("/api/v1/auction/catalogue/", {"q": "健康状态"}).json()
    assert body["more"] is True and body["count"] == 5 and len(body["results"]) == 5
    rare = api.get("/api/v1/auction/catalogue/", {"q": "图神经网络"}).json()
    assert rare["more"] is False and rare["count"] == 1


def test_an_item_on_offer_is_not_withdrawn_under_its_bidders(admin_user):
    from auction.models import Lot
    from auction.services import lots
    from tests.auction.bidding import BEFORE, make_lot
    from tests.auction.bidding import published_items as bidding_items

    (item,) = bidding_items(admin_user)
    lot = make_lot(admin_user, [item])
    with pytest.raises(DomainError) as caught:
        publication.withdraw(actor=admin_user, item=item, reason="权属有误")
    assert caught.value.code == "item_in_lot" and lot.number in str(caught.value.message)
    lots.withdraw(actor=admin_user, lot=lot, reason="权属有误", now=BEFORE)
    publication.withdraw(actor=admin_user, item=item, reason="权属有误")
    assert Item.objects.get(pk=item.pk).published_at is None and Lot.objects.get(pk=lot.pk).status == "withdrawn"


def test_a_panel_without_all_three_kinds_of_expert_is_flagged_before_scoring_starts(
        admin_user, panel, submitted_list, experts, client_as):
    """技术专家 + 专利运营专家 + 投资专家 (issue 12, point 7)."""
    from jbgs.models import User

    User.objects.filter(username="expert-b").update(is_active=False)  # the only investment expert
    page = client_as(admin_user).get(f"{reverse('auction:selection')}?campaign={panel.campaign_id}").text
    assert "投资专家" in page  # the overview names what the panel lacks
    with pytest.raises(DomainError) as refused:
        selection.assign(actor=admin_user, panel=panel)
    assert refused.value.code == "panel_incomplete" and "投资专家" in str(refused.value.message)
    assert not Assignment.objects.exists()
    response = client_as(admin_user).post(reverse("auction:panel-assign", args=[panel.pk]),
                                          {"incomplete_reason": "投资专家临时请假，由组长复核"}, follow=True)
    assert response.status_code == 200 and Assignment.objects.exists()
    entry = AuditEntry.objects.filter(action="auction.items.assigned").latest("pk")
    assert entry.data["missing_kinds"] == ["investment"] and entry.data["reason"] == "投资专家临时请假，由组长复核"


def test_an_expert_account_says_what_kind_of_expert(admin_user, client_as, university):
    from jbgs.models import User

    form = {"username": "new-expert", "name": "赵敏", "email": "zhao@example.com", "organization": university.pk,
            "roles": ["expert"], "password": "Jbgs-2026-secure!"}
    response = client_as(admin_user).post(reverse("user-create"), form)
    assert response.status_code == 200 and not User.objects.filter(username="new-expert").exists()
    client_as(admin_user).post(reverse("user-create"), {**form, "expert_kind": "patent_operation"})
    assert User.objects.get(username="new-expert").expert_kind == "patent_operation"


def test_publishing_says_which_selected_items_it_leaves_and_why(admin_user, panel, submitted_list, experts,
                                                                auction_2023, field_2023, client_as):
    """Before and after a batch, the selected items it does not publish are named with the
    reason (issue 13, point 9)."""
    score_all(panel, submitted_list, experts, admin_user)
    selection.select(actor=admin_user, campaign=auction_2023, field=field_2023, top_n=5)
    page = client_as(admin_user).get(reverse("auction:publication"), {"campaign": auction_2023.pk}).text
    assert "清单接收后方可发布" in page and "5 项已入选项目尚未发布" in page
    review_list(actor=admin_user, submission_list=submitted_list, accept=True)
    returned = Item.objects.filter(selected=True).order_by("id").first()
    Item.objects.filter(pk=returned.pk).update(review_state="returned")
    response = client_as(admin_user).post(f"{reverse('auction:publish', args=[field_2023.pk])}?campaign={auction_2023.pk}",
                                          {"title": "第一批"}, follow=True)
    text = response.content.decode()
    assert "4 项" in text and "1 项已入选项目未发布" in text
    held = text.split('data-testid="held-back"')[1].split("</ul>")[0]
    assert returned.title in held and "审核状态为“已退回”" in held
    assert Item.objects.filter(published_at__isnull=False).count() == 4
