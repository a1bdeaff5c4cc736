"""Shared look of parxl's sheets: Times New Roman, bordered tables, number formats."""

from __future__ import annotations

import math
from dataclasses import replace
from decimal import Decimal

from parxl.numbers import Rounding, round_dp, to_json_number
from parxl.read import quote_sheet_name, split_a1
from parxl.sheetspec import Cell, Scalar, SheetSpec, Style

BASE = Style(size=12)
TITLE = replace(BASE, size=14, bold=True, h_align="center", wrap=True)  # long titles wrap, never cut on paper
SUBTITLE = replace(BASE, italic=True, h_align="center")
HEADER = replace(BASE, bold=True, border=True, h_align="center", wrap=True, fill="DDEBF7")
TEXT = replace(BASE, border=True, wrap=True, v_align="center")
CENTER = replace(TEXT, h_align="center")
GROUP = replace(TEXT, bold=True, fill="F2F2F2")
LABEL = replace(BASE, bold=True)


def number_format(places: int) -> str:
    return "0" if places == 0 else "0." + "0" * places


def num_style(places: int, *, bold: bool = False, signed: bool = False) -> Style:
    fmt = number_format(places)
    if signed:
        fmt = f"+{fmt};-{fmt};{fmt}"
    return replace(TEXT, h_align="right", num_fmt=fmt, bold=bold, wrap=False)


# A Decimal as a cell value (int when whole, so 20 is not written 20.0).
plain = to_json_number


def rounded(value: Decimal | None, places: int, mode: Rounding) -> Scalar:
    return None if value is None else plain(round_dp(value, places, mode))


def round_formula(expr: str, places: int, mode: Rounding) -> str:
    """The Excel formula that rounds like parxl does, so Excel and parxl always agree."""
    func = "ROUNDDOWN" if mode is Rounding.TRUNCATE else "ROUND"
    return f"{func}({expr},{places})"


def text(value: object, style: Style = TEXT, link: str | None = None) -> Cell:
    return Cell(value=None if value is None else value if isinstance(value, (int, float)) else str(value),
                style=style, link=link)


def number(value: Decimal | None, style: Style) -> Cell:
    return Cell(value=plain(value), style=style)


def formula(expr: str, value: Scalar, style: Style) -> Cell:
    return Cell(value=value, formula=expr, style=style)


def sheet_ref(sheet: str, cell: str) -> str:
    """A hyperlink location such as 'Bảng điểm'!C12 (quotes doubled inside the name)."""
    return f"{quote_sheet_name(sheet)}!{cell}"


def fit_row_heights(spec: SheetSpec) -> SheetSpec:
    """Set each row's height from its wrapped text, since neither Excel nor LibreOffice refits rows
    of a file they open; without it long reasons spill over the next row when printed."""
    spans: dict[tuple[int, int], int] = {}
    for ref in spec.merges:
        first, last = ref.split(":")
        (r1, c1), (r2, c2) = split_a1(first), split_a1(last)
        if r1 == r2:
            spans[(r1, c1)] = c2 - c1 + 1
    widths = spec.col_widths
    for r, row in enumerate(spec.rows, 1):
        if r in spec.row_heights:
            continue
        lines, size = 1, BASE.size
        for c, cell in enumerate(row, 1):
            if cell is None:
                continue
            value = cell.value
            if not isinstance(value, str) or cell.formula:
                continue
            style = cell.style
            newline = "\n" in value
            if style.wrap or newline:  # only such cells can take more than one line
                span = spans.get((r, c), 1)
                width = widths.get(c, 9) if span == 1 else sum(widths.get(c + i, 9) for i in range(span))
                # A little under one character per unit of width at 12 pt Times New Roman (Vietnamese words break
                # early at spaces); capitals are wider. Erring long leaves air; erring short spills onto the next
                # row.
                shrink = 0.7 if value.isupper() else 0.85
                per_line = max(1, int(width * shrink * BASE.size / style.size))
                if newline:
                    needed = sum(max(1, math.ceil(len(part) / per_line)) for part in value.split("\n"))
                else:
                    needed = max(1, math.ceil(len(value) / per_line))
                if needed > lines:
                    lines = needed
            if style.size > size:
                size = style.size
        if lines > 1 or size > BASE.size:
            spec.row_heights[r] = round(lines * size * 1.3 + 2, 1)
    return spec
