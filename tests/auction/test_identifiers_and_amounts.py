"""The patent-number and amount parsers on real examples and on hostile ones."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from auction.identifiers import parse_application_number
from jbgs.parsing import parse_amount


@pytest.mark.parametrize("text", [
    "201710601862.3", "ZL201710601862.3", "CN 201710601862.3", "2017106018623", "zl201710601862.3",
    "ＺＬ２０１７１０６０１８６２．３", "ZL 2017 1060 1862.3", "201710601862。3",
])
def test_every_way_of_writing_an_application_number_means_the_same(text):
    number = parse_application_number(text)
    assert str(number) == "201710601862.3" and number.patent_number == "ZL201710601862.3"
    assert number.patent_type == "invention" and number.year == 2017


@pytest.mark.parametrize("text, kind", [
    ("202020123456.0", "utility"), ("202130012345.2", "design"), ("202180012345.1", "invention"),
])
def test_the_type_digit_gives_the_patent_type(text, kind):
    from auction.identifiers import check_character

    digits = text.split(".")[0]
    number = parse_application_number(f"{digits}.{check_character(digits)}")
    assert number.patent_type == kind


def test_pre_2004_eight_digit_numbers_are_understood():
    from auction.identifiers import check_character

    digits = "99112345"
    number = parse_application_number(f"ZL{digits}.{check_character(digits)}")
    assert number.year == 1999 and number.patent_type == "invention"


def test_a_check_character_of_ten_is_written_x():
    from auction.identifiers import check_character

    digits = next(f"2020100{n:05d}" for n in range(100000) if check_character(f"2020100{n:05d}") == "X")
    assert str(parse_application_number(f"{digits}.x")) == f"{digits}.X"


@pytest.mark.parametrize("text, fragment", [
    ("201710601862.4", "check character"),
    ("201760601862.3", "type digit"),
    ("20171060186", "not a Chinese patent application number"),
    ("ZL20171060186A.3", "not a Chinese patent application number"),
    ("'; DROP TABLE jbgs_item; --", "not a Chinese patent application number"),
    ("", "not a Chinese patent application number"),
])
def test_wrong_numbers_say_why(text, fragment, settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as error:
        parse_application_number(text)
    assert fragment in error.value.messages[0]


@pytest.mark.parametrize("text, yuan", [
    ("50", "500000"), ("50万", "500000"), ("50万元", "500000"), ("500000元", "500000"), ("1.5亿", "150000000"),
    ("1,000,000元", "1000000"), ("５０万", "500000"), (" 30 万元 ", "300000"), (12.5, "125000"), (50, "500000"),
    ("￥80万", "800000"), ("人民币80万元", "800000"), ("0", "0"),
])
def test_amounts_people_write_are_understood(text, yuan):
    assert parse_amount(text, unit="万元") == Decimal(yuan)


def test_a_bare_number_takes_the_columns_unit():
    assert parse_amount("500000", unit="元") == Decimal("500000")


@pytest.mark.parametrize("text", ["面议", "", None, "  "])
def test_negotiable_and_empty_mean_no_price(text):
    assert parse_amount(text, unit="万元") is None


@pytest.mark.parametrize("text", ["abc", "50万50", "-5", "1e10", "NaN", "50美元", "99999999999999万", True, "5..0"])
def test_hostile_amounts_are_refused(text):
    with pytest.raises(ValidationError) as error:
        parse_amount(text, unit="万元")
    assert error.value.code == "invalid_amount"


def test_an_amount_is_never_rounded_and_never_beyond_what_a_price_column_holds():
    assert parse_amount("50.123456万", unit="万元") == Decimal("501234.56")
    assert parse_amount("999999999999.99元", unit="万元") == Decimal("999999999999.99")
    for typed in ("0.001元", "12.345", "100000000万", "1000000000000元"):
        with pytest.raises(ValidationError):
            parse_amount(typed, unit="元")
