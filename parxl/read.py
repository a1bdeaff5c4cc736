"""Read the cells of a workbook straight from its package: values, cached results and formulas together.

openpyxl gives either formulas or cached values per load, never both, so reading both would mean two
full loads. One pass over the sheet XML gives each cell's formula next to its stored value, which is
what "recompute the formulas that have no stored value" needs, and it costs less than one load.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from io import BytesIO
from typing import Iterator

from lxml import etree

from parxl.errors import UnreadableWorkbook

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_M = "{%s}" % NS_MAIN


@dataclass(frozen=True, slots=True)  # slots: a sheet holds tens of thousands; a third of the time and memory
class RawCell:
    """A cell as stored: its value (cached result for a formula) and its formula text, if any."""

    value: object
    formula: str | None = None


@dataclass
class Grid:
    """One worksheet's cells keyed by (row, column), both 1-based."""

    name: str
    cells: dict[tuple[int, int], RawCell] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    hidden_rows: set[int] = field(default_factory=set)

    @property
    def max_row(self) -> int:
        return max((r for r, _ in self.cells), default=0)

    @property
    def max_col(self) -> int:
        return max((c for _, c in self.cells), default=0)

    def value(self, row: int, col: int) -> object:
        cell = self.cells.get((row, col))
        return None if cell is None else cell.value



def col_letter(col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def a1(row: int, col: int) -> str:
    return f"{col_letter(col)}{row}"


def quote_sheet_name(name: str) -> str:
    """Sheet name as it appears in a formula: always quoted, apostrophes doubled."""
    return "'" + name.replace("'", "''") + "'"


_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)$")


@lru_cache(maxsize=1024)
def col_number(letters: str) -> int:
    """"A" -> 1, "AA" -> 27."""
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return col


def split_a1(ref: str) -> tuple[int, int]:
    """"$C$12" -> (12, 3)."""
    match = _REF.match(ref)
    if not match:
        raise ValueError(f"not a cell reference: {ref!r}")
    return int(match.group(2)), col_number(match.group(1))


class WorkbookReader:
    """Lazy access to a workbook package's sheet names and sheet grids."""

    def __init__(self, data: bytes, label: str = "") -> None:
        self.label = label
        try:
            self._zip = zipfile.ZipFile(BytesIO(data))
            self._names = {n.lower(): n for n in self._zip.namelist()}
            self.sheet_parts = self._sheet_parts()
            self._strings: list[str] | None = None
            self._grids: dict[str, Grid] = {}
        except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError) as exc:
            raise UnreadableWorkbook(
                f"Không đọc được tệp “{label}”: tệp bị hỏng hoặc không phải bảng tính Excel (.xlsx). "
                "Hãy mở tệp bằng Excel, lưu lại dạng .xlsx rồi chạy lại.",
                path=label,
            ) from exc

    @property
    def sheet_names(self) -> list[str]:
        return list(self.sheet_parts)

    def _read(self, part: str) -> bytes:
        return self._zip.read(self._names[part.lower()])

    def _has(self, part: str) -> bool:
        return part.lower() in self._names

    def _sheet_parts(self) -> dict[str, str]:
        rels = _relationships(self._read("xl/_rels/workbook.xml.rels"), "xl")
        root = etree.fromstring(self._read("xl/workbook.xml"))
        parts: dict[str, str] = {}
        for sheet in root.iter(_M + "sheet"):
            target = rels.get(sheet.get("{%s}id" % NS_REL, ""))
            # Chart sheets and dialog sheets have no cells; only worksheets matter here.
            if target and self._has(target) and "/worksheets/" in target.lower():
                parts[sheet.get("name", "")] = target
        return parts

    def shared_strings(self) -> list[str]:
        if self._strings is None:
            self._strings = []
            if self._has("xl/sharedStrings.xml"):
                for _, si in etree.iterparse(BytesIO(self._read("xl/sharedStrings.xml")), tag=_M + "si"):
                    self._strings.append(_text_of(si))
                    si.clear()
        return self._strings

    def part_size(self, name: str) -> int:
        """Uncompressed size of a sheet's XML, to decide between sniffing and reading it whole."""
        return self._zip.getinfo(self._names[self.sheet_parts[name].lower()]).file_size

    def grid(self, name: str, max_rows: int | None = None) -> Grid:
        """Parse one sheet; ``max_rows`` stops early (for sniffing headers). Whole sheets are cached."""
        if name in self._grids:
            return self._grids[name]
        from parxl.sheetstream import read_sheet  # imports this module: bound at first use

        grid = read_sheet(self._read(self.sheet_parts[name]), Grid(name), self.shared_strings(), max_rows)
        if max_rows is None:
            self._grids[name] = grid
        return grid


def _iter_sheet(data: bytes, grid: Grid, max_rows: int | None) -> Iterator[etree._Element]:
    # Filtering tags in lxml (not in Python) matters: a sheet has several elements per cell.
    tags = (_M + "c", _M + "row", _M + "mergeCell")
    for _, elem in etree.iterparse(BytesIO(data), events=("end",), tag=tags, huge_tree=True):
        tag = elem.tag
        if tag == _M + "c":
            yield elem
            elem.clear()
        elif tag == _M + "row":
            if elem.get("hidden") in ("1", "true"):
                grid.hidden_rows.add(int(elem.get("r", "0")))
            if max_rows is not None and int(elem.get("r", "0")) >= max_rows:
                break
            elem.clear()
        elif tag == _M + "mergeCell":
            first, _, last = elem.get("ref", "").partition(":")
            if first and last:
                r1, c1 = split_a1(first)
                r2, c2 = split_a1(last)
                grid.merges.append((r1, c1, r2, c2))


def _formula(f_elem: etree._Element, row: int, col: int, shared: dict[str, tuple[str, int, int]]) -> str | None:
    text = f_elem.text or ""
    if f_elem.get("t") == "shared":
        si = f_elem.get("si", "")
        if text:
            shared[si] = (text, row, col)
        elif si in shared:
            master, r0, c0 = shared[si]
            from openpyxl.formula.translate import Translator

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
    # Rich text runs <r><t>…</t></r> and phonetic runs <rPh>: only the visible text counts.
    parts = [t.text or "" for t in elem.iter(_M + "t") if t.getparent().tag != _M + "rPh"]
    return "".join(parts)


def _relationships(data: bytes, base: str) -> dict[str, str]:
    root = etree.fromstring(data)
    rels = {}
    for rel in root.iter("{%s}Relationship" % NS_PKG_REL):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        rels[rel.get("Id", "")] = path
    return rels
