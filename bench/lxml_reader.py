"""The element-tree sheet reader parxl used before ``parxl.sheetstream`` (lxml iterparse, one element
object per XML element), kept only so the benchmark can measure both readers in the same run."""

from __future__ import annotations

from io import BytesIO

from lxml import etree
from openpyxl.formula.translate import Translator

from parxl.read import Grid, RawCell, a1, split_a1

_M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def lxml_grid(data: bytes, strings: list[str], name: str) -> Grid:
    grid = Grid(name)
    shared: dict[str, tuple[str, int, int]] = {}
    tags = (_M + "c", _M + "row", _M + "mergeCell")
    for _, elem in etree.iterparse(BytesIO(data), events=("end",), tag=tags, huge_tree=True):
        tag = elem.tag
        if tag == _M + "row":
            if elem.get("hidden") in ("1", "true"):
                grid.hidden_rows.add(int(elem.get("r", "0")))
            elem.clear()
            continue
        if tag == _M + "mergeCell":
            first, _, last = elem.get("ref", "").partition(":")
            if first and last:
                grid.merges.append((*split_a1(first), *split_a1(last)))
            continue
        ref = elem.get("r")
        if ref is not None:
            row, col = split_a1(ref)
            f_elem = elem.find(_M + "f")
            formula = _formula(f_elem, row, col, shared) if f_elem is not None else None
            value = _cell_value(elem, strings)
            if value is not None or formula:
                grid.cells[(row, col)] = RawCell(value, formula)
        elem.clear()
    return grid


def _formula(f_elem: etree._Element, row: int, col: int, shared: dict[str, tuple[str, int, int]]) -> str | None:
    text = f_elem.text or ""
    if f_elem.get("t") == "shared":
        si = f_elem.get("si", "")
        if text:
            shared[si] = (text, row, col)
        elif si in shared:
            master, r0, c0 = shared[si]
            text = Translator("=" + master, origin=a1(r0, c0)).translate_formula(a1(row, col))[1:]
    return text or None


def _cell_value(elem: etree._Element, strings: list[str]) -> object:
    kind = elem.get("t", "n")
    if kind == "inlineStr":
        inline = elem.find(_M + "is")
        return _text_of(inline) if inline is not None else None
    v = elem.find(_M + "v")
    if v is None or v.text is None:
        return None
    text = v.text
    if kind == "s":
        return strings[int(text)]
    if kind in ("str", "e"):
        return text
    if kind == "b":
        return text == "1"
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() and "." not in text and "E" not in text.upper() else number


def _text_of(elem: etree._Element) -> str:
    return "".join(t.text or "" for t in elem.iter(_M + "t") if t.getparent().tag != _M + "rPh")
