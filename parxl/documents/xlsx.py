"""An Excel annex: every worksheet with cells is one table, read through parxl's own workbook reader."""

from __future__ import annotations

from parxl.documents.model import DocTable, Place
from parxl.read import WorkbookReader, a1


def read_xlsx(data: bytes, label: str) -> list[DocTable]:
    reader = WorkbookReader(data, label)
    tables: list[DocTable] = []
    for name in reader.sheet_names:
        grid = reader.grid(name)
        if not grid.cells:
            continue
        number = len(tables) + 1
        rows = range(1, grid.max_row + 1)
        cols = range(1, grid.max_col + 1)
        cells = [[_text(grid.value(r, c)) for c in cols] for r in rows]
        places = [[Place(number, r, c, sheet=name, cell=a1(r, c)) for c in cols] for r in rows]
        tables.append(DocTable(number, cells, places, sheet=name))
    return tables


def _text(value: object) -> str | None:
    """Cell values as the parser reads them; numbers stay numbers (returned as-is)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value  # type: ignore[return-value]
