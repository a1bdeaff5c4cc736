"""Ward workbooks for ranking tests, made from parxl's own blank template (what ``parxl new`` writes) with
scores set: one criterion per area, 70 appraisal points plus 30 survey points."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook

from parxl.templates import template_path

AREA_ROWS = (9, 13, 17, 21, 25, 29, 33, 37)  # the 8 areas of the blank template; row + 1 is free
AREA_MAX = (14, 8, 8, 8, 8, 8, 8, 8)  # 70 appraisal points
SURVEY_ROW = 41
SETTINGS_ROWS = {"unit": 2, "year": 4, "last_year": 13}


def ward_bytes(unit: str, deducted: str, survey: str, *, year: int = 2025, last_year: str | None = None,
               kind: str = "", thresholds: dict[str, int] | None = None, appraised: bool = True) -> bytes:
    """``deducted`` points are taken from the areas in order (area 1 first); the total is
    70 − deducted + survey. ``appraised=False`` leaves the appraisal column empty (a self-assessment)."""
    wb = load_workbook(template_path("blank.xlsx"))
    ws = wb["Bảng điểm"]
    left = Decimal(deducted)
    for (row, maximum) in zip(AREA_ROWS, AREA_MAX):
        cut = min(left, Decimal(maximum))
        left -= cut
        points = float(Decimal(maximum) - cut)
        for r in (row, row + 1):
            ws.cell(r, 3, maximum)
            ws.cell(r, 4, points)
            if appraised:
                ws.cell(r, 5, points)
        ws.cell(row + 1, 1, f"{ws.cell(row, 1).value}.1")
        ws.cell(row + 1, 2, f"Tiêu chí {ws.cell(row, 1).value}.1")
        ws.cell(row + 1, 8, "Văn bản kiểm chứng")
        if points < maximum:
            ws.cell(row + 1, 9, "Chưa hoàn thành đúng hạn")
    assert left == 0, "deducted more than 70 points"
    ws.cell(SURVEY_ROW, 4, float(Decimal(survey)))
    if appraised:
        ws.cell(SURVEY_ROW, 5, float(Decimal(survey)))
    cfg = wb["Cấu hình"]
    cfg.cell(SETTINGS_ROWS["unit"], 2, unit)
    cfg.cell(SETTINGS_ROWS["year"], 2, year)
    if last_year is not None:
        cfg.cell(SETTINGS_ROWS["last_year"], 2, float(Decimal(last_year)))
    if kind:
        cfg.cell(cfg.max_row + 1, 1, "Loại đơn vị")
        cfg.cell(cfg.max_row, 2, kind)
    for label, bound in (thresholds or {}).items():
        row = next(r for r in range(1, cfg.max_row + 1) if cfg.cell(r, 1).value == f"Ngưỡng {label}")
        cfg.cell(row, 2, bound)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def write_ward(path: Path, unit: str, deducted: str, survey: str, **options: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(ward_bytes(unit, deducted, survey, **options))  # type: ignore[arg-type]
    return path
