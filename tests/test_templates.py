"""The bundled workbooks: layout the reader expects, the seed-004 numbers, and no drift from the script."""

from __future__ import annotations

import importlib.util
import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "workbook_templates"
SCRIPT = TEMPLATES / "build_templates.py"
FIRST = 9

# Seed 004, Phụ lục kèm Báo cáo số 20/BC-UBND: code -> (max, self, appraised).
SEED = {
    "1.1.3": ("2", "2", "1.91"),
    "1.5.3": ("1", "1", "0"),
    "1.5.4": ("2", "0.5", "0.5"),
    "1.6": ("1", "1", "0.8"),
    "1.7": ("1", "1", "0"),
    "3.11.1": ("1", "1", "0.96"),
    "3.11.2": ("1", "1", "0.99"),
    "3.12.1": ("1", "1", "0.1"),
    "3.12.2": ("1", "1", "0.32"),
    "3.13.2": ("1", "1", "0.94"),
    "3.13.3": ("1", "1", "0.87"),
    "4.4": ("1", "1", "0"),
    "7.1.4": ("2", "2", "1"),
    "7.2": ("1", "1", "0"),
    "7.3.1": ("1", "1", "0.69"),
    "7.3.2": ("2", "2", "1.92"),
}
RATIOS = {
    "1.1.3": (44, 46), "1.5.4": (1, 4), "1.6": (4, 5), "3.11.1": (870, 901), "3.11.2": (896, 900),
    "3.12.1": (3, 30), "3.12.2": (73, 757), "3.13.2": (18, 19), "3.13.3": (782, 903),
    "7.3.1": (319, 461), "7.3.2": (307, 319),
}
AREA_NAMES = [
    "Công tác chỉ đạo, điều hành",
    "Cải cách thể chế",
    "Cải cách thủ tục hành chính và thực hiện cơ chế một cửa, một cửa liên thông",
    "Cải cách tổ chức bộ máy",
    "Cải cách chế độ công vụ",
    "Cải cách tài chính công",
    "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
    "Tác động của cải cách hành chính đến người dân, tổ chức và phát triển kinh tế - xã hội",
]
ILLUSTRATIVE_UNITS = {
    "Văn phòng - Thống kê", "Tư pháp - Hộ tịch", "Tài chính - Kế toán", "Văn hóa - Xã hội",
    "Bộ phận tiếp nhận và trả kết quả",
}
CONFIG_LABELS = [
    "Tên đơn vị", "Cấp trên", "Năm đánh giá", "Điểm tối đa ĐTXHH", "Tổng điểm tối đa", "Cách làm tròn",
    "Số chữ số thập phân", "Ngưỡng Xuất sắc", "Ngưỡng Tốt", "Ngưỡng Khá", "Ngưỡng Trung bình",
    "Tổng điểm năm trước", "Số báo cáo", "Ngày báo cáo", "Mục tiêu xếp hạng",
]


# ─── helpers ─────────────────────────────────────────────────────────────────────────────────────────


def flat(text) -> str:
    return " ".join(str(text).split())


def num(value) -> Decimal | None:
    """A typed number, or text with a decimal comma as parxl will read it."""
    if value is None:
        return None
    if isinstance(value, str):
        return Decimal(value.strip().replace(",", "."))
    return Decimal(str(value))


def norm(code) -> str:
    return str(code).strip().rstrip(".")


_SUM = re.compile(r"^=SUM\(([^()]*)\)$")
_REF = re.compile(r"^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$")


def sum_rows(formula: str, col: str) -> list[int]:
    """Rows referenced by ``=SUM(C10,C14:C16)`` (all in column ``col``)."""
    m = _SUM.match(formula)
    assert m, formula
    rows: list[int] = []
    for arg in m.group(1).split(","):
        r = _REF.match(arg.strip())
        assert r, arg
        assert r.group(1) == col and (r.group(3) in (None, col)), formula
        lo = int(r.group(2))
        hi = int(r.group(4)) if r.group(4) else lo
        rows.extend(range(lo, hi + 1))
    return rows


def evaluate(ws, ref: str) -> Decimal:
    value = ws[ref].value
    if isinstance(value, str) and value.startswith("="):
        col = re.match(r"[A-Z]+", ref).group(0)
        return sum((evaluate(ws, f"{col}{r}") for r in sum_rows(value, col)), Decimal(0))
    return num(value) or Decimal(0)


class Table:
    """The data rows of "Bảng điểm" from row 9 to the TỔNG CỘNG row."""

    def __init__(self, ws):
        self.ws = ws
        self.total = next(r for r in range(FIRST, ws.max_row + 1) if ws.cell(r, 2).value == "TỔNG CỘNG")
        assert self.total == ws.max_row
        self.survey = self.total - 1
        self.rows = {}  # normalised code -> row (criteria and areas)
        for r in range(FIRST, self.survey):
            code = self.ws.cell(r, 1).value
            if code is not None:
                assert norm(code) not in self.rows, code
                self.rows[norm(code)] = r
        self.areas = [self.rows[str(i)] for i in range(1, 9)]
        self.children = {c: [] for c in self.rows}
        for c, r in self.rows.items():
            if "." in c:
                self.children[c.rsplit(".", 1)[0]].append(r)
        self.leaves = {c: r for c, r in self.rows.items() if not self.children[c] and "." in c}

    def v(self, row: int, col: str):
        return self.ws[f"{col}{row}"].value


@pytest.fixture(scope="module")
def demo():
    return load_workbook(TEMPLATES / "demo.xlsx")


@pytest.fixture(scope="module")
def blank():
    return load_workbook(TEMPLATES / "blank.xlsx")


@pytest.fixture(scope="module")
def demo_table(demo):
    return Table(demo["Bảng điểm"])


def _load_script():
    spec = importlib.util.spec_from_file_location("build_templates", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is created
    try:
        spec.loader.exec_module(mod)
    finally:
        del sys.modules[spec.name]
    return mod


# ─── layout shared by both files ─────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("name", ["demo", "blank"])
def test_header_layout(name, demo, blank):
    wb = demo if name == "demo" else blank
    assert wb.sheetnames == ["Bảng điểm", "Cấu hình"]
    ws = wb["Bảng điểm"]
    assert ws["A1"].value == "ỦY BAN NHÂN DÂN"
    assert ws["A2"].value == ("PHƯỜNG 1" if name == "demo" else "PHƯỜNG/XÃ ……")
    assert ws["D1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert ws["D2"].value == "Độc lập - Tự do - Hạnh phúc"
    year = "2023" if name == "demo" else "……"
    assert ws["A4"].value == f"BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}"
    merges = {str(m) for m in ws.merged_cells.ranges}
    assert {"A4:J4", "A6:A7", "B6:B7", "C6:E6", "F6:G6", "H6:H7", "I6:I7", "J6:J7"} <= merges
    expected = {
        "A6": "STT", "B6": "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "C6": "Điểm",
        "C7": "Điểm tối đa", "D7": "Điểm tự đánh giá", "E7": "Điểm thẩm định",
        "F6": "Số liệu tính tỷ lệ", "F7": "Tử số", "G7": "Mẫu số", "H6": "Tài liệu kiểm chứng",
        "I6": "Ghi chú (Lý do giảm điểm)", "J6": "Trách nhiệm bộ phận phụ trách",
    }
    for ref, text in expected.items():
        assert flat(ws[ref].value) == text, ref
    assert "\n" in ws["D7"].value  # officials break header lines
    assert [ws.cell(8, c).value for c in range(1, 11)] == [f"({i})" for i in range(1, 11)]
    # print and view setup
    assert ws.freeze_panes == "A9"
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == str(ws.PAPERSIZE_A4) == "9"
    assert ws.print_title_rows == "$6:$8"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    for col in "ABCDEFGHIJ":
        assert ws.column_dimensions[col].width >= 8
    assert not any(d.hidden for d in ws.row_dimensions.values())
    assert not any(d.hidden for d in ws.column_dimensions.values())
    # Times New Roman throughout, borders and wrap in the table
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=10):
        for c in row:
            if c.value is not None:
                assert c.font.name == "Times New Roman", c.coordinate
    for row in ws.iter_rows(min_row=6, max_row=ws.max_row, max_col=10):
        for c in row:
            if isinstance(c, MergedCell):  # Excel draws the merged range's outline
                continue
            assert c.border.left.style == "thin" and c.border.bottom.style == "thin", c.coordinate
            assert c.alignment.wrap_text, c.coordinate
    # decimal >= 0 validation on the score columns
    dvs = [dv for dv in ws.data_validations.dataValidation if dv.type == "decimal"]
    assert len(dvs) == 1 and dvs[0].operator == "greaterThanOrEqual" and dvs[0].formula1 == "0"
    assert str(dvs[0].sqref) == f"D{FIRST}:E{ws.max_row - 1}"


@pytest.mark.parametrize("name", ["demo", "blank"])
def test_areas_survey_total(name, demo, blank):
    ws = (demo if name == "demo" else blank)["Bảng điểm"]
    t = Table(ws)
    for i, row in enumerate(t.areas):
        assert ws.cell(row, 1).value == str(i + 1)
        assert ws.cell(row, 2).value == AREA_NAMES[i].upper()
        assert ws.cell(row, 1).font.bold and ws.cell(row, 1).fill.fgColor.rgb.endswith("E2EFDA")
    assert t.areas == sorted(t.areas)
    assert ws.cell(t.survey, 1).value == "9"
    assert ws.cell(t.survey, 2).value == "Điểm điều tra xã hội học (ĐTXHH)"
    assert ws.cell(t.survey, 3).value == 30
    assert ws.cell(t.survey, 4).value is None
    assert ws.cell(t.survey, 5).value == (30 if name == "demo" else None)
    assert ws.cell(t.total, 1).value is None
    for col in "CDE":
        assert sum_rows(ws[f"{col}{t.total}"].value, col) == t.areas + [t.survey]


def test_blank_has_only_areas(blank):
    ws = blank["Bảng điểm"]
    t = Table(ws)
    assert set(t.rows) == {str(i) for i in range(1, 9)}
    for area in t.areas:
        # no formulas on area rows (the district's criteria are not known yet), max left empty
        assert [ws.cell(area, c).value for c in (3, 4, 5)] == [None, None, None]
        for r in range(area + 1, area + 4):
            assert all(ws.cell(r, c).value is None for c in range(1, 11))
            assert ws.cell(r, 2).border.left.style == "thin"
    assert t.areas[-1] + 4 == t.survey
    assert evaluate(ws, f"C{t.total}") == 30
    assert evaluate(ws, f"E{t.total}") == 0


# ─── demo numbers ────────────────────────────────────────────────────────────────────────────────────


def test_demo_row_numbers(demo_table):
    t = demo_table
    assert t.areas == [9, 33, 47, 72, 83, 98, 106, 117]
    assert (t.survey, t.total) == (127, 128)


def test_demo_parents_sum_direct_children(demo_table):
    t, ws = demo_table, demo_table.ws
    for code, row in t.rows.items():
        kids = t.children[code]
        if kids:
            for col in "CDE":
                value = ws[f"{col}{row}"].value
                assert isinstance(value, str) and value.startswith("=SUM("), (code, col)
                assert sum_rows(value, col) == kids, (code, col)
        else:
            assert "." in code, code  # every area has criteria
            for col in "CDE":
                v = ws[f"{col}{row}"].value
                assert not (isinstance(v, str) and v.startswith("=")), (code, col)
    assert {c for c in t.rows if t.children[c] and "." in c} >= {
        "1.1", "1.5", "3.11", "3.12", "3.13", "7.1", "7.3"
    }


def test_demo_leaves(demo_table):
    t, ws = demo_table, demo_table.ws
    assert 60 <= len(t.leaves) <= 90
    for code, (mx, sf, ap) in SEED.items():
        row = t.leaves[code]
        assert num(t.v(row, "C")) == Decimal(mx), code
        assert num(t.v(row, "D")) == Decimal(sf), code
        assert num(t.v(row, "E")) == Decimal(ap), code
        assert t.v(row, "I"), code  # reason from the seed
        assert t.v(row, "J"), code  # responsible unit from the seed
    for code, row in t.leaves.items():
        mx, sf, ap = (num(t.v(row, c)) for c in "CDE")
        if code not in SEED:
            assert mx == sf == ap and mx > 0, code
            assert t.v(row, "H").endswith("(minh họa)"), code
            assert t.v(row, "I") is None, code
            assert t.v(row, "J") in ILLUSTRATIVE_UNITS, code
        if sf == mx:
            assert t.v(row, "H"), code  # full-score leaves carry evidence
        if code in RATIOS:
            assert (t.v(row, "F"), t.v(row, "G")) == RATIOS[code], code
        else:
            assert t.v(row, "F") is None and t.v(row, "G") is None, code
    assert t.v(t.leaves["1.5.4"], "I") == "Trong năm chỉ có 01/4 sáng kiến trong công tác CCHC được công nhận"
    assert t.v(t.leaves["3.12.2"], "J") == "Công chức Văn phòng - Thống kê (phụ trách CCHC)"
    assert "taaoj lập hồ sơ" in t.v(t.leaves["7.1.4"], "B")  # the seed's own typos are kept
    assert ws.cell(5, 1).value == (
        "Các tiêu chí không có trong Phụ lục kèm Báo cáo số 20/BC-UBND là ví dụ minh họa."
    )
    assert ws.cell(5, 1).font.italic


def test_demo_messiness_exactly(demo_table):
    t, ws = demo_table, demo_table.ws
    text_numbers = [
        (r, c) for r in range(FIRST, t.total + 1) for c in "CDEFG"
        if isinstance(ws[f"{c}{r}"].value, str) and not ws[f"{c}{r}"].value.startswith("=")
    ]
    assert text_numbers == [(t.leaves["1.1.3"], "E")]
    assert ws[f"E{t.leaves['1.1.3']}"].value == "1,91"
    codes = [ws.cell(r, 1).value for r in range(FIRST, t.survey)]
    assert [c for c in codes if c is not None and c.endswith(".")] == ["2.1.", "5.3."]
    assert all(c not in SEED for c in ("2.1", "5.3"))


def test_demo_totals(demo_table):
    t, ws = demo_table, demo_table.ws
    leaves = t.leaves.values()
    assert sum(num(t.v(r, "C")) for r in leaves) == 70
    assert sum(num(t.v(r, "D")) for r in leaves) == Decimal("68.5")
    assert sum(num(t.v(r, "E")) for r in leaves) == 61
    assert sum(evaluate(ws, f"C{r}") for r in t.areas) == 70
    assert evaluate(ws, f"C{t.total}") == 100
    assert evaluate(ws, f"D{t.total}") == Decimal("68.5")
    assert evaluate(ws, f"E{t.total}") == Decimal("91.00")
    deducted = {c: num(t.v(r, "C")) - num(t.v(r, "E")) for c, r in t.leaves.items()}
    lost = {c for c, d in deducted.items() if d}
    assert lost == set(SEED)
    rows = [t.leaves[c] for c in SEED]
    assert sum(num(t.v(r, "C")) for r in rows) == 20
    assert sum(num(t.v(r, "D")) for r in rows) == Decimal("18.5")
    assert sum(num(t.v(r, "E")) for r in rows) == 11
    assert sum(deducted.values()) == 9
    # formulas carry no cached values: parxl recomputes them
    assert load_workbook(TEMPLATES / "demo.xlsx", data_only=True)["Bảng điểm"][f"E{t.total}"].value is None


# ─── Cấu hình ────────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("name", ["demo", "blank"])
def test_config(name, demo, blank):
    ws = (demo if name == "demo" else blank)["Cấu hình"]
    assert [ws[c].value for c in ("A1", "B1", "C1", "E1", "F1")] == [
        "Thiết lập", "Giá trị", "Ghi chú", "Mã lĩnh vực", "Điểm năm trước"
    ]
    assert [ws.cell(r, 1).value for r in range(2, 2 + len(CONFIG_LABELS))] == CONFIG_LABELS
    assert ws.cell(2 + len(CONFIG_LABELS), 1).value is None
    values = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, 2 + len(CONFIG_LABELS))}
    assert all(ws.cell(r, 3).value for r in range(2, 2 + len(CONFIG_LABELS)))
    common = {
        "Điểm tối đa ĐTXHH": 30, "Tổng điểm tối đa": 100, "Cách làm tròn": "Làm tròn",
        "Số chữ số thập phân": 2, "Ngưỡng Tốt": 80, "Ngưỡng Khá": 70, "Ngưỡng Trung bình": 50,
        "Mục tiêu xếp hạng": 5,
    }
    if name == "demo":
        common |= {
            "Tên đơn vị": "UBND Phường 1", "Cấp trên": "UBND thị xã Quảng Trị", "Năm đánh giá": 2023,
            "Ngưỡng Xuất sắc": 95, "Tổng điểm năm trước": 81.82, "Số báo cáo": "20/BC-UBND",
            "Ngày báo cáo": "27/02/2024",
        }
        note = ws.cell(2 + CONFIG_LABELS.index("Ngưỡng Xuất sắc"), 3).value
        assert "minh họa" in note and "Tốt" in note
    else:
        common |= {
            "Tên đơn vị": None, "Cấp trên": None, "Năm đánh giá": None, "Ngưỡng Xuất sắc": 90,
            "Tổng điểm năm trước": None, "Số báo cáo": None, "Ngày báo cáo": None,
        }
    assert values == common
    # the per-area table is empty below its header
    assert all(ws.cell(r, c).value is None for r in range(2, ws.max_row + 1) for c in (5, 6))
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1 and lists[0].formula1 == '"Làm tròn,Cắt bỏ"'
    assert str(lists[0].sqref) == f"B{2 + CONFIG_LABELS.index('Cách làm tròn')}"
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None:
                assert c.font.name == "Times New Roman", c.coordinate


# ─── no drift: the committed files are what the script builds ─────────────────────────────────────────


def _snapshot(path: Path) -> dict:
    wb = load_workbook(path)
    snap: dict = {"sheets": wb.sheetnames, "props": (wb.properties.created, wb.properties.modified)}
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                cells[c.coordinate] = (
                    c.value, c.number_format, c.font.name, c.font.b, c.font.i, c.font.sz,
                    c.fill.fgColor.rgb, c.border.left.style, c.alignment.horizontal, c.alignment.wrap_text,
                )
        snap[ws.title] = {
            "cells": cells,
            "merges": sorted(str(m) for m in ws.merged_cells.ranges),
            "dv": sorted((dv.type, dv.operator, dv.formula1, str(dv.sqref))
                         for dv in ws.data_validations.dataValidation),
            "freeze": ws.freeze_panes,
            "titles": ws.print_title_rows,
            "area": ws.print_area,
            "widths": {k: d.width for k, d in ws.column_dimensions.items()},
            "heights": {k: d.height for k, d in ws.row_dimensions.items() if d.height},
            "page": (ws.page_setup.orientation, ws.page_setup.paperSize, ws.page_setup.fitToWidth,
                     ws.page_setup.fitToHeight),
        }
    return snap


def test_committed_files_match_the_script(tmp_path):
    paths = _load_script().build(tmp_path)
    for name in ("blank", "demo"):
        assert _snapshot(paths[name]) == _snapshot(TEMPLATES / f"{name}.xlsx"), name


def test_build_is_deterministic(tmp_path):
    mod = _load_script()
    first = mod.build(tmp_path / "a")
    second = mod.build(tmp_path / "b")
    for name in ("blank", "demo"):
        assert first[name].read_bytes() == second[name].read_bytes(), name
