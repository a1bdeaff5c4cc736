"""An Excel annex: every worksheet with cells is one table, read through parxl's own workbook reader.

A cell formatted as a percentage stores a fraction (0.8652 shown as "86,52%"); it is given to the parser
as the officer sees it, since a results table writes its index in percent.
"""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal, InvalidOperation
from io import BytesIO

from lxml import etree

from parxl.documents.model import DocTable, Place
from parxl.read import NS_MAIN, WorkbookReader, a1, split_a1

_M = f"{{{NS_MAIN}}}"
_BUILTIN_PERCENT = {9: 0, 10: 2}  # numFmtId -> decimals


def read_xlsx(data: bytes, label: str) -> list[DocTable]:
    reader = WorkbookReader(data, label)
    percent = _percent_styles(data)
    tables: list[DocTable] = []
    for name in reader.sheet_names:
        grid = reader.grid(name)
        if not grid.cells:
            continue
        shown = _percent_cells(data, reader.sheet_parts[name], percent) if percent else {}
        number = len(tables) + 1
        rows = range(1, grid.max_row + 1)
        cols = range(1, grid.max_col + 1)
        cells = [[_value(grid.value(r, c), shown.get((r, c))) for c in cols] for r in rows]
        places = [[Place(number, r, c, sheet=name, cell=a1(r, c)) for c in cols] for r in rows]
        tables.append(DocTable(number, cells, places, sheet=name))
    return tables


def _value(value: object, percent_places: int | None) -> object:
    """Cell values as the parser reads them: numbers stay numbers, percentages become "86,52%"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if percent_places is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            pct = (Decimal(str(value)) * 100).quantize(Decimal(1).scaleb(-percent_places))
        except InvalidOperation:
            return value
        return f"{pct}%".replace(".", ",")
    return value


def _percent_styles(data: bytes) -> dict[int, int]:
    """Cell style index -> decimals, for the styles that show a number as a percentage."""
    with zipfile.ZipFile(BytesIO(data)) as z:
        names = {n.lower(): n for n in z.namelist()}
        if "xl/styles.xml" not in names:
            return {}
        root = etree.fromstring(z.read(names["xl/styles.xml"]))
    custom: dict[int, int] = {}
    for fmt in root.iter(_M + "numFmt"):
        code = re.sub(r'"[^"]*"|\\.', "", fmt.get("formatCode", ""))
        if "%" in code:
            decimals = re.search(r"\.(0+)", code)
            custom[int(fmt.get("numFmtId", "0"))] = len(decimals.group(1)) if decimals else 0
    out: dict[int, int] = {}
    xfs = root.find(_M + "cellXfs")
    for i, xf in enumerate([] if xfs is None else xfs.iterfind(_M + "xf")):
        fmt_id = int(xf.get("numFmtId", "0"))
        if fmt_id in custom or fmt_id in _BUILTIN_PERCENT:
            out[i] = custom.get(fmt_id, _BUILTIN_PERCENT.get(fmt_id, 0))
    return out


def _percent_cells(data: bytes, part: str, percent: dict[int, int]) -> dict[tuple[int, int], int]:
    with zipfile.ZipFile(BytesIO(data)) as z:
        names = {n.lower(): n for n in z.namelist()}
        xml = z.read(names[part.lower()])
    out: dict[tuple[int, int], int] = {}
    for _, c in etree.iterparse(BytesIO(xml), tag=_M + "c"):
        style, ref = c.get("s"), c.get("r")
        if style is not None and ref is not None and int(style) in percent:
            out[split_a1(ref)] = percent[int(style)]
        c.clear()
    return out
