"""Scoring: points, applicable maxima, indices, deductions and classification, from the parsed sheet.

Pure and exact (Decimal). Nothing is rounded here; presentation rounds with the configured rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from parxl.model import AreaResult, Deduction, Result, RowKind, ScoreRow, ScoreSheet, Settings, Totals
from parxl.numbers import ZERO, pct, round_dp
from parxl.rules import classify


@dataclass
class Sums:
    """Sums over a subtree's applicable leaves."""

    max: Decimal = ZERO
    self: Decimal = ZERO
    appraised: Decimal | None = None
    points: Decimal = ZERO

    def add(self, other: Sums) -> None:
        self.max += other.max
        self.self += other.self
        self.points += other.points
        if other.appraised is not None:
            self.appraised = (self.appraised or ZERO) + other.appraised


def choose_basis(sheet: ScoreSheet, leaves: list[ScoreRow] | None = None) -> str:
    """"appraised" once any criterion has an appraised score, else "self". ``leaves``: the sheet's leaves,
    when the caller has them already (a scan of every row)."""
    for leaf in sheet.leaves() if leaves is None else leaves:
        if leaf.kind is not RowKind.SURVEY and not leaf.na and (
                leaf.appraised is not None or "appraised" in leaf.uncomputed):
            return "appraised"
    return "self"


def leaf_points(leaf: ScoreRow, basis: str) -> Decimal:
    """The score that counts for a leaf: appraised where there is one, the self score otherwise."""
    if basis == "appraised" and leaf.appraised is not None:
        return leaf.appraised
    if leaf.kind is RowKind.SURVEY and leaf.appraised is not None:
        return leaf.appraised
    return leaf.self if leaf.self is not None else ZERO


def subtree_sums(row: ScoreRow, basis: str, memo: dict[int, Sums] | None = None) -> Sums:
    memo = {} if memo is None else memo
    if id(row) in memo:
        return memo[id(row)]
    sums = Sums()
    if row.is_leaf:
        if not row.na:
            sums = Sums(row.max or ZERO, row.self or ZERO, row.appraised, leaf_points(row, basis))
    else:
        for child in row.children:
            sums.add(subtree_sums(child, basis, memo))
    memo[id(row)] = sums
    return sums


def score(sheet: ScoreSheet, settings: Settings) -> Result:
    leaves = sheet.leaves()
    basis = choose_basis(sheet, leaves)
    memo: dict[int, Sums] = {}
    areas: list[AreaResult] = []
    for root in sheet.areas:
        sums = subtree_sums(root, basis, memo)
        areas.append(AreaResult(
            code=root.code, name=root.name, row=root.row, survey=root.kind is RowKind.SURVEY,
            max=sums.max, self=sums.self, appraised=sums.appraised, points=sums.points,
            index_pct=pct(sums.points, sums.max), last_year=settings.last_year_areas.get(root.code),
        ))
    appraisal = [a for a in areas if not a.survey]
    survey_areas = [a for a in areas if a.survey]
    total_max = sum((a.max for a in appraisal), ZERO)
    points = sum((a.points for a in appraisal), ZERO)
    survey: Decimal | None = None
    survey_max: Decimal | None = None
    if survey_areas:
        survey = sum((a.points for a in survey_areas), ZERO)
        survey_max = sum((a.max for a in survey_areas), ZERO)
    elif settings.survey_points is not None:
        survey, survey_max = settings.survey_points, settings.survey_max
    if survey is not None:
        points += survey
        total_max += survey_max or ZERO
    appraised = [a.appraised for a in appraisal if a.appraised is not None]
    index = pct(points, total_max) or ZERO
    last_year = settings.last_year_total
    if last_year is None and areas and all(a.last_year is not None for a in areas):
        last_year = sum((a.last_year for a in areas if a.last_year is not None), ZERO)
    totals = Totals(
        max=total_max,
        self=sum((a.self for a in appraisal), ZERO),
        appraised=sum(appraised, ZERO) if appraised else None,
        survey=survey, survey_max=survey_max, points=points, index_pct=index,
        classification=classify(round_dp(index, settings.places, settings.rounding), settings.thresholds),
        last_year=last_year,
    )
    return Result(basis, areas, totals, _deductions(leaves, basis), _criteria_index(sheet, basis, memo))


def _deductions(leaves: list[ScoreRow], basis: str) -> list[Deduction]:
    out = []
    for leaf in leaves:
        if leaf.kind is RowKind.SURVEY or leaf.na or leaf.max is None:
            continue
        points = leaf_points(leaf, basis)
        if points < leaf.max:
            out.append(Deduction(leaf.code, leaf.name, leaf.area_code, leaf.row, leaf.max, leaf.self,
                                 leaf.appraised, points, leaf.reason, leaf.responsible))
    return out


def _criteria_index(sheet: ScoreSheet, basis: str, memo: dict[int, Sums]) -> dict[str, Decimal]:
    out = {}
    for row in sheet.rows:
        if row.kind is RowKind.TOTAL or not row.code:
            continue
        sums = subtree_sums(row, basis, memo)
        index = pct(sums.points, sums.max)
        if index is not None:
            out[row.code] = index
    return out
