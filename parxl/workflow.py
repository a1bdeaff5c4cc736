"""The edges: read a workbook file, analyse it, write parxl's sheets back safely. Used by CLI and add-in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from parxl.analyse import Analysis, analyse

if TYPE_CHECKING:
    from parxl.render.tasks import TaskRow
    from parxl.sheetspec import SheetSpec


@dataclass(frozen=True)
class ScoreOutcome:
    """A scored workbook: the analysis, where it was written and the backup of the file it replaced."""

    analysis: Analysis
    path: Path  # where the scored workbook was written
    backup: Path | None


def load(path: Path | str) -> tuple[bytes, set[str]]:
    """The workbook's bytes after the safety checks, and the names of the sheets parxl wrote before."""
    from parxl.safe_save import check_workbook_path
    from parxl.xlsxpkg import read_owned_sheet_names

    path = Path(path)
    check_workbook_path(path)
    data = path.read_bytes()
    return data, read_owned_sheet_names(data)


def check_file(path: Path | str) -> Analysis:
    """Validate and score the workbook at ``path`` without writing anything."""
    from parxl.safe_save import check_workbook_path
    from parxl.sheetstream import collector_paused

    path = Path(path)
    check_workbook_path(path)
    with collector_paused():
        return analyse(path.read_bytes(), path.name)  # parxl's own sheets as the workbook marks them


def previous_tasks(data: bytes, owned: set[str]) -> list[TaskRow] | None:
    """The rows of the task sheet parxl wrote into this workbook earlier, as the officers left them;
    None when there is none (a user's sheet with that name is not ours and is not read)."""
    from parxl.numbers import fold
    from parxl.read import WorkbookReader
    from parxl.render import TASKS_SHEET, read_tasks

    name = next((n for n in owned if fold(n) == fold(TASKS_SHEET)), None)
    if name is None:
        return None
    reader = WorkbookReader(data)
    if name not in reader.sheet_names:
        return None
    return read_tasks(reader.grid(name))


def deduction_appendix(analysis: Analysis, variant: str = "day-du") -> SheetSpec:
    """The deduction appendix in the chosen layout: "day-du" (full) or "rut-gon" (short)."""
    from parxl.errors import BadInput
    from parxl.render import DEDUCTION_VARIANTS, deductions_sheet, deductions_short_sheet

    if variant not in DEDUCTION_VARIANTS:
        raise BadInput(f"Mẫu phụ lục “{variant}” không có; chọn một trong: {', '.join(DEDUCTION_VARIANTS)}.")
    if variant == "rut-gon":
        return deductions_short_sheet(analysis.result, analysis.settings)
    return deductions_sheet(analysis.result, analysis.settings)


def own_sheets(analysis: Analysis, *, variant: str = "day-du",
               tasks: list[TaskRow] | None = None) -> list[SheetSpec]:
    """Every sheet parxl writes, in tab order. ``tasks``: the earlier task sheet's rows, kept as edited."""
    from parxl.render import FINDINGS_SHEET, findings_sheet, results_sheet, summary_sheet, tasks_sheet

    return [
        findings_sheet(analysis.findings, analysis.label),
        results_sheet(analysis.result, analysis.settings, analysis.findings, FINDINGS_SHEET,
                      analysis.sheet.sheet),
        deduction_appendix(analysis, variant),
        summary_sheet(analysis.result, analysis.settings),
        tasks_sheet(analysis.result, analysis.settings, tasks),
    ]


def score_file(path: Path | str, output: Path | str | None = None, *,
               variant: str = "day-du", label: str | None = None) -> ScoreOutcome:
    """Validate and score ``path``; write parxl's sheets into it (or into ``output``). The whole
    read-modify-write holds parxl's lock on the file written, so a concurrent paste or score is never lost.
    ``label`` names the workbook in the findings (default: the file's name)."""
    from parxl.safe_save import workbook_lock
    from parxl.sheetstream import collector_paused

    path = Path(path)
    with workbook_lock(path if output is None else Path(output)), collector_paused():
        data, owned = load(path)
        return write_scored(path, data, owned, analyse(data, label or path.name, owned), output, variant=variant)


def write_scored(path: Path, data: bytes, owned: set[str], analysis: Analysis,
                 output: Path | str | None = None, *,
                 variant: str = "day-du", extra: Sequence[SheetSpec] = ()) -> ScoreOutcome:
    """Patch parxl's sheets (and ``extra`` owned sheets) into ``data`` and save it safely over ``path``
    (or into ``output``)."""
    from parxl.render import OWN_SHEETS
    from parxl.safe_save import save_atomic
    from parxl.xlsxpkg import patch_workbook

    sheets = own_sheets(analysis, variant=variant, tasks=previous_tasks(data, owned)) + list(extra)
    saved = save_atomic(path, patch_workbook(data, sheets, owned_names=OWN_SHEETS), output)
    return ScoreOutcome(analysis, saved.path, saved.backup)
