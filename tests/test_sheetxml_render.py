"""Rendering parxl's sheets to XML gives the same bytes as the plain per-cell rendering it replaced.

The reference below renders ``<sheetData>`` the way the writer did before it reused the XML of repeated
values: one call per cell, text escaped with the public ``esc_cell_text``. Compared on every sheet parxl
writes for the demo workbook and for a heavy-deduction score sheet, and on a sheet of awkward values.
"""

from __future__ import annotations

import io
import re
from fractions import Fraction

import openpyxl
import pytest

from parxl.analyse import analyse
from parxl.render import OWN_SHEETS
from parxl.sheetspec import Cell, SheetSpec, Style
from parxl.templates import template_path
from parxl.workflow import own_sheets
from parxl.xlsxpkg import sheetxml
from parxl.xlsxpkg.sheetxml import _scalar, clean_text, col_letter, esc_cell_text, esc_text, fmt_num


def reference_cell(ref: str, cell: Cell, s: str) -> str:
    value, formula = cell.value, cell.formula
    if formula is None:
        if isinstance(value, str):
            value = clean_text(value)
            if not value:
                return f'<c r="{ref}"{s}/>'
            space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
            return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{esc_cell_text(value)}</t></is></c>'
        if value is None:
            return f'<c r="{ref}"{s}/>'
        t, v = _scalar(value, ref)
        return f'<c r="{ref}"{s}{t}><v>{v}</v></c>'
    f = f"<f>{esc_text(formula.removeprefix('='))}</f>"
    if value is None or isinstance(value, str):
        return f'<c r="{ref}"{s} t="str">{f}<v>{esc_cell_text(value or "")}</v></c>'
    t, v = _scalar(value, ref)
    return f'<c r="{ref}"{s}{t}>{f}<v>{v}</v></c>'


def reference_sheet_data(spec: SheetSpec, xf_ids: dict[Style, int]) -> str:
    out = []
    for r in range(1, max(len(spec.rows), max(spec.row_heights, default=0)) + 1):
        row = spec.rows[r - 1] if r <= len(spec.rows) else []
        cells = [reference_cell(f"{col_letter(c)}{r}", cell, f' s="{xf_ids[cell.style]}"' if xf_ids[cell.style] else "")
                 for c, cell in enumerate(row, 1) if cell is not None]
        ht = spec.row_heights.get(r)
        if cells or ht is not None:
            ht_attr = f' ht="{fmt_num(ht)}" customHeight="1"' if ht is not None else ""
            out.append(f'<row r="{r}"{ht_attr}>{"".join(cells)}</row>')
    return "<sheetData>" + "".join(out) + "</sheetData>"


def assert_same_bytes(specs: list[SheetSpec]) -> int:
    xf_ids = {st: i for i, st in enumerate(sheetxml.styles_in(specs))}
    compared = 0
    for spec in specs:
        got = sheetxml.sheet_xml(spec, xf_ids).decode("utf-8")
        data = re.search(r"<sheetData>.*</sheetData>|<sheetData/>", got, re.DOTALL)
        assert data is not None
        assert data.group(0) == reference_sheet_data(spec, xf_ids), spec.name
        compared += sum(c is not None for row in spec.rows for c in row)
    return compared


def _specs(data: bytes) -> list[SheetSpec]:
    specs = own_sheets(analyse(data, "x.xlsx"))
    assert [s.name for s in specs] == list(OWN_SHEETS)[: len(specs)] or specs
    return specs


def test_demo_sheets_render_the_same_bytes() -> None:
    assert assert_same_bytes(_specs(template_path("demo.xlsx").read_bytes())) > 300


def test_heavy_deduction_sheets_render_the_same_bytes() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Bảng điểm"
    ws.append(["BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CCHC NĂM 2025"])
    ws.append(["STT", "Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá", "Điểm thẩm định", "Tài liệu kiểm chứng",
               "Ghi chú (Lý do giảm điểm)", "Trách nhiệm"])
    for a in range(1, 5):
        first = ws.max_row + 1
        ws.append([str(a), f"Lĩnh vực {a}"])
        for i in range(1, 76):
            lost = i % 10 != 0
            ws.append([f"{a}.{i}", f"Tiêu chí {a}.{i} & <kiểm tra> _x0041_", 1, 1, 0.5 if lost else 1, "Văn bản",
                       "Chưa đầy đủ hồ sơ" if lost else None, "Văn phòng"])
        for col in "CDE":
            ws[f"{col}{first}"] = f"=SUM({col}{first + 1}:{col}{ws.max_row})"
    out = io.BytesIO()
    wb.save(out)
    specs = _specs(out.getvalue())
    # Most criteria lost points, so the appendix holds one row per criterion at least.
    assert sum(len(s.rows) for s in specs) > 2 * 270
    assert assert_same_bytes(specs) > 3000


@pytest.mark.parametrize("value", [
    "", "  lề  ", "a\x01b", "\x02", "_x0041_ và _x005F_", "a & b < c > d\r\ne", "=SUM(A1)", 0, -7, 2**53 + 1,
    0.1, -0.0, 1e300, float("nan"), float("inf"), True, False, Fraction(3, 2), None,
])
def test_awkward_values_render_the_same_bytes(value: object) -> None:
    plain, bold = Style(), Style(bold=True)
    rows: list[list[Cell | None]] = [
        [Cell(value), Cell(value, style=bold), None, Cell(value, "A1*2"), Cell(value, link="#'Kết quả'!A1")],
        [Cell(value), Cell(value, style=bold)],  # the same value again: rendered once, used twice
    ]
    assert assert_same_bytes([SheetSpec("Thử", rows, row_heights={4: 20})]) == 6
    assert plain in sheetxml.styles_in([SheetSpec("Thử", rows)])


def test_a_value_excel_cannot_hold_is_refused_at_its_cell() -> None:
    from decimal import Decimal

    from parxl.errors import BadInput

    with pytest.raises(BadInput, match="C2"):
        sheetxml.sheet_xml(SheetSpec("Thử", [[Cell(1)], [None, None, Cell(Decimal("1.5"))]]), {Style(): 0})
