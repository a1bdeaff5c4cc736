"""The JSON contract of ``parxl score --json`` and ``parxl check --json``, rounded by the configured rule."""

from __future__ import annotations

from decimal import Decimal

from parxl.analyse import Analysis
from parxl.numbers import round_dp, to_json_number


def to_json(analysis: Analysis) -> dict[str, object]:
    settings, result = analysis.settings, analysis.result

    def n(value: Decimal | None) -> int | float | None:
        return None if value is None else to_json_number(round_dp(value, settings.places, settings.rounding))

    totals = result.totals
    deductions = result.deductions
    return {
        "unit": settings.unit,
        "year": settings.year,
        "basis": result.basis,
        "totals": {
            "max": n(totals.max), "self": n(totals.self), "appraised": n(totals.appraised),
            "survey": n(totals.survey), "points": n(totals.points), "index_pct": n(totals.index_pct),
            "classification": totals.classification, "change": n(totals.change),
        },
        "areas": [
            {"code": a.code, "name": a.name, "max": n(a.max), "self": n(a.self), "appraised": n(a.appraised),
             "points": n(a.points), "index_pct": n(a.index_pct), "survey": a.survey, "change": n(a.change)}
            for a in result.areas
        ],
        "deductions": [
            {"code": d.code, "name": d.name, "max": n(d.max), "self": n(d.self), "appraised": n(d.appraised),
             "deducted": n(d.deducted), "reason": d.reason, "responsible": d.responsible}
            for d in deductions
        ],
        "deductions_total": {
            "max": n(sum((d.max for d in deductions), Decimal(0))),
            "self": n(sum((d.self or Decimal(0) for d in deductions), Decimal(0))),
            "appraised": n(sum((d.appraised or Decimal(0) for d in deductions), Decimal(0))),
            "deducted": n(sum((d.deducted for d in deductions), Decimal(0))),
        },
        "criteria_index": {code: n(pct) for code, pct in result.criteria_index.items()},
        # Figures fed by a formula parxl could not compute ("chưa tính được"): shown, but not final.
        "uncomputed": {"totals": totals.uncomputed, "areas": [a.code for a in result.areas if a.uncomputed]},
        "findings": [f.to_dict() for f in analysis.findings],
    }
