from jbgs.choices import RegionLevel
from jbgs.models import Region


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
