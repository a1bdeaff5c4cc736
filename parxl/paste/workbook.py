"""The edge of `parxl paste`: read the paste (text or the "Kết quả quận" sheet), write back safely."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from parxl.analyse import Analysis, analyse
from parxl.errors import BadInput
from parxl.findings import Finding
from parxl.numbers import Rounding, fold
from parxl.paste import PasteResult, parse_cells, parse_paste
from parxl.paste.compare import PastePlan, plan_paste
from parxl.render import DISTRICT_INPUT_SHEET as DISTRICT_SHEET  # the officers' sheet, never rewritten

if TYPE_CHECKING:
    from parxl.sheetspec import SheetSpec


@dataclass
class PasteOutcome:
    pasted: PasteResult
    plan: PastePlan
    analysis: Analysis  # of the workbook after the district's figures were written
    path: Path
    backup: Path | None

    @property
    def findings(self) -> list[Finding]:
        return self.pasted.findings + self.plan.findings


def paste_file(path: Path, text: str | None = None, *, overwrite: bool = False,
               output: Path | None = None, columns: str | None = None,
               cells: list[list[object]] | None = None) -> PasteOutcome:
    """Reconcile the district's table with the workbook, write the district's appraised scores and reasons
    into the score sheet (never over different values unless ``overwrite``), refresh parxl's sheets and add
    the normalised table and the comparison. ``cells`` (a table read from the decision itself) take the
    place of the text; without either, the "Kết quả quận" sheet is read."""
    from parxl.safe_save import workbook_lock
    from parxl.workflow import load, write_scored
    from parxl.xlsxpkg.cells import set_cells

    with workbook_lock(path):  # held for the whole read-modify-write: a concurrent score is never lost
        data, owned = load(path)
        analysis = analyse(data, path.name, owned)
        source = cells if cells is not None else text if text is not None else _sheet_cells(data, path.name)
        pasted = _read(source, analysis, columns)
        if pasted.kind == "unknown":
            reasons = "; ".join(f.message for f in pasted.findings)
            raise BadInput(f"Không nhận ra bảng kết quả nào trong phần dán: {reasons}")
        plan = plan_paste(analysis, pasted, overwrite)
        if plan.cell_values:
            data = set_cells(data, analysis.sheet.sheet, plan.cell_values)
            analysis = analyse(data, path.name, owned)
        saved = write_scored(path, data, owned, analysis, output, extra=_sheets(pasted, plan))
        return PasteOutcome(pasted, plan, analysis, saved.path, saved.backup)


def _read(source: str | list[list[object]], analysis: Analysis | None, columns: str | None = None) -> PasteResult:
    """Text or cells read and reconciled with the workbook's rounding (rule and decimals), else half-up to 2."""
    s = analysis.settings if analysis is not None else None
    rounding, places = (s.rounding, s.places) if s is not None else (Rounding.HALF_UP, 2)
    if isinstance(source, list):
        return parse_cells(source, rounding=rounding, places=places, columns=columns)
    return parse_paste(source, rounding=rounding, places=places, columns=columns)


def _sheets(pasted: PasteResult, plan: PastePlan) -> list[SheetSpec]:
    """The table as parxl read it and its comparison with the workbook."""
    from parxl.paste.render import comparison_sheet, table_sheet

    return [table_sheet(pasted), comparison_sheet(plan, pasted.findings + plan.findings)]


def _sheet_cells(data: bytes, label: str) -> list[list[object]]:
    """The cells of the "Kết quả quận" sheet (text in column A, or already split into columns)."""
    from parxl.read import WorkbookReader, dense_rows

    reader = WorkbookReader(data, label)
    name = next((n for n in reader.sheet_names if fold(n) == fold(DISTRICT_SHEET)), None)
    if name is None:
        raise BadInput(f"Tệp “{label}” không có trang “{DISTRICT_SHEET}”. Hãy dán bảng kết quả của quận vào trang "
                       f"đó, hoặc đưa phần dán bằng --text.")
    return dense_rows(reader.grid(name))  # bounded: a stray value in XFD1048576 is refused, not expanded


@dataclass
class LivePaste:
    """What the add-in's "Dán kết quả quận" button writes into the open workbook."""

    kind: str
    rows: list[dict[str, object]]
    sheets: list[SheetSpec]  # the normalised table and the comparison
    findings: list[Finding]
    cell_values: dict[tuple[str, str], object]  # (sheet, A1) -> value, only cells that are empty


def workbook_paste(source: object, analysis: Analysis | None) -> LivePaste:
    """The same reading, reconciling and planning as `parxl paste`, for cells or text from a live workbook."""
    pasted = _read(source if isinstance(source, list) else str(source or ""), analysis)
    plan = plan_paste(analysis, pasted) if analysis is not None and pasted.kind != "unknown" else PastePlan(pasted.kind)
    sheet = analysis.sheet.sheet if analysis is not None else ""
    cells: dict[tuple[str, str], object] = {(sheet, cell): value for cell, value in plan.cell_values.items()}
    sheets = _sheets(pasted, plan) if pasted.kind != "unknown" else []
    return LivePaste(pasted.kind, pasted.data_rows, sheets, pasted.findings + plan.findings, cells)
