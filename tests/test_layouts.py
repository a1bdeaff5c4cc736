"""Score sheets as officials keep them: every layout in tests/layouts.py read end to end.

Totals, indices and deductions below are worked out by hand from the cells written in the layout.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from parxl.analyse import Analysis, analyse
from parxl.numbers import round_dp
from tests.support.layouts import (
    FUNCTION_LEAVES,
    chi_tieu_header,
    code_column_and_serial,
    functions_without_results,
    letters_and_bullets,
    listed_sheets,
    na_wordings_and_wrong_total,
    roman_number_letter,
    running_serial,
    running_serial_letters_survey,
    sections_a_b,
    several_sheets,
    subtotals_and_wordings,
    uncomputable,
)


def run(data: bytes) -> Analysis:
    return analyse(data, "layout.xlsx")


def errors(a: Analysis) -> list[tuple[str, str, str]]:
    return [(f.code, f.sheet, f.cell) for f in a.errors]


def codes(a: Analysis) -> set[tuple[str, str, str]]:
    return {(f.code, f.sheet, f.cell) for f in a.findings}


def deductions(a: Analysis) -> list[tuple[str, Decimal]]:
    return [(d.code, d.deducted) for d in a.result.deductions]


def index(a: Analysis) -> Decimal:
    return round_dp(a.result.totals.index_pct, 2)


def test_several_sheets_are_one_tree_and_a_copy_of_last_year_is_left_out():
    a = run(several_sheets())
    assert errors(a) == []
    assert a.sheet.sheets == ["Khung (1-2)", "Khung (3-4)"]
    assert [r.code for r in a.result.areas] == ["1", "2", "3", "4"]
    t = a.result.totals
    assert (t.max, t.self, t.appraised, t.points) == (Decimal(10), Decimal(9), Decimal("8.5"), Decimal("8.5"))
    assert index(a) == Decimal("85.00")
    assert deductions(a) == [("1.2", Decimal("0.5")), ("3.1", Decimal(1))]
    assert ("sheets_read", "Khung (1-2)", "") in codes(a)
    assert ("sheets_not_read", "Năm 2024", "") in codes(a)
    assert a.sheet.total_row is not None and a.sheet.total_row.sheet == "Khung (3-4)"
    assert ("missing_evidence", "Khung (3-4)", "D5") in codes(a)
    assert a.settings.year == 2025


def test_several_sheets_total_mismatch_names_the_last_sheet():
    from tests.support.layouts import HEADER5, book

    data = book({"Khung A": [HEADER5, ["I", "A", 2, 2, 2], ["1.1", "a", 2, 2, 2]],
                 "Khung B": [HEADER5, ["II", "B", 1, 1, 1], ["2.1", "b", 1, 1, 1], [None, "Tổng cộng", 3, 3, 2]]})
    a = run(data)
    assert errors(a) == [("total_mismatch", "Khung B", "E4")]


def test_running_serial_codes_in_names_and_total_on_top():
    a = run(running_serial())
    assert errors(a) == []
    assert [r.code for r in a.sheet.rows if r.path] == ["1", "1.1", "1.1.1", "1.1.2", "1.2", "2", "2.1"]
    t = a.result.totals
    assert (t.max, t.points) == (Decimal(7), Decimal("5.75"))  # not 7 + 7 counted twice by STT
    assert index(a) == Decimal("82.14")
    assert deductions(a) == [("1.1.2", Decimal("0.5")), ("2.1", Decimal("0.75"))]
    assert a.sheet.total_row is not None and a.sheet.total_row.row == 3
    assert a.sheet.rows[1].name == "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"


def test_running_serial_total_on_top_is_checked():
    from tests.support.layouts import book

    data = book({"Bảng điểm": [["STT", "Nội dung", "Thang điểm", "Tự chấm"], [None, "Tổng số", 5, 4],
                               [1, "I. A", 2, 2], [2, "1.1. a", 2, 2], [3, "II. B", 2, 1], [4, "2.1. b", 2, 1]]})
    a = run(data)
    assert errors(a) == [("total_mismatch", "Bảng điểm", "C2"), ("total_mismatch", "Bảng điểm", "D2")]


def test_roman_number_letter_scheme_and_na():
    a = run(roman_number_letter())
    assert errors(a) == []
    assert [r.code for r in a.sheet.rows if r.path] == ["1", "1.1", "1.1.1", "1.1.2", "1.2", "2", "2.1", "3", "3.1"]
    t = a.result.totals
    assert (t.max, t.self, t.points) == (Decimal(7), Decimal("5.5"), Decimal("5.5"))
    assert index(a) == Decimal("78.57")
    assert a.result.basis == "self"
    assert deductions(a) == [("1.1.2", Decimal(1)), ("2.1", Decimal("0.5"))]
    assert [(r.code, r.max) for r in a.result.areas] == [("1", 4), ("2", 3), ("3", 0)]


def test_letters_and_bullets():
    a = run(letters_and_bullets())
    assert errors(a) == []
    assert [r.code for r in a.sheet.rows if r.path] == ["1", "1.1", "1.1.1", "1.1.2", "1.2", "2", "2.1", "2.1.1",
                                                         "2.1.2"]
    t = a.result.totals
    assert (t.max, t.self, t.appraised) == (Decimal(8), Decimal(8), Decimal("6.5"))
    assert index(a) == Decimal("81.25")
    assert deductions(a) == [("1.1.2", Decimal(1)), ("2.1.2", Decimal("0.5"))]
    assert not any(f.code == "bad_code" for f in a.findings)


def test_sections_a_and_b_restart_numbering_without_duplicates():
    a = run(sections_a_b())
    assert errors(a) == []
    assert not any(f.code == "duplicate_code" for f in a.findings)
    assert [(r.code, r.survey) for r in a.result.areas] == [("1", False), ("2", False), ("3", False), ("B", True)]
    t = a.result.totals
    assert (t.max, t.survey, t.survey_max, t.points) == (Decimal(12), Decimal("3.1"), Decimal(4), Decimal("9.6"))
    assert index(a) == Decimal("80.00")
    assert deductions(a) == [("2.1", Decimal(1)), ("3.1", Decimal("0.5"))]


def test_every_listed_function_without_stored_results():
    a = run(functions_without_results())
    assert errors(a) == []
    leaves = [r for r in a.sheet.rows if len(r.path) == 2]
    assert [r.appraised for r in leaves] == [Decimal(v) for _, v in FUNCTION_LEAVES]
    t = a.result.totals
    assert (t.max, t.self, t.appraised) == (Decimal(17), Decimal(17), Decimal("10.36"))
    assert index(a) == Decimal("60.94")
    assert len(a.result.deductions) == 14
    assert ("formula_recomputed", "Bảng điểm", "C2") in codes(a)


def test_what_cannot_be_computed_is_an_error_with_its_cell():
    a = run(uncomputable())
    found = {(f.code, f.cell): dict(f.params) for f in a.findings if f.code == "formula_uncomputable"}
    assert set(found) == {("formula_uncomputable", c) for c in ("E3", "E4", "E5", "E6")}
    assert found[("formula_uncomputable", "E3")]["function"] == "XLOOKUP"
    assert found[("formula_uncomputable", "E4")]["function"] == "độ dài"
    assert found[("formula_uncomputable", "E6")]["function"] == "lồng nhau"
    assert ("figures_uncomputed", "Bảng điểm", "E3") in codes(a)
    assert a.result.basis == "appraised"  # never silently the self scores
    assert a.result.totals.uncomputed
    assert [(r.code, r.uncomputed) for r in a.result.areas] == [("1", True), ("2", False)]
    assert a.result.deductions == []
    assert not any(f.code == "self_basis" for f in a.findings)
    leaf = next(r for r in a.sheet.rows if r.code == "2.1")
    assert leaf.appraised == Decimal(2)


def test_check_exits_1_on_what_cannot_be_computed(tmp_path, capsys):
    from typer.testing import CliRunner

    from parxl.cli import app

    path = tmp_path / "khong_tinh_duoc.xlsx"
    path.write_bytes(uncomputable())
    result = CliRunner().invoke(app, ["check", str(path), "--json"])
    assert result.exit_code == 1
    assert '"formula_uncomputable"' in result.output
    import json

    data = json.loads(result.output)
    assert data["uncomputed"] == {"totals": True, "areas": ["1"]}
    assert {(f["code"], f["cell"]) for f in data["findings"] if f["severity"] == "error"} == {
        ("formula_uncomputable", "E3"), ("formula_uncomputable", "E4"), ("formula_uncomputable", "E5"),
        ("formula_uncomputable", "E6"), ("figures_uncomputed", "E3")}


def test_subtotals_and_wordings():
    a = run(subtotals_and_wordings())
    assert errors(a) == [("subtotal_mismatch", "Bảng điểm", "D7")]
    assert a.sheet.total_row is not None and a.sheet.total_row.row == 8
    t = a.result.totals
    assert (t.max, t.points) == (Decimal(5), Decimal("4.5"))
    assert index(a) == Decimal("90.00") and t.classification == "Xuất sắc"
    assert deductions(a) == [("2.1", Decimal("0.5"))]


def test_na_wordings_and_a_wrong_total_row():
    a = run(na_wordings_and_wrong_total())
    assert errors(a) == [("total_mismatch", "Bảng điểm", "D9")]
    assert [r.na for r in a.sheet.rows if r.code in ("1.2", "1.3", "1.4")] == [True, True, True]
    t = a.result.totals
    assert (t.max, t.points) == (Decimal(4), Decimal("3.25"))
    assert index(a) == Decimal("81.25")
    assert deductions(a) == [("2.1", Decimal("0.75"))]


def test_chi_tieu_header_does_not_swallow_the_first_row():
    a = run(chi_tieu_header())
    assert errors(a) == []
    assert a.sheet.header_row == 2
    assert a.sheet.columns["name"] == 2
    assert [r.code for r in a.sheet.rows if r.path] == ["1", "1.1", "1.2", "2", "2.1"]
    assert (a.result.totals.max, a.result.totals.points) == (Decimal(5), Decimal("4.5"))
    assert deductions(a) == [("1.2", Decimal("0.5"))]


def test_code_column_beside_a_running_serial():
    a = run(code_column_and_serial())
    assert errors(a) == []
    assert a.sheet.columns["code"] == 2 and a.sheet.columns["serial"] == 1
    assert [r.code for r in a.sheet.rows if r.path] == ["1", "1.1", "1.1.1", "1.1.2", "1.2", "2", "2.1"]
    assert (a.result.totals.max, a.result.totals.points) == (Decimal(6), Decimal(5))
    assert index(a) == Decimal("83.33")
    assert deductions(a) == [("1.2", Decimal(1))]


def test_sheets_listed_in_the_settings():
    a = run(listed_sheets())
    assert errors(a) == []
    assert a.sheet.sheets == ["Phần một", "Phần hai"]
    assert (a.result.totals.max, a.result.totals.points) == (Decimal(5), Decimal("3.5"))
    assert index(a) == Decimal("70.00") and a.result.totals.classification == "Khá"
    assert deductions(a) == [("2.1", Decimal("1.5"))]
    assert ("missing_evidence", "Phần hai", "D6") in codes(a)
    assert a.settings.year == 2025


def test_listed_sheet_missing_is_an_error():
    from tests.support.layouts import book

    data = book({"Cấu hình": [["Trang bảng điểm", "Phần ba"]],
                 "Bảng": [["STT", "Nội dung", "Điểm tối đa", "Tự chấm"], ["1", "A", 1, 1]]})
    a = run(data)
    assert ("sheet_listed_missing", "Cấu hình", "") in codes(a)
    assert a.sheet.sheet == "Bảng"


def test_running_serial_letters_and_a_survey_block():
    a = run(running_serial_letters_survey())
    assert errors(a) == []
    assert [r.code for r in a.sheet.rows if r.path] == ["1", "1.1", "1.2", "2", "2.1", "ĐTXHH", "ĐTXHH.1", "ĐTXHH.2"]
    t = a.result.totals
    assert (t.max, t.survey, t.points) == (Decimal(7), Decimal("1.5"), Decimal("5.5"))
    assert index(a) == Decimal("78.57")
    assert deductions(a) == [("1.1", Decimal(1))]


@pytest.mark.parametrize("make", [several_sheets, running_serial, roman_number_letter, letters_and_bullets,
                                  sections_a_b, functions_without_results, chi_tieu_header, code_column_and_serial,
                                  listed_sheets, running_serial_letters_survey])
def test_no_false_errors_and_no_bad_codes(make):
    a = run(make())
    assert a.errors == []
    assert not any(f.code in ("bad_code", "duplicate_code", "orphan_code") for f in a.findings)


@pytest.mark.parametrize("label", ["Tổng cộng", "Cộng", "Tổng", "Tổng số", "Cộng điểm", "Tổng điểm", "TỔNG CỘNG (I+II)",
                                   "Chỉ số CCHC", "tong cong"])
@pytest.mark.parametrize("on_top", [True, False])
def test_every_totals_wording_at_top_or_bottom_is_checked(label, on_top):
    from tests.support.layouts import book

    body = [["I", "A", 2, 2], ["1.1", "a", 2, 2], ["II", "B", 3, 1], ["2.1", "b", 3, 1]]
    total = [None, label, 5, 4]  # self is 2 + 1 = 3, not 4
    rows = [["STT", "Nội dung", "Điểm tối đa", "Điểm tự đánh giá"], *([total] if on_top else []), *body,
            *([] if on_top else [total])]
    a = run(book({"Bảng điểm": rows}))
    cell = "D2" if on_top else "D6"
    assert errors(a) == [("total_mismatch", "Bảng điểm", cell)]
    assert (a.result.totals.max, a.result.totals.points) == (Decimal(5), Decimal(3))


def test_a_name_that_starts_like_a_total_is_not_one():
    from tests.support.layouts import book

    rows = [["STT", "Nội dung", "Điểm tối đa", "Điểm tự đánh giá"], ["I", "A", 2, 2], ["1.1", "a", 2, 2],
            [None, "Cộng đồng dân cư được lấy ý kiến", None, None], [None, "Tổng hợp ý kiến", 9, 9],
            [None, "Tổng cộng", 2, 2]]
    a = run(book({"Bảng điểm": rows}))
    # "Tổng hợp ý kiến" is a name, not a total; as it holds points but no code, it is reported, never
    # silently left out of the tree
    assert errors(a) == [("row_not_read", "Bảng điểm", "C5")]
    assert [r.row for r in a.sheet.total_rows] == [6]


def test_running_serial_with_unnumbered_section_headings():
    from tests.support.layouts import book

    rows = [["STT", "Nội dung", "Điểm tối đa", "Điểm thẩm định"],
            [None, "A. ĐIỂM THẨM ĐỊNH", 4, 3],
            [1, "I. Chỉ đạo", 4, 3], [2, "1.1. Kế hoạch", 2, 1], [3, "1.2. Báo cáo", 2, 2],
            [None, "B. ĐIỀU TRA XÃ HỘI HỌC", 2, 1.5],
            [4, "1. Tiếp cận", 1, 0.5], [5, "2. Kết quả", 1, 1],
            [None, "Tổng cộng", 6, 4.5]]
    a = run(book({"Bảng điểm": rows}))
    assert errors(a) == []
    assert [r.code for r in a.sheet.rows if r.path] == ["1", "1.1", "1.2", "B", "B.1", "B.2"]
    assert (a.result.totals.max, a.result.totals.survey, a.result.totals.points) == (6, Decimal("1.5"), Decimal("4.5"))
    assert round_dp(a.result.totals.index_pct, 2) == Decimal("75.00")
    assert deductions(a) == [("1.1", Decimal(1))]


def test_a_first_area_row_without_points_is_not_read_as_a_second_header_row():
    from tests.support.layouts import book

    rows = [["TT", "Chỉ tiêu", "Điểm tối đa", "Điểm tự đánh giá", None],
            ["I", "CÔNG TÁC CHỈ ĐẠO", None, None, "Tài liệu kiểm chứng: KH số 12"],
            ["1.1", "Kế hoạch", 2, 1.5, None]]
    a = run(book({"Bảng điểm": rows}))
    assert a.sheet.header_row == 1 and "evidence" not in a.sheet.columns
    assert [r.code for r in a.sheet.rows if r.path] == ["1", "1.1"]
    assert (a.result.totals.max, a.result.totals.points) == (Decimal(2), Decimal("1.5"))


def test_results_sheet_marks_what_cannot_be_computed(tmp_path):
    from openpyxl import load_workbook

    from parxl.workflow import score_file

    path = tmp_path / "khong_tinh_duoc.xlsx"
    path.write_bytes(uncomputable())
    score_file(path)
    ws = load_workbook(path)["Kết quả"]
    labels = {cell.value for row in ws.iter_rows(max_col=3) for cell in row if isinstance(cell.value, str)}
    area_one = next(v for v in labels if v.endswith("(chưa tính được)") and not v.startswith("CHỈ SỐ"))
    assert "CHỈ SỐ CCHC (chưa tính được)" in labels
    assert area_one.startswith(next(a.name for a in run(uncomputable()).result.areas if a.code == "1"))
    assert sum(v.endswith("(chưa tính được)") for v in labels) == 2  # area 1 and the total, not area 2
    assert any(v.startswith("chưa tính được:") for v in labels)  # no classification is given


def test_score_says_what_cannot_be_computed_and_exits_1(tmp_path):
    from typer.testing import CliRunner

    from parxl.cli import app

    path = tmp_path / "khong_tinh_duoc.xlsx"
    path.write_bytes(uncomputable())
    result = CliRunner().invoke(app, ["score", str(path)])
    assert result.exit_code == 1  # written, but the totals are not final
    assert "CHỈ SỐ CCHC (chưa tính được)" in result.output
    assert "Xếp loại: chưa tính được" in result.output
    assert "Kết quả" in __import__("openpyxl").load_workbook(path).sheetnames  # the sheets were written
