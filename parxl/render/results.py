"""The results sheet ("Kết quả"): points by area as district decisions publish them, totals, and the settings
used."""

from __future__ import annotations

from decimal import Decimal

from parxl import sheetnames
from parxl.findings import Finding, Severity, count_by_severity
from parxl.model import BASIS_LABEL, Result, Settings
from parxl.numbers import ZERO, Rounding, format_vn, pct
from parxl.parse.settings import SETTING_LABELS
from parxl.render.common import (
    CENTER,
    HEADER,
    LABEL,
    SUBTITLE,
    TEXT,
    TITLE,
    fit_row_heights,
    formula,
    num_style,
    plain,
    round_formula,
    rounded,
    sheet_ref,
    text,
)
from parxl.render.recoverable import recoverable_block
from parxl.render.results_chart import index_chart
from parxl.sheetspec import Cell, Scalar, SheetSpec, Style

NAME = sheetnames.RESULTS
# Shown beside every figure that adds up a formula parxl could not compute: not final until it is.
UNCOMPUTED = "chưa tính được"
HEADER_ROW = 4


def results_sheet(result: Result, settings: Settings, findings: list[Finding], findings_sheet: str,
                  score_sheet: str | None = None) -> SheetSpec:
    """The results table, a summary, the criteria that would recover most, the settings and a chart.
    ``score_sheet`` (the officials' sheet) makes the recoverable criteria links to their rows."""
    places, mode = settings.places, settings.rounding
    pts, bold_pts = num_style(places), num_style(places, bold=True)
    signed = num_style(places, signed=True)
    basis = BASIS_LABEL[result.basis]
    title = f"KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {settings.year or '…'}"
    rows: list[list[Cell | None]] = [
        [text(title, TITLE)],
        [text(settings.unit or "(chưa ghi tên đơn vị trong trang Cấu hình)", SUBTITLE)],
        [],
        [text("TT", HEADER), text("Nội dung", HEADER), text(basis, HEADER), None, text("Điểm ĐTXHH", HEADER), None,
         text("Tổng điểm", HEADER), None, text("Chỉ số thành phần (%)", HEADER),
         text("Tăng/giảm so với năm trước", HEADER), text("Chỉ số năm trước (%)", HEADER)],
        [None, None] + [text(h, HEADER) for h in ("Đạt", "Tối đa") * 3] + [None, None, None],
    ]
    merges = ["A1:K1", "A2:K2", "A4:A5", "B4:B5", "C4:D4", "E4:F4", "G4:H4", "I4:I5", "J4:J5", "K4:K5"]
    first = len(rows) + 1
    for area in result.areas:
        r = len(rows) + 1
        own = (area.points, area.max) if not area.survey else (None, None)
        survey = (area.points, area.max) if area.survey else (None, None)
        rows.append([text(area.code, CENTER), text(area.name + (f" ({UNCOMPUTED})" if area.uncomputed else "")),
                     *[Cell(plain(v), style=pts) for v in (*own, *survey)],
                     *_derived(r, area.points, area.max, area.change, places, mode, pts, signed)])
    areas_last = len(rows)  # the chart shows the areas only
    totals = result.totals
    if totals.survey is not None and not any(a.survey for a in result.areas):
        # Survey points given in "Cấu hình" rather than in the score sheet: a row of their own, so that the
        # SUM of the total row stays true when Excel recalculates.
        r = len(rows) + 1
        rows.append([text(None, CENTER), text("Điểm điều tra xã hội học (theo trang Cấu hình)"),
                     Cell(None, style=pts), Cell(None, style=pts), Cell(plain(totals.survey), style=pts),
                     Cell(plain(totals.survey_max or ZERO), style=pts),
                     *_derived(r, totals.survey, totals.survey_max or ZERO, None, places, mode, pts, signed)])
    last = len(rows)
    r = len(rows) + 1
    total_label = "CHỈ SỐ CCHC" + (f" ({UNCOMPUTED})" if totals.uncomputed else "")
    total_row: list[Cell | None] = [text(None, HEADER), text(total_label, HEADER)]
    cached = (totals.points - (totals.survey or ZERO), totals.max - (totals.survey_max or ZERO),
              totals.survey, totals.survey_max)
    for col, value in zip("CDEF", cached):
        total_row.append(formula(f"SUM({col}{first}:{col}{last})", plain(value or ZERO), bold_pts))
    total_row += _derived(r, totals.points, totals.max, totals.change, places, mode, bold_pts,
                          num_style(places, bold=True, signed=True))
    rows.append(total_row)
    total_r = r

    rows.append([])
    counts = count_by_severity(findings)
    summary = [
        ("Tổng điểm", formula(f"G{total_r}", plain(totals.points), bold_pts)),
        ("Chỉ số CCHC (%)", formula(f"I{total_r}", _pct_value(totals.points, totals.max, places, mode), bold_pts)),
        ("Xếp loại", text(f"{UNCOMPUTED}: có công thức parxl không tính được — xem trang “{findings_sheet}”"
                          if totals.uncomputed else totals.classification, LABEL)),
        ("Cơ sở tính điểm", text(basis if result.basis == "appraised"
                                 else "Điểm tự đánh giá (chưa có điểm thẩm định)", LABEL)),
        ("Kết quả kiểm tra", text(f"{counts[Severity.ERROR]} lỗi, {counts[Severity.WARNING]} cảnh báo, "
                                  f"{counts[Severity.INFO]} thông tin — xem trang “{findings_sheet}”", LABEL,
                                  link=sheet_ref(findings_sheet, "A1"))),
    ]
    for label, cell in summary:
        r = len(rows) + 1
        rows.append([None, text(label, LABEL), cell])
        if cell.formula is None:
            merges.append(f"C{r}:K{r}")
    rows.append([])
    if result.deductions:
        recoverable_block(rows, merges, result, settings, score_sheet)
        rows.append([])
    r = len(rows) + 1
    settings_row = r  # the settings and the chart start page 2, under their own header
    rows.append([None, text("Thiết lập đã dùng", HEADER), text("Giá trị", HEADER), None, None, None,
                 text("Nguồn", HEADER), None])
    merges += [f"C{r}:F{r}", f"G{r}:H{r}"]
    for key, label, shown in _settings_rows(settings):
        r = len(rows) + 1
        source = "mặc định" if key in settings.defaults else "trang Cấu hình"
        rows.append([None, text(label), text(shown), text(None), text(None), text(None), text(source), text(None)])
        merges += [f"C{r}:F{r}", f"G{r}:H{r}"]
    rows.append([])
    chart = index_chart(result, settings, first, areas_last, len(rows) + 1)
    return fit_row_heights(SheetSpec(
        name=NAME, rows=rows, merges=merges,
        col_widths={1: 6, 2: 44, 3: 10, 4: 10, 5: 10, 6: 10, 7: 10, 8: 10, 9: 13, 10: 14, 11: 13},
        # No repeated title rows: the area table fits on page 1, and its header above the settings or the chart
        # on page 2 would head content it does not describe.
        row_heights={HEADER_ROW: 32}, freeze=f"A{first}", print_title_rows=None,
        landscape=True, fit_width=True, charts=[chart] if chart else [], page_breaks=(settings_row,),
    ))


def _pct_value(points: Decimal, maximum: Decimal, places: int, mode: Rounding) -> Scalar:
    return rounded(pct(points, maximum), places, mode)


def _derived(r: int, points: Decimal, maximum: Decimal, change: Decimal | None, places: int, mode: Rounding,
             pts: Style, signed: Style) -> list[Cell | None]:
    """Total = appraisal + survey, its maximum, the component index, the change and last year's index
    (from the change), as live formulas."""
    cells: list[Cell | None] = [formula(f"C{r}+E{r}", plain(points), pts), formula(f"D{r}+F{r}", plain(maximum), pts)]
    index = _pct_value(points, maximum, places, mode)
    cells.append(formula(round_formula(f"G{r}/H{r}*100", places, mode), index, pts) if index is not None
                 else text(None, TEXT))
    cells.append(Cell(plain(change), style=signed) if change is not None else text(None, TEXT))
    last = _pct_value(points - change, maximum, places, mode) if change is not None else None
    cells.append(formula(round_formula(f"(G{r}-J{r})/H{r}*100", places, mode), last, pts) if last is not None
                 else text(None, TEXT))
    return cells


def _vn(value: Decimal) -> str:
    """A setting's number as text, the Vietnamese way ("81,82"), whatever the PC's region: these are labels."""
    return format_vn(value, 10)


def _settings_rows(settings: Settings) -> list[tuple[str, str, str]]:
    thresholds = "; ".join(f"{label} ≥ {_vn(bound)}" for label, bound in settings.thresholds) + "; còn lại: Yếu"
    values = {
        "unit": settings.unit or "(chưa ghi)",
        "year": str(settings.year) if settings.year else "(chưa ghi)",
        "rounding": settings.rounding.label,
        "places": str(settings.places),
        "thresholds": thresholds,
        "total_max": _vn(settings.total_max) if settings.total_max is not None else "(không kiểm tra)",
        "survey_max": _vn(settings.survey_max) if settings.survey_max is not None else "(theo bảng điểm)",
        "last_year_total": _vn(settings.last_year_total) if settings.last_year_total is not None
        else "(không có)",
        "target_rank": f"nhóm {settings.target_rank} đơn vị dẫn đầu" if settings.target_rank else "(không đặt)",
    }
    return [(key, SETTING_LABELS[key], value) for key, value in values.items()]
