import pytest
from django.core.exceptions import ValidationError

from jbgs.choices import RegionLevel
from jbgs.models import Region
from jbgs.selectors import RegionNames


def test_jiangsu_has_its_13_cities_and_95_counties(db):
    cities = Region.objects.filter(level=RegionLevel.CITY, in_jiangsu=True)
    assert cities.count() == 13
    assert Region.objects.filter(level=RegionLevel.COUNTY, in_jiangsu=True).count() == 95
    assert {c.name for c in cities} >= {"南京市", "苏州市", "扬州市", "宿迁市", "连云港市"}


def test_each_city_has_its_counties(db):
    counts = {c.name: c.children.count() for c in Region.objects.filter(level=RegionLevel.CITY)}
    assert counts == {
        "南京市": 11,
        "无锡市": 7,
        "徐州市": 10,
        "常州市": 6,
        "苏州市": 9,
        "南通市": 7,
        "连云港市": 6,
        "淮安市": 7,
        "盐城市": 9,
        "扬州市": 6,
        "镇江市": 6,
        "泰州市": 6,
        "宿迁市": 5,
    }


def test_every_province_level_division_is_there(db):
    assert Region.objects.filter(level=RegionLevel.PROVINCE).count() == 34
    assert set(Region.objects.filter(yangtze_delta=True).values_list("name", flat=True)) == {
        "上海市",
        "浙江省",
        "安徽省",
    }


def test_regions_know_their_full_name_city_and_area(db):
    kunshan = Region.objects.get(code="320583")
    assert kunshan.full_name == "江苏省苏州市昆山市"
    assert kunshan.city.name == "苏州市" and kunshan.area == "south"
    assert Region.objects.get(code="321300").area == "north"
    assert Region.objects.get(code="110000").city is None


@pytest.mark.parametrize("text, code", [
    ("苏州市吴中区", "320506"), ("吴中区", "320506"), ("江苏省苏州市吴中区", "320506"), ("苏州", "320500"),
    ("苏州工业园区", "320500"), ("昆山", "320583"), ("南京市鼓楼区", "320106"), ("上海市", "310000"),
    ("浙江省杭州市", "330000"), ("320214", "320214"),
])
def test_a_region_is_found_the_ways_people_write_it(db, text, code):
    assert RegionNames().get(text).code == code


def test_a_county_of_two_cities_asks_for_its_city(db):
    with pytest.raises(ValidationError) as refused:
        RegionNames().get("鼓楼区")
    assert refused.value.code == "ambiguous_region"
