"""The findings sheet ("Kiểm tra"): every finding with a link to its cell."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from parxl import sheetnames
from parxl.findings import Finding, Severity, count_by_severity
from parxl.numbers import format_vn
from parxl.render.common import CENTER, HEADER, SUBTITLE, TEXT, TITLE, fit_row_heights, sheet_ref, text
from parxl.sheetspec import Cell, SheetSpec

NAME = sheetnames.FINDINGS
CODE_HEADER = "Mã (cho người hỗ trợ)"
CODE_COLUMN = 8
_FILL = {Severity.ERROR: "F8CBAD", Severity.WARNING: "FFE699", Severity.INFO: None}
LINK = replace(CENTER, color="0563C1", underline=True)


def findings_sheet(findings: list[Finding], label: str) -> SheetSpec:
    counts = count_by_severity(findings)
    summary = (f"Tệp “{label}”: {counts[Severity.ERROR]} lỗi, {counts[Severity.WARNING]} cảnh báo, "
               f"{counts[Severity.INFO]} thông tin.")
    rows: list[list[Cell | None]] = [
        [text("KẾT QUẢ KIỂM TRA BẢNG ĐIỂM", TITLE)],
        [text(summary, SUBTITLE)],
        [],
        # The code is for whoever supports the officers (and the JSON output): a hidden last column, not read.
        [text(h, HEADER) for h in ("STT", "Mức độ", "Trang", "Ô", "Giá trị", "Mong đợi", "Nội dung", CODE_HEADER)],
    ]
    for i, item in enumerate(findings, 1):
        severity = item.severity
        level = replace(CENTER, fill=_FILL[severity], bold=severity is Severity.ERROR)
        target = sheet_ref(item.sheet, item.cell) if item.sheet and item.cell else None
        data = item.to_dict()
        rows.append([
            text(i, CENTER), text(severity.label, level), text(item.sheet, CENTER),
            text(item.cell, LINK if target else CENTER, link=target),
            text(_shown(data["value"])), text(_shown(data["expected"])), text(item.message), text(item.code, CENTER),
        ])
    if not findings:
        rows.append([text("Không phát hiện vấn đề nào.", TEXT)])
    return fit_row_heights(SheetSpec(
        name=NAME, rows=rows, merges=["A1:G1", "A2:G2"],
        col_widths={1: 6, 2: 11, 3: 16, 4: 8, 5: 14, 6: 14, 7: 70, 8: 24},
        freeze="A5", print_title_rows=(4, 4), landscape=True, fit_width=True, hidden_cols=(CODE_COLUMN,),
    ))


def _shown(value: object) -> object:
    # Values are labels here, not data to compute with: numbers go in as Vietnamese text ("8,3"), the same on
    # every PC whatever its region. An "=" at the start never becomes a formula (the writer keeps strings as
    # strings), and long objects are cut to stay readable.
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_vn(Decimal(repr(value)) if isinstance(value, float) else Decimal(value), 10)
    return str(value)[:200]
