"""The PDF reader's layout logic on words placed by hand (no LibreOffice needed): columns from x-positions,
wrapped cells, rows cut by a page break, repeated headers and page furniture."""

from __future__ import annotations

from typing import Any

from parxl.documents.model import join_lines
from parxl.documents.pdf import _furniture, _join_pages, _Line, _lines, _PageTable, _unruled

SIZE = 11.0


def words(top: float, *cells: tuple[float, str]) -> list[dict[str, Any]]:
    """Words of one line: each (x, text) cell split into words set 3 points apart."""
    out = []
    for x, text in cells:
        for w in text.split():
            width = 5.5 * len(w)
            out.append({"text": w, "x0": x, "x1": x + width, "top": top, "bottom": top + SIZE,
                        "upright": True})
            x += width + 3
    return out


STT, UNIT, TOTAL, CLASS = 70.0, 110.0, 300.0, 400.0


def test_join_lines() -> None:
    assert join_lines(["Phường", "Biên Giang"]) == "Phường Biên Giang"
    assert join_lines(["Đạt 80%", "- Chưa đề ra", "giải pháp"]) == "Đạt 80%\n- Chưa đề ra giải pháp"
    assert join_lines(["1.043,", "17"], rejoin_numbers=True) == "1.043,17"
    assert join_lines(["59,7", "6"], rejoin_numbers=True) == "59,76"
    assert join_lines(["86,52", "%"], rejoin_numbers=True) == "86,52%"
    assert join_lines(["13/1", "7"], rejoin_numbers=True) == "13/17"
    assert join_lines(["CCHC 2022,", "6 tháng đầu năm"], rejoin_numbers=True) == "CCHC 2022, 6 tháng đầu năm"
    assert join_lines(["Hoàn thành 4/5", "80%"]) == "Hoàn thành 4/5 80%"  # Word paragraphs: never glued


def test_unruled_columns_wrapped_names_and_total_row() -> None:
    lines = _lines(
        words(100, (150, "KẾT QUẢ CHỈ SỐ CCHC NĂM 2023"))
        + words(130, (STT, "STT"), (UNIT, "Đơn vị"), (TOTAL, "Tổng"), (CLASS, "Xếp loại"))
        + words(143, (TOTAL, "điểm"))
        + words(160, (STT, "1"), (UNIT, "Phường Biên"), (TOTAL, "86,52"), (CLASS, "Tốt"))
        + words(173, (UNIT, "Giang"))
        + words(190, (STT, "2"), (UNIT, "Phường Đồng Mai"), (TOTAL, "90,35"), (CLASS, "Xuất sắc"))
        + words(220, (UNIT, "Tổng cộng"), (TOTAL, "176,87"))
    )
    found = _unruled(1, lines)
    assert len(found) == 1
    assert found[0].rows == [["STT", "Đơn vị", "Tổng điểm", "Xếp loại"],
                             ["1", "Phường Biên Giang", "86,52", "Tốt"],
                             ["2", "Phường Đồng Mai", "90,35", "Xuất sắc"],
                             [None, "Tổng cộng", "176,87", None]]
    assert [f.code for f in found[0].findings] == ["doc_columns_guessed"]


def test_page_numbers_and_running_titles_are_furniture() -> None:
    pages = []
    for n in (1, 2):
        lines = _lines(words(30, (200, "UBND QUẬN HÀ ĐÔNG")) + words(400, (STT, f"dòng {n}"))
                       + words(800, (290, f"Trang {n}")))
        pages.append((n, 842.0, lines, None))
    one_page = [(1, 842.0, _lines(words(30, (200, "PHỤ LỤC")) + words(800, (290, "- 1 -"))), None)]
    assert _furniture(pages) == {(1, 30), (1, 800), (2, 30), (2, 800)}
    assert _furniture(one_page) == {(1, 800)}  # a title on the only page is kept; its page number is not


def _page(page: int, rows: list[list[str | None]], *, ruled: bool = True) -> _PageTable:
    return _PageTable(page, rows, (65.0, 60.0, 540.0, 780.0), [], ruled, near_top=page > 1, near_bottom=True)


def test_table_over_two_pages_drops_the_repeated_header_and_mends_the_cut_row() -> None:
    header = ["STT", "Đơn vị", "Tổng điểm"]
    first = _page(1, [header, ["1", "Phường Biên Giang", "86,52"], ["2", "Phường Phú", "95,06"]])
    second = _page(2, [header, [None, "Lãm", None], ["3", "Phường La Khê", "92,57"],
                       [None, "Tổng cộng", "274,15"]])
    (table,) = _join_pages([first, second])
    assert table.grid == [header, ["1", "Phường Biên Giang", "86,52"], ["2", "Phường Phú Lãm", "95,06"],
                          ["3", "Phường La Khê", "92,57"], [None, "Tổng cộng", "274,15"]]
    assert (table.page, table.last_page) == (1, 2)
    assert [f.code for f in table.findings] == ["doc_header_repeated"]
    assert [(p.page, p.row) for p in (table.place(4, 1), table.place(5, 2))] == [(2, 3), (2, 4)]


def test_a_table_that_does_not_reach_the_page_end_is_not_continued() -> None:
    header = ["STT", "Đơn vị", "Tổng điểm"]
    first = _page(1, [header, ["1", "Phường A", "86,52"]])
    first.near_bottom = False  # a paragraph follows it on its page
    second = _page(2, [header, ["1", "Xã B", "80"]])
    assert [t.number for t in _join_pages([first, second])] == [1, 2]


def test_unruled_cut_row_end_under_the_repeated_header() -> None:
    header = ["STT", "Đơn vị", "Xếp loại"]
    first = _page(1, [header, ["1", "Phường A", "Xuất"]], ruled=False)
    second = _page(2, [["STT", "Đơn vị", "Xếp loại sắc"], ["2", "Phường B", "Tốt"]], ruled=False)
    (table,) = _join_pages([first, second])
    assert table.grid == [header, ["1", "Phường A", "Xuất sắc"], ["2", "Phường B", "Tốt"]]


def test_line_grouping_tolerates_baseline_jitter() -> None:
    lines = _lines(words(100, (STT, "1")) + words(101.5, (UNIT, "Phường A")) + words(120, (STT, "2")))
    assert [ln.text for ln in lines] == ["1 Phường A", "2"]
    assert isinstance(lines[0], _Line)


def test_justified_prose_is_not_a_table() -> None:
    lines = _lines(words(100, (70, "Theo kết quả"), (200, "chỉ số cải cách"), (380, "hành chính năm"))
                   + words(113, (70, "được công bố"), (210, "tại Quyết định"), (390, "của UBND quận")))
    assert _unruled(1, lines) == []


def test_hyphenated_words_rejoin_in_pdf_lines_only() -> None:
    assert join_lines(["Tác động đến KT-", "XH"], rejoin_numbers=True) == "Tác động đến KT-XH"
    assert join_lines(["Văn phòng -", "Thống kê"], rejoin_numbers=True) == "Văn phòng - Thống kê"
    assert join_lines(["Tư pháp -", "Hộ tịch"]) == "Tư pháp - Hộ tịch"


def test_a_cut_row_may_end_with_the_digits_of_its_numbers() -> None:
    """Row 16 cut by the page in narrow columns: "56,9" / "5", "17/1" / "7" continue on the next page,
    under the repeated two-row header."""
    header = [["ST", "Đơn vị", "Điểm", "Xếp"], ["T", None, "(70)", "hạng"]]
    first = _page(1, header + [["16", "Phường Yên", "56,9", "17/1"]])
    second = _page(2, header + [[None, "Nghĩa", "5", "7"], [None, "Tổng cộng", "1.043,17", None]])
    (table,) = _join_pages([first, second])
    assert table.grid[2:] == [["16", "Phường Yên Nghĩa", "56,95", "17/17"],
                              [None, "Tổng cộng", "1.043,17", None]]


def test_a_total_row_after_the_page_break_is_its_own_row() -> None:
    header = ["STT", "Đơn vị", "Tổng điểm"]
    first = _page(1, [header, ["17", "Phường Yết Kiêu", "89"]])
    second = _page(2, [header, [None, "Tổng cộng", "1.530,02"]])
    (table,) = _join_pages([first, second])
    assert table.grid[1:] == [["17", "Phường Yết Kiêu", "89"], [None, "Tổng cộng", "1.530,02"]]
