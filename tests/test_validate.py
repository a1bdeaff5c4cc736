"""Each validation rule: the code, the cell and the numbers it reports."""

from decimal import Decimal

import pytest

from parxl import vocab
from parxl.analyse import analyse
from parxl.paste import parse_paste
from tests.support.book import make_book

# Header at row 3 (two title rows); data from row 4. Columns: A code, B name, C max, D self, E appraised,
# F evidence, G reason, H responsible.
GOOD = [
    ["I", "Chỉ đạo điều hành", 3, 3, 2.5],
    ["1.1", "Kế hoạch CCHC", 2, 2, 1.5, "QĐ số 1", None, "Văn phòng"],
    ["1.2", "Tuyên truyền", 1, 1, 1, "KH số 2"],
    ["II", "Điều tra xã hội học", 2, None, 2],
    [None, "Tổng cộng", 5, 3, 4.5],
]


def found(rows, **kw):
    analysis = analyse(make_book(rows, **kw), "t.xlsx")
    return analysis, {(f.code, f.cell) for f in analysis.findings}


def test_clean_sheet_has_no_findings():
    analysis, codes = found(GOOD)
    assert codes == set()
    t = analysis.result.totals
    assert (t.max, t.points, t.survey, t.index_pct) == (5, Decimal("4.5"), 2, Decimal(90))


def test_roman_area_code_owns_arabic_children():
    analysis, _ = found(GOOD)
    area = analysis.sheet.areas[0]
    assert area.code == "1" and [c.code for c in area.children] == ["1.1", "1.2"]
    assert analysis.sheet.areas[1].kind.value == "survey"


def test_not_a_number_negative_above_max():
    rows = [r[:] for r in GOOD]
    rows[1] = ["1.1", "Kế hoạch", 2, "hai", 2.5, "QĐ"]
    rows[2] = ["1.2", "Tuyên truyền", 1, 1, -1, "KH"]
    _, codes = found(rows)
    assert ("not_a_number", "D5") in codes
    assert ("above_max", "E5") in codes
    assert ("negative", "E6") in codes


def test_parent_and_total_mismatches():
    rows = [r[:] for r in GOOD]
    rows[0] = ["I", "Chỉ đạo điều hành", 4, 3, 2]
    rows[4] = [None, "TỔNG CỘNG", 5, 3.5, 4.5]
    analysis, codes = found(rows)
    assert ("parent_max_mismatch", "C4") in codes
    assert ("parent_score_mismatch", "E4") in codes
    assert ("total_mismatch", "D8") in codes
    mismatch = next(f for f in analysis.findings if f.code == "parent_score_mismatch")
    assert (mismatch.value, mismatch.expected) == (Decimal(2), Decimal("2.5"))


def test_duplicate_and_orphan_codes():
    rows = GOOD[:3] + [["1.2", "Trùng", 1, 1, 1, "x"], ["3.1.1", "Mồ côi", 1, 1, 1, "x"]] + GOOD[3:]
    analysis, codes = found(rows)
    assert ("duplicate_code", "A7") in codes
    assert ("orphan_code", "A8") in codes
    dup = next(f for f in analysis.findings if f.code == "duplicate_code")
    assert dict(dup.params)["other_row"] == 6


def test_leaf_without_max_and_missing_evidence():
    rows = [r[:] for r in GOOD]
    rows[2] = ["1.2", "Tuyên truyền", None, 1, 1, "KH"]
    rows.insert(3, ["1.3", "Sáng kiến", 1, 0.5, 0.5])
    _, codes = found(rows)
    assert ("leaf_without_max", "C6") in codes
    assert ("missing_evidence", "D7") in codes


def test_appraised_above_self_and_self_basis():
    rows = [r[:] for r in GOOD]
    rows[1] = ["1.1", "Kế hoạch CCHC", 2, 1.5, 2, "QĐ", "lý do"]
    rows[2] = ["1.2", "Tuyên truyền", 1, 1, None, "KH"]
    rows[0] = ["I", "Chỉ đạo", 3, 2.5, None]
    rows[4] = [None, "Tổng cộng", 5, 2.5, None]
    analysis, codes = found(rows)
    assert ("appraised_above_self", "E5") in codes
    assert ("self_basis", "E6") in codes
    assert analysis.result.basis == "appraised"
    assert analysis.result.areas[0].points == 3  # 2 appraised + 1 self


def test_na_leaves_leave_the_applicable_maximum():
    rows = [r[:] for r in GOOD]
    rows[2] = ["1.2", "Tuyên truyền", 1, "Không áp dụng", "KAD"]
    rows[0] = ["I", "Chỉ đạo điều hành", 3, 2, 1.5]
    rows[4] = [None, "Tổng cộng", 5, 2, 3.5]
    analysis, codes = found(rows)
    assert codes == set()
    assert analysis.result.totals.max == 4
    assert analysis.result.totals.index_pct == Decimal("87.5")


@pytest.mark.parametrize("marker", [*vocab.NOT_APPLICABLE, "KHONG AP DUNG", "kad.", "khong cham"])
def test_every_na_marker_of_the_vocabulary_leaves_the_applicable_maximum(marker):
    rows = [r[:] for r in GOOD]
    rows[2] = ["1.2", "Tuyên truyền", 1, marker, marker]
    rows[0] = ["I", "Chỉ đạo điều hành", 3, 2, 1.5]
    rows[4] = [None, "Tổng cộng", 5, 2, 3.5]
    analysis, codes = found(rows)
    assert codes == set()
    assert analysis.result.totals.max == 4


@pytest.mark.parametrize("marker", ["Không chấm", "KAP", "—"])
def test_a_results_table_reads_the_same_na_markers(marker):
    result = parse_paste(f"STT\tĐơn vị\tĐiểm thẩm định\tĐiểm ĐTXHH\tTổng điểm\n1\tPhường A\t60\t{marker}\t60\n"
                         "2\tPhường B\t58\t30\t88\n")
    assert [f.code for f in result.findings if f.code == "paste_unreadable"] == []
    assert [r.get("survey") for r in result.rows] == [None, 30]


RATIO_HEADERS = ("STT", "Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá", "Điểm thẩm định", "Tử số", "Mẫu số",
                 "Tài liệu kiểm chứng", "Cách chấm")


def ratio_rows(*leaves):
    return [["1", "Hiện đại hóa", None, None, None]] + [list(leaf) for leaf in leaves]


def test_ratio_rules_and_rounding_modes():
    rows = ratio_rows(
        ["1.1", "870/901", 1, 1, 0.96, 870, 901, "x"],  # only truncation gives 0.96
        ["1.2", "73/757", 1, 1, 0.32, 73, 757, "x"],  # neither rounding
        ["1.3", "319/461", 1, 1, 0.69, 319, 461, "x"],  # both agree
        ["1.4", "4/3", 1, 1, 1, 4, 3, "x"],
        ["1.5", "x/0", 1, 1, 0, 3, 0, "x"],
        ["1.6", "tử số thiếu", 1, 1, 1, None, 5, "x"],
        ["1.7", "chỉ tiêu", 1, 1, 1, 45, 100, "x", "chỉ tiêu 40%"],
        ["1.8", "bậc", 2, 2, 1, 80, 100, "x", ">=90%: 2; >=70%: 1; còn lại: 0"],
    )
    analysis, codes = found(rows, headers=RATIO_HEADERS)
    assert {c for c in codes if c[0].startswith("ratio")} == {
        ("ratio_other_rounding", "E5"), ("ratio_score_mismatch", "E6"), ("ratio_above_one", "F8"),
        ("ratio_zero_denominator", "G9"), ("ratio_incomplete", "F10"),
    }
    other = next(f for f in analysis.findings if f.code == "ratio_other_rounding")
    assert other.expected == Decimal("0.97")


def test_ratio_under_truncation_setting():
    rows = ratio_rows(["1.1", "870/901", 1, 1, 0.96, 870, 901, "x"], ["1.2", "782/903", 1, 1, 0.87, 782, 903, "x"])
    _, codes = found(rows, headers=RATIO_HEADERS, settings={"Cách làm tròn": "Cắt bỏ"})
    assert {c for c in codes if c[0].startswith("ratio")} == {("ratio_other_rounding", "E6")}


def test_total_max_from_settings():
    _, codes = found(GOOD, settings={"Tổng điểm tối đa": 100})
    assert ("total_max_not_expected", "C8") in codes


def test_bad_settings_are_reported_with_their_cell():
    _, codes = found(GOOD, settings={"Cách làm tròn": "tùy", "Năm đánh giá": "hai nghìn", "Màu sắc": "xanh"})
    assert ("setting_invalid", "B2") in codes
    assert ("setting_invalid", "B3") in codes
    assert ("setting_unknown", "A4") in codes


def test_formulas_without_cached_values_are_recomputed():
    rows = [r[:] for r in GOOD]
    rows[0] = ["I", "Chỉ đạo điều hành", "=SUM(C5:C6)", "=SUM(D5:D6)", "=SUM(E5:E6)"]
    rows[4] = [None, "Tổng cộng", "=C4+C7", "=D4+D7", "=E4+E7"]
    analysis, codes = found(rows)
    assert codes == {("formula_recomputed", "C4")}
    assert analysis.result.totals.points == Decimal("4.5")


def test_text_number_is_read_and_flagged():
    rows = [r[:] for r in GOOD]
    rows[1] = ["1.1", "Kế hoạch CCHC", 2, 2, "1,5", "QĐ số 1"]
    analysis, codes = found(rows)
    assert codes == {("text_number", "E5")}
    assert analysis.result.areas[0].points == Decimal("2.5")


def test_report_date_typed_as_a_date_cell():
    from datetime import datetime

    analysis, _ = found(GOOD, settings={"Ngày báo cáo": datetime(2024, 2, 27), "Số báo cáo": "20/BC-UBND"})
    assert analysis.settings.report_date == "27/02/2024"


def test_a_scored_row_without_a_code_is_an_error_at_its_cell():
    rows = [r[:] for r in GOOD]
    rows.insert(2, [None, "Tiêu chí bị xoá mất mã", 1, 1, 0.5])  # row 6: points that no criterion owns
    rows.insert(3, [None, None, None, None, "0,5"])  # row 7: a figure typed as text, nothing else
    rows.insert(4, [None, "Ghi chú: tài liệu bổ sung", None, None, None])  # row 8: a note, no figure
    analysis, codes = found(rows)
    skipped = sorted((f.cell, f.value, dict(f.params)["row"]) for f in analysis.findings if f.code == "row_not_read")
    assert skipped == [("C6", "Tiêu chí bị xoá mất mã", 6), ("E7", "0,5", 7)]
    assert all(f.severity.value == "error" for f in analysis.findings if f.code == "row_not_read")
    assert analysis.errors


def test_an_unreadable_code_on_a_scored_row_is_an_error_and_on_a_bare_row_a_warning():
    rows = [r[:] for r in GOOD]
    rows.insert(2, ["x.1", "Mã gõ nhầm", 1, 1, 1])  # row 6
    rows.insert(3, ["x.2", "Dòng hướng dẫn", None, None, None])  # row 7: a code, no figure, no cell
    analysis, codes = found(rows)
    assert ("row_not_read", "A6") in codes
    assert ("bad_code", "A7") not in codes  # no score cell at all: guidance text, nothing lost
    assert not any(f.code == "bad_code" and f.cell == "A6" for f in analysis.findings)


def test_extra_and_second_score_columns_with_figures_are_reported_at_their_header():
    headers = ("STT", "Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá", "Điểm thẩm định", "Điểm thưởng",
               "Điểm thẩm định (phúc tra)", "Tỷ lệ (%)", "Ghi chú khác")
    rows = [["I", "Chỉ đạo", 3, 3, 2.5, None, 2, 83.33, "x"], ["1.1", "KH", 2, 2, 1.5, None, 1, 75],
            ["1.2", "TT", 1, 1, 1, "0,5", 1, 100], [None, "Tổng cộng", 3, 3, 2.5, None, 2, 83.33]]
    analysis, codes = found(rows, headers=headers)
    extra = {(f.code, f.cell, f.value, dict(f.params).get("row"), dict(f.params).get("other"))
             for f in analysis.findings if f.code.startswith("column_")}
    # F: figures from row 6 (a number typed as text counts); G: a second appraisal column beside E;
    # H names a figure parxl computes itself and I holds only text: neither is reported
    assert extra == {("column_not_read", "F3", "Điểm thưởng", 6, None),
                     ("column_duplicate", "G3", "Điểm thẩm định (phúc tra)", None, "E")}
    assert analysis.result.totals.points == Decimal("2.5")  # read from E, the first appraisal column


def test_a_stray_value_in_the_last_row_adds_one_row_to_read_not_a_million():
    from io import BytesIO

    from openpyxl import load_workbook

    from parxl.read import Grid, RawCell

    wb = load_workbook(BytesIO(make_book(GOOD)))
    wb.active["B1048576"] = "ghi chú lạc"
    wb.active["E1048575"] = 1
    buf = BytesIO()
    wb.save(buf)
    analysis = analyse(buf.getvalue(), "t.xlsx")
    skipped = [(f.code, f.cell) for f in analysis.findings]
    assert skipped == [("row_not_read", "E1048575")]  # the stray figure is reported; the note is not
    assert analysis.result.totals.points == Decimal("4.5")
    sparse = Grid("s", {(4, 1): RawCell(1), (1048576, 2): RawCell("x")})
    assert list(sparse.rows(3)) == [4, 1048576]
    dense = Grid("d", {(r, 1): RawCell(r) for r in range(1, 6)})
    assert list(dense.rows(2)) == [2, 3, 4, 5]
