"""From workbook bytes to findings and results: locate, parse, validate, score. No file is touched here."""

from __future__ import annotations

import re
from dataclasses import dataclass

from parxl.errors import NoScoreSheet
from parxl.findings import Finding
from parxl.model import Result, ScoreSheet, Settings
from parxl.numbers import fold
from parxl.parse.header import Header, find_header
from parxl.parse.settings import SETTINGS_SHEET, find_settings_sheet, parse_settings
from parxl.parse.sheet import parse_score_sheet
from parxl.read import Grid, WorkbookReader
from parxl.render import DISTRICT_INPUT_SHEET, OWN_SHEETS
from parxl.score import score
from parxl.validate import validate

_PREFERRED = re.compile(r"bang diem|cham diem|tu danh gia|cham cchc|diem cchc")
_YEAR = re.compile(r"\bnam (20\d\d)\b")


@dataclass
class Analysis:
    label: str
    sheet: ScoreSheet
    settings: Settings
    findings: list[Finding]
    result: Result
    sheet_names: list[str]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity.value == "error"]


def locate_score_sheet(reader: WorkbookReader, skip: set[str] = frozenset()) -> tuple[Grid, Header]:
    """The sheet whose header best matches a score sheet; a preferred name breaks ties."""
    best: tuple[tuple[int, int], str, Header] | None = None
    # parxl's own sheets (a deduction appendix has score-sheet headers) are never the officials' sheet.
    # Nor is the sheet where officers paste the district's table (it can carry score-sheet headers).
    skip_folded = {fold(n) for n in (*OWN_SHEETS, *skip, DISTRICT_INPUT_SHEET, SETTINGS_SHEET)}
    for name in reader.sheet_names:
        if fold(name) in skip_folded:
            continue
        # Small sheets are read whole (and kept), so the chosen one is not parsed twice.
        sniff = None if reader.part_size(name) < 4_000_000 else 40
        header = find_header(reader.grid(name, max_rows=sniff))
        if header is None:
            continue
        rank = (header.score, 1 if _PREFERRED.search(fold(name)) else 0)
        if best is None or rank > best[0]:
            best = (rank, name, header)
    if best is None:
        raise NoScoreSheet(
            f"Không tìm thấy bảng chấm điểm trong tệp “{reader.label}”. Bảng cần có dòng tiêu đề với các cột "
            "“STT”, “Tiêu chí” (hoặc “Nội dung”), “Điểm tối đa” và “Điểm tự đánh giá” hoặc “Điểm thẩm định”. "
            "Hãy kiểm tra lại tiêu đề cột, hoặc tạo bảng mới bằng lệnh “parxl new”.",
            path=reader.label,
        )
    _, name, header = best
    return reader.grid(name), header


def analyse(data: bytes, label: str, owned: set[str] = frozenset()) -> Analysis:
    return analyse_reader(WorkbookReader(data, label), owned)


def analyse_reader(reader: WorkbookReader, owned: set[str] = frozenset()) -> Analysis:
    """The same analysis from any source of grids (a file, or the live cells of an open workbook)."""
    label = reader.label
    grid, header = locate_score_sheet(reader, owned)
    sheet, findings = parse_score_sheet(grid, header)
    settings_name = find_settings_sheet(reader.sheet_names)
    settings, setting_findings = parse_settings(reader.grid(settings_name) if settings_name else None)
    if settings.year is None:
        match = _YEAR.search(fold(sheet.title))
        if match:
            settings.year = int(match.group(1))
    findings = setting_findings + findings + validate(sheet, settings)
    result = score(sheet, settings)
    return Analysis(label, sheet, settings, _ordered(findings), result, reader.sheet_names)


def _ordered(findings: list[Finding]) -> list[Finding]:
    """Errors first, then by sheet and position, so the first problem is the one to fix first."""
    from parxl.read import split_a1

    def key(f: Finding) -> tuple:
        order = {"error": 0, "warning": 1, "info": 2}[f.severity.value]
        pos = split_a1(f.cell) if f.cell else (0, 0)
        return (order, f.sheet, pos)

    return sorted(findings, key=key)
