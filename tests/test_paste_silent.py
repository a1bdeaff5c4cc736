"""Tables that were once read wrong without a word (found by generated variants): each is now read right or said.

Every case is the smallest text that showed the misread; the figures expected are typed from the text itself.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from parxl.paste import PasteResult, parse_cells, parse_paste

D = Decimal


def data(result: PasteResult, *fields: str) -> list[tuple]:
    return [tuple(row.get(f) for f in fields) for row in result.data_rows]


def codes(result: PasteResult, *wanted: str) -> list[tuple[str, int | None]]:
    return [(f.code, f.line) for f in result.findings if not wanted or f.code in wanted]


# ------------------------------------------------------------------ a row of PDF text that lacks a figure


@pytest.mark.parametrize("text, line", [
    # the survey's row has no self-assessment: which of three columns is blank is a guess
    ("TT Nội dung Tối đa Tự đánh giá Điểm đạt được\n1 Cải cách thể chế 6 5,27 4,77\n2 Cải cách TTHC 12 11\n", 3),
    # a unit without its survey score: the blank may be the last column as well as a middle one
    ("TT Đơn vị Điểm thẩm định Điểm ĐTXHH Tổng điểm\n1 Phường An 60 28 88\n2 Phường Bình 61 90\n"
     "3 Xã Cát 59 27 86\n", 3),
])
def test_a_row_of_wrapped_text_missing_a_figure_is_a_guess_said(text: str, line: int) -> None:
    r = parse_paste(text)
    assert ("paste_row_figure_guessed", line) in codes(r)
    assert not r.understood


@pytest.mark.parametrize("text, guessed_line, total_line", [
    ("TT Nội dung Tối đa Tự đánh giá Điểm đạt được\n1 Cải cách thể chế 6 5,27 4,77\n"
     "2 Điểm điều tra xã hội học 30 25,54\nTổng điểm 36 5,27 30,31\n", 3, 4),
    ("TT\nNội dung\nTối đa\nTự đánh giá\nĐiểm đạt được\n1\nCải cách thể chế\n6\n5,27\n4,77\n2\n"
     "Điểm điều tra xã hội học\n30\n25,54\nTổng cộng\n36\n5,27\n30,31\n", 11, 15),
])
def test_a_total_row_after_a_row_missing_a_figure_stays_a_total(text: str, guessed_line: int, total_line: int) -> None:
    r = parse_paste(text)
    assert data(r, "name") == [("Cải cách thể chế",), ("Điểm điều tra xã hội học",)]
    assert [row["line"] for row in r.rows if row.get("role") == "total"] == [total_line]
    assert ("paste_row_figure_guessed", guessed_line) in codes(r)
    assert not r.understood
