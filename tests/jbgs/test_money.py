"""Amounts in capital numerals (大写), as they are written on bank slips and confirmations."""

from decimal import Decimal

import pytest

from jbgs.money import rmb_upper, wan, yuan, yuan_text


@pytest.mark.parametrize("amount, upper", [
    ("0", "零元整"),
    ("0.5", "伍角"),
    ("0.05", "伍分"),
    ("1", "壹元整"),
    ("10", "壹拾元整"),
    ("15", "壹拾伍元整"),
    ("100.05", "壹佰元零伍分"),
    ("1004.50", "壹仟零肆元伍角"),
    ("1409.50", "壹仟肆佰零玖元伍角"),
    ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
    ("6007.14", "陆仟零柒元壹角肆分"),
    ("107000.53", "壹拾万柒仟元伍角叁分"),
    ("200000", "贰拾万元整"),
    ("1250000.00", "壹佰贰拾伍万元整"),
    ("1000001", "壹佰万零壹元整"),
    ("10000100", "壹仟万零壹佰元整"),
    ("100000001", "壹亿零壹元整"),
    ("100010000", "壹亿零壹万元整"),
    ("325000000", "叁亿贰仟伍佰万元整"),
    ("1000000000000", "壹万亿元整"),
])
def test_amounts_in_capital_numerals(amount, upper):
    assert rmb_upper(Decimal(amount)) == upper


@pytest.mark.parametrize("amount, in_yuan, in_wan", [
    ("0", "0.00", "0"),
    ("50000", "50,000.00", "5"),
    ("1250000", "1,250,000.00", "125"),
    ("1632050.5", "1,632,050.50", "163.20505"),
    ("120000000", "120,000,000.00", "12,000"),
])
def test_amounts_in_yuan_and_in_wan_are_grouped_by_thousands(amount, in_yuan, in_wan):
    assert (yuan_text(Decimal(amount)), wan(Decimal(amount))) == (in_yuan, in_wan)


def test_yuan_rounds_to_the_fen_half_up():
    assert yuan("1.005") == Decimal("1.01") and yuan(2) == Decimal("2.00")


@pytest.mark.parametrize("amount", ["-1", "1e16"])
def test_impossible_amounts_are_refused(amount):
    with pytest.raises(ValueError):
        rmb_upper(Decimal(amount))
