"""The deduction appendix ("Phụ lục trừ điểm"): the full table wards attach to their report, grouped by area."""

from __future__ import annotations

from decimal import Decimal

from parxl import sheetnames
from parxl.model import Result, Settings
from parxl.numbers import ZERO, round_dp
from parxl.render.common import (
    CENTER,
    GROUP,
    HEADER,
    SUBTITLE,
    TEXT,
    TITLE,
    fit_row_heights,
    formula,
    num_style,
    number,
    plain,
    round_formula,
    text,
)
from parxl.sheetspec import Cell, SheetSpec

NAME = sheetnames.DEDUCTIONS
HEADERS = ("Mục", "Nội dung\nLĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm tối đa", "Điểm tự đánh giá",
           "Điểm thẩm định", "Số điểm bị trừ", "Ghi chú\n(Lý do giảm điểm)", "Trách nhiệm bộ phận phụ trách")
HEADER_ROW = 5


def attachment_line(settings: Settings) -> str:
    """"(Kèm theo Báo cáo số 20/BC-UBND ngày 27/02/2024 của UBND Phường 1)", with … where unknown."""
    number = settings.report_number or "…/BC-UBND"
    date = settings.report_date or "…"
    unit = settings.unit or "…"
    return f"(Kèm theo Báo cáo số {number} ngày {date} của {unit})"


def deductions_sheet(result: Result, settings: Settings) -> SheetSpec:
    places, mode = settings.places, settings.rounding
    year = settings.year or "…"
    rows: list[list[Cell | None]] = [
        [text("PHỤ LỤC", TITLE)],
        [text(f"TỔNG HỢP CÁC NỘI DUNG THỰC HIỆN CẢI CÁCH HÀNH CHÍNH BỊ TRỪ ĐIỂM NĂM {year}", TITLE)],
        [text(attachment_line(settings), SUBTITLE)],
        [],
        [text(h, HEADER) for h in HEADERS],
    ]
    merges = ["A1:H1", "A2:H2", "A3:H3"]
    value_style = num_style(places)
    area_names = {a.code: a.name for a in result.areas}
    first_data = len(rows) + 1
    current_area: str | None = None
    for item in result.deductions:
        if item.area_code != current_area:
            current_area = item.area_code
            r = len(rows) + 1
            rows.append([text(item.area_code, GROUP), text(area_names.get(item.area_code, "").upper(), GROUP),
                         *[text(None, GROUP)] * 6])
            merges.append(f"B{r}:H{r}")
        r = len(rows) + 1
        basis_col = "E" if item.appraised is not None else "D"
        rows.append([
            text(item.code, CENTER), text(item.name),
            number(item.max, value_style), number(item.self, value_style), number(item.appraised, value_style),
            formula(round_formula(f"C{r}-{basis_col}{r}", places, mode),
                    plain(round_dp(item.deducted, places, mode)), value_style),
            text(item.reason), text(item.responsible),
        ])
    last_data = len(rows)
    r = len(rows) + 1
    bold = num_style(places, bold=True)
    sums = _column_sums(result)
    total_cells: list[Cell | None] = [text("Tổng cộng", HEADER), text(None, HEADER)]
    for col, value in zip("CDEF", sums):
        expr = f"SUM({col}{first_data}:{col}{last_data})" if last_data >= first_data else "0"
        total_cells.append(formula(expr, plain(value), bold))
    total_cells += [text(None, TEXT), text(None, TEXT)]
    rows.append(total_cells)
    merges.append(f"A{r}:B{r}")
    return fit_row_heights(SheetSpec(
        name=NAME, rows=rows, merges=merges,
        col_widths={1: 8, 2: 46, 3: 9, 4: 10, 5: 10, 6: 9, 7: 34, 8: 24},
        row_heights={HEADER_ROW: 48}, freeze=f"A{HEADER_ROW + 1}", print_title_rows=(HEADER_ROW, HEADER_ROW),
        landscape=True, fit_width=True,
    ))


def _column_sums(result: Result) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """Totals of max, self, appraised and deducted, as the "Tổng cộng" row shows them."""
    items = result.deductions
    return (
        sum((d.max for d in items), ZERO),
        sum((d.self or ZERO for d in items), ZERO),
        sum((d.appraised or ZERO for d in items), ZERO),
        sum((d.deducted for d in items), ZERO),
    )
