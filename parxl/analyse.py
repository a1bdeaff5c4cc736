"""From workbook bytes to findings and results: locate, parse, validate, score. No file is touched here."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Protocol

from parxl.errors import NoScoreSheet
from parxl.findings import NOT_UNDERSTOOD, Finding, finding
from parxl.formula import Evaluator
from parxl.model import Result, ScoreRow, ScoreSheet, Settings
from parxl.numbers import fold
from parxl.parse.codes import leading_code, token
from parxl.parse.header import Header, find_header
from parxl.parse.settings import SETTINGS_SHEET, find_settings_sheet, parse_settings
from parxl.parse.sheet import parse_score_sheets
from parxl.read import Grid, WorkbookReader
from parxl.scoring import score
from parxl.sheetnames import DISTRICT_INPUT as DISTRICT_INPUT_SHEET
from parxl.sheetnames import OWN_SHEETS
from parxl.validate import validate


class SheetSource(Protocol):
    """What the analysis reads grids from: a workbook file (``parxl.read.WorkbookReader``), the live cells
    of an open workbook (``parxl.addin.live.LiveReader``) or the ranges a worksheet function got."""

    label: str

    @property
    def sheet_names(self) -> list[str]: ...

    def part_size(self, name: str) -> int: ...

    def grid(self, name: str, max_rows: int | None = None) -> Grid: ...


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

    @property
    def unread(self) -> list[Finding]:
        """Findings that part of the workbook was left unread (see :data:`parxl.findings.NOT_UNDERSTOOD`)."""
        return [f for f in self.findings if f.code in NOT_UNDERSTOOD]


def _candidates(reader: SheetSource, skip: AbstractSet[str]) -> list[tuple[str, Header]]:
    """Every sheet with a score-sheet header, in workbook order."""
    # parxl's own sheets (a deduction appendix has score-sheet headers) are never the officials' sheet.
    # Nor is the sheet where officers paste the district's table (it can carry score-sheet headers).
    skip_folded = {fold(n) for n in (*OWN_SHEETS, *skip, DISTRICT_INPUT_SHEET, SETTINGS_SHEET)}
    found = []
    for name in reader.sheet_names:
        if fold(name) in skip_folded:
            continue
        # Small sheets are read whole (and kept), so the chosen one is not parsed twice.
        sniff = None if reader.part_size(name) < 4_000_000 else 40
        header = find_header(reader.grid(name, max_rows=sniff))
        if header is not None:
            found.append((name, header))
    return found


def _no_score_sheet(reader: SheetSource) -> NoScoreSheet:
    return NoScoreSheet(
        f"Không tìm thấy bảng chấm điểm trong tệp “{reader.label}”. Bảng cần có dòng tiêu đề với các cột "
        "“STT”, “Tiêu chí” (hoặc “Nội dung”), “Điểm tối đa” và “Điểm tự đánh giá” hoặc “Điểm thẩm định”. "
        "Hãy kiểm tra lại tiêu đề cột, hoặc tạo bảng mới bằng lệnh “parxl new”.",
        path=reader.label,
    )


def _best(candidates: list[tuple[str, Header]]) -> tuple[str, Header] | None:
    best: tuple[tuple[int, int], str, Header] | None = None
    for name, header in candidates:
        rank = (header.score, 1 if _PREFERRED.search(fold(name)) else 0)
        if best is None or rank > best[0]:
            best = (rank, name, header)
    return None if best is None else (best[1], best[2])


def locate_score_sheet(reader: SheetSource, skip: AbstractSet[str] = frozenset()) -> tuple[Grid, Header]:
    """The sheet whose header best matches a score sheet; a preferred name breaks ties."""
    best = _best(_candidates(reader, skip))
    if best is None:
        raise _no_score_sheet(reader)
    return reader.grid(best[0]), best[1]


def _explicit_codes(grid: Grid, header: Header) -> set[tuple[int, ...]]:
    """Codes that mean the same wherever they stand (Roman areas, dotted codes), from the code column or
    the start of the names; plain numbers when the sheet has none of those."""
    strong: set[tuple[int, ...]] = set()
    plain: set[tuple[int, ...]] = set()
    for r in grid.rows(header.data_row):
        for col, lead in ((header.columns.get("code"), False), (header.columns.get("name"), True)):
            value = grid.value(r, col) if col else None
            if lead:
                found = leading_code(value) if isinstance(value, str) else None
                tok = found[0] if found else None
            else:
                tok = token(value)
            if tok is None:
                continue
            if tok.kind in ("roman", "dotted"):
                strong.add(tok.parts)
            elif tok.kind == "int" and not lead:
                plain.add(tok.parts)
    return strong or plain


def locate_score_sheets(reader: SheetSource, skip: AbstractSet[str] = frozenset(), listed: tuple[str, ...] = ()
                        ) -> tuple[list[tuple[Grid, Header]], list[Finding]]:
    """The sheets that together make the score sheet, in order, and what parxl says about the choice.

    The settings sheet may list them ("Trang bảng điểm"). Otherwise sheets with the same header columns as
    the best one are read with it when their codes continue its tree (no code read twice); a sheet with
    the same header whose codes repeat is left out, with a warning that says which sheets were read.
    """
    candidates = _candidates(reader, skip)
    findings: list[Finding] = []
    if listed:
        by_fold = {fold(n): (n, h) for n, h in candidates}
        parts = []
        for name in listed:
            hit = by_fold.get(fold(name))
            if hit is None:
                findings.append(finding("sheet_listed_missing", SETTINGS_SHEET, "", name))
            else:
                parts.append((reader.grid(hit[0]), hit[1]))
        if parts:
            if len(parts) > 1:
                findings.append(finding("sheets_read", parts[0][0].name, "", count=len(parts),
                                        sheets=", ".join(f"“{g.name}”" for g, _ in parts)))
            return parts, findings
    best = _best(candidates)
    if best is None:
        raise _no_score_sheet(reader)
    fields = set(best[1].columns)
    group = [best]
    seen = _explicit_codes(reader.grid(best[0]), best[1])
    left_out: list[tuple[str, str]] = []
    for name, header in candidates:
        if name == best[0] or set(header.columns) != fields:
            continue
        codes = _explicit_codes(reader.grid(name), header)
        if not codes:
            left_out.append((name, "không có mã tiêu chí"))
        elif codes & seen:
            left_out.append((name, "trùng mã với các trang đã đọc"))
        else:
            group.append((name, header))
            seen |= codes
    order = {n: i for i, n in enumerate(reader.sheet_names)}
    group.sort(key=lambda item: order[item[0]])
    names = ", ".join(f"“{n}”" for n, _ in group)
    if len(group) > 1:
        findings.append(finding("sheets_read", group[0][0], "", count=len(group), sheets=names))
    for name, reason in left_out:
        findings.append(finding("sheets_not_read", name, "", name, reason=reason, sheets=names))
    return [(reader.grid(n), h) for n, h in group], findings


def analyse(data: bytes, label: str, owned: AbstractSet[str] | None = None) -> Analysis:
    """Read and score a workbook's bytes; ``owned``: the sheets parxl wrote before (by default, as the
    workbook marks them)."""
    reader = WorkbookReader(data, label)
    return analyse_reader(reader, reader.owned_sheets if owned is None else owned)


def analyse_reader(reader: SheetSource, owned: AbstractSet[str] = frozenset()) -> Analysis:
    """The same analysis from any source of grids (a file, or the live cells of an open workbook)."""
    label = reader.label
    settings_name = find_settings_sheet(reader.sheet_names)
    settings, setting_findings = parse_settings(reader.grid(settings_name) if settings_name else None)
    parts, sheet_findings = locate_score_sheets(reader, owned, settings.score_sheets)
    by_fold = {n.casefold(): n for n in reader.sheet_names}

    def sheet_grid(folded: str) -> Grid | None:
        name = by_fold.get(folded)
        return reader.grid(name) if name is not None else None

    evaluator = Evaluator(parts[0][0], sheet_grid)
    sheet, findings = parse_score_sheets(parts, evaluator)
    if settings.year is None:
        match = _YEAR.search(fold(sheet.title))
        if match:
            settings.year = int(match.group(1))
    findings = setting_findings + sheet_findings + findings + validate(sheet, settings)
    result = score(sheet, settings)
    findings += mark_uncomputed(sheet, result)
    return Analysis(label, sheet, settings, _ordered(findings), result, reader.sheet_names)


def mark_uncomputed(sheet: ScoreSheet, result: Result) -> list[Finding]:
    """Flag the areas and totals fed by a formula parxl could not compute ("chưa tính được"), drop the
    deductions it makes unknowable, and say so as an error with the first such cell."""
    fields = {"max", "self", "appraised"}
    blocked: dict[str, ScoreRow] = {}
    unknown_rows: set[int] = set()
    for leaf in sheet.leaves():
        if leaf.uncomputed & fields:
            root = leaf
            while root.parent is not None:
                root = root.parent
            blocked.setdefault(root.code, leaf)
            unknown_rows.add(id(leaf))
    if not blocked:
        return []
    for area in result.areas:
        if area.code in blocked:
            area.uncomputed = True
    result.totals.uncomputed = True
    unknown = {leaf.code for leaf in sheet.leaves() if id(leaf) in unknown_rows}
    result.deductions = [d for d in result.deductions if d.code not in unknown]
    out = []
    for code, leaf in blocked.items():
        field_name = min(leaf.uncomputed & fields)
        out.append(finding("figures_uncomputed", leaf.sheet or sheet.sheet, leaf.cells.get(field_name, ""),
                           what=f"lĩnh vực {code}"))
    return out


def _ordered(findings: list[Finding]) -> list[Finding]:
    """Errors first, then by sheet and position, so the first problem is the one to fix first."""
    from parxl.read import split_a1

    def key(f: Finding) -> tuple:
        order = {"error": 0, "warning": 1, "info": 2}[f.severity.value]
        pos = split_a1(f.cell) if f.cell else (0, 0)
        return (order, f.sheet, pos)

    return sorted(findings, key=key)
