"""The task assignment sheet ("Phân công nhiệm vụ", the improvement plan's appendix): one task per deducted criterion.

Officers edit it. Rows are keyed by criterion code, so a re-run keeps what they typed in the editable
columns, keeps their own rows (without a code) and their order, appends criteria newly deducted, and
marks rather than deletes a criterion that is no longer deducted.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import cast

from parxl import sheetnames
from parxl.model import Deduction, Result, Settings, most_recoverable_first
from parxl.numbers import ZERO, fold, is_blank, round_dp
from parxl.read import Grid, RawCell, col_letter
from parxl.render.common import (
    BASE,
    CENTER,
    HEADER,
    SUBTITLE,
    TEXT,
    TITLE,
    fit_row_heights,
    formula,
    num_style,
    plain,
    text,
)
from parxl.render.deductions import attachment_line
from parxl.sheetspec import Cell, Scalar, SheetSpec

NAME = sheetnames.TASKS
HEADER_ROW = 5
RESOLVED = "Không còn bị trừ điểm"
# field -> header; the order is the column order.
COLUMNS = {
    "stt": "STT", "code": "Mã tiêu chí", "task": "Nhiệm vụ", "lead": "Đơn vị chủ trì", "partner": "Đơn vị phối hợp",
    "deadline": "Thời gian hoàn thành", "points": "Số điểm có thể lấy lại", "status": "Tình trạng",
}
EDITABLE = ("task", "lead", "partner", "deadline")
_FIELD_BY_HEADER = {fold(h): f for f, h in COLUMNS.items()}
_TOTAL = "tong cong"

DONE = replace(TEXT, color="808080")
DATE = replace(TEXT, h_align="center", num_fmt="dd/mm/yyyy")  # officers type dates too; text is unaffected
NOTE = replace(BASE, italic=True, wrap=True, v_align="top")
NOTE_TEXT = ("Cán bộ sửa trực tiếp các cột Nhiệm vụ, Đơn vị chủ trì, Đơn vị phối hợp, Thời gian hoàn thành và có "
             "thể thêm dòng nhiệm vụ riêng. Khi chạy lại, parxl giữ nguyên nội dung đã sửa (theo Mã tiêu chí), "
             f"thêm tiêu chí mới bị trừ điểm vào cuối bảng và ghi “{RESOLVED}” cho tiêu chí không còn bị trừ điểm.")


@dataclass
class TaskRow:
    """One row as found in the sheet: its criterion code (None for the officers' own rows) and the
    editable cells, each as stored (value and formula)."""

    code: str | None
    cells: dict[str, RawCell] = field(default_factory=dict)


def read_tasks(grid: Grid) -> list[TaskRow]:
    """The rows of an earlier task sheet, in sheet order, found by their headers (officers may have
    moved columns); stops at the "Tổng cộng" row."""
    header_row, columns = _find_header(grid)
    if not header_row:
        return []
    found: list[TaskRow] = []
    for r in range(header_row + 1, grid.max_row + 1):
        labels = [grid.value(r, c) for c in range(1, 4)]
        if any(isinstance(v, str) and fold(v).startswith(_TOTAL) for v in labels):
            break
        code_value = grid.value(r, columns["code"]) if "code" in columns else None
        code = str(code_value).strip() if not is_blank(code_value) else None
        cells = {f: grid.cells[(r, c)] for f, c in columns.items() if f in EDITABLE and (r, c) in grid.cells}
        if code or any(not is_blank(cell.value) for cell in cells.values()):
            found.append(TaskRow(code, cells))
    return found


def _find_header(grid: Grid) -> tuple[int | None, dict[str, int]]:
    for r in range(1, min(grid.max_row, 30) + 1):
        columns = {}
        for c in range(1, grid.max_col + 1):
            value = grid.value(r, c)
            if isinstance(value, str) and fold(value) in _FIELD_BY_HEADER:
                columns[_FIELD_BY_HEADER[fold(value)]] = c
        if "code" in columns and "task" in columns:
            return r, columns
    return None, {}


def prefill(item: Deduction) -> dict[str, RawCell]:
    """What parxl proposes for a new task: the fix from the reason, the responsible unit as lead."""
    task = f"Nâng điểm tiêu chí {item.code} {item.name}"
    if item.reason.strip():
        task += f". Khắc phục: {item.reason.strip()}"
    cells = {"task": RawCell(task)}
    if item.responsible.strip():
        cells["lead"] = RawCell(item.responsible.strip())
    return cells


def plan_rows(result: Result, previous: list[TaskRow] | None) -> list[tuple[TaskRow, Deduction | None, bool]]:
    """(row, its current deduction or None, whether the row is the first for that code) in output order."""
    current = {d.code: d for d in result.deductions}
    by_points = most_recoverable_first(result.deductions)
    out: list[tuple[TaskRow, Deduction | None, bool]] = []
    seen: set[str] = set()
    for row in previous or []:
        item = current.get(row.code) if row.code else None
        if item is not None:
            # A cell the officer left blank takes the proposal again (e.g. a unit added to the score sheet).
            kept = {f: c for f, c in row.cells.items() if not is_blank(c.value) or c.formula}
            cells = {**prefill(item), **kept}
            row = TaskRow(row.code, cells)
        out.append((row, item, bool(row.code) and row.code not in seen))
        if row.code:
            seen.add(row.code)
    for item in by_points:
        if item.code not in seen:
            out.append((TaskRow(item.code, prefill(item)), item, True))
            seen.add(item.code)
    return out


def _letter(field_name: str) -> str:
    """Column letter of a field in the layout of COLUMNS."""
    return col_letter(list(COLUMNS).index(field_name) + 1)


def tasks_sheet(result: Result, settings: Settings, previous: list[TaskRow] | None = None) -> SheetSpec:
    """The sheet; ``previous`` holds the rows of the task sheet parxl wrote earlier (None: first run)."""
    places, mode = settings.places, settings.rounding
    plan_year = settings.year + 1 if settings.year else "…"
    last_col = _letter("status")
    rows: list[list[Cell | None]] = [
        [text("PHỤ LỤC", TITLE)],
        [text(f"PHÂN CÔNG CÁC NHIỆM VỤ CẢI THIỆN, NÂNG CAO CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {plan_year}", TITLE)],
        [text(attachment_line(settings), SUBTITLE)],
        [],
        [text(h, HEADER) for h in COLUMNS.values()],
    ]
    merges = [f"A1:{last_col}1", f"A2:{last_col}2", f"A3:{last_col}3"]
    pts = num_style(places)
    pts_done = replace(pts, color=DONE.color)
    # The two looks of a row (open, resolved), built once rather than per cell.
    centered = {style.color: replace(CENTER, color=style.color) for style in (TEXT, DONE)}
    dated = {style.color: replace(DATE, color=style.color) for style in (TEXT, DONE)}
    first = len(rows) + 1
    total = ZERO
    for n, (row, item, counted) in enumerate(plan_rows(result, previous), 1):
        resolved = row.code is not None and item is None
        style = DONE if resolved else TEXT
        center = centered[style.color]
        cells: dict[str, Cell] = {
            "stt": text(n, center),
            "code": text(row.code, center),
            "status": text(RESOLVED if resolved else None, style),
        }
        for f in EDITABLE:
            raw = row.cells.get(f)
            look = dated[style.color] if f == "deadline" else style
            # A stored cell holds one of Excel's scalars; RawCell types it as object because it is read untyped.
            stored = None if raw is None else cast(Scalar, raw.value)
            cells[f] = Cell(stored, formula=None if raw is None else raw.formula, style=look)
        if item is not None and counted:
            value = round_dp(item.deducted, places, mode)
            total += value
            cells["points"] = Cell(plain(value), style=pts)
        elif resolved:
            cells["points"] = Cell(0, style=pts_done)
        else:
            cells["points"] = text(None, style)
        rows.append([cells[f] for f in COLUMNS])
    last = len(rows)
    r = last + 1
    points_col = _letter("points")
    expr = f"SUM({points_col}{first}:{points_col}{last})" if last >= first else "0"
    total_cells = {f: text(None, HEADER) for f in COLUMNS}
    total_cells.update(stt=text("Tổng cộng", HEADER), points=formula(expr, plain(total), num_style(places, bold=True)),
                       status=text(None, TEXT))
    rows.append([total_cells[f] for f in COLUMNS])
    merges.append(f"A{r}:{_letter('deadline')}{r}")
    rows.append([])
    r = len(rows) + 1
    rows.append([text(NOTE_TEXT, NOTE)])
    merges.append(f"A{r}:{last_col}{r}")
    return fit_row_heights(SheetSpec(
        name=NAME, rows=rows, merges=merges,
        col_widths={1: 5, 2: 9, 3: 46, 4: 24, 5: 20, 6: 13, 7: 10, 8: 13},
        row_heights={HEADER_ROW: 34}, freeze=f"A{HEADER_ROW + 1}", print_title_rows=(HEADER_ROW, HEADER_ROW),
        landscape=True, fit_width=True,
    ))
