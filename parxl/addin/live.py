"""The open workbook through xlwings: read its cells into parxl's Grid, write SheetSpecs, mark findings.

Only xlwings' own object model is used (Book, Sheet, Range, Note, Name, Font, Borders), so a small fake
of those objects tests everything here. The one exception is the print setup (orientation, titles,
fit to width), which xlwings does not expose: it goes through ``.api`` as a best effort and is skipped
where there is no ``api``.

Excel round trips are the cost of a button click (each property set is a cross-process COM call), so
values and formulas are written as one block, and cells that share a style are styled together as
multi-area ranges.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from parxl.errors import UnsafeToWrite
from parxl.findings import Finding
from parxl.read import Grid, RawCell, a1
from parxl.sheetspec import Cell, ChartSpec, SheetSpec, Style
from parxl.xlsxpkg.package import OWNED_MARK, OWNED_MARK_VALUE

NOTE_TAG = "[parxl]"
_MAX_ADDRESS = 240  # Excel refuses Range("…") addresses longer than 255 characters
_BASE = Style()
_BORDER_SIDES = "continuous"


# ---------------------------------------------------------------------------------------- reading


class LiveReader:
    """The same interface as ``parxl.read.WorkbookReader``, over an open xlwings Book."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.label = book.name
        self._grids: dict[str, Grid] = {}

    @property
    def sheet_names(self) -> list[str]:
        return [sheet.name for sheet in self.book.sheets]

    def part_size(self, name: str) -> int:  # noqa: ARG002 - live sheets are always read whole
        return 0

    def grid(self, name: str, max_rows: int | None = None) -> Grid:
        if name not in self._grids:
            self._grids[name] = read_grid(self.book.sheets[name])
        grid = self._grids[name]
        if max_rows is None:
            return grid
        return Grid(name, {k: v for k, v in grid.cells.items() if k[0] <= max_rows}, grid.merges, grid.hidden_rows)


def read_grid(sheet: Any) -> Grid:
    """All cells of ``sheet``'s used range in two round trips: values, then formulas."""
    grid = Grid(sheet.name)
    used = sheet.used_range
    top, left = used.row, used.column
    values = _two_d(used.options(ndim=2).value)
    formulas = _two_d(used.formula)
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            text = formulas[r][c] if r < len(formulas) and c < len(formulas[r]) else None
            formula = text[1:] if isinstance(text, str) and text.startswith("=") and len(text) > 1 else None
            value = _plain(value)
            if value is not None or formula:
                grid.cells[(top + r, left + c)] = RawCell(value, formula)
    return grid


def _two_d(data: object) -> list[list[object]]:
    if not isinstance(data, (list, tuple)):
        return [[data]]
    if data and not isinstance(data[0], (list, tuple)):
        return [list(data)]
    return [list(row) for row in data]


def _plain(value: object) -> object:
    # Excel hands every number over as a float; the file reader gives whole numbers as int (codes "1").
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and not value:
        return None
    return value


# ---------------------------------------------------------------------------------- owned sheets


def _local_name(name: str) -> str:
    # A sheet-scoped name reads back as "'Kết quả'!_parxl".
    return name.rsplit("!", 1)[-1].casefold()


def is_owned(sheet: Any) -> bool:
    return any(_local_name(n.name) == OWNED_MARK for n in sheet.names)


def owned_sheet_names(book: Any) -> set[str]:
    """Names of the sheets parxl wrote into this book (carrying the hidden ``_parxl`` name)."""
    return {sheet.name for sheet in book.sheets if is_owned(sheet)}


def _mark(sheet: Any) -> None:
    name = sheet.names.add(OWNED_MARK, "=" + OWNED_MARK_VALUE)
    try:
        name.api.Visible = False  # hidden like the file writer's mark; cosmetic only
    except Exception:  # noqa: BLE001 - no api (fake, other engines): the mark still works
        pass


# ---------------------------------------------------------------------------------------- writing


def write_sheets(book: Any, specs: Iterable[SheetSpec], owned: set[str] | None = None) -> list[Any]:
    """Write each spec into its own sheet: parxl's earlier sheet is cleared and reused, a new one is
    added after the last tab, and a user's sheet of the same name is never touched (UnsafeToWrite)."""
    owned = owned_sheet_names(book) if owned is None else owned
    targets = []
    for spec in specs:
        existing = next((s for s in book.sheets if s.name.casefold() == spec.name.casefold()), None)
        if existing is not None and existing.name not in owned:
            raise UnsafeToWrite(
                f"Bảng tính đã có trang “{existing.name}” do người dùng tạo, parxl không ghi đè lên trang này. "
                f"Hãy đổi tên trang “{existing.name}” (ví dụ thêm “(cũ)”) rồi bấm lại."
            )
        targets.append((spec, existing))
    written = []
    for spec, existing in targets:
        if existing is None:
            sheet = book.sheets.add(spec.name, after=book.sheets[len(book.sheets) - 1])
            _mark(sheet)
        else:
            sheet = existing
            # Clearing (not deleting) keeps other sheets' formulas that point here valid; charts are
            # shapes, which clearing cells leaves behind.
            for chart in list(getattr(sheet, "charts", [])):
                chart.delete()
            sheet.clear()
        write_sheet(sheet, spec)
        written.append(sheet)
    return written


def write_sheet(sheet: Any, spec: SheetSpec) -> None:
    """Values and formulas in one block, then fonts, fills, borders, formats, merges, widths, charts."""
    rows = len(spec.rows)
    cols = max((len(r) for r in spec.rows), default=0)
    if rows and cols:
        matrix = [[cell_input(row[c] if c < len(row) else None) for c in range(cols)] for row in spec.rows]
        block = sheet.range((1, 1), (rows, cols))
        block.value = matrix
        block.font.name = _BASE.font
        block.font.size = _BASE.size
        block.vertical_alignment = _BASE.v_align
        for style, areas in style_areas(spec).items():
            for address in join_areas(areas):
                apply_style(sheet.range(address), style)
    for ref in spec.merges:
        sheet.range(ref).merge()
    for col, width in sorted(spec.col_widths.items()):
        sheet.range((1, col)).column_width = width
    for col in spec.hidden_cols:
        try:
            sheet.range((1, col)).api.EntireColumn.Hidden = True
        except Exception:  # noqa: BLE001 - hiding is cosmetic; the cells are written
            pass
    for row, height in sorted(spec.row_heights.items()):
        sheet.range((row, 1)).row_height = height
    for chart in spec.charts:
        try:
            write_chart(sheet, chart)
        except Exception:  # noqa: BLE001 - a chart is a view of cells already written; never lose those for it
            pass
    _best_effort_layout(sheet, spec)


def write_chart(sheet: Any, chart: ChartSpec) -> Any:
    """A native bar/column chart over the spec's anchor block, fed from the sheet's own cells (so Excel
    keeps it up to date). Title, series names and the value axis are set; colours stay Excel's."""
    first, past = sheet.range(chart.anchor[0]), sheet.range(chart.anchor[1])
    source = sheet.range(",".join([chart.categories, *(s.values for s in chart.series)]))
    made = sheet.charts.add(left=first.left, top=first.top, width=max(past.left - first.left, 100),
                            height=max(past.top - first.top, 100),
                            chart_type="bar_clustered" if chart.horizontal else "column_clustered", source=source)
    made.title = chart.title
    for series, spec in zip(made.series, chart.series):
        series.name = spec.name
    axis = made.value_axis
    if chart.axis_min is not None:
        axis.minimum_scale = chart.axis_min
    if chart.axis_max is not None:
        axis.maximum_scale = chart.axis_max
    axis.number_format = chart.num_fmt
    return made


_COERCIBLE = re.compile(r"^[\s\d.,:/%()+\-–]*\d[\s\d.,:/%()+\-–]*$|^\s*[+-]?\d+([.,]\d+)?[eE][+-]?\d+\s*$")


def text_input(value: str) -> str:
    """Text as Excel must receive it to keep it text: a leading apostrophe where Excel would otherwise
    turn it into a formula, a number, a date ("02/17", "1.1") or a boolean. The apostrophe is not part
    of the cell's value."""
    if value and (value[0] in "=+-@#'" or _COERCIBLE.match(value) or value.strip().upper() in ("TRUE", "FALSE")):
        return "'" + value
    return value


def cell_input(cell: Cell | None) -> object:
    if cell is None:
        return None
    if cell.formula:
        return "=" + cell.formula
    if cell.link:
        # A HYPERLINK formula goes in with the block write; Hyperlinks.Add would cost a round trip per link.
        shown = "" if cell.value is None else str(cell.value)
        return f'=HYPERLINK("#{_quote(cell.link)}","{_quote(shown)}")'
    if isinstance(cell.value, str):
        return text_input(cell.value)
    return cell.value


def _quote(text: str) -> str:
    return text.replace('"', '""')


@dataclass(frozen=True)
class Area:
    top: int
    left: int
    bottom: int
    right: int

    @property
    def address(self) -> str:
        first, last = a1(self.top, self.left), a1(self.bottom, self.right)
        return first if first == last else f"{first}:{last}"


def style_areas(spec: SheetSpec) -> dict[Style, list[Area]]:
    """Rectangles of cells sharing a style: runs along each row, stacked when the next row repeats them."""
    open_: dict[tuple[Style, int, int], Area] = {}
    done: dict[Style, list[Area]] = defaultdict(list)
    for r, row in enumerate(spec.rows, 1):
        runs: list[tuple[Style, int, int]] = []
        for c, cell in enumerate(row, 1):
            if cell is None:
                continue
            if runs and runs[-1][0] == cell.style and runs[-1][2] == c - 1:
                runs[-1] = (cell.style, runs[-1][1], c)
            else:
                runs.append((cell.style, c, c))
        # Every open area ends on the previous row: a run repeating it extends it, the others are closed.
        still_open: dict[tuple[Style, int, int], Area] = {}
        for key in runs:
            prev = open_.pop(key, None)
            still_open[key] = Area(prev.top if prev else r, key[1], r, key[2])
        for key, area in open_.items():
            done[key[0]].append(area)
        open_ = still_open
    for key, area in open_.items():
        done[key[0]].append(area)
    return dict(done)


def join_areas(areas: list[Area]) -> Iterator[str]:
    """Comma-joined addresses, each string short enough for one Range("…") call."""
    chunk: list[str] = []
    length = 0
    for area in sorted(areas, key=lambda a: (a.top, a.left)):
        address = area.address
        if chunk and length + len(address) + 1 > _MAX_ADDRESS:
            yield ",".join(chunk)
            chunk, length = [], 0
        chunk.append(address)
        length += len(address) + 1
    if chunk:
        yield ",".join(chunk)


def apply_style(rng: Any, style: Style) -> None:
    """Set what differs from a cleared cell in the base font; each line is one round trip."""
    if style.font != _BASE.font:
        rng.font.name = style.font
    if style.size != _BASE.size:
        rng.font.size = style.size
    if style.bold:
        rng.font.bold = True
    if style.italic:
        rng.font.italic = True
    if style.color:
        rng.font.color = "#" + style.color
    if style.fill:
        rng.color = "#" + style.fill
    if style.border:
        rng.borders.line_style = _BORDER_SIDES
        rng.borders.weight = "thin"
    if style.h_align:
        rng.horizontal_alignment = style.h_align
    if style.v_align != _BASE.v_align:
        rng.vertical_alignment = style.v_align or "bottom"
    if style.wrap:
        rng.wrap_text = True
    if style.num_fmt:
        rng.number_format = style.num_fmt


def _best_effort_layout(sheet: Any, spec: SheetSpec) -> None:
    """Freeze panes and print setup: comfort, not content, so a failure here never stops the job."""
    try:
        if spec.freeze:
            sheet.freeze_panes.freeze_at(spec.freeze)
        if spec.hidden_gridlines:
            sheet.show_gridlines = False
    except Exception:  # noqa: BLE001
        pass
    api = getattr(sheet, "api", None)
    if api is None:
        return
    try:
        setup = api.PageSetup
        setup.Orientation = 2 if spec.landscape else 1  # xlLandscape / xlPortrait
        if spec.print_title_rows:
            first, last = spec.print_title_rows
            setup.PrintTitleRows = f"${first}:${last}"
        for row in spec.page_breaks:
            api.HPageBreaks.Add(Before=api.Range(f"A{row}"))
        if spec.fit_width:
            setup.Zoom = False
            setup.FitToPagesWide = 1
            setup.FitToPagesTall = False
        if spec.margins_mm:
            top, bottom, left, right = (mm * 72 / 25.4 for mm in spec.margins_mm)  # points
            setup.TopMargin, setup.BottomMargin, setup.LeftMargin, setup.RightMargin = top, bottom, left, right
        if spec.tab_color:
            api.Tab.Color = int(spec.tab_color[4:6] + spec.tab_color[2:4] + spec.tab_color[0:2], 16)
    except Exception:  # noqa: BLE001
        pass


# ------------------------------------------------------------------------------- marking findings


def note_texts(findings: Iterable[Finding], sheet_name: str) -> dict[str, str]:
    """The parxl block of the note for each cell of ``sheet_name`` that has findings."""
    by_cell: dict[str, list[str]] = defaultdict(list)
    for f in findings:
        if f.sheet == sheet_name and f.cell:
            by_cell[f.cell.replace("$", "").upper()].append(f"{f.severity.label}: {f.message}")
    return {cell: "\n".join([NOTE_TAG, *lines]) for cell, lines in by_cell.items()}


def split_note(text: str) -> tuple[str, str | None]:
    """(the officer's part, parxl's part or None) of a note's text."""
    at = text.find(NOTE_TAG)
    if at < 0:
        return text, None
    return text[:at].rstrip("\n"), text[at:]


def mark_findings(sheet: Any, findings: Iterable[Finding]) -> int:
    """Put each finding of this sheet in its cell's note; return how many cells carry one now.

    Only notes are touched, never formats or fills: a cell's own note keeps its text and gets parxl's
    block appended; parxl's block from an earlier run is replaced or, when the problem is gone, removed.
    """
    wanted = note_texts(findings, sheet.name)
    for note in list(sheet.notes):
        cell = note_cell(note)
        own, ours = split_note(note.text or "")
        if ours is None and cell not in wanted:
            continue
        block = wanted.pop(cell, None)
        text = "\n\n".join(part for part in (own, block) if part)
        if not text:
            note.delete()
        elif text != note.text:
            note.text = text
    for cell, block in wanted.items():
        rng = sheet.range(cell)
        if rng.note is not None:  # a note the collection did not list (merged cell); keep its text
            own, _ = split_note(rng.note.text or "")
            rng.note.text = "\n\n".join(p for p in (own, block) if p)
        else:
            rng.add_note(block)
    return len(note_texts(findings, sheet.name))


def note_cell(note: Any) -> str:
    address = note.location.address
    return address.replace("$", "").split("!")[-1].upper()


def first_problem(findings: Iterable[Finding], sheets: set[str]) -> Finding | None:
    """The first finding with a cell in one of ``sheets`` (findings come errors first)."""
    return next((f for f in findings if f.cell and f.sheet in sheets), None)
