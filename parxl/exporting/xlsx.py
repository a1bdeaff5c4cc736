"""An appendix as a workbook of its own: the same sheet as in the officials' workbook, print-ready."""

from __future__ import annotations

from dataclasses import replace

from parxl.exporting.docx import MARGINS
from parxl.sheetspec import SheetSpec

MARGINS_MM = tuple(MARGINS[side].mm for side in ("top", "bottom", "left", "right"))


def build_xlsx(spec: SheetSpec) -> bytes:
    """A fresh .xlsx holding only ``spec``, with the margins of an administrative document."""
    from parxl.xlsxpkg.fresh import new_workbook

    return new_workbook([replace(spec, margins_mm=MARGINS_MM)])
