"""The edges: read a workbook file, analyse it, write parxl's sheets back safely. Used by CLI and add-in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from parxl.analyse import Analysis, analyse
from parxl.sheetspec import SheetSpec


@dataclass
class ScoreOutcome:
    analysis: Analysis
    path: Path  # where the scored workbook was written
    backup: Path | None


def load(path: Path) -> tuple[bytes, set[str]]:
    """The workbook's bytes after the safety checks, and the names of the sheets parxl wrote before."""
    from parxl.safe_save import check_workbook_path
    from parxl.xlsxpkg import read_owned_sheet_names

    check_workbook_path(path)
    data = path.read_bytes()
    return data, read_owned_sheet_names(data)


def check_file(path: Path) -> Analysis:
    data, owned = load(path)
    return analyse(data, path.name, owned)


def own_sheets(analysis: Analysis) -> list[SheetSpec]:
    from parxl.render import deductions_sheet, findings_sheet, results_sheet
    from parxl.render.findings_sheet import NAME as FINDINGS

    return [
        findings_sheet(analysis.findings, analysis.label),
        results_sheet(analysis.result, analysis.settings, analysis.findings, FINDINGS),
        deductions_sheet(analysis.result, analysis.settings),
    ]


def score_file(path: Path, output: Path | None = None) -> ScoreOutcome:
    """Validate and score ``path``; write the findings, results and deduction sheets into it (or ``output``)."""
    from parxl.render import OWN_SHEETS
    from parxl.safe_save import save_atomic
    from parxl.xlsxpkg import patch_workbook

    data, owned = load(path)
    analysis = analyse(data, path.name, owned)
    patched = patch_workbook(data, own_sheets(analysis), owned_names=OWN_SHEETS)
    saved = save_atomic(path, patched, output)
    return ScoreOutcome(analysis, saved.path, saved.backup)
