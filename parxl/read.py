"""Read the cells of a workbook straight from its package: values, cached results and formulas together.

openpyxl gives either formulas or cached values per load, never both, so reading both would mean two
full loads. One pass over the sheet XML gives each cell's formula next to its stored value, which is
what "recompute the formulas that have no stored value" needs, and it costs less than one load.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import NamedTuple
from xml.parsers import expat

from parxl.errors import BadInput, UnreadableWorkbook

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
# Names as expat gives them with namespace_separator "}"
_SHEET, _DEFINED_NAME, _SI, _T, _RPH = (NS_MAIN + "}" + n for n in ("sheet", "definedName", "si", "t", "rPh"))
_REL_ID = NS_REL + "}id"
_RELATIONSHIP = NS_PKG_REL + "}Relationship"


class RawCell(NamedTuple):
    """A cell as stored: its value (cached result for a formula) and its formula text, if any. A named tuple:
    a sheet holds tens of thousands (143,000 at 20,000 rows), made in half the time of a frozen dataclass."""

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
        return self._extent()[0]

    @property
    def max_col(self) -> int:
        return self._extent()[1]

    def _extent(self) -> tuple[int, int]:
        """(last row, last column), scanned once per size of ``cells``: cells are added or replaced, never
        removed, so the keys (and the extent) change only when the count does (or ``cells`` is replaced)."""
        cells, count = self.cells, len(self.cells)
        cached = self.__dict__.get("_extent_at")
        if cached is not None and cached[0] is cells and cached[1] == count:
            return cached[2]
        extent = (max((r for r, _ in cells), default=0), max((c for _, c in cells), default=0))
        self.__dict__["_extent_at"] = (cells, count, extent)
        return extent

    def rows(self, first: int = 1) -> Iterable[int]:
        """The rows from ``first`` on that may hold cells, in order: every row of a dense sheet, only those with
        a stored cell in a sparse one (a stray value in row 1,048,576 adds one row, not a million empty ones)."""
        last = self.max_row
        if last - first < len(self.cells):
            return range(first, last + 1)
        return sorted({r for r, _ in self.cells if r >= first})

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


MAX_ROW = 1_048_576  # Excel's sheet limits: a reference beyond them is not a cell
MAX_COL = 16_384
DENSE_CELLS = 2_000_000  # a rectangle of values built for a pasted table is never larger than this

_DOCTYPES = (b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))


def _bad_part(label: str, part: str, text: str, code: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(f"Không đọc được tệp “{label}”, phần “{part}”: {text} "
                              "Hãy mở tệp bằng Excel, lưu lại dạng .xlsx rồi chạy lại.", path=label, code=code)


def refuse_doctype(data: bytes, label: str, part: str) -> None:
    """A workbook part never declares a DTD; one that does is refused before parsing (XXE, entity bombs)."""
    if any(marker in data for marker in _DOCTYPES):
        raise _bad_part(label, part, "phần XML có khai báo DOCTYPE/ENTITY, điều mà Excel không bao giờ ghi; "
                        "parxl không đọc phần này vì lý do an toàn.", "xml_doctype")


def _parse_part(data: bytes, label: str, part: str, parser: expat.XMLParserType) -> None:
    """Run an expat parser (set up by the caller) over one small part; any defect is a refusal naming the part.

    The standard library's expat rather than lxml: these parts are a few kilobytes, and not importing lxml
    saves ``parxl check`` a tenth of its start-up. With the document type refused first there is no entity
    to expand and nothing to fetch.
    """
    refuse_doctype(data, label, part)
    try:
        parser.Parse(data, True)
    except expat.ExpatError as err:
        raise _bad_part(label, part, "nội dung XML bị hỏng hoặc không đúng mã UTF-8.", "xml_invalid") from err


def _elements(data: bytes, label: str, part: str, names: tuple[str, ...]) -> list[tuple[str, dict[str, str]]]:
    """The elements of the part named in ``names`` (expat's "namespace}local"), with their attributes, in order."""
    found: list[tuple[str, dict[str, str]]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if name in names:
            found.append((name, attrs))

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start
    _parse_part(data, label, part, parser)
    return found


OWNED_MARK = "_parxl"
"""Hidden sheet-scoped defined name on every sheet parxl wrote. A sheet-scoped name follows its tab
when tabs are moved or renamed and disappears with it (checked: openpyxl load/move/save and a
LibreOffice round trip keep it; LibreOffice drops only the hidden flag)."""


class WorkbookReader:
    """Lazy access to a workbook package's sheet names and sheet grids."""

    def __init__(self, data: bytes, label: str = "") -> None:
        self.label = label
        try:
            self._zip = zipfile.ZipFile(BytesIO(data))
            self._names = {n.lower(): n for n in self._zip.namelist()}
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
            raise UnreadableWorkbook(
                f"Không đọc được tệp “{label}”: tệp bị hỏng hoặc không phải bảng tính Excel (.xlsx). "
                "Hãy mở tệp bằng Excel, lưu lại dạng .xlsx rồi chạy lại.",
                path=label, code="zip_corrupt",
            ) from exc
        for part in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
            if not self._has(part):
                raise _bad_part(label, part, "thiếu phần này, tệp không phải bảng tính Excel hoàn chỉnh.",
                                "part_missing")
        # worksheet name -> part, and the sheets parxl wrote before (carrying OWNED_MARK)
        self.sheet_parts, self.owned_sheets = self._sheets()
        self._strings: list[str] | None = None
        self._grids: dict[str, Grid] = {}
        # The part a header sniff read last (decompressed and checked), for the whole read that usually follows.
        self._sniffed: tuple[str, bytes] | None = None

    @property
    def sheet_names(self) -> list[str]:
        return list(self.sheet_parts)

    def _read(self, part: str) -> bytes:
        """A part's bytes, refused (naming the part) when it is encrypted, compressed in an unknown way,
        damaged, or larger than the limit; the read is capped at the size the zip declares."""
        from parxl.safe_save import check_zip_entries

        info = self._zip.getinfo(self._names[part.lower()])
        check_zip_entries([info], self.label)
        try:
            with self._zip.open(info) as fh:
                data = fh.read(info.file_size + 1)
        except RuntimeError as err:  # "File is encrypted, password required"
            raise _bad_part(self.label, part, "phần này được mã hoá.", "zip_encrypted") from err
        except NotImplementedError as err:
            raise _bad_part(self.label, part, "kiểu nén không được hỗ trợ.", "zip_unsupported") from err
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as err:
            raise _bad_part(self.label, part, "phần này bị hỏng (sai mã kiểm tra hoặc bị cắt cụt).",
                            "zip_corrupt") from err
        if len(data) > info.file_size:
            raise _bad_part(self.label, part, "phần này dài hơn kích thước khai báo.", "zip_corrupt")
        return data

    def _has(self, part: str) -> bool:
        return part.lower() in self._names

    def _sheets(self) -> tuple[dict[str, str], set[str]]:
        rels = _relationships(self._read("xl/_rels/workbook.xml.rels"), "xl", self.label)
        found = _elements(self._read("xl/workbook.xml"), self.label, "xl/workbook.xml", (_SHEET, _DEFINED_NAME))
        sheets = [attrs for name, attrs in found if name == _SHEET]
        parts: dict[str, str] = {}
        for sheet in sheets:
            target = rels.get(sheet.get(_REL_ID, ""))
            # Chart sheets and dialog sheets have no cells; only worksheets matter here.
            if target and self._has(target) and "/worksheets/" in target.lower():
                parts[sheet.get("name", "")] = target
        tabs = [attrs.get("localSheetId", "") for name, attrs in found
                if name == _DEFINED_NAME and attrs.get("name", "").casefold() == OWNED_MARK]
        owned = {sheets[int(t)].get("name", "") for t in tabs if t.isdigit() and int(t) < len(sheets)}
        return parts, owned

    def shared_strings(self) -> list[str]:
        if self._strings is None:
            part = "xl/sharedStrings.xml"
            self._strings = _shared_strings(self._read(part), self.label, part) if self._has(part) else []
        return self._strings

    def part_size(self, name: str) -> int:
        """Uncompressed size of a sheet's XML, to decide between sniffing and reading it whole."""
        return self._zip.getinfo(self._names[self.sheet_parts[name].lower()]).file_size

    def grid(self, name: str, max_rows: int | None = None) -> Grid:
        """Parse one sheet; ``max_rows`` stops early (for sniffing headers). Whole sheets are cached."""
        if name in self._grids:
            return self._grids[name]
        from parxl.sheetstream import read_sheet  # imports this module: bound at first use

        part = self.sheet_parts[name]
        if self._sniffed is not None and self._sniffed[0] == part:
            data = self._sniffed[1]
        else:
            data = self._read(part)
            refuse_doctype(data, self.label, part)
        self._sniffed = (part, data) if max_rows is not None else None
        grid = read_sheet(data, Grid(name), self.shared_strings(), max_rows)
        if max_rows is None:
            self._grids[name] = grid
        return grid


def dense_rows(grid: Grid, limit: int = DENSE_CELLS) -> list[list[object]]:
    """The sheet's values as a rectangle of rows; refused beyond ``limit`` cells, so a stray value in
    XFD1048576 cannot make a matrix of 17 billion cells."""
    rows, cols = grid.max_row, grid.max_col
    if rows * cols > limit:
        far = max(grid.cells, key=lambda rc: rc[0] * MAX_COL + rc[1])
        raise UnreadableWorkbook(
            f"Trang “{grid.name}” có giá trị ở ô {a1(*far)}, quá xa vùng bảng ({rows} dòng × {cols} cột); hãy xoá "
            "các ô thừa ở cuối trang rồi chạy lại.", code="grid_too_large")
    return [[grid.value(r, c) for c in range(1, cols + 1)] for r in range(1, rows + 1)]


def _shared_strings(data: bytes, label: str, part: str) -> list[str]:
    """Each <si>'s visible text: its <t> runs (rich text too), without the phonetic runs under <rPh>."""
    strings: list[str] = []
    runs: list[str] = []
    open_tags: list[str] = []

    def start(name: str, _attrs: dict[str, str]) -> None:
        if name == _SI:
            runs.clear()
        open_tags.append(name)

    def end(name: str) -> None:
        open_tags.pop()
        if name == _SI:
            strings.append("".join(runs))

    def text(chunk: str) -> None:
        if open_tags and open_tags[-1] == _T and (len(open_tags) < 2 or open_tags[-2] != _RPH):
            runs.append(chunk)

    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    _parse_part(data, label, part, parser)
    return strings


def _relationships(data: bytes, base: str, label: str = "") -> dict[str, str]:
    rels = {}
    for _, rel in _elements(data, label, posixpath.join(base, "_rels"), (_RELATIONSHIP,)):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue  # external links are never followed
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        rels[rel.get("Id", "")] = path
    return rels


def decode_text(data: bytes, label: str) -> str:
    """Pasted text as saved by Notepad, Word or a browser: UTF-8 with or without BOM, UTF-16 with BOM.
    Anything else (Windows-1258, binary) is refused with advice, never guessed."""
    how = ("Hãy mở tệp bằng Notepad, chọn Lưu thành với Mã hoá “UTF-8”, rồi chạy lại "
           "(hoặc dán trực tiếp vào trang “Kết quả quận”).")
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError:
                break
            return _no_controls(text, label, how)
    else:
        try:
            return _no_controls(data.decode("utf-8"), label, how)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise BadInput(f"“{label}” không phải tệp văn bản (có byte nhị phân). {how}", path=label, code="paste_binary")
    raise BadInput(f"“{label}” không lưu bằng mã UTF-8 (có thể là mã Windows-1258 hay TCVN3). {how}",
                   path=label, code="paste_encoding")


def _no_controls(text: str, label: str, how: str) -> str:
    if "\x00" in text or sum(ch < " " and ch not in "\t\r\n\f\v" for ch in text[:65536]) > 8:
        raise BadInput(f"“{label}” không phải tệp văn bản (có ký tự điều khiển). {how}", path=label,
                       code="paste_binary")
    return text


MAX_PASTE_BYTES = 128 * 1024  # a district of 600 wards pastes about 60 KB; the table reader slows down beyond


def read_text_file(path: Path, limit: int = MAX_PASTE_BYTES) -> str:
    """A text file read with :func:`decode_text`, refused beyond ``limit`` bytes or when it is not a file."""
    import stat

    from parxl.errors import from_os_error

    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise BadInput(f"“{path}” là một thư mục, không phải tệp văn bản.", path=str(path), code="is_folder")
        if not stat.S_ISREG(mode):  # a FIFO or a device would block or never end
            raise BadInput(f"“{path}” không phải một tệp thông thường.", path=str(path), code="not_regular")
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as err:
        raise from_os_error(err, path) from err
    return decode_bounded(data, str(path), limit)


def decode_bounded(data: bytes, label: str, limit: int = MAX_PASTE_BYTES) -> str:
    if len(data) > limit:
        raise BadInput(f"Phần dán “{label}” lớn hơn {limit // 1024} KB, không phải một bảng kết quả; hãy chỉ dán "
                       "bảng kết quả của quận.", path=label, code="paste_too_large")
    return decode_text(data, label)
