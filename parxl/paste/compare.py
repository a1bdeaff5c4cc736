"""Compare a pasted district table with the ward's own workbook, and plan what to write back.

Pure: takes the analysis of the workbook and the parsed paste, returns comparison rows, the score-sheet
cells to set (appraised scores and reasons of a criterion-level table) and findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from parxl.analyse import Analysis
from parxl.findings import Finding, finding
from parxl.model import ScoreRow
from parxl.numbers import to_json_number
from parxl.parse.sheet import parse_code
from parxl.paste import PasteResult
from parxl.paste.model import row_figure, row_line
from parxl.sheetspec import Scalar
from parxl.vocab import COUNCIL_WORDS, words


@dataclass
class Comparison:
    """One line of the comparison: the district's figure beside the workbook's."""

    code: str
    name: str
    maximum: Decimal | None
    own_self: Decimal | None
    own_appraised: Decimal | None
    district: Decimal | None
    line: int
    note: str = ""

    @property
    def difference(self) -> Decimal | None:
        own = self.own_appraised if self.own_appraised is not None else self.own_self
        return None if own is None or self.district is None else self.district - own


@dataclass
class PastePlan:
    kind: str
    comparisons: list[Comparison] = field(default_factory=list)
    cell_values: dict[str, Scalar] = field(default_factory=dict)  # score-sheet A1 -> value to write
    findings: list[Finding] = field(default_factory=list)


def _code(value: object) -> str:
    """A criterion's or area's code as the workbook writes it ("1.2"), else ""."""
    path = parse_code(value)
    return ".".join(map(str, path)) if path else ""


def plan_paste(analysis: Analysis, pasted: PasteResult, overwrite: bool = False) -> PastePlan:
    plan = PastePlan(pasted.kind)
    if pasted.kind == "criteria":
        _criteria(analysis, pasted, overwrite, plan)
    elif pasted.kind == "areas":
        _areas(analysis, pasted, plan)
    elif pasted.kind == "units":
        _units(analysis, pasted, plan)
    return plan


def _criteria(analysis: Analysis, pasted: PasteResult, overwrite: bool, plan: PastePlan) -> None:
    sheet = analysis.sheet
    by_code = {r.code: r for r in sheet.rows if r.path}
    for row in pasted.data_rows:
        line, target = row_line(row), by_code.get(_code(row.get("code")))
        if target is None:
            plan.findings.append(finding("paste_code_not_in_sheet", "", "", row.get("code"), line=line,
                                         code=row.get("code") or "?"))
            continue
        plan.comparisons.append(Comparison(target.code, target.name, target.max, target.self, target.appraised,
                                           row_figure(row, "appraised"), line))
        district_max = row.get("max", row.get("appraised_max"))
        if district_max is not None and target.max is not None and district_max != target.max:
            plan.findings.append(finding("paste_max_differs", sheet.sheet, target.cells.get("max", ""), target.max,
                                         district_max, code=target.code, line=line))
        if not target.is_leaf:
            continue  # a parent's score is the sum of its children; only leaves take the district's figure
        for fieldname in ("appraised", "reason", "responsible"):  # the score as read; texts on one line
            value = row.get(fieldname)
            if value is not None and value != "":
                value = value if fieldname == "appraised" else str(value).replace("\n", " ")
                _plan_cell(plan, target, fieldname, value, overwrite, sheet.sheet, line)


def _plan_cell(plan: PastePlan, target: ScoreRow, fieldname: str, value: object, overwrite: bool,
               sheet: str, line: int) -> None:
    cell = target.cells.get(fieldname)
    if cell is None:
        if fieldname == "appraised":
            plan.findings.append(finding("paste_no_column", sheet, "", column="Điểm thẩm định", line=line))
        return
    current = getattr(target, fieldname)
    if current == value:
        return
    empty = current in (None, "")
    if empty or overwrite:
        plan.cell_values[cell] = to_json_number(value) if isinstance(value, Decimal) else value  # type: ignore[assignment]
    if not empty:  # a different value is there: overwritten or kept, the user is told
        plan.findings.append(finding("paste_overwritten" if overwrite else "paste_kept_existing", sheet, cell, current,
                                     value, code=target.code, line=line))


def _areas(analysis: Analysis, pasted: PasteResult, plan: PastePlan) -> None:
    areas = {a.code: a for a in analysis.result.areas}
    for row in pasted.data_rows:
        area, line = areas.get(_code(row.get("code") or row.get("stt"))), row_line(row)
        if area is None:
            plan.findings.append(finding("paste_code_not_in_sheet", "", "", row.get("code"), line=line,
                                         code=row.get("code") or row.get("name") or "?"))
            continue
        district = row_figure(row, "survey" if area.survey and "survey" in row else "appraised")
        plan.comparisons.append(Comparison(area.code, area.name, area.max, area.self, area.appraised, district, line))


def _unit_name(name: str) -> str:
    """The words of a unit's name, folded and spaced, without a leading "UBND" / "Ủy ban nhân dân"."""
    ws = words(name)
    for prefix in COUNCIL_WORDS:
        if ws[:len(prefix)] == prefix and len(ws) > len(prefix):
            ws = ws[len(prefix):]
            break
    return " ".join(ws)


def _units(analysis: Analysis, pasted: PasteResult, plan: PastePlan) -> None:
    t = analysis.result.totals
    own = _unit_name(analysis.settings.unit or "")
    names = [(name, r) for r in pasted.data_rows if (name := _unit_name(str(r.get("unit") or "")))]
    # the same name, else whole words of one in the other: "Phường 1" is in "Phường 1, quận 3", not in "Phường 10"
    row = next((r for name, r in names if name == own), None) \
        or next((r for name, r in names if f" {own} " in f" {name} " or f" {name} " in f" {own} "), None)
    if own and row is not None:
        district = row_figure(row, "total")
        appraised = row_figure(row, "appraised")
        if district is None and appraised is not None:
            district = appraised + (row_figure(row, "survey") or 0)
        if district is None and t.max == 100:
            district = row_figure(row, "index_pct")  # out of 100 the index is the total; otherwise it is not comparable
        plan.comparisons.append(Comparison("", str(row.get("unit")), t.max, t.self, t.points, district,
                                           row_line(row), note=f"Xếp hạng {row.get('rank', '')}".strip()))
        return
    plan.findings.append(finding("paste_unit_not_found", "", "", analysis.settings.unit or "(chưa ghi tên đơn vị)"))
