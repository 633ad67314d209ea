"""Money as the documents write it: yuan as Decimal with two places, shown in 万元, and in
Chinese capital numerals (大写) on confirmations and contracts."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ((1000, "仟"), (100, "佰"), (10, "拾"), (1, ""))
_SECTIONS = ("", "万", "亿", "万亿")


def yuan(value) -> Decimal:
    """A Decimal of yuan, rounded to the fen."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def wan(value) -> str:
    """Yuan in 万元, as the documents print it: 500000 → 50, 1250000 → 125, and exactly:
    1632050 → 163.205 (a price is never shown rounded); thousands separated: 12,000."""
    if value in (None, ""):
        return ""
    amount = (Decimal(value) / 10000).normalize()
    return f"{amount:,f}"


def grouped(value) -> str:
    """Yuan as documents and messages print them: to the fen, thousands separated by commas,
    1250000 → 1,250,000.00. Not the locale's number format: Chinese formats group by 万 and
    Django's zh-hans has no separator at all, while bank slips and contracts use commas."""
    if value in (None, ""):
        return ""
    return f"{yuan(value):,.2f}"


def rmb_upper(value) -> str:
    """The amount in capital numerals as on a bank slip (《支付结算办法》):
    1250000 → 壹佰贰拾伍万元整, 1004.5 → 壹仟零肆元伍角, 100000001.05 → 壹亿零壹元零伍分."""
    amount = yuan(value)
    if amount < 0:
        raise ValueError("a negative amount has no 大写 form")
    fen_total = int(amount * 100)
    whole, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    if whole >= 10**16:
        raise ValueError("amount too large")
    text = _integer(whole) + "元" if whole else ""
    if not jiao and not fen:
        return (text or "零元") + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif whole:
        text += "零"  # 壹佰元零伍分
    if fen:
        text += _DIGITS[fen] + "分"
    return text


def _integer(number: int) -> str:
    groups = []
    while number:
        groups.append(number % 10000)
        number //= 10000
    parts, pending_zero = [], False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if not group:
            pending_zero = bool(parts)
            continue
        if parts and (pending_zero or group < 1000):
            parts.append("零")
        parts.append(_group(group) + _SECTIONS[index])
        pending_zero = False
    return "".join(parts)


def _group(number: int) -> str:
    """0 < number < 10000, with 零 for the zeros inside it."""
    out, zero = [], False
    for place, unit in _PLACES:
        digit = number // place % 10
        if digit:
            if zero:
                out.append("零")
            out.append(_DIGITS[digit] + unit)
            zero = False
        elif out:
            zero = True
    return "".join(out)
