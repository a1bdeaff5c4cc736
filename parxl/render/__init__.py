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
from parxl.sheetnames import COMPARISON as COMPARISON_SHEET
from parxl.sheetnames import DISTRICT_INPUT as DISTRICT_INPUT_SHEET
from parxl.sheetnames import DISTRICT_TABLE as DISTRICT_TABLE_SHEET
from parxl.sheetnames import OWN_SHEETS, SCORE_SHEETS

# Layouts of the deduction appendix: the full table (max, self, appraised, deducted, reason, responsible)
# or the short one (the score as "x/y", reason, responsible, grouped under Roman-numeral areas).
DEDUCTION_VARIANTS = ("day-du", "rut-gon")

__all__ = ["COMPARISON_SHEET", "DEDUCTIONS_SHEET", "DEDUCTION_VARIANTS", "DISTRICT_INPUT_SHEET", "DISTRICT_TABLE_SHEET",
           "FINDINGS_SHEET", "OWN_SHEETS", "RESULTS_SHEET", "SCORE_SHEETS", "SUMMARY_SHEET", "TASKS_SHEET",
           "deductions_sheet", "deductions_short_sheet", "findings_sheet", "read_tasks", "results_sheet",
           "summary_sheet", "tasks_sheet"]
