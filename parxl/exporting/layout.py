"""Read a SheetSpec as a document: title lines, header rows, body rows, merges and column widths.

The exported document is made from the very sheet parxl writes into the workbook, so every number in
it is the number the sheet holds (formulas carry their computed values), shown the Vietnamese way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from parxl.numbers import date_text, format_vn
from parxl.read import split_a1
from parxl.sheetspec import Cell, SheetSpec, Style

_PLACES = re.compile(r"0\.(0+)")


@dataclass
class DocCell:
    text: str
    style: Style
    is_number: bool = False


@dataclass
class DocTable:
    """What a document needs from a sheet. Row indexes below count header rows first, then body rows."""

    titles: list[DocCell]  # lines above the table, in order
    header: list[list[DocCell]]
    body: list[list[DocCell]]
    widths: list[float]  # relative column widths (the sheet's)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2, 0-based
    landscape: bool = False

    @property
    def rows(self) -> list[list[DocCell]]:
        return self.header + self.body


def shown(cell: Cell | None) -> DocCell:
    """The cell as text: numbers with the decimal comma and the places of their format, dates as dd/mm/yyyy."""
    if cell is None:
        return DocCell("", Style())
    value, fmt = cell.value, cell.style.num_fmt or ""
    if value is None:
        return DocCell("", cell.style)
    if isinstance(value, bool):
        return DocCell("Có" if value else "Không", cell.style)
    if isinstance(value, (int, float)):
        if "yy" in fmt and 1 <= value < 2958466:
            return DocCell(date_text(value), cell.style)
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        text = number_text(number, fmt)
        if fmt.startswith("+") and number > 0:
            text = "+" + text
        return DocCell(text, cell.style, is_number=True)
    return DocCell(str(value), cell.style)


def number_text(number: Decimal, fmt: str) -> str:
    """``number`` as the sheet shows it with format ``fmt``: "0.00" gives "2,00" and "0,50" (the places are
    kept, as on screen), "0" gives "2"; General (no format) shows what is needed ("2", "0,5")."""
    section = fmt.split(";")[0]
    m = _PLACES.search(section)
    if m:
        return format_vn(number, len(m.group(1)), trim=False)
    if section.lstrip("+") in ("0", "#,##0"):
        return format_vn(number, 0, trim=False)
    return format_vn(number, 10)


def doc_table(spec: SheetSpec) -> DocTable:
    """Split ``spec``: rows above its print-title rows are titles, those rows are the header, and the
    bordered rows after them are the body (notes below the table are the sheet's, not the document's)."""
    if not spec.print_title_rows:
        raise ValueError(f"sheet {spec.name!r} has no header rows to export")
    first, last = spec.print_title_rows
    rows = spec.rows
    titles = [shown(next(c for c in row if c is not None and c.value not in (None, "")))
              for row in rows[: first - 1] if any(c is not None and c.value not in (None, "") for c in row)]
    end = last
    while end < len(rows) and any(c is not None and c.style.border for c in rows[end]):
        end += 1
    table_rows = rows[first - 1 : end]
    width = max((i + 1 for row in table_rows for i, c in enumerate(row) if c is not None), default=0)
    grid = [[shown(row[c] if c < len(row) else None) for c in range(width)] for row in table_rows]
    merges = []
    for ref in spec.merges:
        a, _, b = ref.partition(":")
        (r1, c1), (r2, c2) = split_a1(a), split_a1(b or a)
        if first <= r1 and r2 <= end and c2 <= width:
            merges.append((r1 - first, c1 - 1, r2 - first, c2 - 1))
    n_header = last - first + 1
    return DocTable(
        titles=titles, header=grid[:n_header], body=grid[n_header:],
        widths=[spec.col_widths.get(c, 9) for c in range(1, width + 1)], merges=merges,
        landscape=spec.landscape,
    )


def drop_empty_columns(table: DocTable, headers: tuple[str, ...]) -> DocTable:
    """Without the columns headed by one of ``headers`` whose body is empty (bookkeeping columns of the
    sheet, such as the task status, that would only waste width on paper)."""
    for c in reversed(range(len(table.widths))):
        heads = {row[c].text for row in table.header}
        if heads & set(headers) and all(not row[c].text for row in table.body):
            table = _without_column(table, c)
    return table


def _without_column(table: DocTable, c: int) -> DocTable:
    merges = []
    for r1, c1, r2, c2 in table.merges:
        if c1 == c2 == c:
            continue
        merges.append((r1, c1 - (c1 > c), r2, c2 - (c2 >= c)))
    return DocTable(
        titles=table.titles, header=[row[:c] + row[c + 1:] for row in table.header],
        body=[row[:c] + row[c + 1:] for row in table.body], widths=table.widths[:c] + table.widths[c + 1:],
        merges=[m for m in merges if (m[0], m[1]) != (m[2], m[3])], landscape=table.landscape,
    )
