"""Build the sheets parxl owns (as SheetSpec data) from results. Nothing here touches files."""

from parxl.render.deductions import deductions_sheet
from parxl.render.findings_sheet import findings_sheet
from parxl.render.results import results_sheet

FINDINGS_SHEET = "Kiểm tra"
RESULTS_SHEET = "Kết quả"
DEDUCTIONS_SHEET = "Phụ lục trừ điểm"
OWN_SHEETS = (FINDINGS_SHEET, RESULTS_SHEET, DEDUCTIONS_SHEET)

__all__ = ["OWN_SHEETS", "deductions_sheet", "findings_sheet", "results_sheet"]
