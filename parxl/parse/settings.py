"""The optional "Cấu hình" sheet: label in column A, value in column B; last year's areas in a side table."""

from __future__ import annotations

import re
from decimal import Decimal

from parxl.findings import Finding, finding
from parxl.model import DEFAULT_THRESHOLDS, Settings
from parxl.numbers import NumberError, Rounding, date_text, fold, is_blank, parse_number
from parxl.read import Grid, a1

SETTINGS_SHEET = "Cấu hình"

# folded label -> (attribute, kind). Thresholds are handled by their label.
_KEYS: dict[str, tuple[str, str]] = {
    "ten don vi": ("unit", "text"),
    "don vi": ("unit", "text"),
    "cap tren": ("parent_unit", "text"),
    "nam danh gia": ("year", "year"),
    "nam": ("year", "year"),
    "diem toi da dtxhh": ("survey_max", "number"),
    "diem dtxhh": ("survey_points", "number"),
    "tong diem toi da": ("total_max", "number"),
    "cach lam tron": ("rounding", "rounding"),
    "so chu so thap phan": ("places", "places"),
    "tong diem nam truoc": ("last_year_total", "number"),
    "so bao cao": ("report_number", "text"),
    "ngay bao cao": ("report_date", "date"),
    "muc tieu xep hang": ("target_rank", "rank"),
    "trang bang diem": ("score_sheets", "sheets"),
    "cac trang bang diem": ("score_sheets", "sheets"),
    "trang cham diem": ("score_sheets", "sheets"),
}
_THRESHOLD = r"^nguong (.+)$"  # compiled by ``re`` on first use
_CLASS_LABELS = {fold(name): name for name, _ in DEFAULT_THRESHOLDS}  # "Ngưỡng Khá": the classes that have one

# Shown in the results sheet, so that nobody mistakes a default for a decision.
SETTING_LABELS = {
    "unit": "Tên đơn vị", "parent_unit": "Cấp trên", "year": "Năm đánh giá", "survey_max": "Điểm tối đa ĐTXHH",
    "survey_points": "Điểm ĐTXHH", "total_max": "Tổng điểm tối đa", "rounding": "Cách làm tròn",
    "places": "Số chữ số thập phân", "thresholds": "Ngưỡng xếp loại", "last_year_total": "Tổng điểm năm trước",
    "report_number": "Số báo cáo", "report_date": "Ngày báo cáo", "target_rank": "Mục tiêu xếp hạng",
}


def find_settings_sheet(names: list[str]) -> str | None:
    return next((n for n in names if fold(n) == "cau hinh"), None)


def parse_settings(grid: Grid | None) -> tuple[Settings, list[Finding]]:
    settings = Settings()
    findings: list[Finding] = []
    given: set[str] = set()
    thresholds = dict(settings.thresholds)
    if grid is not None:
        for r in range(1, grid.max_row + 1):
            label, value = grid.value(r, 1), grid.value(r, 2)
            if not isinstance(label, str) or not label.strip():
                continue
            key = fold(label).rstrip(":")
            if key in ("thiet lap", "cai dat"):
                continue  # the header row
            cell = a1(r, 2)
            threshold = re.match(_THRESHOLD, key)
            if threshold and threshold.group(1) in _CLASS_LABELS:
                number = _number(value, label, grid.name, cell, findings)
                if number is not None:
                    thresholds[_CLASS_LABELS[threshold.group(1)]] = number
                    given.add("thresholds")
                continue
            if key not in _KEYS:
                findings.append(finding("setting_unknown", grid.name, a1(r, 1), label))
                continue
            if is_blank(value):
                continue
            attr, kind = _KEYS[key]
            parsed = _convert(kind, value, label, grid.name, cell, findings)
            if parsed is not None:
                setattr(settings, attr, parsed)
                given.add(attr)
        settings.last_year_areas = _last_year_table(grid, findings)
    settings.thresholds = tuple(sorted(thresholds.items(), key=lambda kv: -kv[1]))
    settings.defaults = {k for k in SETTING_LABELS if k not in given}
    return settings, findings


def _number(value: object, label: str, sheet: str, cell: str, findings: list[Finding]) -> Decimal | None:
    try:
        return parse_number(value)
    except NumberError:
        findings.append(finding("setting_invalid", sheet, cell, value, "Hãy nhập một số.", setting=label))
        return None


def _convert(kind: str, value: object, label: str, sheet: str, cell: str, findings: list[Finding]) -> object:
    if kind == "text":
        return str(value).strip()
    if kind == "sheets":  # "Khung (1-4); Khung (5-8)": names may hold commas, so ";" or new lines first
        text = str(value)
        parts = re.split(r"[;\n]", text) if re.search(r"[;\n]", text) else text.split(",")
        return tuple(p.strip() for p in parts if p.strip())
    if kind == "date":
        return date_text(value)  # a date cell is stored as a serial number
    if kind == "rounding":
        folded = fold(str(value))
        if folded.startswith("lam tron") or folded in ("half_up", "round"):
            return Rounding.HALF_UP
        if folded.startswith("cat") or folded in ("truncate", "trunc"):
            return Rounding.TRUNCATE
        findings.append(finding("setting_invalid", sheet, cell, value, "Chọn “Làm tròn” hoặc “Cắt bỏ”.", setting=label))
        return None
    number = _number(value, label, sheet, cell, findings)
    if number is None:
        return None
    if kind == "number":
        return number
    limits = {"year": (2000, 2100), "places": (0, 4), "rank": (1, 999)}[kind]
    if number != number.to_integral_value() or not limits[0] <= number <= limits[1]:
        findings.append(finding("setting_invalid", sheet, cell, value,
                                f"Hãy nhập số nguyên từ {limits[0]} đến {limits[1]}.", setting=label))
        return None
    return int(number)


def _last_year_table(grid: Grid, findings: list[Finding]) -> dict[str, Decimal]:
    """The side table headed "Mã lĩnh vực | Điểm năm trước"."""
    from parxl.parse.sheet import parse_code

    for (r, c), raw in grid.cells.items():
        if isinstance(raw.value, str) and fold(raw.value) == "ma linh vuc":
            table: dict[str, Decimal] = {}
            for row in range(r + 1, grid.max_row + 1):
                code = parse_code(grid.value(row, c))
                if code is None:
                    continue
                number = _number(grid.value(row, c + 1), "Điểm năm trước", grid.name, a1(row, c + 1), findings)
                if number is not None:
                    table[".".join(map(str, code))] = number
            return table
    return {}
