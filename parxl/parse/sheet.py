"""Turn the score sheet's cells into rows with numbers, and the rows into the criteria tree."""

from __future__ import annotations

import re
from decimal import Decimal

from parxl.findings import Finding, finding
from parxl.formula import Evaluator, FormulaError
from parxl.model import FIELD_LABELS, NUMERIC_FIELDS, RowKind, ScoreRow, ScoreSheet
from parxl.numbers import NumberError, fold, from_roman, is_blank, is_na, parse_number
from parxl.parse.header import Header
from parxl.read import Grid, a1

_CODE = re.compile(r"^(?P<head>[IVXLC]+|\d+)(?P<tail>(?:\.\d+)*)$")
_TOTAL = re.compile(r"^(tong cong|tong diem|tong so diem|chi so cchc|chi so cai cach hanh chinh|tong)\b")
_SURVEY = re.compile(r"dieu tra xa hoi hoc|\bdtxhh\b|\bdt xhh\b|\bxhh\b|sipas|su hai long|chi so hai long")


def roman_to_int(text: str) -> int | None:
    """Roman numerals as used for areas (I … XXXIX); None for anything else (so "C" alone is not 100)."""
    total = from_roman(text)
    return total if total is not None and 1 <= total <= 39 else None


def parse_code(value: object) -> tuple[int, ...] | None:
    """"1.1.3" -> (1, 1, 3); "IV" or "IV." -> (4,); 2 -> (2,); None when it is not a criterion code."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return (value,) if value > 0 else None
    if isinstance(value, float):
        text = repr(value)  # a code typed as 1.1 in a number cell
    else:
        text = str(value).strip().rstrip(".)").strip()
    match = _CODE.match(text)
    if not match:
        return None
    head = match.group("head")
    first = int(head) if head.isdigit() else roman_to_int(head)
    if not first:
        return None
    rest = tuple(int(part) for part in match.group("tail").split(".")[1:])
    return (first, *rest)


def _code_text(path: tuple[int, ...]) -> str:
    return ".".join(str(p) for p in path)


class _Reader:
    """Reads typed values of one sheet, collecting findings as it goes."""

    def __init__(self, grid: Grid) -> None:
        self.grid = grid
        self.evaluator = Evaluator(grid)
        self.findings: list[Finding] = []
        self.recomputed: list[str] = []

    def value(self, row: int, col: int | None) -> object:
        if col is None:
            return None
        raw = self.grid.cells.get((row, col))
        if raw is None:
            return None
        if raw.formula is not None and raw.value is None:
            try:
                value = self.evaluator.cell(row, col)
            except (FormulaError, ArithmeticError):
                self.findings.append(finding("formula_unsupported", self.grid.name, a1(row, col), "=" + raw.formula))
                return None
            self.recomputed.append(a1(row, col))
            return value
        return raw.value

    def number(self, row: int, col: int | None, field_label: str) -> tuple[Decimal | None, bool]:
        """(number, is_na) for a numeric cell."""
        value = self.value(row, col)
        if is_blank(value):
            return None, False
        if is_na(value):
            return None, True
        cell = a1(row, col or 0)
        try:
            number = parse_number(value)
        except NumberError:
            self.findings.append(finding("not_a_number", self.grid.name, cell, value, column=field_label))
            return None, False
        if isinstance(value, str):
            # Excel's SUM skips numbers stored as text, so a typed total beside it will be off.
            self.findings.append(finding("text_number", self.grid.name, cell, value, number))
        return number, False


def parse_score_sheet(grid: Grid, header: Header) -> tuple[ScoreSheet, list[Finding]]:
    """Rows of the score sheet below ``header``, linked into a tree, and what was wrong on the way."""
    reader = _Reader(grid)
    cols = header.columns
    rows: list[ScoreRow] = []
    for r in range(header.data_row, grid.max_row + 1):
        row = _read_row(reader, r, cols)
        if row is not None:
            rows.append(row)
    findings = reader.findings
    if reader.recomputed:
        findings.append(finding("formula_recomputed", grid.name, reader.recomputed[0],
                                expected=f"{len(reader.recomputed)} ô", count=len(reader.recomputed)))
    findings += _link(rows, grid.name)
    title = " ".join(str(grid.value(r, c)) for r in range(1, header.row) for c in range(1, grid.max_col + 1)
                     if isinstance(grid.value(r, c), str))
    return ScoreSheet(grid.name, header.row, dict(cols), rows, title), findings


def _read_row(reader: _Reader, r: int, cols: dict[str, int]) -> ScoreRow | None:
    raw_code = reader.value(r, cols.get("code"))
    name_value = reader.value(r, cols.get("name"))
    name = str(name_value).strip() if not is_blank(name_value) else ""
    code_text = "" if is_blank(raw_code) else str(raw_code).strip()
    label = fold(name or code_text)
    path = parse_code(raw_code)
    if path is None and _TOTAL.match(label):
        kind = RowKind.TOTAL
    elif _SURVEY.search(label) and (path is None or len(path) == 1):
        kind = RowKind.SURVEY
    elif path is not None:
        kind = RowKind.AREA if len(path) == 1 else RowKind.CRITERION
    else:
        if code_text and any(not is_blank(reader.value(r, cols.get(f))) for f in ("max", "self", "appraised")):
            reader.findings.append(finding("bad_code", reader.grid.name, a1(r, cols["code"]), code_text))
        return None
    row = ScoreRow(row=r, kind=kind, code=_code_text(path) if path else ("ĐTXHH" if kind is RowKind.SURVEY else ""),
                   raw_code=code_text, name=name or code_text, path=path or ())
    for fieldname in NUMERIC_FIELDS:
        col = cols.get(fieldname)
        if col is None:
            continue
        row.cells[fieldname] = a1(r, col)
        number, na = reader.number(r, col, FIELD_LABELS[fieldname])
        setattr(row, fieldname, number)
        row.na = row.na or (na and fieldname in ("max", "self", "appraised"))
    for fieldname in ("evidence", "reason", "responsible", "rule"):
        col = cols.get(fieldname)
        if col is not None:
            row.cells[fieldname] = a1(r, col)
            value = reader.value(r, col)
            setattr(row, fieldname, "" if is_blank(value) else str(value).strip())
    for fieldname in ("code", "name"):
        if fieldname in cols:
            row.cells[fieldname] = a1(r, cols[fieldname])
    return row


def _link(rows: list[ScoreRow], sheet: str) -> list[Finding]:
    """Attach each coded row to its parent; report duplicates and missing parents."""
    findings: list[Finding] = []
    by_path: dict[tuple[int, ...], ScoreRow] = {}
    missing_reported: set[tuple[int, ...]] = set()
    kept: list[ScoreRow] = []
    for row in rows:
        if row.kind is RowKind.TOTAL or not row.path:
            kept.append(row)
            continue
        if row.path in by_path:
            first = by_path[row.path]
            findings.append(finding("duplicate_code", sheet, row.cells.get("code", ""), row.raw_code,
                                    code=row.code, other_row=first.row))
            continue
        by_path[row.path] = row
        kept.append(row)
        ancestor = row.path[:-1]
        if ancestor and ancestor not in by_path and ancestor not in missing_reported:
            missing_reported.add(ancestor)
            findings.append(finding("orphan_code", sheet, row.cells.get("code", ""), row.raw_code,
                                    code=row.code, parent=_code_text(ancestor)))
        while ancestor and ancestor not in by_path:
            ancestor = ancestor[:-1]
        if ancestor:
            row.parent = by_path[ancestor]
            row.parent.children.append(row)
            if row.parent.kind is RowKind.SURVEY:
                row.kind = RowKind.SURVEY
    rows[:] = kept
    return findings
