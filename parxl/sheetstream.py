"""Stream one worksheet's XML into a Grid with the standard library's expat parser.

Same cells as the lxml reader it replaces (values, cached results, formulas with shared formulas
expanded, merges, hidden rows, inline and rich text, booleans, errors; dates stay the stored serial
numbers), built from expat callbacks: no element objects, only the cells that exist. Safe by
construction: a document type or entity declaration is refused (no entity expansion, no external
fetch), and row and column numbers beyond Excel's grid are refused before anything is allocated.
"""

from __future__ import annotations

import gc
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from xml.parsers import expat

from parxl.errors import UnreadableWorkbook
from parxl.read import Grid, RawCell, a1, col_number

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MAX_ROWS = 1_048_576
MAX_COLS = 16_384

_SEP = "}"  # expat joins namespace and local name with this: "…/main}c"
_C, _V, _F, _IS, _T, _RPH, _ROW, _MERGE = (NS_MAIN + _SEP + n for n in
                                           ("c", "v", "f", "is", "t", "rPh", "row", "mergeCell"))
_LETTERS = re.compile(r"\$?([A-Za-z]{1,3})\$?$")


class _Stop(Exception):
    """Raised from a callback to end the parse early (``max_rows`` reached)."""


def _unreadable(code: str, label: str, detail: str) -> UnreadableWorkbook:
    err = UnreadableWorkbook(f"Không đọc được trang “{label}”: {detail}", path=label)
    err.code = code
    return err


def read_sheet(data: bytes, grid: Grid, strings: list[str], max_rows: int | None = None) -> Grid:
    """Fill ``grid`` from the worksheet part ``data``; ``max_rows`` stops after that row (header sniffing).

    Raises UnreadableWorkbook (codes ``xml_doctype``, ``xml_entity``, ``xml_invalid``, ``bad_cell_ref``,
    ``cell_out_of_range``, ``bad_shared_string``) for XML that parxl does not read.
    """
    with collector_paused():
        _parse(data, grid, strings, max_rows)
    return grid


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for a read or score job, back to its state after.

    A job allocates an object per cell and almost nothing cyclic (reference counting frees it), so the
    collector's repeated passes over the growing heap are pure cost: 6-14 % of a whole ``parxl score``
    process at 5,000-20,000 rows, with the same peak memory (see BENCHMARKS.md).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _parse(data: bytes, grid: Grid, strings: list[str], max_rows: int | None) -> None:
    label = grid.name
    cells = grid.cells
    shared: dict[str, tuple[Any, int, int]] = {}
    columns: dict[str, int] = {}  # "$AB" / "AB" -> 28, checked once per distinct spelling

    # State of the current <c>: its place and type, its <v>/<f>/<is> texts, where text goes now.
    depth = 0
    c_depth = -2
    row = col = 0
    kind = "n"
    v_parts: list[str] | None = None
    f_parts: list[str] | None = None
    f_attrs: dict[str, str] | None = None
    is_parts: list[str] | None = None
    is_stack: list[str] = []  # element names open inside <is>: a <t> under <rPh> is not shown
    sink: list[str] | None = None
    row_text = ""  # the open <row>'s "r" as written, and as a number when it is a valid one (else 0)
    row_number = 0
    skip = False  # a <c> without an address: read past it, as before

    def place(ref: str) -> tuple[int, int]:
        digits = ref.lstrip("$ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        letters = ref[: len(ref) - len(digits)]
        c = columns.get(letters)
        if c is None:
            m = _LETTERS.match(letters)
            if m is None:
                raise _unreadable("bad_cell_ref", label, f"địa chỉ ô “{ref}” không hợp lệ.")
            c = columns[letters] = col_number(m.group(1))
        if not (digits.isascii() and digits.isdigit()):
            raise _unreadable("bad_cell_ref", label, f"địa chỉ ô “{ref}” không hợp lệ.")
        r = int(digits)
        if not (1 <= r <= MAX_ROWS and c <= MAX_COLS):
            raise _unreadable("cell_out_of_range", label, f"ô “{ref}” nằm ngoài giới hạn của Excel.")
        return r, c

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth, c_depth, row, col, kind, v_parts, f_parts, f_attrs, is_parts, sink, skip
        nonlocal row_text, row_number
        depth += 1
        sink = None  # only the text before an element's first child counts (lxml's .text)
        if name is _C:
            c_depth = depth
            ref = attrs.get("r")
            skip = ref is None
            if ref is not None:
                # Usually the address is known column letters followed by the open row's number.
                c = columns.get(ref[: len(ref) - len(row_text)]) if ref.endswith(row_text) else None
                if c is not None and row_number:
                    row, col = row_number, c
                else:
                    row, col = place(ref)
            kind = attrs.get("t", "n")
            v_parts = f_parts = f_attrs = is_parts = None
        elif depth == c_depth + 1:
            if name is _V:
                if v_parts is None:
                    sink = v_parts = []
            elif name is _F:
                if f_parts is None:
                    sink = f_parts = []
                    f_attrs = attrs
            elif name is _IS and is_parts is None:
                is_parts = []
                is_stack.append(name)
        elif is_stack:
            if name is _T and is_stack[-1] is not _RPH and is_parts is not None:
                sink = is_parts
            is_stack.append(name)
        elif name is _ROW:
            r = row_text = attrs.get("r", "")
            row_number = _row_number(r, label) if r else 0  # a row number Excel cannot have is refused
            if attrs.get("hidden") in ("1", "true") and row_number:
                grid.hidden_rows.add(row_number)
        elif name is _MERGE:
            first, _, last = attrs.get("ref", "").partition(":")
            if first and last:
                grid.merges.append((*place(first), *place(last)))

    def end(name: str) -> None:
        nonlocal depth, c_depth, sink
        depth -= 1
        sink = None
        if is_stack:
            is_stack.pop()
        elif name is _C:
            c_depth = -2
            if not skip:  # the cell is complete: stored when it has a value or a formula
                formula = _formula() if f_parts is not None else None
                value = _value()
                if value is not None or formula:
                    cells[(row, col)] = RawCell(value, formula)
        elif name is _ROW and max_rows is not None and row_text and _row_number(row_text, label) >= max_rows:
            raise _Stop

    def text(data: str) -> None:
        if sink is not None:
            sink.append(data)

    def _formula() -> str | None:
        text = "".join(f_parts)  # type: ignore[arg-type]
        attrs = f_attrs or {}
        if attrs.get("t") == "shared":
            si = attrs.get("si", "")
            if text:
                shared[si] = (text, row, col)
            elif si in shared:
                master, r0, c0 = shared[si]
                try:
                    if isinstance(master, str):
                        from openpyxl.formula.translate import Translator

                        # One tokenised master per group: translating does not change the Translator.
                        master = Translator("=" + master, origin=a1(r0, c0))
                        shared[si] = (master, r0, c0)
                    text = master.translate_formula(a1(row, col))[1:]
                except Exception:  # noqa: BLE001 - openpyxl's tokenizer raises several kinds
                    raise _unreadable("bad_formula", label, f"ô {a1(row, col)}: công thức dùng chung không đọc "
                                      "được.") from None
        return text or None

    def _value() -> object:
        if kind == "inlineStr":
            return None if is_parts is None else "".join(is_parts)
        if v_parts is None:
            return None
        text = "".join(v_parts)
        if not text:
            return None
        if kind == "n":
            if len(text) < 16:
                try:
                    return int(text)  # the same int the float path gives for up to 15 digits
                except ValueError:
                    pass
            return _number(text)
        if kind == "s":
            index = int(text) if text.isascii() and text.isdigit() else -1
            if 0 <= index < len(strings):  # a negative index would silently read the last string
                return strings[index]
            raise _unreadable("bad_shared_string", label, f"ô {a1(row, col)} trỏ tới chuỗi dùng chung "
                                  f"“{text}” không tồn tại.")
        if kind in ("str", "e"):
            return text
        if kind == "b":
            return text == "1"
        return _number(text)

    parser = expat.ParserCreate(namespace_separator=_SEP)
    # Seeding expat's name cache with these strings makes the parser hand back the same objects, so the
    # callbacks can compare names by identity.
    for name in (_C, _V, _F, _IS, _T, _RPH, _ROW, _MERGE):
        parser.intern[name] = name
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = _refuse_doctype(label)
    parser.EntityDeclHandler = _refuse_entity(label)
    try:
        parser.Parse(data, True)
    except _Stop:
        pass
    except expat.ExpatError as exc:
        raise _unreadable("xml_invalid", label, f"XML hỏng ở dòng {exc.lineno}, cột {exc.offset}.") from None


def _number(text: str) -> object:
    if len(text) > 400:
        return text  # not a number Excel writes; the checks report it as text where a number belongs
    try:
        number = float(text)
    except ValueError:
        return text
    if not math.isfinite(number):
        return text  # "NaN", "INF", 1e999: kept as text, so the checks name the cell
    return int(number) if number.is_integer() and "." not in text and "E" not in text.upper() else number


def _row_number(text: str, label: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) <= 8 and 1 <= int(text) <= MAX_ROWS):
        raise _unreadable("bad_row_ref", label, f"số dòng “{text[:20]}” không hợp lệ hoặc ngoài giới hạn của Excel.")
    return int(text)


def _refuse_doctype(label: str) -> Any:
    def handler(*_: object) -> None:
        raise _unreadable("xml_doctype", label, "phần XML khai báo DOCTYPE; parxl không đọc loại này.")

    return handler


def _refuse_entity(label: str) -> Any:
    def handler(*_: object) -> None:
        raise _unreadable("xml_entity", label, "phần XML khai báo thực thể (ENTITY); parxl không đọc loại này.")

    return handler
