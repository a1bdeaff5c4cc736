"""A small fake of the xlwings objects parxl's add-in uses: Book, Sheets, Sheet, Range, Font, Borders,
Note, Names. No ``api``: the add-in must work through xlwings' own object model.

It behaves like Excel where that matters to parxl:
- numbers come back as floats, a one-cell ``formula`` is a string and a block's is a tuple of tuples;
- text written to a cell is coerced the way Excel coerces typed text ("1.1" becomes a number, "02/17"
  a date, "TRUE" a boolean, "=…" a formula) unless it starts with an apostrophe, which is dropped;
- ``clear()`` removes contents, formats, merges and notes; formulas are stored, not calculated.
Every property read or write counts as one round trip (``FakeApp.calls``), the cost of a real click.
"""

from __future__ import annotations

import re
import types
from dataclasses import dataclass, field
from pathlib import Path

from parxl.read import WorkbookReader, a1, col_letter, split_a1

_NUMBER = re.compile(r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*%?\s*$")
_DATE = re.compile(r"^\s*\d{1,4}[/-]\d{1,2}([/-]\d{1,4})?\s*$")


def excel_coerce(text: str) -> tuple[object, str | None]:
    """(value, formula) Excel stores when this text is entered into a cell."""
    if text.startswith("'"):
        return text[1:], None
    if text.startswith("=") and len(text) > 1:
        return None, text
    if _NUMBER.match(text):
        stripped = text.strip()
        return (float(stripped[:-1]) / 100 if stripped.endswith("%") else float(stripped)), None
    if _DATE.match(text):
        return f"<date {text.strip()}>", None
    if text.strip().upper() in ("TRUE", "FALSE"):
        return text.strip().upper() == "TRUE", None
    return (text or None), None


@dataclass
class CellState:
    value: object = None
    formula: str | None = None  # with the leading "="
    formats: dict[str, object] = field(default_factory=dict)
    note: str | None = None


class FakeApp:
    def __init__(self) -> None:
        self.calls = 0
        self.alerts: list[tuple[str, str | None, str | None]] = []
        self.status_bar: object = False
        self.books = FakeBooks(self)

    def alert(self, prompt: str, title: str | None = None, buttons: str = "ok", mode: str | None = None,
              callback: str | None = None) -> str:
        self.alerts.append((prompt, title, mode))
        return "ok"


class FakeBooks:
    def __init__(self, app: FakeApp) -> None:
        self.app = app
        self.opened: list[str] = []

    def open(self, path: str) -> FakeBook:
        self.opened.append(path)
        return FakeBook.from_xlsx(Path(path).read_bytes(), Path(path).name, path, app=self.app)


class FakeBook:
    def __init__(self, name: str = "Book1", fullname: str | None = None, app: FakeApp | None = None) -> None:
        self.name = name
        self.fullname = fullname or name
        self.app = app or FakeApp()
        self.sheets = FakeSheets(self)
        self.selection: tuple[str, str] | None = None
        self.active_sheet: str | None = None

    @classmethod
    def from_xlsx(cls, data: bytes, name: str = "book.xlsx", fullname: str | None = None,
                  app: FakeApp | None = None) -> FakeBook:
        """A book holding the workbook's cells as Excel would show them (values and formulas)."""
        book = cls(name, fullname, app)
        reader = WorkbookReader(data, name)
        for sheet_name in reader.sheet_names:
            sheet = book.sheets.add(sheet_name)
            for (r, c), raw in reader.grid(sheet_name).cells.items():
                sheet.cells[(r, c)] = CellState(raw.value, "=" + raw.formula if raw.formula else None)
        book.app.calls = 0
        return book


class FakeSheets:
    def __init__(self, book: FakeBook) -> None:
        self.book = book
        self._items: list[FakeSheet] = []

    def __iter__(self):
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, key: int | str) -> FakeSheet:
        if isinstance(key, int):
            return self._items[key]
        for sheet in self._items:
            if sheet.name.casefold() == key.casefold():
                return sheet
        raise KeyError(key)

    def add(self, name: str | None = None, before: FakeSheet | None = None,
            after: FakeSheet | None = None) -> FakeSheet:
        name = name or f"Sheet{len(self._items) + 1}"
        if any(s.name.casefold() == name.casefold() for s in self._items):
            raise ValueError(f"Sheet named '{name}' already present in workbook")
        sheet = FakeSheet(self.book, name)
        index = len(self._items)
        if before is not None:
            index = self._items.index(before)
        elif after is not None:
            index = self._items.index(after) + 1
        self._items.insert(index, sheet)
        self.book.active_sheet = name
        return sheet


class FakeName:
    def __init__(self, sheet: FakeSheet, name: str, refers_to: str) -> None:
        self.name = f"'{sheet.name}'!{name}"
        self.refers_to = refers_to


class FakeNames:
    def __init__(self, sheet: FakeSheet) -> None:
        self.sheet = sheet
        self._items: list[FakeName] = []

    def __iter__(self):
        return iter(list(self._items))

    def add(self, name: str, refers_to: str) -> FakeName:
        self.sheet.book.app.calls += 1
        item = FakeName(self.sheet, name, refers_to)
        self._items.append(item)
        return item


class FakeFreezePanes:
    def __init__(self, sheet: FakeSheet) -> None:
        self.sheet = sheet

    def freeze_at(self, ref: str) -> None:
        self.sheet.frozen_at = ref


class FakeChart:
    def __init__(self, charts: FakeCharts, source: FakeRange, **options: object) -> None:
        self.charts = charts
        self.options = options
        self.source = source.address
        self.title: str | None = None
        # One series per source area after the first (the categories), as Excel builds them.
        self.series = [types.SimpleNamespace(name=None) for _ in source.areas[1:]]
        self.value_axis = types.SimpleNamespace(minimum_scale=None, maximum_scale=None, number_format=None)

    def delete(self) -> None:
        self.charts.items.remove(self)


class FakeCharts:
    def __init__(self, sheet: FakeSheet) -> None:
        self.sheet = sheet
        self.items: list[FakeChart] = []

    def __iter__(self):
        return iter(list(self.items))

    def __len__(self) -> int:
        return len(self.items)

    def add(self, left: float = 0, top: float = 0, width: float = 355, height: float = 211,
            chart_type: str | None = None, source: FakeRange | None = None) -> FakeChart:
        self.sheet.book.app.calls += 1
        assert source is not None
        chart = FakeChart(self, source, left=left, top=top, width=width, height=height, chart_type=chart_type)
        self.items.append(chart)
        return chart


class FakeSheet:
    def __init__(self, book: FakeBook, name: str) -> None:
        self.book = book
        self.name = name
        self.cells: dict[tuple[int, int], CellState] = {}
        self.names = FakeNames(self)
        self.merges: list[str] = []
        self.col_widths: dict[int, float] = {}
        self.row_heights: dict[int, float] = {}
        self.format_writes = 0  # how many times a format of this sheet was changed
        self.frozen_at: str | None = None
        self.freeze_panes = FakeFreezePanes(self)
        self.show_gridlines = True
        self.charts = FakeCharts(self)

    def cell(self, row: int, col: int) -> CellState:
        return self.cells.setdefault((row, col), CellState())

    def range(self, first: object, last: object = None) -> FakeRange:
        return FakeRange(self, _areas(first, last))

    def __getitem__(self, address: str) -> FakeRange:
        return self.range(address)

    @property
    def used_range(self) -> FakeRange:
        self.book.app.calls += 1
        used = [k for k, v in self.cells.items() if v.value is not None or v.formula or v.formats or v.note]
        if not used:
            return self.range("A1")
        rows, cols = [r for r, _ in used], [c for _, c in used]
        return self.range((min(rows), min(cols)), (max(rows), max(cols)))

    @property
    def notes(self) -> list[FakeNote]:
        return [FakeNote(self, r, c) for (r, c), v in sorted(self.cells.items()) if v.note is not None]

    def clear(self) -> None:
        self.book.app.calls += 1
        self.cells.clear()
        self.merges.clear()

    def activate(self) -> None:
        self.book.active_sheet = self.name

    def value_at(self, ref: str) -> object:
        state = self.cells.get(split_a1(ref))
        return None if state is None else state.value

    def formula_at(self, ref: str) -> str | None:
        state = self.cells.get(split_a1(ref))
        return None if state is None else state.formula


def _areas(first: object, last: object) -> list[tuple[int, int, int, int]]:
    if isinstance(first, tuple) and last is None:
        return [(first[0], first[1], first[0], first[1])]
    if isinstance(first, tuple) and isinstance(last, tuple):
        return [(first[0], first[1], last[0], last[1])]
    areas = []
    for part in str(first).replace("$", "").split(","):
        a, _, b = part.partition(":")
        (r1, c1), (r2, c2) = split_a1(a), split_a1(b or a)
        areas.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
    return areas


class FakeFont:
    def __init__(self, rng: FakeRange) -> None:
        object.__setattr__(self, "_rng", rng)

    def __setattr__(self, key: str, value: object) -> None:
        self._rng._set_format(f"font.{key}", value)

    def __getattr__(self, key: str) -> object:
        return self._rng._get_format(f"font.{key}")


class FakeBorders:
    def __init__(self, rng: FakeRange) -> None:
        object.__setattr__(self, "_rng", rng)

    def __setattr__(self, key: str, value: object) -> None:
        self._rng._set_format(f"borders.{key}", value)


class FakeNote:
    def __init__(self, sheet: FakeSheet, row: int, col: int) -> None:
        self.sheet, self.row, self.col = sheet, row, col

    @property
    def text(self) -> str:
        self.sheet.book.app.calls += 1
        return self.sheet.cells[(self.row, self.col)].note or ""

    @text.setter
    def text(self, value: str) -> None:
        self.sheet.book.app.calls += 1
        self.sheet.cells[(self.row, self.col)].note = value

    def delete(self) -> None:
        self.sheet.book.app.calls += 1
        self.sheet.cells[(self.row, self.col)].note = None

    @property
    def location(self) -> FakeRange:
        return self.sheet.range((self.row, self.col))


class FakeRange:
    def __init__(self, sheet: FakeSheet, areas: list[tuple[int, int, int, int]], ndim: int | None = None) -> None:
        self.sheet = sheet
        self.areas = areas
        self.ndim = ndim

    # --- geometry
    @property
    def row(self) -> int:
        return self.areas[0][0]

    @property
    def column(self) -> int:
        return self.areas[0][1]

    @property
    def shape(self) -> tuple[int, int]:
        r1, c1, r2, c2 = self.areas[0]
        return r2 - r1 + 1, c2 - c1 + 1

    @property
    def left(self) -> float:  # points, with every column 48 pt wide
        return (self.column - 1) * 48.0

    @property
    def top(self) -> float:  # points, with every row 15 pt high
        return (self.row - 1) * 15.0

    @property
    def address(self) -> str:
        def one(r1: int, c1: int, r2: int, c2: int) -> str:
            first = f"${col_letter(c1)}${r1}"
            return first if (r1, c1) == (r2, c2) else f"{first}:${col_letter(c2)}${r2}"
        return ",".join(one(*a) for a in self.areas)

    def _positions(self) -> list[tuple[int, int]]:
        return [(r, c) for r1, c1, r2, c2 in self.areas for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]

    def options(self, ndim: int | None = None, **_: object) -> FakeRange:
        return FakeRange(self.sheet, self.areas, ndim)

    # --- contents
    def _read(self, pick) -> object:
        self.sheet.book.app.calls += 1
        r1, c1, r2, c2 = self.areas[0]
        rows = [[pick(self.sheet.cells.get((r, c), CellState())) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]
        return rows

    @property
    def value(self) -> object:
        def pick(state: CellState) -> object:
            v = state.value
            return float(v) if isinstance(v, int) and not isinstance(v, bool) else v
        rows = self._read(pick)
        if self.ndim == 2:
            return rows
        if len(rows) == 1 and len(rows[0]) == 1:
            return rows[0][0]
        return rows[0] if len(rows) == 1 else rows

    @value.setter
    def value(self, data: object) -> None:
        self.sheet.book.app.calls += 1
        r1, c1, r2, c2 = self.areas[0]
        if isinstance(data, (list, tuple)):
            rows = data if data and isinstance(data[0], (list, tuple)) else [data]
            for i, row in enumerate(rows):
                for j, item in enumerate(row):
                    self._store(r1 + i, c1 + j, item)
        else:
            for r, c in self._positions():
                self._store(r, c, data)

    @property
    def formula(self) -> object:
        def pick(state: CellState) -> str:
            if state.formula:
                return state.formula
            return "" if state.value is None else str(state.value)
        rows = self._read(pick)
        if len(rows) == 1 and len(rows[0]) == 1:
            return rows[0][0]
        return tuple(tuple(r) for r in rows)

    def _store(self, r: int, c: int, item: object) -> None:
        state = self.sheet.cell(r, c)
        if isinstance(item, str):
            state.value, state.formula = excel_coerce(item)
        else:
            state.value, state.formula = item, None

    # --- formats (each set is one round trip and one format change of the sheet)
    def _set_format(self, key: str, value: object) -> None:
        self.sheet.book.app.calls += 1
        self.sheet.format_writes += 1
        for r, c in self._positions():
            self.sheet.cell(r, c).formats[key] = value

    def _get_format(self, key: str) -> object:
        state = self.sheet.cells.get(self._positions()[0])
        return None if state is None else state.formats.get(key)

    @property
    def font(self) -> FakeFont:
        return FakeFont(self)

    @property
    def borders(self) -> FakeBorders:
        return FakeBorders(self)

    def __setattr__(self, key: str, value: object) -> None:
        if key in ("number_format", "color", "horizontal_alignment", "vertical_alignment", "wrap_text"):
            self._set_format(key, value)
        elif key == "column_width":
            self.sheet.book.app.calls += 1
            for _, c1, _, c2 in self.areas:
                for c in range(c1, c2 + 1):
                    self.sheet.col_widths[c] = value  # type: ignore[assignment]
        elif key == "row_height":
            self.sheet.book.app.calls += 1
            for r1, _, r2, _ in self.areas:
                for r in range(r1, r2 + 1):
                    self.sheet.row_heights[r] = value  # type: ignore[assignment]
        else:
            object.__setattr__(self, key, value)

    def fmt(self, key: str) -> object:
        """A format set on the first cell ("font.bold", "color", "number_format", …)."""
        return self._get_format(key)

    @property
    def number_format(self) -> object:
        return self._get_format("number_format")

    def merge(self) -> None:
        self.sheet.book.app.calls += 1
        self.sheet.merges.extend(a1(r1, c1) + ":" + a1(r2, c2) for r1, c1, r2, c2 in self.areas)

    def select(self) -> None:
        self.sheet.book.selection = (self.sheet.name, self.address.replace("$", ""))

    # --- notes
    @property
    def note(self) -> FakeNote | None:
        r, c = self.areas[0][:2]
        state = self.sheet.cells.get((r, c))
        return FakeNote(self.sheet, r, c) if state is not None and state.note is not None else None

    def add_note(self, text: str) -> FakeNote:
        if self.shape != (1, 1) or self.note is not None:
            raise ValueError("a note needs one cell without a note")
        self.sheet.book.app.calls += 1
        r, c = self.areas[0][:2]
        self.sheet.cell(r, c).note = text
        return FakeNote(self.sheet, r, c)


class FakeUI:
    """``ExcelUI`` for tests: alerts go to the fake app, OS actions are recorded."""

    def __init__(self, book: FakeBook, clipboard: str | None = None) -> None:
        self.book = book
        self.clipboard = clipboard
        self.statuses: list[str | None] = []
        self.folders: list[Path] = []

    @property
    def alerts(self) -> list[tuple[str, str | None, str | None]]:
        return self.book.app.alerts

    def alert(self, message: str, *, error: bool = False) -> None:
        self.book.app.alert(message, title="Chỉ số CCHC", mode="critical" if error else "info")

    def status(self, text: str | None) -> None:
        self.statuses.append(text)

    def clipboard_text(self) -> str | None:
        return self.clipboard

    def open_folder(self, path: Path) -> None:
        self.folders.append(path)

    def open_workbook(self, path: Path) -> None:
        self.book.app.books.open(str(path))


def load_fake(path: Path, fullname: str | None = None) -> FakeBook:
    return FakeBook.from_xlsx(path.read_bytes(), path.name, fullname if fullname is not None else str(path))


def cell_values(sheet: FakeSheet) -> dict[str, tuple[object, str | None]]:
    return {a1(r, c): (s.value, s.formula) for (r, c), s in sheet.cells.items()
            if s.value is not None or s.formula}


__all__ = ["FakeApp", "FakeBook", "FakeRange", "FakeSheet", "FakeUI", "cell_values", "excel_coerce", "load_fake"]
