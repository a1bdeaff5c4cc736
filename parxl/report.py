"""The records of a scored workbook, and the JSON of ``parxl score --json``/``check --json`` made from them.

One set of records feeds both the DataFrames of :class:`parxl.Report` (exact ``Decimal`` values) and the
JSON (the same records with every number rounded by the workbook's rule), so the two never disagree.
No pandas here: plain dicts and lists.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from parxl.analyse import Analysis
from parxl.model import RowKind
from parxl.numbers import round_dp, to_json_number

Record = dict[str, object]

# Column order of each table; the JSON rows carry the same keys.
AREA_COLUMNS = ("code", "name", "max", "self", "appraised", "points", "index_pct", "survey", "change", "row")
CRITERION_COLUMNS = ("code", "name", "kind", "level", "row", "max", "self", "appraised", "na", "leaf",
                     "index_pct")
DEDUCTION_COLUMNS = ("code", "name", "area_code", "row", "max", "self", "appraised", "points", "deducted",
                     "reason", "responsible")
FINDING_COLUMNS = ("code", "severity", "sheet", "cell", "line", "value", "expected", "message")


def area_records(analysis: Analysis) -> list[Record]:
    """One record per area (the survey block included), exact values."""
    return [
        {"code": a.code, "name": a.name, "max": a.max, "self": a.self, "appraised": a.appraised,
         "points": a.points, "index_pct": a.index_pct, "survey": a.survey, "change": a.change, "row": a.row}
        for a in analysis.result.areas
    ]


def criterion_records(analysis: Analysis) -> list[Record]:
    """Every coded row of the score sheet (areas, criteria, survey) in sheet order, exact values."""
    index = analysis.result.criteria_index
    return [
        {"code": r.code, "name": r.name, "kind": r.kind.value, "level": max(len(r.path), 1), "row": r.row,
         "max": r.max, "self": r.self, "appraised": r.appraised, "na": r.na, "leaf": r.is_leaf,
         "index_pct": index.get(r.code)}
        for r in analysis.sheet.rows if r.kind is not RowKind.TOTAL
    ]


def deduction_records(analysis: Analysis) -> list[Record]:
    """One record per criterion that lost points, in sheet order, exact values."""
    return [
        {"code": d.code, "name": d.name, "area_code": d.area_code, "row": d.row, "max": d.max, "self": d.self,
         "appraised": d.appraised, "points": d.points, "deducted": d.deducted, "reason": d.reason,
         "responsible": d.responsible}
        for d in analysis.result.deductions
    ]


def finding_records(analysis: Analysis) -> list[Record]:
    """One record per finding, errors first; ``line`` is set for pasted text only."""
    return [{**dict.fromkeys(FINDING_COLUMNS), **f.to_dict()} for f in analysis.findings]


def deductions_total(analysis: Analysis) -> Record:
    """Column sums of the deduction table (a blank score counts as 0), exact values."""
    deductions = analysis.result.deductions
    zero = Decimal(0)
    return {
        "max": sum((d.max for d in deductions), zero),
        "self": sum((d.self or zero for d in deductions), zero),
        "appraised": sum((d.appraised or zero for d in deductions), zero),
        "deducted": sum((d.deducted for d in deductions), zero),
    }


def totals_record(analysis: Analysis) -> Record:
    t = analysis.result.totals
    return {"max": t.max, "self": t.self, "appraised": t.appraised, "survey": t.survey, "points": t.points,
            "index_pct": t.index_pct, "classification": t.classification, "change": t.change}


def rounder(analysis: Analysis) -> Callable[[object], object]:
    """The workbook's rounding (places and rule from its settings) as a function on any record value."""
    settings = analysis.settings

    def rounded(value: object) -> object:
        if isinstance(value, Decimal):
            return round_dp(value, settings.places, settings.rounding)
        return value
    return rounded


def _json(record: Record, rounded: Callable[[object], object]) -> Record:
    out: Record = {}
    for key, value in record.items():
        value = rounded(value)
        out[key] = to_json_number(value) if isinstance(value, Decimal) else value
    return out


def report_dict(analysis: Analysis) -> Record:
    """The JSON contract: every number rounded by the workbook's rule, integers as integers."""
    rounded = rounder(analysis)
    settings, result = analysis.settings, analysis.result
    return {
        "unit": settings.unit,
        "year": settings.year,
        "basis": result.basis,
        "totals": _json(totals_record(analysis), rounded),
        "areas": [_json(r, rounded) for r in area_records(analysis)],
        "deductions": [_json(r, rounded) for r in deduction_records(analysis)],
        "deductions_total": _json(deductions_total(analysis), rounded),
        "criteria_index": {code: to_json_number(round_dp(pct, settings.places, settings.rounding))
                           for code, pct in result.criteria_index.items()},
        "criteria": [_json(r, rounded) for r in criterion_records(analysis)],
        # Figures fed by a formula parxl could not compute ("chưa tính được"): shown, but not final.
        "uncomputed": {"totals": result.totals.uncomputed,
                       "areas": [a.code for a in result.areas if a.uncomputed]},
        "findings": [f.to_dict() for f in analysis.findings],
    }


def to_json(analysis: Analysis) -> Record:
    """Kept for callers of the earlier name: the same as :func:`report_dict`."""
    return report_dict(analysis)
