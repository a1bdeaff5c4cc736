"""Build the sheets parxl owns (as SheetSpec data) from results. Nothing here touches files."""

from parxl.render.deductions import NAME as DEDUCTIONS_SHEET
from parxl.render.deductions import deductions_sheet
from parxl.render.deductions_short import deductions_short_sheet
from parxl.render.findings_sheet import NAME as FINDINGS_SHEET
from parxl.render.findings_sheet import findings_sheet
from parxl.render.results import NAME as RESULTS_SHEET
from parxl.render.results import results_sheet
from parxl.render.summary import NAME as SUMMARY_SHEET
from parxl.render.summary import summary_sheet
from parxl.render.tasks import NAME as TASKS_SHEET
from parxl.render.tasks import read_tasks, tasks_sheet

DISTRICT_INPUT_SHEET = "Kết quả quận"  # where officers paste the district's table: theirs, never rewritten
DISTRICT_TABLE_SHEET = "Kết quả quận (chuẩn hóa)"  # written by `parxl paste`
COMPARISON_SHEET = "So sánh với quận"  # written by `parxl paste`
# What `parxl score` (and the "Tính điểm" button) writes.
SCORE_SHEETS = (FINDINGS_SHEET, RESULTS_SHEET, DEDUCTIONS_SHEET, SUMMARY_SHEET, TASKS_SHEET)
# Every sheet parxl may write: analyse never mistakes them for the officials' score sheet.
OWN_SHEETS = SCORE_SHEETS + (DISTRICT_TABLE_SHEET, COMPARISON_SHEET)
# Layouts of the deduction appendix: the full table (max, self, appraised, deducted, reason, responsible)
# or the short one (the score as "x/y", reason, responsible, grouped under Roman-numeral areas).
DEDUCTION_VARIANTS = ("day-du", "rut-gon")

__all__ = ["DEDUCTION_VARIANTS", "OWN_SHEETS", "SCORE_SHEETS", "deductions_sheet", "deductions_short_sheet",
           "findings_sheet", "read_tasks", "results_sheet", "summary_sheet", "tasks_sheet"]
