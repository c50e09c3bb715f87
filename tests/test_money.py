"""Amounts as a person reads them, from integer fen: figures, and the 大写 form of a receipt.

Known answers: the examples printed in 《正确填写票据和结算凭证的基本规定》 (attached to the
People's Bank of China's 《支付结算办法》); where the rules allow two forms, the one we print.
"""
from __future__ import annotations

import pytest

from server.money import MAX_FEN, format_yuan, parse_yuan, yuan_in_words


@pytest.mark.parametrize("fen, figures", [(35000, "350.00"), (5, "0.05"), (10, "0.10"), (0, "0.00"),
                                          (1640902, "16409.02"), (100000000, "1000000.00")])
def test_figures_have_two_decimals(fen, figures):
    assert format_yuan(fen) == figures


@pytest.mark.parametrize("fen, words", [
    (140950, "壹仟肆佰零玖元伍角"),          # ¥1,409.50
    (600714, "陆仟零柒元壹角肆分"),          # ¥6,007.14
    (168032, "壹仟陆佰捌拾元叁角贰分"),      # ¥1,680.32 (the rules allow 元零叁角 too)
    (10700053, "壹拾万零柒仟元伍角叁分"),    # ¥107,000.53 (the second form the rules print)
    (1640902, "壹万陆仟肆佰零玖元零贰分"),   # ¥16,409.02
    (32504, "叁佰贰拾伍元零肆分"),           # ¥325.04
])
def test_the_published_examples(fen, words):
    assert yuan_in_words(fen) == words


@pytest.mark.parametrize("fen, words", [
    (35000, "叁佰伍拾元整"), (0, "零元整"), (5, "伍分"), (10, "壹角"), (100005, "壹仟元零伍分"),
    (1000000, "壹万元整"), (1000100, "壹万零壹元整"), (1010000, "壹万零壹佰元整"),
    (10001000, "壹拾万零壹拾元整"), (100000000000, "壹拾亿元整"), (1000000010000, "壹佰亿零壹佰元整"),
])
def test_whole_yuan_end_in_zheng_and_runs_of_zeros_read_once(fen, words):
    assert yuan_in_words(fen) == words


@pytest.mark.parametrize("bad", [350.0, "35000", True, None])
def test_only_integer_fen_is_accepted(bad):
    for function in (format_yuan, yuan_in_words):
        with pytest.raises(TypeError):
            function(bad)


def test_negative_or_huge_amounts_are_refused():
    for bad in (-1, MAX_FEN + 1):
        with pytest.raises(ValueError):
            yuan_in_words(bad)


@pytest.mark.parametrize(("typed", "fen"), [("350", 35000), ("350.5", 35050), ("350.00", 35000), ("¥1,000", 100000),
                                           (" 0.05 ", 5)])
def test_what_staff_type_is_read_as_fen(typed, fen):
    assert parse_yuan(typed) == fen


@pytest.mark.parametrize("typed", ["", "abc", "1.234", "-5", "1e3", "3 50"])
def test_what_is_no_amount_is_refused(typed):
    with pytest.raises(ValueError):
        parse_yuan(typed)
