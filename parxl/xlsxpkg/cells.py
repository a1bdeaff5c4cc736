"""Change the values of a few cells in an officials' own sheet, and nothing else.

Only the target ``<c>`` elements change (their style index stays, so the officers' formatting is kept).
Formulas of that sheet are recomputed so no stale total is left behind; a formula parxl cannot evaluate
keeps its cached value, and the workbook is flagged to recalculate fully when Excel opens it.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from lxml import etree

from parxl.errors import UnsafeToWrite
from parxl.formula import Evaluator, FormulaError
from parxl.read import Grid, RawCell, WorkbookReader, split_a1
from parxl.sheetspec import Scalar
from parxl.xlsxpkg.package import ZipPackage
from parxl.xlsxpkg.sheetxml import clean_text, fmt_num

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_M = f"{{{_NS}}}"
_PARSER = etree.XMLParser(remove_blank_text=False, huge_tree=True, resolve_entities=False)


def set_cells(src: bytes, sheet: str, values: Mapping[str, Scalar]) -> bytes:
    """``values`` maps A1 addresses of ``sheet`` to new values (None empties the cell)."""
    if not values:
        return src
    reader = WorkbookReader(src, sheet)
    part = reader.sheet_parts.get(sheet)
    if part is None:
        raise UnsafeToWrite(f"Không tìm thấy trang “{sheet}” để ghi điểm.")
    pkg = ZipPackage(src)
    stored = pkg.find(part) or part
    root = etree.fromstring(pkg.read(stored), _PARSER)
    data = root.find(_M + "sheetData")
    if data is None:
        raise UnsafeToWrite(f"Trang “{sheet}” không có vùng dữ liệu; parxl không ghi vào đó.")
    grid = reader.grid(sheet)
    for ref, value in values.items():
        cell = _cell(data, ref)
        if cell.find(_M + "f") is not None:
            raise UnsafeToWrite(f"Ô {sheet}!{ref} đang chứa công thức; parxl không ghi đè công thức.")
        _set_value(cell, value)
        grid.cells[split_a1(ref)] = RawCell(value)
    unevaluated = _refresh_formulas(data, grid)
    changed = {stored: _serialize(root)}
    if unevaluated:
        wb_part = pkg.find("xl/workbook.xml") or "xl/workbook.xml"
        changed[wb_part] = _full_calc_on_load(pkg.read(wb_part))
    return pkg.write(changed, [])


def _cell(data: etree._Element, ref: str) -> etree._Element:
    """The ``<c>`` at ``ref``, created in row and column order when it does not exist."""
    row_no, col_no = split_a1(ref)
    row = None
    for candidate in data.iterchildren(_M + "row"):
        r = int(candidate.get("r", "0"))
        if r == row_no:
            row = candidate
            break
        if r > row_no:
            row = etree.Element(_M + "row", r=str(row_no))
            candidate.addprevious(row)
            break
    if row is None:
        row = etree.SubElement(data, _M + "row", r=str(row_no))
    for c in row.iterchildren(_M + "c"):
        if c.get("r") == ref:
            return c
        if split_a1(c.get("r", "A1"))[1] > col_no:
            new = etree.Element(_M + "c", r=ref)
            c.addprevious(new)
            return new
    return etree.SubElement(row, _M + "c", r=ref)


def _set_value(cell: etree._Element, value: Scalar) -> None:
    for child in list(cell):
        if child.tag in (_M + "v", _M + "is"):
            cell.remove(child)
    cell.attrib.pop("t", None)
    if value is None:
        return
    if isinstance(value, bool):
        cell.set("t", "b")
        etree.SubElement(cell, _M + "v").text = "1" if value else "0"
    elif isinstance(value, (int, float, Decimal)):
        etree.SubElement(cell, _M + "v").text = fmt_num(float(value)) if not isinstance(value, int) else str(value)
    else:
        cell.set("t", "inlineStr")
        t = etree.SubElement(etree.SubElement(cell, _M + "is"), _M + "t")
        t.text = clean_text(str(value))
        if t.text != t.text.strip():
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _refresh_formulas(data: etree._Element, grid: Grid) -> bool:
    """Recompute every formula of the sheet from the new values; True if some could not be evaluated.

    A formula parxl cannot evaluate (another sheet, VLOOKUP, SUMIF...) keeps its old cached result, so a
    reader that does not recalculate still sees a figure; the caller flags the workbook for Excel to
    recalculate everything when it is opened.
    """
    formula_cells = [c for c in data.iter(_M + "c") if c.find(_M + "f") is not None]
    for c in formula_cells:
        key = split_a1(c.get("r", "A1"))
        raw = grid.cells.get(key)
        if raw is not None and raw.formula:
            grid.cells[key] = RawCell(None, raw.formula)  # forget the old result
    evaluator = Evaluator(grid)
    unevaluated = False
    for c in formula_cells:
        key = split_a1(c.get("r", "A1"))
        raw = grid.cells.get(key)
        if raw is None or not raw.formula:
            unevaluated = True  # a formula parxl could not read: Excel recomputes it
            continue
        try:
            value = evaluator.cell(*key)
        except (FormulaError, ArithmeticError):
            unevaluated = True
            continue
        if not _write_result(c, value):
            unevaluated = True
    return unevaluated


def _write_result(cell: etree._Element, value: object) -> bool:
    """Store a formula's result as its cached ``<v>``; False (cell untouched) for a result with no cell form."""
    if value is None:
        value = Decimal(0)  # a formula pointing at an empty cell shows 0 in Excel
    if isinstance(value, bool):
        kind, text = "b", "1" if value else "0"
    elif isinstance(value, Decimal):
        kind, text = None, fmt_num(float(value))
    elif isinstance(value, str):
        kind, text = "str", clean_text(value)
    else:
        return False  # an array (a bare range): left to Excel
    v = cell.find(_M + "v")
    if v is None:
        v = etree.SubElement(cell, _M + "v")
    v.text = text
    if kind is None:
        cell.attrib.pop("t", None)
    else:
        cell.set("t", kind)
    return True


def _full_calc_on_load(workbook_xml: bytes) -> bytes:
    root = etree.fromstring(workbook_xml, _PARSER)
    calc = root.find(_M + "calcPr")
    if calc is None:
        calc = etree.SubElement(root, _M + "calcPr")
        # calcPr belongs after definedNames and before oleSize/customWorkbookViews/...: move it there.
        anchor = next((el for el in root if etree.QName(el).localname in
                       ("oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes",
                        "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst")), None)
        if anchor is not None:
            anchor.addprevious(calc)
    calc.set("fullCalcOnLoad", "1")
    return _serialize(root)


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
