"""Money is integer fen (分) everywhere; these are the two ways a person reads an amount, and
the one way staff type one (`parse_yuan`).

`format_yuan(35000)` → "350.00" (figures) and `yuan_in_words(35000)` → "叁佰伍拾元整" (the
大写 form a Chinese receipt carries, so a figure cannot be altered unseen). No float ever.
"""
from __future__ import annotations

DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL_UNITS = ("", "拾", "佰", "仟")
GROUP_UNITS = ("", "万", "亿", "万亿")
MAX_FEN = 10 ** 16 - 1  # below 万亿亿: far beyond any fee, and every group has a unit


def _check(fen: int) -> None:
    if not isinstance(fen, int) or isinstance(fen, bool):
        raise TypeError(f"an amount is integer fen, not {type(fen).__name__}")
    if not 0 <= fen <= MAX_FEN:
        raise ValueError(f"amount out of range: {fen}")


def format_yuan(fen: int) -> str:
    """35000 → '350.00'; 5 → '0.05'."""
    _check(fen)
    return f"{fen // 100}.{fen % 100:02d}"


def _group_in_words(value: int) -> str:
    """0 < value < 10000 → '叁仟零伍拾' (inner zeros read once, trailing zeros not at all)."""
    words, zero = "", False
    for position in range(3, -1, -1):
        digit = value // 10 ** position % 10
        if digit == 0:
            zero = bool(words)
            continue
        words += ("零" if zero else "") + DIGITS[digit] + SMALL_UNITS[position]
        zero = False
    return words


def _integer_in_words(value: int) -> str:
    groups = []
    while value:
        groups.append(value % 10000)
        value //= 10000
    words = ""
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        # A zero is read between groups when the lower group does not fill all four places.
        if words and (groups[index + 1] % 10 == 0 or group < 1000):
            words += "零"
        words += _group_in_words(group) + GROUP_UNITS[index]
    return words


def yuan_in_words(fen: int) -> str:
    """The 大写 amount: 35000 → '叁佰伍拾元整', 100005 → '壹仟元零伍分', 0 → '零元整'.

    Follows 《正确填写票据和结算凭证的基本规定》 (the rules attached to 《支付结算办法》): 整 only
    after 元; one 零 for a run of zeros; where they allow a 零 or none, 零 after 万 or 亿 and none
    between 元 and 角 (壹拾万零柒仟元伍角叁分, one of the two forms the rules print).
    """
    _check(fen)
    yuan, jiao, cents = fen // 100, fen // 10 % 10, fen % 10
    words = _integer_in_words(yuan) + "元" if yuan else ""
    if jiao == 0 and cents == 0:
        return (words or "零元") + "整"
    if jiao:
        words += DIGITS[jiao] + "角"
    elif words:
        words += "零"
    if cents:
        words += DIGITS[cents] + "分"
    return words  # no 整 after 角 or 分, as the rules for filling in bills write it


def parse_yuan(text: str) -> int:
    """What staff type ("350", "350.5", "350.00", "¥1,000") → fen; ValueError when it is no amount."""
    cleaned = text.strip().lstrip("¥￥").replace(",", "")
    whole, _, cents = cleaned.partition(".")
    if not whole.isdigit() or (cents and not (cents.isdigit() and len(cents) <= 2)) or len(whole) > 13:
        raise ValueError(f"not an amount in yuan: {text!r}")
    return int(whole) * 100 + int((cents or "0").ljust(2, "0"))
