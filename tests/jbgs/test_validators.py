import datetime

import pytest
from django.core.exceptions import ValidationError

from jbgs.parsing import parse_date
from jbgs.validators import validate_credit_code, validate_phone

VALID = "91350100M000100Y43"


def test_documented_credit_code_is_valid():
    assert validate_credit_code(VALID) == VALID


@pytest.mark.parametrize("position", range(18))
def test_changing_any_one_character_makes_the_credit_code_invalid(position):
    replacement = "1" if VALID[position] != "1" else "2"
    typo = VALID[:position] + replacement + VALID[position + 1 :]
    with pytest.raises(ValidationError) as error:
        validate_credit_code(typo)
    assert error.value.code == "invalid_credit_code"


def test_credit_code_typed_in_lower_case_full_width_or_with_spaces_is_understood():
    assert validate_credit_code("９１３５０１００ｍ０００１００ｙ４３") == VALID
    assert validate_credit_code(" 91350100m000100y43 ") == VALID
    assert validate_credit_code("913501-00M000-100Y43") == VALID


@pytest.mark.parametrize(
    "value, message",
    [
        ("91350100M000100Y4", "18"),
        ("91350100M000100I43", "I"),
        ("", "18"),
    ],
)
def test_malformed_credit_code_says_what_is_wrong(value, message):
    with pytest.raises(ValidationError) as error:
        validate_credit_code(value)
    assert message in str(error.value.messages[0]) or error.value.code == "invalid_credit_code"


@pytest.mark.parametrize(
    "phone", ["025-89665802", "13812345678", "+86 138 1234 5678", "0512-6532 1234"]
)
def test_mainland_phone_numbers_are_accepted(phone):
    validate_phone(phone)


@pytest.mark.parametrize("phone", ["12345", "abc", "2589665802"])
def test_implausible_phone_numbers_are_refused(phone):
    with pytest.raises(ValidationError):
        validate_phone(phone)


@pytest.mark.parametrize(
    "text",
    [
        "2021-03-05",
        "2021.3.5",
        "2021/3/5",
        "2021年3月5日",
        "2021年03月05号",
        "20210305",
        "２０２１．３．５",
        "2021-03-05 00:00:00",
        44260,
        44260.0,
        "44260",
        datetime.date(2021, 3, 5),
        datetime.datetime(2021, 3, 5, 9, 0),
    ],
)
def test_dates_people_type_in_chinese_forms_are_understood(text):
    assert parse_date(text) == datetime.date(2021, 3, 5)


@pytest.mark.parametrize("text", ["2021-02-30", "三月五日", "2021-13-01", 12, "5/3/2021"])
def test_text_that_is_not_a_date_is_refused(text):
    with pytest.raises(ValidationError) as error:
        parse_date(text)
    assert error.value.code == "invalid_date"


def test_an_empty_date_is_none():
    assert parse_date("") is None
    assert parse_date(None) is None
