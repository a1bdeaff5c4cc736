"""The area summary appendix ("Tổng hợp lĩnh vực"): points "x/y" per area with the change against last year."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from parxl import sheetnames
from parxl.model import Result, Settings
from parxl.numbers import Rounding, pct, round_dp, show
from parxl.render.common import CENTER, HEADER, SUBTITLE, TEXT, TITLE, fit_row_heights, num_style, number, text
from parxl.render.deductions import attachment_line
from parxl.sheetspec import Cell, SheetSpec

NAME = sheetnames.SUMMARY
HEADER_ROW = 5
TOTAL_LABEL = "CHỈ SỐ CCHC (Tổng cộng)"
BASIS_PAIR = {"appraised": "Điểm thẩm định/Điểm tối đa", "self": "Điểm tự đánh giá/Điểm tối đa"}


def pair(points: Decimal, maximum: Decimal, settings: Settings) -> str:
    """"17,25/20": points rounded as published, both with the Vietnamese decimal comma."""
    places, mode = settings.places, settings.rounding
    left, right = (show(v, places, mode) for v in (points, maximum))
    return f"{left}/{right}"


def summary_sheet(result: Result, settings: Settings) -> SheetSpec:
    places, mode = settings.places, settings.rounding
    year = settings.year
    unit = f" CỦA {settings.unit.upper()}" if settings.unit else ""
    title = f"KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH{unit} NĂM {year or '…'} THEO {len(result.areas):02d} NỘI DUNG"
    change_header = f"Tăng/giảm so với năm {year - 1} (điểm)" if year else "Tăng/giảm so với năm trước (điểm)"
    rows: list[list[Cell | None]] = [
        [text("PHỤ LỤC", TITLE)],
        [text(title, TITLE)],
        [text(attachment_line(settings), SUBTITLE)],
        [],
        [text(h, HEADER) for h in ("TT", "Nội dung", BASIS_PAIR[result.basis], "Chỉ số thành phần (%)",
                                    change_header)],
    ]
    merges = ["A1:E1", "A2:E2", "A3:E3"]
    pts, signed = num_style(places), num_style(places, signed=True)
    right = replace(TEXT, h_align="right", wrap=False)
    for area in result.areas:
        rows.append([text(area.code, CENTER), text(area.name), text(pair(area.points, area.max, settings), right),
                     number(_rounded_pct(area.points, area.max, places, mode), pts),
                     number(_rounded(area.change, places, mode), signed) if area.change is not None
                     else text(None, TEXT)])
    totals = result.totals
    r = len(rows) + 1
    bold, bold_signed = num_style(places, bold=True), num_style(places, bold=True, signed=True)
    bold_right = replace(right, bold=True)
    rows.append([text(TOTAL_LABEL, HEADER), text(None, HEADER),
                 text(pair(totals.points, totals.max, settings), bold_right),
                 number(_rounded_pct(totals.points, totals.max, places, mode), bold),
                 number(_rounded(totals.change, places, mode), bold_signed) if totals.change is not None
                 else text(None, TEXT)])
    merges.append(f"A{r}:B{r}")
    return fit_row_heights(SheetSpec(
        name=NAME, rows=rows, merges=merges, col_widths={1: 6, 2: 52, 3: 17, 4: 13, 5: 16},
        row_heights={HEADER_ROW: 48}, freeze=f"A{HEADER_ROW + 1}", print_title_rows=(HEADER_ROW, HEADER_ROW),
        landscape=False, fit_width=True,
    ))


def _rounded(value: Decimal | None, places: int, mode: Rounding) -> Decimal | None:
    return None if value is None else round_dp(value, places, mode)


def _rounded_pct(points: Decimal, maximum: Decimal, places: int, mode: Rounding) -> Decimal | None:
    return _rounded(pct(points, maximum), places, mode)
