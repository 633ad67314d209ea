"""The year's rules, from the campaign's data: the same item, different verdicts."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from auction.models import Item
from auction.rules import list_compliance, minimum_applies
from auction.selectors import list_counts
from auction.services.items import save_item
from auction.services.lists import open_list
from jbgs.models import IndustryField
from tests.auction.conftest import patent_data, result_data, valid_numbers
from tests.conftest import make_organization, make_user


def verdict(campaign, university, **changes):
    field = IndustryField.objects.filter(year=campaign.year).first()
    item = Item(campaign=campaign, organization=university, **{k: v for k, v in patent_data(field, **changes).items()})
    try:
        item.full_clean(exclude=["submission_list", "search_vector"], validate_constraints=False)
    except ValidationError as error:
        return {field: [e.code for e in errs] for field, errs in error.error_dict.items()}
    return {}


UTILITY_2021 = {"application_number": "", "grant_date": datetime.date(2021, 6, 1)}


@pytest.fixture
def utility_number():
    return valid_numbers(1, year=2020, type_digit="2")[0]


def test_a_utility_model_is_refused_in_2022_and_accepted_in_2023(auction_2022, auction_2023, university, utility_number):
    assert verdict(auction_2022, university, application_number=utility_number) == {"patent_type": ["invention_only"]}
    assert verdict(auction_2023, university, application_number=utility_number) == {}


def test_a_patent_granted_in_2019_passes_2022_and_fails_2023(auction_2022, auction_2023, university):
    granted = {"grant_date": datetime.date(2019, 5, 1), "application_date": datetime.date(2017, 7, 21)}
    assert verdict(auction_2022, university, **granted) == {}
    assert verdict(auction_2023, university, **granted) == {"grant_date": ["granted_too_early"]}


def test_changing_the_years_cutoff_changes_the_verdict(auction_2023, university):
    granted = {"grant_date": datetime.date(2019, 5, 1), "application_date": datetime.date(2017, 7, 21)}
    auction_2023.auction_rules.patent_grant_cutoff = datetime.date(2019, 1, 1)
    assert verdict(auction_2023, university, **granted) == {}


@pytest.mark.parametrize("changes, field, code", [
    ({"legal_status": "lapsed"}, "legal_status", "not_valid"),
    ({"application_number": "201710601862.4"}, "application_number", "invalid_patent_number"),
    ({"patent_type": "design"}, "patent_type", "patent_type_mismatch"),
    ({"grant_date": None}, "grant_date", "required"),
    ({"grant_date": datetime.date(2020, 1, 2), "application_date": datetime.date(2021, 1, 1)}, "grant_date", "date_order"),
    ({"trade_modes": []}, "trade_modes", "required"),
    ({"trade_modes": ["license_open"]}, "open_license_fee", "open_license_terms"),
    ({"programme_related": True}, "programme_name", "programme_name"),
])
def test_each_broken_rule_names_its_field(auction_2023, university, changes, field, code):
    assert code in verdict(auction_2023, university, **changes).get(field, [])


def test_equity_transfer_is_a_trade_mode_of_2023_not_of_2022(auction_2022, auction_2023, university):
    transfer = {"trade_modes": ["assignment", "equity_transfer"], "grant_date": datetime.date(2021, 6, 1)}
    assert verdict(auction_2022, university, **transfer) == {"trade_modes": ["trade_mode_year"]}
    assert verdict(auction_2023, university, **transfer) == {}


def test_the_minimum_binds_every_university_in_2022_but_only_ministry_and_provincial_ones_in_2023(
        auction_2022, auction_2023, university):
    municipal = make_organization("金陵科技学院", "undergraduate_university", "320115")
    college = make_organization("南京理工大学紫金学院", "independent_college", "320113")
    assert minimum_applies(auction_2022, university) and minimum_applies(auction_2022, municipal)
    assert minimum_applies(auction_2023, university) and not minimum_applies(auction_2023, municipal)
    assert not minimum_applies(auction_2022, college) and not minimum_applies(auction_2023, college)


def test_the_minimums_bind_jiangsus_own_universities_only_as_the_years_rules_say(auction_2022, auction_2023):
    """Out-of-province universities are welcome and unbound (2022 notice, 2023 plan)."""
    outside = make_organization("浙江大学", "undergraduate_university", "330000", is_ministry_provincial=True)
    assert not minimum_applies(auction_2022, outside) and not minimum_applies(auction_2023, outside)
    rules = auction_2023.auction_rules
    rules.minimum_in_jiangsu_only = False  # a year whose notice binds them too
    rules.save()
    assert minimum_applies(auction_2023, outside)


def test_the_compliance_panel_counts_against_the_years_bounds(unit_list, liaison, field_2023):
    for number in valid_numbers(4):
        save_item(actor=liaison, submission_list=unit_list, data=patent_data(field_2023, number, programme_related=True,
                  programme_level="national", programme_name="国家重点研发计划", roadshow_pick=True))
    checks = {c.code: (c.count, c.bound, c.ok) for c in list_compliance(unit_list, list_counts(unit_list)).checks}
    assert checks == {"max_items": (4, 50, True), "min_items": (4, 30, False), "programme_related": (4, 3, True),
                      "roadshow": (4, 10, False), "roadshow_max": (4, 10, True)}


def test_a_patent_is_refused_twice_in_one_list_and_in_two_units_lists(unit_list, liaison, field_2023, auction_2023):
    save_item(actor=liaison, submission_list=unit_list, data=patent_data(field_2023))
    with pytest.raises(ValidationError) as error:
        save_item(actor=liaison, submission_list=unit_list, data=patent_data(field_2023, "ZL2017 1060 1862.3"))
    assert error.value.error_dict["application_number"][0].code == "duplicate_in_list"

    other = make_organization("东南大学", "undergraduate_university", "320102", is_ministry_provincial=True)
    other_liaison = make_user("seu", other, ["liaison"])
    other_list = open_list(organization=other, campaign=auction_2023, actor=other_liaison)
    with pytest.raises(ValidationError) as error:
        save_item(actor=other_liaison, submission_list=other_list, data=patent_data(field_2023))
    assert error.value.error_dict["application_number"][0].code == "duplicate_in_campaign"
    # Which unit holds it stays private to that unit (and the platform).
    assert "南京工业大学" not in error.value.error_dict["application_number"][0].messages[0]


def test_the_51st_item_is_refused_unless_an_exception_was_granted(unit_list, liaison, admin_user, field_2023):
    from auction.services.lists import grant_exception

    for number in valid_numbers(50):
        save_item(actor=liaison, submission_list=unit_list, data=patent_data(field_2023, number))
    extra = valid_numbers(51)[-1]
    with pytest.raises(ValidationError) as error:
        save_item(actor=liaison, submission_list=unit_list, data=patent_data(field_2023, extra))
    assert error.value.code == "too_many_items"
    grant_exception(actor=admin_user, submission_list=unit_list, max_items=55, reason="省级重点项目较多")
    unit_list.refresh_from_db()
    save_item(actor=liaison, submission_list=unit_list, data=patent_data(field_2023, extra))
    assert unit_list.items.count() == 51


def test_results_are_checked_by_their_own_rules(unit_list, liaison, field_2023):
    item = save_item(actor=liaison, submission_list=unit_list, data=result_data(field_2023))
    assert item.linked_patents == ["201710601862.3"]
    with pytest.raises(ValidationError) as error:
        save_item(actor=liaison, submission_list=unit_list,
                  data=result_data(field_2023, title="另一项成果", result_year=2031, linked_patents=["123"]))
    assert set(error.value.error_dict) == {"result_year", "linked_patents"}


def test_a_patent_published_in_an_earlier_year_is_marked(liaison, university, auction_2022, auction_2023, field_2023):
    from django.utils import timezone

    old_list = open_list(organization=university, campaign=auction_2022, actor=liaison)
    old_field = IndustryField.objects.get(year=2022, code="new_energy")
    old = save_item(actor=liaison, submission_list=old_list,
                    data=patent_data(old_field, grant_date=datetime.date(2020, 3, 15)))
    Item.objects.filter(pk=old.pk).update(published_at=timezone.now())
    new_list = open_list(organization=university, campaign=auction_2023, actor=liaison)
    again = save_item(actor=liaison, submission_list=new_list, data=patent_data(field_2023))
    assert again.previously_published_id == old.pk


def test_a_result_published_in_an_earlier_year_is_marked_by_its_patents_or_its_title(
        liaison, university, auction_2022, auction_2023, field_2023, client_as):
    """Results are checked against earlier publications as patents are (issue 12, point 8):
    by the patents they rest on, published as patents or as other results, and by the unit's
    same title."""
    from django.utils import timezone

    old_list = open_list(organization=university, campaign=auction_2022, actor=liaison)
    old_field = IndustryField.objects.get(year=2022, code="new_energy")
    numbers = valid_numbers(4, year=2019)
    old_patent = save_item(actor=liaison, submission_list=old_list,
                           data=patent_data(old_field, numbers[0], grant_date=datetime.date(2020, 3, 15)))
    old_result = save_item(actor=liaison, submission_list=old_list,
                           data=result_data(old_field, title="高性能 钠离子电池正极材料制备技术", linked_patents=[numbers[1]]))
    unpublished = save_item(actor=liaison, submission_list=old_list,
                            data=result_data(old_field, title="未发布的成果", linked_patents=[numbers[2]]))
    Item.objects.filter(pk__in=[old_patent.pk, old_result.pk]).update(published_at=timezone.now())

    new_list = open_list(organization=university, campaign=auction_2023, actor=liaison)
    by_patent = save_item(actor=liaison, submission_list=new_list,
                          data=result_data(field_2023, title="电池管理成果", linked_patents=[numbers[0]]))
    by_result = save_item(actor=liaison, submission_list=new_list,
                          data=result_data(field_2023, title="正极材料新成果", linked_patents=[numbers[1]]))
    by_title = save_item(actor=liaison, submission_list=new_list,
                         data=result_data(field_2023, title="高性能钠离子电池正极材料制备技术", linked_patents=[]))
    new = save_item(actor=liaison, submission_list=new_list,
                    data=result_data(field_2023, title="未发布的成果", linked_patents=[numbers[2]]))
    assert (by_patent.previously_published_id, by_result.previously_published_id,
            by_title.previously_published_id) == (old_patent.pk, old_result.pk, old_result.pk)
    assert new.previously_published_id is None and unpublished.published_at is None  # never published: new
    page = client_as(liaison).get(f"/auction/items/{by_title.pk}/").text
    assert "2022" in page and "published" not in page  # said in Chinese, with the year
