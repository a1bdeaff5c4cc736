"""The short deduction table that improvement plans carry: TT, the criterion, its score as "x/y", the reason and who
advises on it, grouped under the area headings in capitals ("I. CHỈ ĐẠO ĐIỀU HÀNH")."""

from __future__ import annotations

from dataclasses import replace

from parxl.model import BASIS_LABEL, Result, Settings
from parxl.numbers import ZERO, format_vn, round_dp, to_roman
from parxl.render.common import CENTER, GROUP, HEADER, SUBTITLE, TEXT, TITLE, fit_row_heights, text
from parxl.render.deductions import NAME, attachment_line
from parxl.render.summary import pair
from parxl.sheetspec import Cell, SheetSpec

HEADER_ROW = 5


def roman(code: str) -> str:
    """Area "4" -> "IV"; anything that is not a small whole number stays as it is."""
    if not code.isdigit() or not 0 < int(code) < 4000:
        return code
    return to_roman(int(code))


def deductions_short_sheet(result: Result, settings: Settings) -> SheetSpec:
    year = settings.year or "…"
    rows: list[list[Cell | None]] = [
        [text("PHỤ LỤC", TITLE)],
        [text(f"BẢNG CÁC TIÊU CHÍ BỊ TRỪ ĐIỂM NĂM {year}", TITLE)],
        [text(attachment_line(settings), SUBTITLE)],
        [],
        [text(h, HEADER) for h in ("TT", "Nội dung tiêu chí", BASIS_LABEL[result.basis], "Nguyên nhân",
                                    "Trách nhiệm tham mưu")],
    ]
    merges = ["A1:E1", "A2:E2", "A3:E3"]
    score = replace(TEXT, h_align="right", wrap=False)
    area_names = {a.code: a.name for a in result.areas}
    current: str | None = None
    for n, item in enumerate(result.deductions, 1):
        if item.area_code != current:
            current = item.area_code
            r = len(rows) + 1
            heading = f"{roman(item.area_code)}. {area_names.get(item.area_code, '').upper()}"
            rows.append([text(heading, GROUP), *[text(None, GROUP)] * 4])
            merges.append(f"A{r}:E{r}")
        rows.append([text(n, CENTER), text(f"{item.code}. {item.name}"),
                     text(pair(item.points, item.max, settings), score), text(item.reason), text(item.responsible)])
    items = result.deductions
    points = sum((d.points for d in items), ZERO)
    maximum = sum((d.max for d in items), ZERO)
    deducted = round_dp(maximum - points, settings.places, settings.rounding)
    r = len(rows) + 1
    rows.append([text("Tổng cộng", HEADER), text(None, HEADER),
                 text(pair(points, maximum, settings), replace(score, bold=True)),
                 text(f"Số điểm bị trừ: {format_vn(deducted, settings.places)}", replace(TEXT, bold=True)),
                 text(None, TEXT)])
    merges.append(f"A{r}:B{r}")
    return fit_row_heights(SheetSpec(
        name=NAME, rows=rows, merges=merges, col_widths={1: 6, 2: 36, 3: 11, 4: 32, 5: 25},
        row_heights={HEADER_ROW: 34}, freeze=f"A{HEADER_ROW + 1}", print_title_rows=(HEADER_ROW, HEADER_ROW),
        landscape=False, fit_width=True,
    ))
