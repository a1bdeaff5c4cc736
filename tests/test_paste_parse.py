"""Reading pasted tables: kinds, rows, exact numbers, lines; the seed tables exactly as in the seeds."""

from __future__ import annotations

import json
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from parxl.paste import PasteResult, parse_cells, parse_paste, parse_tables
from parxl.paste.lines import Line, classify, split_tab_rows, tokenize

D = Decimal  # short, for the many exact figures below

DATA = Path(__file__).parent / "data" / "paste"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"  # beside the repository, when present


def load(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def data_rows(result: PasteResult) -> list[dict]:
    return [r for r in result.rows if "role" not in r]


def role_rows(result: PasteResult, role: str) -> list[dict]:
    return [r for r in result.rows if r.get("role") == role]


def pick(row: dict, *fields: str) -> tuple:
    return tuple(row.get(f) for f in fields)


# ------------------------------------------------------------------ the seed files are copied exactly


@pytest.mark.parametrize(
    "name, seed, first, last",
    [
        ("seed000_areas.txt", "000_64ae69153568712d.txt", 86, 149),
        ("seed000_criteria.txt", "000_64ae69153568712d.txt", 196, 382),
        ("seed000_section.txt", "000_64ae69153568712d.txt", 62, 382),
        ("seed003_areas.txt", "003_458ce3247c1daf79.txt", 43, 58),
        ("seed004_appendix.txt", "004_a90736d6794aac1e.txt", 378, 720),
    ],
)
def test_seed_tables_are_exact_copies(name: str, seed: str, first: int, last: int) -> None:
    if not (SEEDS / seed).exists():
        pytest.skip("seed files not available")
    lines = (SEEDS / seed).read_text(encoding="utf-8").split("\n")
    assert load(name).rstrip("\n") == "\n".join(lines[first - 1 : last]).rstrip("\n")


# --------------------------------------------------------------------------------- seed 000 areas

AREAS_000 = [  # code, appraised, max, survey, max, total, max, index
    ("1", "17.25", "20", "3", "3", "20.25", "23", "88.04"),
    ("2", "2.75", "3", "2", "2", "4.75", "5", "95"),
    ("3", "14.9", "16", "2", "2", "16.9", "18", "93.88"),
    ("4", "9.73", "10", "2.25", "2.25", "11.98", "12.25", "97.79"),
    ("5", "6", "6", "5", "5", "11", "11", "100"),
    ("6", "9.5", "10", "2", "2", "11.5", "12", "95.83"),
    ("7", "5", "5", "2.75", "2.75", "7.75", "7.75", "100"),
]
AREA_FIELDS = ("appraised", "appraised_max", "survey", "survey_max", "total", "total_max", "index_pct")


def _areas_numbers(result: PasteResult) -> list[tuple]:
    return [(r["code"],) + pick(r, *AREA_FIELDS) for r in data_rows(result)]


def test_seed000_area_table_wrapped_pdf_text() -> None:
    r = parse_paste(load("seed000_areas.txt"))
    assert r.kind == "areas"
    assert r.layout == "wrapped"
    assert r.columns == ["serial", "name", "appraised", "survey", "total", "index"]
    assert r.header_line == 3  # "T" / "T" / "Nội dung" …: the header broken over 29 lines
    assert _areas_numbers(r) == [(c,) + tuple(D(x) for x in rest) for c, *rest in AREAS_000]
    assert [row["line"] for row in data_rows(r)] == [34, 36, 38, 44, 55, 57, 59]
    assert [row["name"] for row in data_rows(r)] == [
        "Chỉ đạo điều hành CCHC", "Tổ chức thực hiện VBQPPL", "Cải cách TTHC và thực hiện cơ chế MC, MCLT",
        "Nâng cao chất lượng đội ngũ CB,CC", "Quản lý tài chính", "Hiện đại hóa nền hành chính",
        "Tác động đến sự phát triển KT-XH",
    ]
    (total,) = role_rows(r, "total")
    assert total["line"] == 64 and total["label"] == "CHỈ SỐ CCHC"
    assert pick(total, *AREA_FIELDS) == tuple(D(x) for x in ("65.13", "70", "30", "30", "95.13", "100", "95.13"))


def test_seed000_values_keep_their_lines() -> None:
    r = parse_paste(load("seed000_areas.txt"))
    row4, row7 = data_rows(r)[3], data_rows(r)[6]
    assert row4["cells"]["total_max"][0] == 50  # "11.98/12.2" + "5" on the next line: 12.25
    assert row4["cells"]["index_pct"][0] == 53  # "97.79%" after the cut number
    assert row7["cells"]["survey_max"][0] == 62  # "2.75/.275" read as 2.75/2.75
    assert row7["cells"]["survey"] == [62, 5]  # character column of "2.75/.275"


def test_seed000_area_table_as_tab_cells_reads_the_same_numbers() -> None:
    wrapped = parse_paste(load("seed000_areas.txt"))
    tab = parse_paste(load("seed000_areas_tab.txt"))
    assert tab.layout == "tab" and tab.kind == "areas"
    assert _areas_numbers(tab) == _areas_numbers(wrapped)
    assert [row["name"] for row in data_rows(tab)] == [row["name"] for row in data_rows(wrapped)]
    assert data_rows(tab)[0]["cells"]["appraised"] == [3, 3]  # cell column in tab text


# --------------------------------------------------------------------------------- seed 003 areas

AREAS_003 = [  # code, appraised, max, change
    ("1", "18", "20", "2"), ("2", "2.5", "3", "-0.5"), ("3", "14.4", "16", "1.6"), ("4", "9.7", "10", "0.25"),
    ("5", "6", "6", "0"), ("6", "10", "10", "2.5"), ("7", "5", "5", "1"),
]


@pytest.mark.parametrize("name, layout", [
    ("seed003_areas.txt", "tab"), ("seed003_areas_spaced.txt", "spaced"), ("seed003_areas_wrapped.txt", "wrapped"),
])
def test_seed003_area_table_in_every_layout(name: str, layout: str) -> None:
    r = parse_paste(load(name))
    assert r.kind == "areas" and r.layout == layout
    rows = data_rows(r)
    assert len(rows) == 8
    assert [pick(x, "code", "appraised", "appraised_max", "change") for x in rows[:7]] == [
        (c, D(a), D(m), D(ch)) for c, a, m, ch in AREAS_003
    ]
    survey = rows[7]  # "Điểm điều tra xã hội học 30/30": the survey, not an appraised area
    assert pick(survey, "code", "survey", "survey_max", "change") == ("8", D(30), D(30), D("0.15"))
    assert "appraised" not in survey
    assert rows[3]["name"] == "Nâng cao chất lượng đội ngũ Cán bộ, công chức"
    assert rows[4]["name"] == "Quản lý Tài chính - Cải cách Tài chính công"
    (total,) = role_rows(r, "total")
    assert pick(total, "label", "total", "total_max", "change", "previous") == (
        "CHỈ SỐ CCHC", D("95.06"), D(100), D(7), D("88.06"))
    assert total["change_note"] == "(Năm 2022 đạt 88,06 điểm)"


def test_seed003_tab_lines() -> None:
    r = parse_paste(load("seed003_areas.txt"))
    assert r.header_line == 5
    assert [x["line"] for x in r.rows] == [6, 7, 8, 9, 10, 11, 12, 13, 14]


# ------------------------------------------------------------------------------ seed 000 criteria

CRITERIA_000 = [  # stt, code, appraised, max, group, responsible
    (1, "1.6", "0", "2", "I", "Các công chức chuyên môn"),
    (2, "1.9", "1.25", "2", "I", None),
    (3, "2.1", "0.75", "1", "II", "Công chức Tư pháp- Hộ tịch"),
    (4, "3.2", "1.4", "2", "III", "CC Văn phòng- TK"),
    (5, "3.3.4", "0.5", "1", "III", "Bộ phận tiếp nhận và TKQ"),
    (6, "6.6", "0.5", "1", "IV", "Công chức chuyên môn"),
]


def test_seed000_criteria_table() -> None:
    r = parse_paste(load("seed000_criteria.txt"))
    assert r.kind == "criteria" and r.layout == "wrapped"
    rows = data_rows(r)
    assert [pick(x, "stt", "code", "appraised", "max", "group", "responsible") for x in rows] == [
        (s, c, D(a), D(m), g, resp) for s, c, a, m, g, resp in CRITERIA_000
    ]
    assert [x["line"] for x in rows] == [23, 55, 97, 123, 137, 163]
    assert r.groups == [
        {"group": "I", "name": "CHỈ ĐẠO ĐIỀU HÀNH", "line": 21},
        {"group": "II", "name": "TỔ CHỨC THỰC HIỆN VĂN BẢN QUY PHẠM PHÁP LUẬT (VBQPPL)", "line": 95},
        {"group": "III", "name": "CẢI CÁCH TTHC VÀ THỰC HIỆN CƠ CHẾ MC, MCLT", "line": 121},
        {"group": "IV", "name": "HIỆN ĐẠI HÓA NỀN HÀNH CHÍNH", "line": 161},
    ]
    assert rows[0]["name"].startswith("Sáng kiến và áp dụng hiệu quả sáng kiến")
    assert rows[0]["reason"] == "Năm 2023 UBND phường Dương Nội không có sáng kiến được công nhận"
    # the name of 1.9 goes on after the header repeated by a page break
    assert rows[1]["name"].endswith("danh sách hộ nghèo, quy hoạch và kế hoạch sử dụng đất ở khu dân cư")
    assert rows[1]["reason"] == "Công khai nhưng chưa đầy đủ"
    assert "reason" not in rows[3]
    # "mức độ 3" ends the name; "0. 5/1" is the score; "4331 hồ sơ" and "48,92%" belong to the reason
    assert rows[4]["name"] == "Tỷ lệ hồ sơ TTHC được giải quyết Dịch vụ công trực tuyến mức độ 3"
    assert rows[4]["reason"] == "tổng số hồ sơ tiếp nhận: 4331 hồ sơ. Tổng số hồ sơ mức 3: 2119 đạt tỷ lệ 48,92%"
    assert not role_rows(r, "total")


# ------------------------------------------------------------------------------ seed 004 appendix

CRITERIA_004 = [  # code, max, self, appraised, deducted
    ("1.1.3", "2", "2", "1.91", "0.09"), ("1.5.3", "1", "1", "0", "1"), ("1.5.4", "2", "0.5", "0.5", "1.5"),
    ("1.6", "1", "1", "0.8", "0.2"), ("1.7", "1", "1", "0", "1"), ("3.11.1", "1", "1", "0.96", "0.04"),
    ("3.11.2", "1", "1", "0.99", "0.01"), ("3.12.1", "1", "1", "0.1", "0.9"), ("3.12.2", "1", "1", "0.32", "0.68"),
    ("3.13.2", "1", "1", "0.94", "0.06"), ("3.13.3", "1", "1", "0.87", "0.13"), ("4.4", "1", "1", "0", "1"),
    ("7.1.4", "2", "2", "1", "1"), ("7.2", "1", "1", "0", "1"), ("7.3.1", "1", "1", "0.69", "0.31"),
    ("7.3.2", "2", "2", "1.92", "0.08"),
]
RESPONSIBLE_004 = [
    None, "- Văn phòng - Thống kê (phụ trách CCHC)", "Công chức phụ trách CCHC và công chức chuyên môn",
    "Bộ phận tiếp nhận và trả kết quả phường", "Bộ phận tiếp nhận và trả kết quả phường",
    "Bộ phận tiếp nhận và trả kết quả phường", "Công chức VH-XH (Phụ trách LĐ TBXH)",
    "Bộ phận tiếp nhận và trả kết quả phường", "Công chức Văn phòng - Thống kê (phụ trách CCHC)",
    "Bộ phận tiếp nhận và trả kết quả phường", "Bộ phận tiếp nhận và trả kết quả phường",
    "Công chức Văn phòng - Thống kê", "Các công chức liên quan", "Công chức VH-XH", "Các công chức liên quan",
    "Các công chức liên quan",
]


def _criteria_numbers(result: PasteResult) -> list[tuple]:
    return [pick(r, "code", "max", "self", "appraised", "deducted") for r in data_rows(result)]


def test_seed004_appendix_wrapped() -> None:
    r = parse_paste(load("seed004_appendix.txt"))
    assert r.kind == "criteria" and r.layout == "wrapped"
    assert r.columns == ["code", "name", "max", "self", "appraised", "deducted", "reason", "responsible"]
    assert _criteria_numbers(r) == [(c,) + tuple(D(x) for x in rest) for c, *rest in CRITERIA_004]
    rows = data_rows(r)
    assert [x.get("responsible") for x in rows] == RESPONSIBLE_004
    assert [x["line"] for x in rows][:5] == [45, 68, 98, 118, 138]
    assert rows[0]["name"] == "Mức độ thực hiện kế hoạch CCHC"
    assert rows[0]["reason"].startswith("Hoàn thành 44/46 nhiệm vụ, đạt 95,68% - Các bộ phận chưa đề xuất")
    assert rows[7]["reason"].startswith("3 TTHC phát sinh giao dịch")  # a reason opening with a number
    assert rows[14]["name"] == "UBND cấp xã áp dụng chữ ký số"
    assert rows[14]["reason"] == "319/461, đạt 69.2%"
    (total,) = role_rows(r, "total")
    assert total["line"] == 342
    assert pick(total, "label", "max", "self", "appraised", "deducted") == ("Tổng cộng", D(20), D("18.5"), D(11), D(9))


def test_seed004_appendix_from_excel_two_row_header_and_quoted_cells() -> None:
    wrapped = parse_paste(load("seed004_appendix.txt"))
    tab = parse_paste(load("seed004_appendix_tab.txt"))
    assert tab.kind == "criteria" and tab.layout == "tab"
    assert tab.columns == wrapped.columns
    assert _criteria_numbers(tab) == _criteria_numbers(wrapped)
    rows = data_rows(tab)
    assert [x.get("responsible") for x in rows] == RESPONSIBLE_004
    assert rows[0]["line"] == 6 and rows[1]["line"] == 9  # the quoted reason of 1.1.3 spans lines 6–8
    assert rows[0]["reason"].split("\n")[0] == "Hoàn thành 44/46 nhiệm vụ, đạt 95,68%"
    assert rows[13]["reason"] == 'Chưa cung cấp đầy đủ theo "Nghị định số 42"'


# --------------------------------------------------------------------------------------- units

HADONG = [  # unit, appraised, survey, total, index, rank, classification
    ("Phường Biên Giang", "58.42", "28.1", "86.52", "86.52", 15, "Tốt"),
    ("Phường Đồng Mai", "61.35", "29", "90.35", "90.35", 8, "Xuất sắc"),
    ("Phường Dương Nội", "65.13", "30", "95.13", "95.13", 1, "Xuất sắc"),
    ("Phường Hà Cầu", "62.8", "28.75", "91.55", "91.55", 5, "Xuất sắc"),
    ("Phường Kiến Hưng", "60.15", "27.3", "87.45", "87.45", 14, "Tốt"),
    ("Phường La Khê", "63.47", "29.1", "92.57", "92.57", 3, "Xuất sắc"),
    ("Phường Mộ Lao", "61.9", "28.4", "90.3", "90.3", 9, "Xuất sắc"),
    ("Phường Nguyễn Trãi", "59.76", "28.9", "88.66", "88.66", 13, "Tốt"),
    ("Phường Phú La", "62.8", "28.75", "91.55", "91.55", 5, "Xuất sắc"),
    ("Phường Phú Lãm", "65.06", "30", "95.06", "95.06", 2, "Xuất sắc"),
    ("Phường Phú Lương", "57.33", "27.65", "84.98", "84.98", 16, "Tốt"),
    ("Phường Phúc La", "63.02", "29.2", "92.22", "92.22", 4, "Xuất sắc"),
    ("Phường Quang Trung", "60.88", "28.05", "88.93", "88.93", 12, "Tốt"),
    ("Phường Vạn Phúc", "62.15", "29.35", "91.5", "91.5", 7, "Xuất sắc"),
    ("Phường Văn Quán", "61.4", "28.8", "90.2", "90.2", 10, "Xuất sắc"),
    ("Phường Yên Nghĩa", "56.95", "27.1", "84.05", "84.05", 17, "Tốt"),
    ("Phường Yết Kiêu", "60.6", "28.4", "89", "89", 11, "Tốt"),
]
UNIT_FIELDS = ("unit", "appraised", "survey", "total", "index_pct", "rank", "classification")


@pytest.mark.parametrize("name, layout, first_line", [
    ("units_hadong_tab.txt", "tab", 6), ("units_hadong_spaced.txt", "spaced", 8),
    ("units_hadong_wrapped.txt", "wrapped", 11),
])
def test_units_table_of_17_wards_in_every_layout(name: str, layout: str, first_line: int) -> None:
    r = parse_paste(load(name))
    assert r.kind == "units" and r.layout == layout
    assert r.columns == ["serial", "unit", "appraised", "survey", "total", "index", "rank", "class"]
    rows = data_rows(r)
    assert [pick(x, *UNIT_FIELDS) for x in rows] == [
        (u, D(a), D(s), D(t), D(i), rk, c) for u, a, s, t, i, rk, c in HADONG
    ]
    assert [x["stt"] for x in rows] == list(range(1, 18))
    assert {x["rank_of"] for x in rows} == {17}
    assert rows[0]["line"] == first_line
    (total,), (avg,) = role_rows(r, "total"), role_rows(r, "average")
    assert pick(total, "label", "appraised", "survey", "total") == ("Tổng "
                                                                    "cộng", D("1043.17"), D("486.85"), D("1530.02"))
    assert pick(avg, "label", "appraised", "survey", "total", "index_pct") == (
        "Trung bình", D("61.36"), D("28.64"), D(90), D(90))
    assert r.rows[-1] is avg


def test_units_wrapped_rows_over_several_lines() -> None:
    rows = data_rows(parse_paste(load("units_hadong_wrapped.txt")))
    assert pick(rows[7], "line", "unit", "index_pct") == (18, "Phường Nguyễn Trãi", D("88.66"))
    assert pick(rows[13], "line", "unit", "classification") == (26, "Phường Vạn Phúc", "Xuất sắc")
    assert rows[13]["cells"]["classification"][0] == 30


def test_units_with_digits_in_their_names() -> None:
    r = parse_paste(load("units_quangtri_wrapped.txt"))
    assert r.kind == "units" and r.columns == ["serial", "unit", "appraised", "survey", "total", "class", "rank"]
    fields = ("unit", "appraised", "survey", "total", "classification", "rank", "rank_of")
    assert [pick(x, *fields) for x in data_rows(r)] == [
        ("Phường 1", D("63.5"), D("27.5"), D("91.00"), "Tốt", 3, 5),
        ("Phường 2", D("65.2"), D("28.25"), D("93.45"), "Xuất sắc", 1, 5),
        ("Phường 3", D("64.1"), D(28), D("92.10"), "Xuất sắc", 2, 5),
        ("Phường An Đôn", D("61.47"), D("27.25"), D("88.72"), "Tốt", 4, 5),
        ("Xã Hải Lệ", D("58.3"), D(26), D("84.30"), "Khá", 5, 5),
    ]


def test_a_rank_at_the_end_of_a_name_line_does_not_swallow_the_next_row() -> None:
    # Row 2's rank "3" is on its name line; row 3 opens with "3 Phường 2" and has its rank "3" alone on
    # the next line. That lone "3" is a rank, so "3 Phường 2" opens row 3 (before, row 3 was lost and the
    # table ended at the classification "Trung bình", read as the average row).
    text = "\n".join([
        "STT Đơn vị Xếp hạng Xếp loại Tổng điểm Chỉ số CCHC (%)",
        "1 Phường 1", "3", "Trung bình", "60 60%",
        "2 Xã Phú Phương 3", "Trung bình", "60 60%",
        "3 Phường 2", "3", "Trung bình", "60 60%",
        "4 Phường 4", "1", "Trung bình", "60.01 60.01%",
        "5 Phường 5", "1", "Trung bình", "60.01 60.01%",
        "Trung bình 60 60%",
    ])
    r = parse_paste(text)
    assert [pick(x, "line", "stt", "unit", "rank", "total") for x in data_rows(r)] == [
        (2, 1, "Phường 1", 3, D(60)), (6, 2, "Xã Phú Phương", 3, D(60)), (9, 3, "Phường 2", 3, D(60)),
        (13, 4, "Phường 4", 1, D("60.01")), (17, 5, "Phường 5", 1, D("60.01")),
    ]
    assert [row["line"] for row in r.rows if row.get("role") == "average"] == [21]
    assert r.findings == []


UNITS_HEAD = "STT\tĐơn vị\tTổng điểm\tChỉ số CCHC (%)"
UNITS_ROWS = ["1\tPhường 1\t80\t80%", "2\tPhường 2\t70\t70%", "3\tPhường 3\t60\t60%", "4\tPhường 4\t50\t50%"]


@pytest.mark.parametrize("between, code, understood", [
    (["", "Trang 2", ""], "paste_page_number", True),  # a page number: info, the table goes on
    (["- 2 -"], "paste_page_number", True),
    (["Ghi chú: số liệu tạm tính"], "paste_line_skipped", False),  # a line parxl does not read: said, exit 1
])
def test_a_line_between_rows_of_tab_text_is_said_and_the_table_goes_on(between: list[str], code: str,
                                                                        understood: bool) -> None:
    r = parse_paste("\n".join([UNITS_HEAD, *UNITS_ROWS[:2], *between, *UNITS_ROWS[2:]]))
    first = 4 + len(between)
    assert [(x["stt"], x["line"], x["total"]) for x in data_rows(r)] == [
        (1, 2, D(80)), (2, 3, D(70)), (3, first, D(60)), (4, first + 1, D(50))]
    line = 4 + between.index(next(x for x in between if x))
    assert [(f.code, f.line) for f in r.findings] == [(code, line)]
    assert r.understood is understood


def test_a_page_number_in_pdf_text_is_not_part_of_a_name() -> None:
    text = "\n".join(["STT Đơn vị Tổng điểm Chỉ số CCHC (%)", "1 Phường 1 80 80%", "2 Ủy ban nhân dân",
                     "Trang 2/3", "phường Bến Thành 70 70%", "3 Phường 3 60 60%"])
    r = parse_paste(text)
    assert [(x["stt"], x["unit"], x["total"]) for x in data_rows(r)] == [
        (1, "Phường 1", D(80)), (2, "Ủy ban nhân dân phường Bến Thành", D(70)), (3, "Phường 3", D(60))]
    assert [(f.code, f.line) for f in r.findings] == [("paste_page_number", 4)]


def test_a_note_between_rows_of_pdf_text_is_said_not_read_into_a_cell() -> None:
    # space-aligned: the note starts in the code column, the name's second line under the name
    spaced = parse_paste("\n".join([
        "STT  Đơn vị      Tổng điểm  Xếp loại", "1    Phường 1    92,5       Xuất sắc", "Ghi chú: số liệu tạm tính",
        "2    Phường 2    85         Tốt", "     Hải Lệ", "3    Phường 3    70         Khá"]))
    assert [pick(x, "unit", "total", "classification") for x in data_rows(spaced)] == [
        ("Phường 1", D("92.5"), "Xuất sắc"), ("Phường 2 Hải Lệ", D(85), "Tốt"), ("Phường 3", D(70), "Khá")]
    assert [(f.code, f.line, f.value) for f in spaced.findings] == [
        ("paste_line_skipped", 3, "Ghi chú: số liệu tạm tính")]
    # PDF-copied: "Ghi chú:" after a complete row opens a note, not more of the row
    wrapped = parse_paste("\n".join([
        "STT Đơn vị Tổng điểm Xếp loại", "1 Phường 1 92,5 Xuất sắc", "2 Phường 2 85 Tốt", "Ghi chú: số liệu tạm tính",
        "3 Phường 3 70 Khá"]))
    assert [pick(x, "unit", "classification") for x in data_rows(wrapped)] == [
        ("Phường 1", "Xuất sắc"), ("Phường 2", "Tốt"), ("Phường 3", "Khá")]
    assert [(f.code, f.line) for f in wrapped.findings] == [("paste_line_skipped", 4)]
    assert not spaced.understood and not wrapped.understood


def test_a_block_heading_goes_on_only_where_it_is_left_open() -> None:
    r = parse_paste("\n".join([
        "STT Đơn vị Tổng điểm Xếp loại", "I. Khối sở, ban, ngành", "Ghi chú: số liệu tạm tính",
        "1 Sở Nội vụ 92,5 Xuất sắc", "2 Sở Tư pháp 85 Tốt", "II. UBND các huyện,", "thị xã, thành phố",
        "1 Huyện A 80 Tốt", "2 Huyện B 70 Khá"]))
    first, second = "I. Khối sở, ban, ngành", "II. UBND các huyện, thị xã, thành phố"
    assert [pick(x, "stt", "unit", "block") for x in data_rows(r)] == [
        (1, "Sở Nội vụ", first), (2, "Sở Tư pháp", first), (1, "Huyện A", second), (2, "Huyện B", second)]
    assert [(f.code, f.line) for f in r.findings if f.code == "paste_line_skipped"] == [("paste_line_skipped", 3)]


@pytest.mark.parametrize("between, code, ward_2", [
    (["Ghi chú: số liệu tạm tính", None, None, None], "paste_line_skipped", "Phường 2"),  # under STT: not read
    (["Trang 2", None, None, None], "paste_page_number", "Phường 2"),
    ([None, "Hải Lệ", None, None], "paste_cell_continued", "Phường 2 Hải Lệ"),  # a name wrapped onto a row
])
def test_a_row_of_one_cell_between_rows_of_cells_is_said(between: list[object], code: str, ward_2: str) -> None:
    head = ["STT", "Đơn vị", "Tổng điểm", "Chỉ số CCHC (%)"]
    r = parse_cells([head, [1, "Phường 1", 80, "80%"], [2, "Phường 2", 70, "70%"], between, [3, "Phường 3", 60, "60%"]])
    assert [pick(x, "line", "stt", "unit", "total") for x in data_rows(r)] == [
        (2, 1, "Phường 1", D(80)), (3, 2, ward_2, D(70)), (5, 3, "Phường 3", D(60))]
    assert [(f.code, f.line) for f in r.findings] == [(code, 4)]
    assert r.understood is (code != "paste_line_skipped")


RANKED = "STT\tĐơn vị\tTổng điểm\tXếp hạng"


@pytest.mark.parametrize("lines, rows, found, understood", [
    # numbering: a gap may be an excerpt (a warning); a number written twice is a row read twice (not understood)
    ([RANKED, "1\tPhường 1\t90\t1", "2\tPhường 2\t85\t2", "4\tPhường 4\t80\t3"], 3, [("paste_serial_gap", 4)],
     True),
    ([RANKED, "1\tPhường 1\t90\t1", "2\tPhường 2\t85\t2", "2\tPhường 3\t80\t3"], 3,
     [("paste_serial_repeated", 4)], False),
    # a figure every other unit has: a cell lost in the copy
    ([RANKED, "1\tPhường 1\t90\t1", "2\tPhường 2\t85\t", "3\tPhường 3\t80\t3"], 3,
     [("paste_row_missing_figure", 3)], True),
    # a note before the next block of tab text: the table goes on
    ([RANKED, "I. Khối sở\t\t\t", "1\tSở Nội vụ\t90\t1", "2\tSở Tư pháp\t86\t2", "Ghi chú: tạm tính",
      "II. Khối huyện\t\t\t", "1\tHuyện A\t80\t2", "2\tHuyện B\t84\t1"], 4,
     [("paste_block", 2), ("paste_line_skipped", 5), ("paste_block", 6)], False),
    # PDF text with a note between a block's average and the next block: the note is said, the table goes on
    (["STT   Đơn vị        Tổng điểm   Xếp hạng", "I. Khối sở", "1     Sở Nội vụ     90,00       1",
      "2     Sở Tư pháp    86,00       2", "      Trung bình    88,00", "Ghi chú: tạm tính", "II. Khối huyện",
      "1     Huyện A       80,00       2", "2     Huyện B       84,00       1"], 4,
     [("paste_block", 2), ("paste_line_skipped", 6), ("paste_block", 7)], False),
    # ... a note after the average with no block after it: the table ends there; rows after it are said
    (["STT   Đơn vị        Tổng điểm   Xếp hạng", "I. Khối sở", "1     Sở Nội vụ     90,00       1",
      "2     Sở Tư pháp    86,00       2", "      Trung bình    88,00", "Ghi chú: tạm tính", "",
      "1     Huyện A       80,00       2", "2     Huyện B       84,00       1"], 2,
     [("paste_block", 2), ("paste_rows_after_end", 8)], False),
    # the label of a totals row lost: its figures close the reason above, and are said, not read as words
    (["Mục Nội dung Điểm tối đa Điểm thẩm định", "Số điểm bị trừ Lý do",
      "1.3 Kiểm tra công tác CCHC 2 1,5 0,5 Kiểm tra 01/03 bộ phận theo kế hoạch",
      "3.4 Hồ sơ giải quyết đúng hạn 1 0,99 0,01 Trễ hạn 12/1.248 hồ sơ", "3 2,49 0,51"], 2,
     [("paste_row_unplaced", 5)] * 3, False),
])
def test_rows_missing_repeated_or_cut_short_are_said(lines: list[str], rows: int, found: list[tuple[str, int]],
                                                     understood: bool) -> None:
    r = parse_paste("\n".join(lines))
    assert len(data_rows(r)) == rows
    assert [(f.code, f.line) for f in r.findings] == found
    assert r.understood is understood


def test_numbered_rows_after_the_end_of_a_table_are_said_at_their_line() -> None:
    # an average row in the middle of a space-aligned table ends it: the row after is said, not dropped
    lines = ["STT  Đơn vị      Tổng điểm  Chỉ số CCHC (%)", "1    Phường 1    80         80%",
             "2    Phường 2    70         70%", "Trung bình       75         75%", "3    Phường 3    60         60%"]
    r = parse_paste("\n".join(lines))
    assert [(x["stt"], x["line"]) for x in data_rows(r)] == [(1, 2), (2, 3)]
    assert [(f.code, f.line) for f in r.findings if f.code == "paste_rows_after_end"] == [("paste_rows_after_end", 5)]
    assert not r.understood
    # without the line that ended it, the table reads every row; the prose after it is no row
    whole = parse_paste("\n".join([*lines[:3], lines[4], "", "4 đơn vị đạt loại Tốt."]))
    assert [x["stt"] for x in data_rows(whole)] == [1, 2, 3]
    assert "paste_rows_after_end" not in [f.code for f in whole.findings]


def test_the_reports_numbered_headings_after_an_areas_table_are_no_rows_left_out() -> None:
    # only a units table is read again past its end: after areas, "1. Kết quả đạt được 31,5 điểm" is the report
    r = parse_paste("TT Nội dung Điểm tối đa Điểm thẩm định\n1 Chỉ đạo điều hành 20 18\n2 Cải cách thể chế 15 13,5\n"
                    "Tổng cộng 35 31,5\n\nII. ĐÁNH GIÁ CHUNG\n1. Kết quả đạt được 31,5 điểm\n"
                    "2. Hạn chế: 3,5 điểm bị trừ\n")
    assert r.kind == "areas" and [x["appraised"] for x in data_rows(r)] == [Decimal("18"), Decimal("13.5")]
    assert r.findings == [] and r.understood


def test_a_numbered_row_in_plain_text_after_a_tab_table_is_said() -> None:
    # a row typed or copied apart from the grid (no tabs) after a note that ended the table: said, never dropped
    r = parse_paste("STT\tĐơn vị\tTổng điểm\n1\tPhường 1\t88,5\n2\tPhường 2\t86\nGhi chú: tạm tính\n3 Phường 3 84\n")
    assert [(x["stt"], x["line"]) for x in data_rows(r)] == [(1, 2), (2, 3)]
    assert [(f.code, f.line) for f in r.findings] == [("paste_rows_after_end", 5)]
    assert not r.understood


@pytest.mark.parametrize("lines, first_unread", [
    (["Xếp hạng  Đơn vị        Tổng điểm", "1         Phường 1      90,00", "2         Phường 2      86,00",
      "          Trung bình    88,00", "3         Phường 3      80,00", "4         Phường 4      78,00"], 5),
    (["Xếp hạng Đơn vị Tổng điểm", "1 Phường 1 90,00", "2 Phường 2 86,00", "Trung bình 88,00", "Ghi chú: tạm tính",
      "3 Phường 3 80,00", "4 Phường 4 78,00", "", "5 đơn vị đạt loại Tốt."], 6),
    (["Đơn vị Tổng điểm Xếp hạng", "Phường 1 90,00 1", "Phường 2 86,00 2", "Trung bình 88,00", "Phường 3 80,00 3",
      "Phường 4 78,00 4"], 5),  # no first column of numbers at all
])
def test_units_after_a_table_seemed_to_end_are_said(lines: list[str], first_unread: int) -> None:
    # a ranking in PDF text (no serial numbers) ended by an average row in its middle: the rows after it are
    # read again under the same header and said, never dropped
    r = parse_paste("\n".join(lines))
    assert [x["rank"] for x in data_rows(r)] == [1, 2]
    assert [(f.code, f.line) for f in r.findings] == [("paste_rows_after_end", first_unread)]
    assert not r.understood


def test_prose_after_a_units_table_is_no_unit_left_out() -> None:
    r = parse_paste("\n".join(["Đơn vị Tổng điểm Xếp hạng", "Phường 1 90,00 1", "Phường 2 86,00 2", "Trung bình 88,00",
                               "", "Năm 2023, toàn quận có 2 đơn vị đạt trên 85 điểm.",
                               "Ngày 15/01/2024, Sở Nội vụ công bố 17 đơn vị."]))
    assert [x["unit"] for x in data_rows(r)] == ["Phường 1", "Phường 2"] and r.findings == []


def test_a_name_like_a_ward_word_does_not_take_the_score() -> None:
    # "Phương" is a name, not "Phường": the 60 after it is the score, and the average row stays a row
    r = parse_paste("\n".join(["STT Đơn vị Tổng điểm", "1 Phường 10", "70", "2 Xã Phú Phương 60", "Trung bình 65"]))
    assert [pick(x, "unit", "total") for x in data_rows(r)] == [("Phường 10", D(70)), ("Xã Phú Phương", D(60))]
    assert [(x["line"], x["total"]) for x in r.rows if x.get("role") == "average"] == [(5, D(65))]
    assert r.findings == []


def test_a_name_number_wrapped_onto_the_figures_line_stays_in_the_name() -> None:
    # "… mức độ" / "3 2 2 1 1": the 3 ends the name; 3-2=1 would add up as well, so only the name tells
    text = "\n".join(["Mục Nội dung Điểm tối đa Điểm tự đánh giá Điểm thẩm định Số điểm bị trừ Lý do",
                      "1.1 Kế hoạch CCHC", "0.5 0.5 0 0.5", "Chưa ban hành kế hoạch",
                      "1.2 Dịch vụ công trực tuyến mức độ", "3 2 2 1 1", "Chưa đạt chỉ tiêu"])
    rows = data_rows(parse_paste(text))
    assert pick(rows[1], "name", "max", "self", "appraised", "deducted", "reason") == (
        "Dịch vụ công trực tuyến mức độ 3", D(2), D(2), D(1), D(1), "Chưa đạt chỉ tiêu")


def test_units_in_unaligned_multi_space_text() -> None:
    r = parse_paste(load("units_binhduong_spaced.txt"))
    assert r.kind == "units" and r.layout == "wrapped"  # runs of spaces split its cells, but nothing is aligned
    rows = data_rows(r)
    assert [x["unit"] for x in rows] == [
        "Thành phố Thủ Dầu Một", "Thành phố Dĩ An", "Thành phố Thuận An", "Thị xã Tân Uyên", "Thị xã Bến Cát",
        "Huyện Bàu Bàng", "Huyện Bắc Tân Uyên", "Huyện Dầu Tiếng", "Huyện Phú Giáo",
    ]
    assert pick(rows[3], "appraised", "survey", "total", "index_pct", "rank") == (
        D("57.1"), D("28.65"), D("85.75"), D("85.75"), 4)
    (avg,) = role_rows(r, "average")
    assert avg["line"] == 12 and avg["total"] == D("84.78")


def test_units_errors_table_reads_the_typos_as_written() -> None:
    rows = data_rows(parse_paste(load("units_hadong_errors.txt")))
    assert rows[1]["index_pct"] == D("90.53")
    assert pick(rows[0], "rank", "rank_of") == (15, 18)
    assert pick(rows[6], "appraised", "survey", "total") == (D("57.9"), D("32.4"), D("90.3"))


# ------------------------------------------------------------------------------- several tables


def test_a_report_section_with_two_tables() -> None:
    tables = parse_tables(load("seed000_section.txt"))
    assert [t.kind for t in tables] == ["areas", "criteria"]
    assert [t.header_line for t in tables] == [27, 141]
    assert [len(data_rows(t)) for t in tables] == [7, 6]
    assert _areas_numbers(tables[0]) == _areas_numbers(parse_paste(load("seed000_areas.txt")))
    primary = parse_paste(load("seed000_section.txt"))
    assert primary.kind == "areas"  # the table with most rows
    assert [o.kind for o in primary.others] == ["criteria"]
    # the other table is named at its header, with its rows, so that it is not passed over silently
    other = next(f for f in primary.findings if f.code == "paste_other_table")
    assert (other.line, other.value, other.expected) == (141, 6, 27) and other.severity.value == "info"


def test_no_table() -> None:
    r = parse_paste("Năm 2023, chỉ số CCHC của phường đạt 95.13%, xếp thứ 02/17 phường.\n")
    assert r.kind == "unknown" and r.rows == []
    assert [(f.code, f.line) for f in r.findings] == [("paste_no_table", None)]


@pytest.mark.parametrize("seed", ["001_2d6d51b5711a99c4.txt", "002_9d338e102467c730.txt"])
def test_seeds_without_score_tables_give_none(seed: str) -> None:
    if not (SEEDS / seed).exists():
        pytest.skip("seed files not available")
    assert parse_tables((SEEDS / seed).read_text(encoding="utf-8")) == []


def test_whole_seed003_finds_only_the_score_table() -> None:
    """Its appendices (STT, Nhiệm vụ, Đơn vị chủ trì…) hold no scores and are not tables of results."""
    if not (SEEDS / "003_458ce3247c1daf79.txt").exists():
        pytest.skip("seed files not available")
    tables = parse_tables((SEEDS / "003_458ce3247c1daf79.txt").read_text(encoding="utf-8"))
    assert [(t.kind, t.header_line, len(t.rows)) for t in tables] == [("areas", 47, 9)]


# ------------------------------------------------------------------------------------ cells


def test_parse_cells_split_by_excel() -> None:
    cells = [
        ["KẾT QUẢ CHỈ SỐ CCHC NĂM 2023", None, None, None, None, None],
        ["STT", "Đơn vị", "Điểm", None, "Tổng điểm", "Chỉ số"],
        [None, None, "Thẩm định", "ĐTXHH", None, None],
        [1, "Phường 1", 63.5, 27.5, 91.0, 0.91],
        [2, "Phường 2", 65.2, 28.25, 93.45, 0.9345],
        [3, "Phường 3", "64,1", "28", "92,10", "92,1%"],
        [None, "Trung bình", 64.27, 27.92, 92.18, 0.9218],
    ]
    r = parse_cells(cells)
    assert r.kind == "units" and r.layout == "cells"
    assert r.columns == ["serial", "unit", "appraised", "survey", "total", "index"]
    assert [pick(x, "line", "stt", "unit", "appraised", "survey", "total", "index_pct") for x in data_rows(r)] == [
        (4, 1, "Phường 1", D("63.5"), D("27.5"), D(91), D(91)),
        (5, 2, "Phường 2", D("65.2"), D("28.25"), D("93.45"), D("93.45")),
        (6, 3, "Phường 3", D("64.1"), D(28), D("92.10"), D("92.1")),
    ]
    assert data_rows(r)[2]["cells"]["total"] == [6, 5]
    (avg,) = role_rows(r, "average")
    assert avg["line"] == 7 and avg["index_pct"] == D("92.18")


def test_parse_cells_with_text_in_column_a_is_read_as_text() -> None:
    lines = load("seed000_areas.txt").split("\n")
    r = parse_cells([[ln] for ln in lines])
    assert r.kind == "areas"
    assert _areas_numbers(r) == _areas_numbers(parse_paste(load("seed000_areas.txt")))
    assert [x["line"] for x in data_rows(r)] == [34, 36, 38, 44, 55, 57, 59]


# ------------------------------------------------------------------------------------- JSON


def test_to_json() -> None:
    r = parse_paste(load("seed003_areas.txt"))
    out = r.to_json()
    assert set(out) == {"kind", "rows", "findings", "groups", "columns", "columns_override"}
    assert out["kind"] == "areas"
    assert [(c["column"], c["role"], c["source"]) for c in out["columns"]] == [
        (1, "stt", "header"), (2, "name", "header"), (3, "appraised", "header"), (4, "change", "header")]
    assert out["columns"][3]["header"] == "Tăng/giảm so với năm 2023"
    first = out["rows"][0]
    assert first["appraised"] == 18 and isinstance(first["appraised"], int)
    assert out["rows"][1]["appraised"] == 2.5 and isinstance(out["rows"][1]["appraised"], float)
    assert first["cells"]["appraised"] == [6, 3]
    assert out["findings"] == [{
        "code": "paste_total_row_mismatch", "severity": "error", "line": 14,
        "message": out["findings"][0]["message"],
    }]
    assert "14" in out["findings"][0]["message"]  # the message names its line
    json.dumps(out, ensure_ascii=False)


# --------------------------------------------------------------------------------- small parts


@pytest.mark.parametrize("text, kind", [
    ("17.25/20", "pair"), ("2.75/.275", "pair"), ("2,5/3", "pair"), ("88.04%", "pct"), ("95%", "pct"),
    ("+02", "signed"), ("1.043,17", "num"), ("0.09", "num"), ("điểm", "unit"), ("319/461,", "text"),
])
def test_classify(text: str, kind: str) -> None:
    assert classify(text) == kind


def test_tokens_join_what_the_paste_split() -> None:
    toks = tokenize(Line(1, "0. 5/1 "))
    assert [(t.text, t.kind, t.raw) for t in toks] == [("0.5/1", "pair", "0. 5/1")]
    toks = tokenize(Line(1, "Cải cách thể chế 2,5/3 - 0,5 điểm"))
    assert [(t.text, t.kind) for t in toks[-3:]] == [("2,5/3", "pair"), ("-0,5", "signed"), ("điểm", "unit")]
    # a year and a count in a reason are not glued into a decimal
    toks = tokenize(Line(1, "CCHC 2022, 6 tháng"))
    assert [t.text for t in toks] == ["CCHC", "2022,", "6", "tháng"]


def test_tab_rows_rejoin_quoted_multiline_cells() -> None:
    lines = [Line(1, 'a\t"x'), Line(2, 'y ""q"""\tb'), Line(3, "c\td")]
    rows = split_tab_rows(lines)
    assert [(r.line, r.texts(), r.end_line) for r in rows] == [(1, ["a", 'x\ny "q"', "b"], 2), (3, ["c", "d"], 3)]


def test_header_in_two_rows_with_merged_label() -> None:
    text = "\n".join([
        "TT\tNội dung\tĐiểm\t\t\tSố điểm bị trừ",
        "\t\tTối đa\tTự đánh giá\tThẩm định\t",
        "1.1.3\tMức độ thực hiện kế hoạch CCHC\t2\t2\t1,91\t0,09",
    ])
    r = parse_paste(text)
    assert r.kind == "criteria"
    assert r.columns == ["serial", "name", "max", "self", "appraised", "deducted"]
    assert pick(r.rows[0], "code", "max", "self", "appraised", "deducted") == (
        "1.1.3", D(2), D(2), D("1.91"), D("0.09"))


def test_units_without_serial_column() -> None:
    r = parse_paste("Đơn vị Tổng điểm Xếp hạng\nPhường 1 91,00 3\nPhường 2 93,45 1\nThị xã Tân\nUyên 92,1 2\n"
                    "Xã Hải Lệ 84,3 4\n")
    assert r.kind == "units" and r.layout == "wrapped"
    assert [pick(x, "line", "unit", "total", "rank") for x in r.rows] == [
        (2, "Phường 1", D("91.00"), 3), (3, "Phường 2", D("93.45"), 1), (4, "Thị xã Tân Uyên", D("92.1"), 2),
        (6, "Xã Hải Lệ", D("84.3"), 4),
    ]
    assert r.findings == []


def test_cells_with_group_rows_and_a_repeated_header() -> None:
    header = ["TT", "Nội dung tiêu chí", "Điểm thẩm định", "Nguyên nhân", "Trách nhiệm"]
    r = parse_cells([
        header,
        ["I. CHỈ ĐẠO ĐIỀU HÀNH", None, None, None, None],
        [1, "1.6. Sáng kiến", "0/2", "Không có sáng kiến", "Công chức"],
        header,
        [2, "1.9 Công khai", "1,25/2", "Chưa đầy đủ", None],
        ["II", "TỔ CHỨC THỰC HIỆN VBQPPL", None, None, None],
        [3, "2.1 Tổ chức thực hiện", "0.75/1", "Chưa đồng bộ", "Công chức Tư pháp"],
    ])
    assert r.kind == "criteria"
    assert [pick(x, "line", "stt", "code", "name", "appraised", "max", "group") for x in r.rows] == [
        (3, 1, "1.6", "Sáng kiến", D(0), D(2), "I"), (5, 2, "1.9", "Công khai", D("1.25"), D(2), "I"),
        (7, 3, "2.1", "Tổ chức thực hiện", D("0.75"), D(1), "II"),
    ]
    assert r.groups == [{"group": "I", "name": "CHỈ ĐẠO ĐIỀU HÀNH", "line": 2},
                        {"group": "II", "name": "TỔ CHỨC THỰC HIỆN VBQPPL", "line": 6}]
    assert [(f.code, f.line) for f in r.findings] == [("paste_header_repeated", 4)]


def test_unreadable_figure_names_its_maximum_column_in_vietnamese() -> None:
    text = ("STT\tĐơn vị\tĐiểm tối đa thẩm định\tĐiểm thẩm định\n"
            "1\tPhường An Khánh\t70\t61,5\n"
            "2\tPhường Bình Trưng\tbảy mươi\t60\n")
    r = parse_paste(text)
    bad = [f for f in r.findings if f.code == "paste_unreadable"]
    assert [(f.line, f.value) for f in bad] == [(3, "bảy mươi")]
    assert "Điểm thẩm định tối đa" in bad[0].message and "appraised_max" not in bad[0].message


SPACED_UNREAD = (
    "STT   Xyzabc     Đơn vị              Tài liệu kiểm chứng    Tổng điểm\n"
    "1     abc        Phường An Khánh     Có                     85,50\n"
    "2     def        Phường Bình Trưng   Có                     80,25\n"
    "3     ghi        Phường Cát Lái      Không                  78,00\n"
)


def test_unread_columns_of_pdf_text_are_numbered_as_the_column_map_shows_them() -> None:
    r = parse_paste(SPACED_UNREAD)
    assert r.layout == "spaced"
    assert [(c["column"], c["role"]) for c in r.column_map] == [
        (1, "stt"), (2, None), (3, "unit"), (4, None), (5, "total")]
    unused = [(f.line, f.value) for f in r.findings if f.code == "paste_column_unused"]
    assert unused == [(1, "Xyzabc"), (1, "Tài liệu kiểm chứng")]
    assert [dict(f.params)["column"] for f in r.findings if f.code == "paste_column_unused"] == [2, 4]
    assert [row["total"] for row in data_rows(r)] == [D("85.50"), D("80.25"), D("78.00")]
    assert not any("evidence" in row for row in r.rows)  # a column reported unused gives no values
    # the words under a column parxl has no word for stay in their column, out of the names beside it
    assert [row["unit"] for row in data_rows(r)] == ["Phường An Khánh", "Phường Bình Trưng", "Phường Cát Lái"]


def test_a_column_the_user_skips_gives_no_values() -> None:
    r = parse_paste(SPACED_UNREAD, columns="4=skip")
    assert [c["role"] for c in r.column_map][3] is None
    assert [row.get("skip") for row in r.rows] == [None, None, None]
    assert [row["total"] for row in data_rows(r)] == [D("85.50"), D("80.25"), D("78.00")]


def test_a_second_index_column_of_pdf_text_is_reported_and_never_read_over_the_first() -> None:
    text = ("STT   Đơn vị              Chỉ số năm 2023    Chỉ số năm 2022\n"
            "1     Phường An Khánh     85,50%             80,10%\n"
            "2     Phường Bình Trưng   80,25%             79,00%\n"
            "3     Phường Cát Lái      78,00%             81,20%\n")
    r = parse_paste(text)
    assert r.layout == "spaced"
    assert [c["role"] for c in r.column_map] == ["stt", "unit", "index_pct", None]
    dup = [f for f in r.findings if f.code == "paste_column_duplicate"]
    assert [(f.line, dict(f.params)["column"]) for f in dup] == [(1, 4)]
    assert [row["index_pct"] for row in data_rows(r)] == [D("85.50"), D("80.25"), D("78.00")]
    assert not r.understood


@pytest.mark.parametrize("header, first, second", [
    ("Chỉ số năm 2022 Chỉ số năm 2023", "80,10", "85,50"),
    ("Chỉ số CCHC (%) năm 2023 Chỉ số CCHC (%) năm 2022", "85,50", "80,10"),
])
def test_two_index_columns_of_wrapped_text_keep_their_years(header: str, first: str, second: str) -> None:
    r = parse_paste(f"STT Đơn vị {header}\n1 Phường An Khánh {first} {second}\n2 Phường Cát Lái 78,00 78,00\n")
    assert r.layout == "wrapped"
    roles = [c["role"] for c in r.column_map]
    assert roles == (["stt", "unit", None, "index_pct"] if first == "80,10" else ["stt", "unit", "index_pct", None])
    assert [f.code for f in r.findings if f.code == "paste_column_duplicate"] == ["paste_column_duplicate"]
    assert [row["index_pct"] for row in data_rows(r)] == [D("85.50"), D("78.00")]


def test_last_years_rank_in_wrapped_text_is_its_own_column() -> None:
    r = parse_paste("Đơn vị Tổng điểm Xếp hạng Xếp hạng năm 2022 Xếp loại\nPhường Hà Cầu 83,51 2 1 Tốt\n"
                    "Xã Tân Lập 85,42 1 9 Tốt\n")
    assert [pick(row, "unit", "rank", "classification") for row in data_rows(r)] == [
        ("Phường Hà Cầu", 2, "Tốt"), ("Xã Tân Lập", 1, "Tốt")]
    assert [(f.code, dict(f.params)["column"]) for f in r.findings if f.code == "paste_column_duplicate"] == [
        ("paste_column_duplicate", 4)]
    assert not r.understood


TITLE_2023 = ("KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023\n"
              "(Kèm theo Quyết định số 12/QĐ-UBND ngày 15 tháng 3 năm 2024)\n\n")


@pytest.mark.parametrize("sep", ["\t", " "])
def test_a_figure_of_a_year_before_the_titles_is_last_years_and_not_read(sep: str) -> None:
    rows = [["STT", "Đơn vị", "Tổng điểm", "Chỉ số năm 2022 (%)", "Tăng/giảm so với năm 2022"],
            ["1", "Phường Mộ Lao", "63,32", "61,00", "+2,32"], ["2", "Phường 7", "82,10", "80,00", "+2,10"]]
    r = parse_paste(TITLE_2023 + "\n".join(sep.join(row) for row in rows))
    assert [c["role"] for c in r.column_map] == ["stt", "unit", "total", None, "change"]
    assert [(f.code, f.line, dict(f.params)["column"], f.expected) for f in r.findings
            if f.code == "paste_column_other_year"] == [("paste_column_other_year", 4, 4, "2023")]
    assert [pick(row, "total", "index_pct", "change") for row in data_rows(r)] == [
        (D("63.32"), None, D("2.32")), (D("82.10"), None, D("2.10"))]
    assert not r.understood


def test_a_figure_of_the_titles_year_is_read() -> None:
    r = parse_paste(TITLE_2023 + "STT\tĐơn vị\tChỉ số năm 2023 (%)\n1\tPhường Mộ Lao\t61,00\n2\tPhường 7\t80,00\n")
    assert [row["index_pct"] for row in data_rows(r)] == [D("61.00"), D("80.00")]
    assert not [f for f in r.findings if f.code.startswith("paste_column")]


# Silent misreads of PDF text found by generated variants: each is now read right or said.
@pytest.mark.parametrize("text, unplaced_lines", [
    # a name that ends in a number before the figures: the score must not hide in the classification
    ("STT Đơn vị Tổng điểm Xếp loại\n1 Xã An Phú 2 75,31 Khá\n", [2]),
    # a column of ranks the header does not name, after the last column
    ("TT   Đơn vị          Tổng điểm\n1    Xã Tân Lập      94,00       1\n2    Phường Mộ Lao   68,08       2\n",
     [2, 3]),
    ("TT Đơn vị Tổng điểm\n1 Xã Tân Lập 94,00 1\n2 Phường Mộ Lao 68,08 2\n", [2, 3]),
])
def test_a_figure_left_in_a_classification_or_after_the_last_column_is_said(text: str,
                                                                            unplaced_lines: list[int]) -> None:
    r = parse_paste(text)
    assert sorted({f.line for f in r.findings if f.code == "paste_row_unplaced"}) == unplaced_lines
    assert not r.understood


def test_a_table_the_reader_cannot_place_is_said_not_crashed_on() -> None:
    header = ("Xếp hạng   CHỈ SỐ CCHC   TT   Ghi chú      ĐIỂM THẨM ĐỊNH   Tổng điểm   Điểm ĐTXHH (30)   "
              "Chỉ số năm 2022   ĐƠN VỊ")
    rows = ["4          85,15         6    Giảm 1 bậc   63,58            85,15       21,57             86,47   "
            "          Xã Tân Lập",
            "2          94,94         7    Giảm 1 bậc   67,02            94,94       27,92             70,74   "
            "          Xã An Phú 2"]
    r = parse_paste("\n".join([header, *rows]))
    assert not r.understood


@pytest.mark.parametrize("text, units", [
    # a page number centred under the names, or at the left after the last row
    ("TT   Đơn vị          Tổng điểm\n1    Xã Tân Lập      94,00\n2    Phường 1        85,58\n                2\n"
     "3    Phường Mộ Lao   68,08\n", ["Xã Tân Lập", "Phường 1", "Phường Mộ Lao"]),
    ("TT   Đơn vị          Tổng điểm\n1    Xã Tân Lập      94,00\n2    Phường Mộ Lao   68,08\n2\n",
     ["Xã Tân Lập", "Phường Mộ Lao"]),
    # a page number equal to the next row's number, on its own line just before it
    ("STT Đơn vị Tổng điểm Xếp hạng\n1 Phường Mộ Lao 63,32 2\n2\n2 Phường 7 82,10 1\n", ["Phường Mộ Lao", "Phường 7"]),
])
def test_a_lone_page_number_between_rows_is_no_part_of_a_name(text: str, units: list[str]) -> None:
    r = parse_paste(text)
    assert [row["unit"] for row in data_rows(r)] == units
    assert [f.code for f in r.findings if f.code == "paste_page_number"] == ["paste_page_number"]


def test_a_note_after_the_last_row_of_space_aligned_text_ends_the_table() -> None:
    text = ("TT   Đơn vị          Tổng điểm   Xếp hạng\n1    Xã Tân Lập      94,00       1\n"
            "2    Phường Mộ Lao   68,08       2\n\nGhi chú: Phường 7 được cộng 2 điểm\n")
    r = parse_paste(text)
    assert [(row["unit"], row["total"], row["rank"]) for row in data_rows(r)] == [
        ("Xã Tân Lập", D("94.00"), 1), ("Phường Mộ Lao", D("68.08"), 2)]


@pytest.mark.parametrize("header, role", [
    ("Tỷ lệ tăng (%)", "change"), ("Chỉ số tăng/giảm (%)", "change"), ("Chỉ số năm trước (%)", None),
])
def test_a_change_or_last_years_index_is_never_read_as_this_years_index(header: str, role: str | None) -> None:
    text = f"STT\tĐơn vị\tTổng điểm\t{header}\n1\tPhường 1\t84,00\t5,01\n2\tXã 3\t70,00\t-1,20\n"
    r = parse_paste(text)
    assert [c["role"] for c in r.column_map] == ["stt", "unit", "total", role]
    assert not any("index_pct" in row for row in r.rows)
    assert [row["total"] for row in data_rows(r)] == [D("84.00"), D("70.00")]
    assert r.understood == (role is not None)


@pytest.mark.parametrize("text, code, line", [
    # a score opening a "Ghi chú" cell: the name's own number was taken for the total
    ("STT Đơn vị Tổng điểm Ghi chú\n1 Xã An Phú 2 75,31 x\n2 Phường Hà Cầu 86,62 y\n", "paste_row_unplaced", 2),
    # two text columns side by side: PDF text does not show where one ends
    ("STT Ghi chú Đơn vị Tổng điểm\n1 Xã Đông Hòa 67,03\n2 Mới thành lập Phường Mộ Lao 89,43\n",
     "paste_columns_joined", 1),
    ("STT Đơn vị Ghi chú Điểm thẩm định Tổng điểm\n1 Phường 1 Tăng 2 bậc 43,95 68,00\n2 Xã 3 x 57,53 80,00\n",
     "paste_columns_joined", 1),
    # a figure missing in the middle of a row: which column is empty is a guess
    ("STT Đơn vị Điểm thẩm định Điểm ĐTXHH Tổng điểm Xếp hạng\n1 Phường 1 60,00 25,15 85,15 2\n"
     "2 Xã Tân Lập 66,55 86,55 1\n3 Xã 3 50,00 20,00 70,00 3\n", "paste_row_figure_guessed", 3),
])
def test_what_pdf_text_cannot_show_is_said(text: str, code: str, line: int) -> None:
    r = parse_paste(text)
    assert r.layout == "wrapped"
    assert (code, line) in [(f.code, f.line) for f in r.findings]
    assert not r.understood


def test_the_same_rows_in_tab_text_need_no_guess() -> None:
    text = ("STT\tĐơn vị\tĐiểm thẩm định\tĐiểm ĐTXHH\tTổng điểm\tXếp hạng\n1\tPhường 1\t60,00\t25,15\t85,15\t2\n"
            "2\tXã Tân Lập\t66,55\t\t86,55\t1\n3\tXã 3\t50,00\t20,00\t70,00\t3\n")
    r = parse_paste(text)
    assert [(row.get("survey"), row["total"]) for row in data_rows(r)] == [
        (D("25.15"), D("85.15")), (None, D("86.55")), (D("20.00"), D("70.00"))]
    assert "paste_row_figure_guessed" not in [f.code for f in r.findings]


def test_a_table_that_gave_no_row_of_data_is_said() -> None:
    # the header's first line ("XẾP LOẠI Tổng điểm Xep") names no first column: what is left reads as an average
    r = parse_paste("XẾP LOẠI Tổng điểm Xep\nhang ĐƠN VỊ STT\nTrung bình 57,21 2 Phường Mộ Lao 1\n"
                    "Khá 63,36 1 Phường Yên Nghĩa 2\n")
    assert "paste_no_rows" in [f.code for f in r.findings]
    assert not r.understood


def test_cells_from_a_live_workbook_are_read_as_excel_shows_them() -> None:
    # xlwings gives every number as a float: 1.0 is serial number 1, and a computed 84.30000000000001 is 84.3
    cells = [["STT", "Đơn vị", "Điểm thẩm định", "Điểm ĐTXHH", "Tổng điểm"],
             [1.0, "Phường Hà Cầu", 60.0, 26.4, 86.4],
             [2.0, "Xã Tân Lập", 58.2, 26.1, 58.2 + 26.1],
             [4.0, "Phường Mộ Lao", 55.0, 25.0, 80.0]]
    assert 58.2 + 26.1 != 84.3  # the float sum Excel shows as 84,3
    r = parse_cells(cells)
    assert [(row["stt"], row["total"]) for row in data_rows(r)] == [(1, D("86.4")), (2, D("84.3")), (4, D("80"))]
    assert [(f.code, f.line) for f in r.findings if f.severity.value != "info"] == [("paste_serial_gap", 4)]



def test_cells_with_decomposed_letters_and_invisible_marks_are_read_as_typed() -> None:
    # a sheet filled from a PDF or a web page: "ờ" in three code points, a soft hyphen in "Xếp hạng", a zero-width space
    cells = [[unicodedata.normalize("NFD", v) if isinstance(v, str) else v for v in row] for row in [
        ["STT", "Đơn vị", "Chỉ số CCHC (%)", "Xếp h\u00adạng"],
        [1, "Phư\u200bờng Hà Cầu", 86.4, 1],
        [2, "Xã Tân Lập", 84.3, 2]]]
    r = parse_cells(cells)
    assert r.columns == ["serial", "unit", "index", "rank"]
    assert [pick(x, "unit", "index_pct", "rank") for x in data_rows(r)] == [
        ("Phường Hà Cầu", D("86.4"), 1), ("Xã Tân Lập", D("84.3"), 2)]  # (this file's letters are composed)

@pytest.mark.parametrize("text, code, line", [
    ("STT\tĐơn vị\tTổng điểm\tXếp hạng\n1\tPhường Hà Cầu\t86,40\t1\n2\t\t84,10\t2\n3\tXã Tân Lập\t83,20\t3\n",
     "paste_row_without_name", 3),
    # the row of maxima under a header is no unit
    ("STT\tĐơn vị\tĐiểm thẩm định\tĐiểm ĐTXHH\tTổng điểm\n\t\t70\t30\t100\n1\tPhường Hà Cầu\t60\t26,4\t86,4\n"
     "2\tPhường Mộ Lao\t58\t25\t83\n", "paste_row_without_name", 2),
    ("Mã\tTiêu chí\tĐiểm tối đa\tĐiểm thẩm định\n1.1\tKế hoạch\t2\t1\n1.1\tSáng kiến\t2\t1,5\n",
     "paste_code_repeated", 3),
])
def test_rows_whose_owner_is_unclear_are_said(text: str, code: str, line: int) -> None:
    r = parse_paste(text)
    assert (code, line) in [(f.code, f.line) for f in r.findings]
    assert not r.understood


@pytest.mark.parametrize("text", [
    "TT\tLĩnh vực\tĐiểm tối đa\tĐiểm tự đánh giá\tĐiểm thẩm định\n1\tChỉ đạo điều hành\t20\t20\t18\n"
    "2\tCải cách thể chế\t3\t3\t2,5\n3\tĐiều tra xã hội học\t30\t\t25\n",
    "Mục\tLĩnh vực\tĐiểm tối đa\tĐiểm thẩm định\n1\tChỉ đạo điều hành\t20\t18\n2\tCải cách thể chế\t3\t2,5\n"
    "3\tĐiều tra xã hội học\t30\t25\n",
    "STT\tTên lĩnh vực\tĐiểm tối đa\tĐiểm thẩm định\n1\tChỉ đạo điều hành\t20\t18\n2\tCải cách thể chế\t3\t2,5\n"
    "3\tĐiều tra xã hội học\t30\t25\n",
])
def test_a_wards_areas_table_is_read_as_areas_with_its_survey_row(text: str) -> None:
    r = parse_paste(text)
    assert r.kind == "areas"
    rows = data_rows(r)
    assert [(row["code"], row.get("appraised"), row.get("appraised_max")) for row in rows[:2]] == [
        ("1", D(18), D(20)), ("2", D("2.5"), D(3))]
    assert (rows[2].get("survey"), rows[2].get("survey_max"), "appraised" in rows[2]) == (D(25), D(30), False)


def test_dotted_codes_still_make_a_criteria_table() -> None:
    r = parse_paste("Mã\tNội dung\tĐiểm tối đa\tĐiểm tự đánh giá\tĐiểm thẩm định\n1.1\tKế hoạch CCHC\t2\t2\t1,5\n"
                    "1.2\tBáo cáo CCHC\t1\t1\t1\n2.1\tRà soát văn bản\t3\t3\t2\n")
    assert r.kind == "criteria"
    assert [(row["code"], row["max"], row["appraised"]) for row in data_rows(r)] == [
        ("1.1", D(2), D("1.5")), ("1.2", D(1), D(1)), ("2.1", D(3), D(2))]


@pytest.mark.parametrize("text, last", [
    # a signature under the names of space-aligned text
    ("STT   Đơn vị          Tổng điểm\n1     Phường Hà Cầu   86,40\n2     Phường Mộ Lao   84,10\n"
     "3     Xã Tân Lập      83,20\n                      KT. CHỦ TỊCH\n                      PHÓ CHỦ TỊCH\n",
     ("unit", "Xã Tân Lập")),
    # the signature after a blank line of PDF text, under a reason
    ("TT Tiêu chí Điểm tối đa Điểm thẩm định Lý do\n1 Kế hoạch CCHC 2 1,5 Chưa đầy đủ\n"
     "2 Công khai TTHC 1 0,5 Có 01/03 cuộc đối thoại\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn A\n",
     ("reason", "Có 01/03 cuộc đối thoại")),
    # the decision's next article
    ("STT Đơn vị Tổng điểm Xếp hạng\n1 Phường Hà Cầu 86,40 1\n2 Phường Mộ Lao 84,10 2\n3 Xã Tân Lập 83,20 3\n\n"
     "Điều 2. Quyết định có hiệu lực kể từ ngày 12/3/2024.\nKT. CHỦ TỊCH\n", ("unit", "Xã Tân Lập")),
])
def test_the_text_after_a_table_is_no_part_of_its_last_row(text: str, last: tuple[str, str]) -> None:
    r = parse_paste(text)
    field, value = last
    assert data_rows(r)[-1][field] == value and "note" not in data_rows(r)[-1]
    assert r.understood


def test_a_sentence_numbered_like_the_next_row_is_said() -> None:
    r = parse_paste("STT Đơn vị Tổng điểm Xếp hạng\n1 Phường Hà Cầu 86,40 1\n2 Phường Mộ Lao 84,10 2\n"
                    "3 Xã Tân Lập 83,20 3\n4. Chánh Văn phòng UBND quận và 17 phường chịu trách nhiệm thi hành Quyết "
                    "định này.\n")
    assert ("paste_stray_text", 5) in [(f.code, f.line) for f in r.findings]
    assert not r.understood


def test_a_list_of_deductions_skips_the_groups_that_lost_nothing() -> None:
    r = parse_paste("TT Tiêu chí Điểm tối đa Điểm thẩm định Lý do\nI. CHỈ ĐẠO ĐIỀU HÀNH\n"
                    "1 Kế hoạch CCHC 2 1,5 Chưa đầy đủ\nIII. CẢI CÁCH TTHC\n"
                    "2 Công khai TTHC 1 0,5 Có 01/03 cuộc đối thoại\n")
    assert [(row["group"], row["reason"]) for row in data_rows(r)] == [
        ("I", "Chưa đầy đủ"), ("III", "Có 01/03 cuộc đối thoại")]


@pytest.mark.parametrize("text, code, line", [
    # a number that ends an area's name pushes the score after the last column
    ("TT Nội dung Điểm thẩm định/Điểm tối đa\n1 Chỉ đạo điều hành CCHC 18/20\n2 Triển khai Nghị định 61/2018 4/5\n",
     "paste_row_unplaced", 3),
    # or into the reason, which holds counts but never opens with a score
    ("Mục Tiêu chí Điểm tối đa Điểm thẩm định Lý do\n1.1 Kế hoạch CCHC 2 1,5 Chưa đầy đủ\n"
     "1.2 Thực hiện Nghị định 61/2018 1 0,5 Chậm\n", "paste_row_unplaced", 3),
    # a maximum's column holds one number, never a pair
    ("TT Lĩnh vực Điểm tối đa Điểm thẩm định\n1 Chỉ đạo điều hành CCHC 20 18\n2 Triển khai Nghị định 61/2018 4/5\n",
     "paste_unreadable", 3),
])
def test_a_score_left_after_a_name_that_ends_in_a_number_is_said(text: str, code: str, line: int) -> None:
    r = parse_paste(text)
    assert (code, line) in [(f.code, f.line) for f in r.findings]
    assert not r.understood


def test_a_blocks_own_figures_are_said_and_a_merged_heading_read_once() -> None:
    r = parse_paste("STT\tĐơn vị\tTổng điểm\tXếp hạng\nI\tKhối phường\t85,25\t\n1\tPhường Hà Cầu\t86,40\t1\n"
                    "2\tPhường Mộ Lao\t84,10\t2\n")
    assert ("paste_row_unplaced", 2) in [(f.code, f.line) for f in r.findings] and not r.understood
    cells = [["STT", "Đơn vị", "Tổng điểm", "Xếp hạng"], ["I. Khối phường"] * 4, [1, "Phường Hà Cầu", 86.4, 1],
             [2, "Phường Mộ Lao", 84.1, 2], ["II. Khối xã"] * 4, [1, "Xã Tân Lập", 83.2, 1],
             [2, "Xã Đông Hòa", 79.95, 2]]
    assert [row["block"] for row in data_rows(parse_cells(cells))] == [
        "I. Khối phường", "I. Khối phường", "II. Khối xã", "II. Khối xã"]


def test_dots_that_mark_rows_left_out_of_an_excerpt_join_no_name() -> None:
    r = parse_paste("Xếp hạng\tĐơn vị\tTổng điểm\n1\tPhường Hà Cầu\t92,40\n2\tPhường Mộ Lao\t91,85\n...\t...\t...\n"
                    "20\tXã Tân Lập\t87,75\n")
    assert [row["unit"] for row in data_rows(r)] == ["Phường Hà Cầu", "Phường Mộ Lao", "Xã Tân Lập"]


def test_a_pair_standing_under_the_reason_stays_the_reason() -> None:
    r = parse_paste("TT   Tiêu chí        Điểm tối đa   Điểm thẩm định   Lý do\n"
                    "1    Kế hoạch CCHC   2             1,5              Chưa đầy đủ\n"
                    "2    Sáng kiến       3             1                01/03\n")
    assert [(row["max"], row["appraised"], row["reason"]) for row in data_rows(r)] == [
        (Decimal("2"), Decimal("1.5"), "Chưa đầy đủ"), (Decimal("3"), Decimal("1"), "01/03")]
    assert r.understood


def test_a_group_heading_of_space_aligned_text_is_read() -> None:
    head = "TT    Tiêu chí                 Điểm tối đa   Điểm thẩm định   Lý do\n"
    rows = ["1     Công khai TTHC           3             1,62             Chậm 3 ngày\n",
            "2     Đối thoại với người dân  2             0,52             Chưa đầy đủ\n"]
    first = parse_paste(head + "III. CẢI CÁCH TTHC\n" + rows[0] + rows[1])
    assert [(row["group"], row["stt"], row["appraised"]) for row in data_rows(first)] == [
        ("III", 1, Decimal("1.62")), ("III", 2, Decimal("0.52"))]
    between = parse_paste(head + "II. CẢI CÁCH THỂ CHẾ\n" + rows[0] + "III. CẢI CÁCH TTHC\n" + rows[1])
    assert [row["group"] for row in data_rows(between)] == ["II", "III"]
    assert between.understood


@pytest.mark.parametrize("label", ["Chỉ số CCHC (%)", "Chỉ số CCHC (%):"])
def test_a_second_summary_row_with_a_unit_after_its_label_is_no_note_of_the_total(label: str) -> None:
    r = parse_paste("TT Nội dung Điểm tối đa Điểm thẩm định\n1 Chỉ đạo điều hành 20 18\n2 Cải cách thể chế 3 2,5\n"
                    f"Tổng điểm 23 20,5\n{label} 89,13\n")
    totals = role_rows(r, "total")
    assert [row["line"] for row in totals] == [4, 5] and "note" not in totals[0]
    assert (totals[0]["appraised"], totals[0]["appraised_max"]) == (Decimal("20.5"), Decimal("23"))
    assert 5 in [f.line for f in r.findings] and not r.understood  # the areas table has no index column


def test_a_units_kind_alone_over_a_row_numbered_1_is_a_block_heading() -> None:
    r = parse_paste("STT Đơn vị Tổng điểm Xếp hạng\nXã\n1 Xã Tân Lập 86,40 1\n2 Xã Đông Hòa 84,10 2\nPhường\n"
                    "1 Phường Hà Cầu 83,20 1\n2 Phường Mộ Lao 79,95 2\n")
    assert [(row["block"], row["unit"]) for row in data_rows(r)] == [
        ("Xã", "Xã Tân Lập"), ("Xã", "Xã Đông Hòa"), ("Phường", "Phường Hà Cầu"), ("Phường", "Phường Mộ Lao")]
    assert [f.line for f in r.findings if f.code == "paste_block"] == [2, 5]


def test_space_aligned_rows_with_indented_second_lines_are_read_by_position() -> None:
    r = parse_paste(
        "TT                     Nội dung tiêu chí        Điểm tối đa   Điểm thẩm định   Điểm bị trừ   Lý do"
        "                    Bộ phận phụ trách\n"
        "II. CẢI CÁCH THỂ CHẾ\nIII. CẢI CÁCH TTHC\n"
        "3                      3.2. Kiểm tra công tác   2             0.34             1.66          Hoàn thành 38/145"
        "        Công chức Tư pháp\n"
        "                       CCHC                                                                  nhiệm vụ\n"
        "VII. HIỆN ĐẠI HÓA\n"
        "4                      7.3.2. Thực hiện cơ      2             1.46             0.54          Có 01/03 cuộc đối"
        "        Công chức Tư pháp\n"
        "                       chế một cửa                                                           thoại\n")
    assert r.layout == "spaced"
    assert [(row["group"], row["name"], row["appraised"], row["reason"], row["responsible"])
            for row in data_rows(r)] == [
        ("III", "Kiểm tra công tác CCHC", Decimal("0.34"), "Hoàn thành 38/145 nhiệm vụ", "Công chức Tư pháp"),
        ("VII", "Thực hiện cơ chế một cửa", Decimal("1.46"), "Có 01/03 cuộc đối thoại", "Công chức Tư pháp")]
    assert [g["group"] for g in r.to_json()["groups"]] == ["II", "III", "VII"]


def test_criteria_codes_under_a_serial_column_open_their_rows_in_pdf_text() -> None:
    # "TT" over the criteria's codes (2.1, 3.12.2), copied one cell per line
    r = parse_paste("TT\nTiêu chí\nĐiểm tối đa\nĐiểm thẩm định\nLý do\n2.1\nKiểm tra công tác CCHC\n2\n0,42\n"
                    "Chưa đầy đủ\n3.12.2\nSáng kiến\n1\n0,77\nChậm 368 ngày\n")
    assert [pick(row, "line", "code", "name", "max", "appraised", "reason") for row in data_rows(r)] == [
        (6, "2.1", "Kiểm tra công tác CCHC", D("2"), D("0.42"), "Chưa đầy đủ"),
        (11, "3.12.2", "Sáng kiến", D("1"), D("0.77"), "Chậm 368 ngày")]
    assert r.findings == [] and r.understood


def test_column_numbers_and_a_year_under_the_header_are_skipped_quietly() -> None:
    r = parse_paste("STT Đơn vị Chỉ số CCHC\n(1) (2) (3)\n1 Phường Hà Cầu 86,40\n2 Phường Mộ Lao 84,10\n")
    assert [row["unit"] for row in data_rows(r)] == ["Phường Hà Cầu", "Phường Mộ Lao"] and r.understood


def test_a_header_copied_one_cell_per_line_keeps_its_code_column() -> None:
    r = parse_paste("Mã\nTiêu chí\nĐiểm tối đa\nĐiểm thẩm định\nLý do\n2.1\nKiểm tra công tác CCHC\n2\n0,42\n"
                    "Chưa đầy đủ\n3.12.2\nSáng kiến\n1\n0,77\nChậm 368 ngày\n")
    assert [(row["line"], row["code"], row["name"], row["max"], row["appraised"], row["reason"])
            for row in data_rows(r)] == [
        (6, "2.1", "Kiểm tra công tác CCHC", Decimal("2"), Decimal("0.42"), "Chưa đầy đủ"),
        (11, "3.12.2", "Sáng kiến", Decimal("1"), Decimal("0.77"), "Chậm 368 ngày")]
    assert r.understood


@pytest.mark.parametrize("text", [
    "TT\nMã\nTiêu chí\nĐiểm tối đa\nĐiểm thẩm định\n1\n1.1\nKế hoạch CCHC\n2\n1,5\n2\n2.1\nCông khai TTHC\n3\n2\n",
    "TT Mã Nội dung tiêu chí Điểm tối đa Điểm thẩm định\n1 1.1 Kế hoạch CCHC 2 1,5\n2 2.1 Công khai TTHC 3 2\n",
])
def test_a_code_column_after_the_serial_takes_the_code_not_the_name(text: str) -> None:
    r = parse_paste(text)
    assert [(row["stt"], row["code"], row["name"], row["max"], row["appraised"]) for row in data_rows(r)] == [
        (1, "1.1", "Kế hoạch CCHC", Decimal("2"), Decimal("1.5")),
        (2, "2.1", "Công khai TTHC", Decimal("3"), Decimal("2"))]
    assert r.understood


def test_a_figure_with_a_zero_after_its_point_opens_no_criterion() -> None:
    r = parse_paste("Mã\nTiêu chí\nĐiểm thẩm định/Điểm tối đa\nĐiểm bị trừ\nNguyên nhân\n1.5.3\nKế hoạch CCHC\n0.94/2\n"
                    "1.06\nChưa đầy đủ\n1.6\nCông khai TTHC\n0.5/2\n1.5\nChậm\n")
    assert [(row["code"], row["name"], row["appraised"], row["deducted"], row["reason"]) for row in data_rows(r)] == [
        ("1.5.3", "Kế hoạch CCHC", Decimal("0.94"), Decimal("1.06"), "Chưa đầy đủ"),
        ("1.6", "Công khai TTHC", Decimal("0.5"), Decimal("1.5"), "Chậm")]



@pytest.mark.parametrize("cells, reason, unit", [
    ("Chậm 38 ngày\nso với quy định Văn\nphòng - Thống kê", "Chậm 38 ngày so với quy định", "Văn phòng - Thống kê"),
    ("Chưa\nđầy đủ Công chức\nTư pháp", "Chưa đầy đủ", "Công chức Tư pháp"),
    ("Hoàn thành 38/145 nhiệm vụ Công chức Tư pháp", "Hoàn thành 38/145 nhiệm vụ", "Công chức Tư pháp"),
    ("Có 01/03\ncuộc đối thoại Các\ncông chức chuyên\nmôn", "Có 01/03 cuộc đối thoại", "Các công chức chuyên môn"),
])
def test_a_responsible_unit_wrapped_in_a_narrow_column_keeps_its_first_words(cells: str, reason: str,
                                                                              unit: str) -> None:
    r = parse_paste("TT Tiêu chí Điểm tối đa Điểm thẩm định Lý do Bộ phận phụ trách\n"
                    f"1 Kế hoạch CCHC 2 1,5 {cells}\n2 Công khai TTHC 3 2 Chưa đầy đủ\n")
    row = data_rows(r)[0]
    assert (row["reason"], row["responsible"]) == (reason, unit)


@pytest.mark.parametrize("text, rows", [
    # a criterion's deduction "1.36" alone on its line, then its reason, then the next code and its name
    ("Mã\nTiêu chí\nĐiểm thẩm định/Điểm tối đa\nĐiểm bị trừ\nLý do\n1.5.3\nKế hoạch CCHC\n0.24/1\n0.76\nChưa đầy đủ\n"
     "1.6\nCông khai TTHC\n0.64/2\n1.36\nChậm\n2.3\nSáng kiến\n0.15/1\n0.85\nChưa đạt\n",
     [("1.5.3", "Kế hoạch CCHC", Decimal("0.76")), ("1.6", "Công khai TTHC", Decimal("1.36")),
      ("2.3", "Sáng kiến", Decimal("0.85"))]),
    # an area's score "3.15" alone on its line, then the next area's number and name
    ("Mục\nTên lĩnh vực\nĐiểm tối đa\nĐiểm thẩm định\n1\nHiện đại hóa hành chính\n5\n3.15\n2\nCải cách thể chế\n"
     "5\n4.85\n",
     [("1", "Hiện đại hóa hành chính", Decimal("3.15")), ("2", "Cải cách thể chế", Decimal("4.85"))]),
])
def test_a_figure_alone_on_its_line_before_the_next_code_and_its_name_stays_in_its_row(
        text: str, rows: list[tuple[str, str, Decimal]]) -> None:
    r = parse_paste(text)
    last = "deducted" if "Điểm bị trừ" in text else "appraised"
    assert [(row["code"], row["name"], row[last]) for row in data_rows(r)] == rows


def test_one_cell_per_line_a_score_equal_to_the_next_serial_stays_in_its_row() -> None:
    r = parse_paste("STT\nLĩnh vực\nĐiểm tối đa\nĐiểm tự đánh giá\nĐiểm thẩm định\n1\nChỉ đạo điều hành\n5\n5\n3\n2\n"
                    "Cải cách thể chế\n3\n3\n2,5\n")
    assert [(row["line"], row["name"], row["self"], row["appraised"]) for row in data_rows(r)] == [
        (6, "Chỉ đạo điều hành", Decimal("5"), Decimal("3")), (11, "Cải cách thể chế", Decimal("3"), Decimal("2.5"))]
    assert r.understood


def test_one_cell_per_line_two_whole_numbers_are_two_figures_not_one_cut() -> None:
    # "10" then "5": a maximum and a score (a cut falls in a number's decimals: "12.2" + "5"), then area 5
    r = parse_paste("STT\nLĩnh vực\nĐiểm tối đa\nĐiểm thẩm định\n1\nChỉ đạo điều hành CCHC\n5\n2,9\n2\n"
                    "Cải cách thể chế\n5\n4,55\n3\nCải cách TTHC và thực hiện cơ chế MC, MCLT\n5\n3,5\n4\n"
                    "Cải cách tổ chức bộ máy hành chính\n10\n5\n5\nNâng cao chất lượng đội ngũ CB,CC\n5\n4,8\n6\n"
                    "Điều tra xã hội học\n30\n16\n")
    assert [pick(row, "line", "code", "appraised", "appraised_max") for row in data_rows(r)][-3:] == [
        (17, "4", D("5"), D("10")), (21, "5", D("4.8"), D("5")), (25, "6", None, None)]
    assert pick(data_rows(r)[-1], "survey", "survey_max") == (D("16"), D("30"))
    assert r.findings == [] and r.understood


@pytest.mark.parametrize("text", [
    "Tên đơn vị   Chỉ số năm 2022 (%)   Chỉ số CCHC (%)\nPhường 12    75,50                 83,91\n"
    "Phường 1     91,60                 86,50\n",
    "Đơn vị\tChỉ số năm 2022 (%)\tChỉ số năm 2023 (%)\nPhường 12\t75,50\t83,91\nPhường 1\t91,60\t86,50\n",
])
def test_of_two_index_columns_this_years_is_read_and_the_other_said(text: str) -> None:
    r = parse_paste(text)
    assert [row["index_pct"] for row in data_rows(r)] == [D("83.91"), D("86.50")]
    assert [c["role"] for c in r.column_map][1:] == [None, "index_pct"]
    assert [(f.code, dict(f.params)["column"]) for f in r.findings if f.code == "paste_column_duplicate"] == [
        ("paste_column_duplicate", 2)]


def test_a_numbered_block_heading_of_pdf_text_opens_its_block() -> None:
    r = parse_paste("TT Phường TỔNG ĐIỂM Thứ hạng\nKhối 1\n1 Thị xã Hương Thủy 89,41 1\n2 Phường 7 73,25 2\nKhối 2\n"
                    "1 Phường 1 67,10 2\n2 Xã Tân Lập 89,97 1\n")
    assert [(row["block"], row["unit"], row["rank"]) for row in data_rows(r)] == [
        ("Khối 1", "Thị xã Hương Thủy", 1), ("Khối 1", "Phường 7", 2), ("Khối 2", "Phường 1", 2),
        ("Khối 2", "Xã Tân Lập", 1)]
    assert r.understood


BLOCKS_NAMED = [["STT", "Đơn vị", "Tổng điểm", "Xếp hạng"], ["A. Các đơn vị nhóm 1"],
                ["1", "Phường Mộ Lao", "83,32", "1"], ["2", "Phường 7", "82,10", "2"], ["Các xã"],
                ["1", "Xã Tân Lập", "80,00", "1"], ["2", "Xã 3", "70,00", "2"]]


@pytest.mark.parametrize("layout", ["tab", "cells", "spaced", "wrapped"])
@pytest.mark.parametrize("first", ["A. Các đơn vị nhóm 1", "Các phường"])
def test_block_headings_named_by_kind_or_numbered_group_open_their_blocks(layout: str, first: str) -> None:
    rows = [BLOCKS_NAMED[0], [first], *BLOCKS_NAMED[2:]]
    sep = {"tab": "\t", "spaced": "   ", "wrapped": " "}.get(layout, "")
    r = parse_cells(rows) if layout == "cells" else parse_paste("\n".join(sep.join(row) for row in rows))
    assert [pick(row, "unit", "block", "rank") for row in data_rows(r)] == [
        ("Phường Mộ Lao", first, 1), ("Phường 7", first, 2), ("Xã Tân Lập", "Các xã", 1), ("Xã 3", "Các xã", 2)]
    assert [(f.code, f.line) for f in r.findings] == [("paste_block", 2), ("paste_block", 5)]
    assert r.understood


CRITERIA_CODED = [["STT", "Mã", "Tiêu chí", "Điểm tối đa", "Điểm thẩm định", "Điểm bị trừ", "Lý do trừ điểm",
                   "Đơn vị chịu trách nhiệm"],
                  ["1", "1.1", "Ban hành kế hoạch CCHC năm", "1", "0,5", "0,5", "Chậm 188 ngày",
                   "Văn phòng - Thống kê"],
                  ["2", "2.1", "Tỷ lệ hồ sơ đúng hạn", "3", "1,5", "1,5", "Trễ 12/1.248 hồ sơ", "Bộ phận một cửa"]]


def _rendered(rows: list[list[str]], layout: str) -> str:
    if layout == "lines":  # one cell per line
        return "\n".join(c for row in rows for c in row if c) + "\n"
    if layout == "spaced":
        widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
        return "\n".join("   ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows) + "\n"
    return "\n".join({"tab": "\t", "unaligned": "   ", "wrapped": " "}[layout].join(row) for row in rows) + "\n"


@pytest.mark.parametrize("layout", ["tab", "spaced", "unaligned", "wrapped", "lines"])
def test_a_code_column_beside_the_criterion_and_the_unit_responsible(layout: str) -> None:
    # "Mã" + "Tiêu chí" on one line are two columns, not "Mã tiêu chí"; "Đơn vị chịu trách nhiệm" is the unit
    # responsible, not a units column
    r = parse_paste(_rendered(CRITERIA_CODED, layout))
    assert r.kind == "criteria"
    assert [c["role"] for c in r.column_map] == ["stt", "code", "name", "max", "appraised", "deducted", "reason",
                                                 "responsible"]
    assert [pick(row, "stt", "code", "name", "max", "appraised", "deducted", "reason", "responsible")
            for row in data_rows(r)] == [
        (1, "1.1", "Ban hành kế hoạch CCHC năm", D("1"), D("0.5"), D("0.5"), "Chậm 188 ngày", "Văn phòng - Thống kê"),
        (2, "2.1", "Tỷ lệ hồ sơ đúng hạn", D("3"), D("1.5"), D("1.5"), "Trễ 12/1.248 hồ sơ", "Bộ phận một cửa")]
    assert r.understood


@pytest.mark.parametrize("layout", ["tab", "spaced", "wrapped", "lines"])
def test_criteria_codes_under_a_serial_column_with_their_total(layout: str) -> None:
    rows = [["TT", "Tiêu chí", "Điểm tối đa", "Điểm thẩm định", "Điểm bị trừ", "Lý do trừ điểm", "Trách nhiệm"],
            ["1.1", "Ban hành kế hoạch CCHC năm", "1", "0,5", "0,5", "Chậm 188 ngày so với quy định 15 ngày",
             "Văn phòng - Thống kê"],
            ["1.2", "Báo cáo CCHC định kỳ", "2", "1", "1", "Thiếu 2 báo cáo quý", "Công chức Văn phòng"],
            ["Tổng cộng", "", "3", "1,5", "1,5", "", ""]]
    r = parse_paste(_rendered(rows, layout))
    assert [pick(row, "code", "max", "appraised", "deducted", "reason", "responsible") for row in data_rows(r)] == [
        ("1.1", D("1"), D("0.5"), D("0.5"), "Chậm 188 ngày so với quy định 15 ngày", "Văn phòng - Thống kê"),
        ("1.2", D("2"), D("1"), D("1"), "Thiếu 2 báo cáo quý", "Công chức Văn phòng")]
    assert [pick(row, "max", "appraised", "deducted") for row in role_rows(r, "total")] == [
        (D("3"), D("1.5"), D("1.5"))]
    assert r.understood


def test_a_reason_line_opening_with_the_next_serial_is_no_row_when_rows_open_with_their_code() -> None:
    # "Thiếu" / "2 báo cáo quý …": row 2 opens later with its serial and its criterion's code
    r = parse_paste("STT Mã Tiêu chí Điểm tối đa Điểm thẩm\nđịnh Điểm bị trừ Lý do trừ điểm Trách\nnhiệm\n"
                    "1 1.2 Kiểm tra công tác CCHC 3 0 3 Thiếu\n2 báo cáo quý Bộ phận một cửa\n"
                    "2 2.3 Báo cáo CCHC định kỳ 1 0,25 0,75 1\nvăn bản chưa đúng thể thức Công chức Tư\n"
                    "pháp - Hộ tịch\n")
    assert [pick(row, "line", "code", "deducted", "reason", "responsible") for row in data_rows(r)] == [
        (4, "1.2", D("3"), "Thiếu 2 báo cáo quý", "Bộ phận một cửa"),
        (6, "2.3", D("0.75"), "1 văn bản chưa đúng thể thức", "Công chức Tư pháp - Hộ tịch")]
    assert r.understood


def test_words_in_a_code_column_are_said_not_taken_for_a_code() -> None:
    r = parse_paste("STT\tMã\tTiêu chí\tĐiểm tối đa\tĐiểm thẩm định\n1\t1.1\tKế hoạch CCHC\t2\t1,5\n"
                    "2\txem ghi chú bên dưới\tBáo cáo CCHC\t1\t1\n")
    assert [pick(row, "stt", "code") for row in data_rows(r)] == [(1, "1.1"), (2, None)]
    assert [(f.code, f.line, dict(f.params)["column"]) for f in r.findings if f.code == "paste_unreadable"] == [
        ("paste_unreadable", 3, "Mã")]
    assert not r.understood


def test_a_responsible_unit_wrapped_after_its_lead_keeps_the_lead() -> None:
    # "… quy định Công chức Văn" / "phòng": the unit is "Công chức Văn phòng", not "Văn phòng"
    r = parse_paste("STT Mã Tiêu chí Điểm tối đa Điểm thẩm\nđịnh Điểm bị trừ Lý do trừ điểm Trách\nnhiệm\n"
                    "1 1.1 Tuyên truyền CCHC 4 1,75 2,25 Chậm\n188 ngày so với quy định Công chức Văn\nphòng\n"
                    "2 2.3 Kiểm tra công tác CCHC 1 0,5 0,5\nBan hành ngày 01/03/2023, chậm 15 ngày\n"
                    "Công chức Tư pháp - Hộ tịch\n")
    assert [pick(row, "reason", "responsible") for row in data_rows(r)] == [
        ("Chậm 188 ngày so với quy định", "Công chức Văn phòng"),
        ("Ban hành ngày 01/03/2023, chậm 15 ngày", "Công chức Tư pháp - Hộ tịch")]


CELL_PER_LINE_HEADER = "STT\nMã\nTiêu chí\nĐiểm tối đa\nĐiểm thẩm định\nĐiểm bị trừ\nLý do trừ điểm\nTrách nhiệm\n"


def test_one_cell_per_line_a_figure_equal_to_the_next_serial_stays_in_its_row() -> None:
    # row 2 deducts "3", and no row 3 follows: a serial alone is followed by its criterion's code
    r = parse_paste(CELL_PER_LINE_HEADER + "1\n3.1\nTuyên truyền CCHC\n2\n0,25\n1,75\nThiếu 2 báo cáo quý\n"
                    "Chủ tịch UBND\n2\n4.2\nCập nhật văn bản QPPL\n4\n1\n3\nThiếu 2 báo cáo quý\nCông chức Văn phòng\n")
    assert [pick(row, "stt", "code", "max", "appraised", "deducted", "reason", "responsible")
            for row in data_rows(r)] == [
        (1, "3.1", D("2"), D("0.25"), D("1.75"), "Thiếu 2 báo cáo quý", "Chủ tịch UBND"),
        (2, "4.2", D("4"), D("1"), D("3"), "Thiếu 2 báo cáo quý", "Công chức Văn phòng")]
    assert r.understood


def test_one_cell_per_line_a_total_label_alone_takes_the_figures_below_it() -> None:
    # "Tổng cộng" then "3": the total's maximum, not row 3 (the next line is a figure, not a criterion's code)
    r = parse_paste(CELL_PER_LINE_HEADER + "1\n3.1\nKiểm tra công tác CCHC\n1\n0,25\n0,75\n"
                    "1 văn bản chưa đúng thể thức\nBộ phận một cửa\n2\n3.2\nThực hiện cơ chế một cửa\n2\n0\n2\n"
                    "1 văn bản chưa đúng thể thức\nBộ phận một cửa\nTổng cộng\n3\n0,25\n2,75\n")
    assert [pick(row, "code", "responsible") for row in data_rows(r)] == [
        ("3.1", "Bộ phận một cửa"), ("3.2", "Bộ phận một cửa")]
    assert [pick(row, "label", "max", "appraised", "deducted") for row in role_rows(r, "total")] == [
        ("Tổng cộng", D("3"), D("0.25"), D("2.75"))]
    assert r.findings == [] and r.understood


def test_a_word_in_a_code_column_is_said() -> None:
    r = parse_paste("STT\tMã\tTiêu chí\tĐiểm tối đa\tĐiểm thẩm định\n1\t1.1\tKế hoạch CCHC\t2\t1,5\n"
                    "2\tThiếu\tBáo cáo CCHC\t1\t1\n3\tA\tTuyên truyền\t1\t1\n")
    assert [row.get("code") for row in data_rows(r)] == ["1.1", None, "A"]
    assert [(f.code, f.line) for f in r.findings if f.code == "paste_unreadable"] == [("paste_unreadable", 3)]


@pytest.mark.parametrize("sep", ["\t", " "])
def test_dotted_codes_under_ma_make_a_criteria_table_in_every_layout(sep: str) -> None:
    # no "tiêu chí" in the header: the codes 1.1, 1.2 say the rows are criteria, with their maxima
    r = parse_paste("\n".join(sep.join(row) for row in [
        ["Mã", "Nội dung", "Điểm tối đa", "Điểm thẩm định"], ["1.1", "Ban hành kế hoạch", "2", "1,5"],
        ["1.2", "Báo cáo", "3", "2,5"]]))
    assert r.kind == "criteria"
    assert [(x["code"], x["max"], x["appraised"]) for x in data_rows(r)] == [
        ("1.1", Decimal("2"), Decimal("1.5")), ("1.2", Decimal("3"), Decimal("2.5"))]


def test_one_cell_per_line_a_figure_with_a_zero_after_its_point_is_no_criterion_code() -> None:
    # "2.05" between rows 2.4 and 2.6 would be code 2.5 in order; no part of a code opens with a zero: a figure
    r = parse_paste("Mã Tiêu chí Điểm tối đa Điểm thẩm định\n2.4 Ban hành văn bản\n3\n2.05\n"
                    "2.6 Kiểm tra văn bản\n2\n2\n")
    assert [(x["code"], x["max"], x["appraised"]) for x in data_rows(r)] == [
        ("2.4", Decimal("3"), Decimal("2.05")), ("2.6", Decimal("2"), Decimal("2"))]
    assert r.findings == [] and r.understood


def test_a_numeral_that_does_not_rise_opens_no_group() -> None:
    # "I. KẾT LUẬN CHUNG" after group II is the report's next part, not a group of the table: it ends the table
    r = parse_paste("TT Nội dung Điểm tối đa Điểm thẩm định\nI. CHỈ ĐẠO ĐIỀU HÀNH\n1.1 Kế hoạch CCHC 2 2\n"
                    "1.2 Báo cáo CCHC 1 0,5\nII. CẢI CÁCH THỂ CHẾ\n2.1 Ban hành văn bản 3 2,5\nI. KẾT LUẬN CHUNG\n"
                    "1.1 Tổng điểm đạt 5 điểm\n")
    assert [(x["group"], x["code"], x["appraised"]) for x in data_rows(r)] == [
        ("I", "1.1", Decimal("2")), ("I", "1.2", Decimal("0.5")), ("II", "2.1", Decimal("2.5"))]
    assert [g["group"] for g in r.groups] == ["I", "II"]
    assert r.findings == [] and r.understood


def test_one_cell_per_line_ranks_serials_names_and_classes_read_or_said_never_a_crash() -> None:
    # a table of ranks and names only, a serial after the rank: a row may hold no figure before its classification
    r = parse_paste("Xếp hạng\nSTT\nCơ quan, đơn vị\nXếp loại\n1\n1\nSở Nội vụ\nTốt\n2\n2\nSở Tư pháp\nTốt\n"
                    "3\n3\nSở Y tế\nKhá\n4\n4\nSở Xây dựng\nTrung bình\n")
    assert [(x["rank"], x["classification"]) for x in data_rows(r)] == [(1, "Tốt"), (2, "Tốt"), (3, "Khá"),
                                                                         (4, "Trung bình")]
    assert not r.understood and "paste_row_without_name" in {f.code for f in r.findings}


@pytest.mark.parametrize("header, role, cells", [
    ("Kết quả Chỉ số CCHC (%)", "index_pct", ("88,50%", "80,25%")),
    ("KẾT QUẢ CHỈ SỐ", "index_pct", ("88,50%", "80,25%")),
    ("Kết quả Xếp hạng", "rank", ("1", "2")), ("Điểm CCHC", "total", ("88,50", "80,25"))])
def test_a_score_header_led_by_a_word_that_names_nothing(header: str, role: str, cells: tuple[str, str]) -> None:
    r = parse_paste(f"STT\tĐơn vị\t{header}\n1\tPhường An Phú\t{cells[0]}\n2\tXã Bình Minh\t{cells[1]}\n")
    assert [c["role"] for c in r.column_map] == ["stt", "unit", role]
    assert "paste_column_unused" not in [f.code for f in r.findings]


def test_a_header_line_reading_so_is_no_block_of_departments() -> None:
    # "SỐ", the end of "Chỉ số" wrapped onto its own line, folds to "so" as "Sở" does; a block's name needs "Sở"
    r = parse_paste("Kết quả năm 2024\nSTT ĐƠN VỊ\nKẾT QUẢ CHỈ\nSỐ\n1 Phường An Lạc 55,00%\n2 Xã Tân Kiên 56,00%\n")
    assert [c["role"] for c in r.column_map] == ["stt", "unit", "index_pct"]
    assert [(row["unit"], row["index_pct"]) for row in data_rows(r)] == [
        ("Phường An Lạc", Decimal("55.00")), ("Xã Tân Kiên", Decimal("56.00"))]


@pytest.mark.parametrize("layout", ["tab", "spaced", "wrapped"])
@pytest.mark.parametrize("changes, read", [
    (("↑2", "↓1", "▲1", "▼3"), ("2", "-1", "1", "-3")),
    (("(+2)", "(-1)", "0", "(-3)"), ("2", "-1", "0", "-3")),
    (("Tăng 2 bậc", "Giảm 1 bậc", "Giữ nguyên", "Tăng 3 bậc"), ("2", "-1", "0", "3")),
    (("tăng 0,5 điểm", "giảm 1,25 điểm", "Không đổi", "+3"), ("0.5", "-1.25", "0", "3")),
])
def test_changes_written_with_arrows_brackets_or_words_are_signed_figures(
        layout: str, changes: tuple[str, ...], read: tuple[str, ...]) -> None:
    rows = [["STT", "Đơn vị", "Chỉ số CCHC (%)", "Xếp hạng", "Tăng/giảm so với năm 2023"]] + [
        [str(k), f"Phường {name}", index, str(k), change]
        for k, (name, index, change) in enumerate(zip("ABCD", ("91,50", "90,20", "88,00", "87,10"), changes), 1)]
    sep, width = {"tab": ("\t", 0), "spaced": ("   ", 18), "wrapped": (" ", 0)}[layout]
    r = parse_paste("".join(sep.join(c.ljust(width) for c in row).rstrip() + "\n" for row in rows))
    assert r.layout == layout
    assert [row["change"] for row in data_rows(r)] == [D(x) for x in read]
    assert r.understood and [f.code for f in r.findings if f.severity.value != "info"] == []


@pytest.mark.parametrize("layout", ["tab", "spaced", "wrapped", "lines"])
@pytest.mark.parametrize("mark", ["*", "(*)", " (*)", " **"])
def test_a_figure_with_a_footnote_mark_is_read_and_said_and_a_name_keeps_its_own(layout: str, mark: str) -> None:
    # "(*) Số liệu tạm tính" under a table marks some figures, and as often some names: "Phường 4 (*)". A figure's
    # mark must not turn it into words, and a name's number with its mark is no figure
    rows = [["STT", "Đơn vị", "Chỉ số CCHC (%)", "Xếp hạng"],
            ["1", "Phường Bến Nghé", "91,50" + mark, "1"],
            ["2", "Phường 4" + mark.strip(), "90,20", "2"],
            ["3", "Phường Tân Định", "88,00", "3"]]
    text = _rendered(rows, layout) + "\n(*) Số liệu tạm tính\n"
    r = parse_paste(text)
    assert [pick(row, "stt", "unit", "index_pct", "rank") for row in data_rows(r)] == [
        (1, "Phường Bến Nghé", D("91.50"), 1), (2, "Phường 4" + mark.strip(), D("90.20"), 2),
        (3, "Phường Tân Định", D("88.00"), 3)]
    footnote_line = data_rows(r)[0]["cells"]["index_pct"][0]
    assert [(f.code, f.line) for f in r.findings if f.code == "paste_figure_footnote"] == [("paste_figure_footnote",
                                                                                             footnote_line)]
    assert r.understood


NUMBERED_HEADER = [["STT (1)", "Phường (2)", "Điểm thẩm định (70) (3)", "Điểm ĐTXHH (30) (4)", "Tổng điểm (5)=(3)+(4)",
                    "Chỉ số CCHC (%) (6)", "Xếp hạng (7)"],
                   ["1", "Phường Hà Cầu", "62,50", "28,25", "90,75", "90,75%", "1"],
                   ["2", "Phường Kiến Hưng", "60,10", "27,40", "87,50", "87,50%", "2"],
                   ["3", "Phường La Khê", "71,00", "14,00", "85,00", "85,00%", "3"]]


@pytest.mark.parametrize("layout", ["tab", "spaced", "unaligned", "wrapped", "lines"])
def test_the_columns_numbers_in_their_header_cells_are_no_maxima(layout: str) -> None:
    # "Tổng điểm (5)" is the fifth column, not a total out of 5: read so, every total would be "above its maximum";
    # "(70)" between "Điểm thẩm định" and "(3)" is still that column's maximum, which La Khê's 71 passes
    r = parse_paste(_rendered(NUMBERED_HEADER, layout))
    assert [c["role"] for c in r.column_map] == ["stt", "unit", "appraised", "survey", "total", "index_pct", "rank"]
    assert [pick(row, "unit", "appraised", "survey", "total", "index_pct", "rank") for row in data_rows(r)] == [
        ("Phường Hà Cầu", D("62.50"), D("28.25"), D("90.75"), D("90.75"), 1),
        ("Phường Kiến Hưng", D("60.10"), D("27.40"), D("87.50"), D("87.50"), 2),
        ("Phường La Khê", D("71.00"), D("14.00"), D("85.00"), D("85.00"), 3)]
    la_khe = data_rows(r)[2]["cells"]["appraised"][0]
    assert [(f.code, f.line) for f in r.findings if f.severity.value != "info"] == [("paste_above_max", la_khe)]


@pytest.mark.parametrize("layout", ["tab", "spaced", "wrapped", "lines"])
def test_a_lone_score_header_with_a_footnote_mark_is_the_score(layout: str) -> None:
    r = parse_paste(_rendered([["Xếp hạng", "Đơn vị", "Điểm (*)"], ["1", "Thanh tra thành phố", "94,71"],
                               ["2", "Sở Tài chính", "92,99"]], layout) + "(*) Điểm tạm tính\n")
    assert [c["role"] for c in r.column_map] == ["rank", "unit", "total"]
    assert [pick(row, "rank", "unit", "total") for row in data_rows(r)] == [
        (1, "Thanh tra thành phố", D("94.71")), (2, "Sở Tài chính", D("92.99"))]
    assert r.understood


def test_a_header_wrapped_inside_a_phrase_without_diacritics_goes_on() -> None:
    # "Ket qua chi" / "so Ket": "chỉ số" goes on over the break; alone, "so Ket" would open a department's name ("Sở")
    r = parse_paste("Kết quả năm 2024\nStt Don vi\nKet qua chi\nso Ket\nqua diem\ntham dinh\n"
                    "1 Phường An Lạc 55,00% 40,00\n2 Xã Tân Kiên 56,00% 41,00\n")
    assert [c["role"] for c in r.column_map] == ["stt", "unit", "index_pct", "appraised"]
    assert [pick(row, "unit", "index_pct", "appraised") for row in data_rows(r)] == [
        ("Phường An Lạc", D("55.00"), D("40.00")), ("Xã Tân Kiên", D("56.00"), D("41.00"))]
    assert r.understood


def test_a_header_cells_mark_wrapped_onto_the_next_line_goes_on_with_the_header() -> None:
    # "Kết quả Điểm thẩm định (*)" cut after "thẩm định": "(*) Kết quả" opens a line of header words, no note
    r = parse_paste("Kết quả năm 2024\nSTT Đơn vị\nKết quả Điểm\nthẩm định\n(*) Kết quả\nĐiểm điều\ntra xã hội\n"
                    "học Kết quả\nTổng điểm\n1 Phường An Lạc 40,00 15,00 55,00\n2 Xã Tân Kiên 41,00 15,50 56,50\n")
    assert [c["role"] for c in r.column_map] == ["stt", "unit", "appraised", "survey", "total"]
    assert [pick(row, "unit", "appraised", "survey", "total") for row in data_rows(r)] == [
        ("Phường An Lạc", D("40.00"), D("15.00"), D("55.00")), ("Xã Tân Kiên", D("41.00"), D("15.50"), D("56.50"))]
    assert r.understood



@pytest.mark.parametrize("text", [
    "STT Đơn vị Chỉ số Xếp hạng\n1 Phường A 90,10 1\n2 Phường B 88,20 2\n…\n20 Phường T 70,05 20\n",
    "STT   Đơn vị     Chỉ số   Xếp hạng\n1     Phường A   90,10    1\n2     Phường B   88,20    2\n"
    "...   ...        ...      ...\n20    Phường T   70,05    20\n",
    "STT\tĐơn vị\tChỉ số\tXếp hạng\n1\tPhường A\t90,10\t1\n2\tPhường B\t88,20\t2\n(...)\t\t\t\n"
    "20\tPhường T\t70,05\t20\n",
    "STT\nĐơn vị\nChỉ số\nXếp hạng\n1\nPhường A\n90,10\n1\n2\nPhường B\n88,20\n2\n. . .\n20\nPhường T\n70,05\n20\n",
])
def test_an_excerpts_mark_lets_the_numbering_jump_and_is_said(text: str) -> None:
    r = parse_paste(text)
    assert [pick(x, "stt", "unit", "rank") for x in data_rows(r)] == [(1, "Phường A", 1), (2, "Phường B", 2),
                                                                      (20, "Phường T", 20)]
    assert [f.code for f in r.findings if f.severity.value != "info"] == []
    assert [f.code for f in r.findings if f.code.startswith("paste_rows")] == ["paste_rows_omitted"] and r.understood


def test_an_excerpts_mark_in_cells_is_said() -> None:
    r = parse_cells([["STT", "Đơn vị", "Tổng điểm"], [1, "Phường A", 90], [2, "Phường B", 85], ["…", "…", "…"],
                     [9, "Phường I", 60]])
    assert [pick(x, "stt", "unit") for x in data_rows(r)] == [(1, "Phường A"), (2, "Phường B"), (9, "Phường I")]
    assert [(f.code, f.line) for f in r.findings] == [("paste_rows_omitted", 4)]


def test_without_an_excerpts_mark_a_jump_in_pdf_numbering_is_no_row() -> None:
    # "20" is no row's number after "2" unless the table marks the rows it leaves out: said, not read as a row
    r = parse_paste("STT Đơn vị Chỉ số Xếp hạng\n1 Phường A 90,10 1\n2 Phường B 88,20 2\n20 Phường T 70,05 20\n")
    assert len(data_rows(r)) == 2 and not r.understood
