"""Validation: one small function per rule, all registered in ``RULES``; every finding is collected."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

from parxl.findings import Finding, finding
from parxl.model import FIELD_LABELS, RowKind, ScoreRow, ScoreSheet, Settings
from parxl.numbers import ZERO, round_dp, show
from parxl.rules import RuleError, parse_rule, ratio_pct
from parxl.scoring import choose_basis

# Every rule takes the sheet and the settings; a rule that needs no setting names it ``_settings``.
Rule = Callable[[ScoreSheet, Settings], Iterable[Finding]]
RULES: list[Rule] = []


def rule(func: Rule) -> Rule:
    RULES.append(func)
    return func


def validate(sheet: ScoreSheet, settings: Settings) -> list[Finding]:
    findings: list[Finding] = []
    for check in RULES:
        findings.extend(check(sheet, settings))
    return findings


def _on(sheet: ScoreSheet, row: ScoreRow) -> str:
    """The sheet a row is on (a score sheet may run over several sheets)."""
    return row.sheet or sheet.sheet


def _uncomputed(row: ScoreRow, fieldname: str) -> bool:
    """True when ``fieldname`` of the row or of any row below it could not be computed."""
    stack = [row]
    while stack:
        current = stack.pop()
        if fieldname in current.uncomputed:
            return True
        stack.extend(current.children)
    return False


def _scored(sheet: ScoreSheet) -> Iterator[ScoreRow]:
    return (r for r in sheet.rows if r.kind is not RowKind.TOTAL)


@rule
def no_criteria(sheet: ScoreSheet, _settings: Settings) -> Iterator[Finding]:
    if not any(r.path for r in sheet.rows):
        yield finding("no_criteria", sheet.sheet, "")


@rule
def leaf_without_max(sheet: ScoreSheet, _settings: Settings) -> Iterator[Finding]:
    for leaf in sheet.leaves():
        if leaf.max is None and not leaf.na and "max" not in leaf.uncomputed:
            yield finding("leaf_without_max", _on(sheet, leaf), leaf.cells.get("max", ""), code=leaf.code)


@rule
def negative_or_above_max(sheet: ScoreSheet, _settings: Settings) -> Iterator[Finding]:
    for row in _scored(sheet):
        for fieldname in ("max", "self", "appraised"):
            value = getattr(row, fieldname)
            if value is not None and value < 0:
                yield finding("negative", _on(sheet, row), row.cells[fieldname], value, code=row.code)
            elif fieldname != "max" and value is not None and row.max is not None and value > row.max:
                yield finding("above_max", _on(sheet, row), row.cells[fieldname], value, row.max, code=row.code)


@rule
def parent_sums(sheet: ScoreSheet, _settings: Settings) -> Iterator[Finding]:
    """A parent's typed maximum and scores must equal the sums over its children."""
    for row in _scored(sheet):
        if row.is_leaf:
            continue
        children_max = sum((c.max or ZERO for c in row.children), ZERO)
        if row.max is not None and row.max != children_max and not _uncomputed(row, "max"):
            yield finding("parent_max_mismatch", _on(sheet, row), row.cells["max"], row.max, children_max,
                          code=row.code)
        for fieldname in ("self", "appraised"):
            typed = getattr(row, fieldname)
            if typed is None or _uncomputed(row, fieldname):
                continue
            values = [_typed_or_sum(c, fieldname) for c in row.children]
            expected = sum((v for v in values if v is not None), ZERO)
            if typed != expected:
                yield finding("parent_score_mismatch", _on(sheet, row), row.cells[fieldname], typed, expected,
                              code=row.code, column=FIELD_LABELS[fieldname])


def _typed_or_sum(row: ScoreRow, fieldname: str) -> Decimal | None:
    """What a child contributes to its parent's sum: its leaf value, or its own children's sum."""
    if row.is_leaf:
        return None if row.na else getattr(row, fieldname)
    values = [_typed_or_sum(c, fieldname) for c in row.children]
    present = [v for v in values if v is not None]
    return sum(present, ZERO) if present else None


@rule
def total_row(sheet: ScoreSheet, _settings: Settings) -> Iterator[Finding]:
    """The grand total against every area; any other totals row ("Cộng" at the foot of a page or a
    section) against the areas between the previous totals row and it."""
    total = sheet.total_row
    if total is None:
        return
    yield from _check_total(sheet, total, sheet.areas, "total_mismatch")
    roots: list[ScoreRow] = []
    for row in sheet.rows:
        if row.kind is RowKind.TOTAL:
            if row is not total and roots:
                yield from _check_total(sheet, row, roots, "subtotal_mismatch")
            if row is not total or roots:
                roots = []
        elif row.parent is None and row.kind in (RowKind.AREA, RowKind.SURVEY):
            roots.append(row)


def _check_total(sheet: ScoreSheet, total: ScoreRow, roots: list[ScoreRow], code: str) -> Iterator[Finding]:
    for fieldname in ("max", "self", "appraised"):
        typed = getattr(total, fieldname)
        if typed is None or any(_uncomputed(r, fieldname) for r in roots):
            continue
        if fieldname == "max":
            expected = sum((_max_sum(r) for r in roots), ZERO)
        else:
            values = [_typed_or_sum(r, fieldname) for r in roots]
            expected = sum((v for v in values if v is not None), ZERO)
        if typed != expected:
            yield finding(code, _on(sheet, total), total.cells[fieldname], typed, expected,
                          column=FIELD_LABELS[fieldname], label=total.name)


def _max_sum(row: ScoreRow) -> Decimal:
    return (row.max or ZERO) if row.is_leaf else sum((_max_sum(c) for c in row.children), ZERO)


@rule
def total_max_expected(sheet: ScoreSheet, settings: Settings) -> Iterator[Finding]:
    if settings.total_max is None:
        return
    framework_max = sum((_max_sum(r) for r in sheet.areas), ZERO)
    if not any(r.kind is RowKind.SURVEY for r in sheet.areas) and settings.survey_max is not None:
        framework_max += settings.survey_max
    if framework_max != settings.total_max:
        total = sheet.total_row
        cell = total.cells.get("max", "") if total else ""
        yield finding("total_max_not_expected", sheet.sheet, cell, framework_max, settings.total_max)


@rule
def evidence(sheet: ScoreSheet, _settings: Settings) -> Iterator[Finding]:
    for leaf in sheet.leaves():
        if leaf.kind is RowKind.SURVEY or leaf.na or leaf.self is None or leaf.max is None:
            continue
        if leaf.self < leaf.max and not leaf.evidence and not leaf.reason:
            yield finding("missing_evidence", _on(sheet, leaf), leaf.cells["self"], leaf.self, leaf.max, code=leaf.code)


@rule
def appraised_above_self(sheet: ScoreSheet, _settings: Settings) -> Iterator[Finding]:
    for leaf in sheet.leaves():
        if leaf.kind is RowKind.SURVEY or leaf.self is None or leaf.appraised is None:
            continue
        if leaf.appraised > leaf.self:
            yield finding("appraised_above_self", _on(sheet, leaf), leaf.cells["appraised"], leaf.appraised, leaf.self,
                          code=leaf.code)


@rule
def self_basis(sheet: ScoreSheet, _settings: Settings) -> Iterator[Finding]:
    """Say which leaves were scored on their self score although others are appraised."""
    if choose_basis(sheet) != "appraised":
        return
    missing = [leaf for leaf in sheet.leaves()
               if leaf.kind is not RowKind.SURVEY and not leaf.na and leaf.appraised is None
               and "appraised" not in leaf.uncomputed]
    if missing:
        yield finding("self_basis", _on(sheet, missing[0]), missing[0].cells.get("appraised", ""), count=len(missing))


@rule
def ratios(sheet: ScoreSheet, settings: Settings) -> Iterator[Finding]:
    for leaf in sheet.leaves():
        num, den = leaf.numerator, leaf.denominator
        if num is None and den is None:
            continue
        if num is None or den is None:
            cell = leaf.cells.get("numerator" if num is None else "denominator", "")
            yield finding("ratio_incomplete", _on(sheet, leaf), cell, code=leaf.code)
            continue
        if num < 0 or den < 0:
            negative = "numerator" if num < 0 else "denominator"
            yield finding("negative", _on(sheet, leaf), leaf.cells[negative], getattr(leaf, negative), code=leaf.code)
            continue
        if den == 0:
            yield finding("ratio_zero_denominator", _on(sheet, leaf), leaf.cells["denominator"], den, code=leaf.code)
            continue
        if num > den:
            yield finding("ratio_above_one", _on(sheet, leaf), leaf.cells["numerator"], num, den, code=leaf.code)
            continue
        yield from _ratio_score(sheet, settings, leaf, num, den)


def _ratio_score(sheet: ScoreSheet, settings: Settings, leaf: ScoreRow, num: Decimal,
                 den: Decimal) -> Iterator[Finding]:
    given_field = "appraised" if leaf.appraised is not None else "self"
    given = getattr(leaf, given_field)
    if given is None or leaf.max is None:
        return
    try:
        exact = parse_rule(leaf.rule).score(num, den, leaf.max)
    except RuleError as err:
        yield finding("setting_invalid", _on(sheet, leaf), leaf.cells.get("rule", ""), leaf.rule, str(err),
                      setting="Cách chấm")
        return
    mode = settings.rounding
    expected = round_dp(exact, settings.places, mode)
    if given == expected:
        return
    cell = leaf.cells[given_field]
    pct = show(ratio_pct(num, den), 2, mode)
    if given == round_dp(exact, settings.places, mode.other):
        other_rule = "cắt bỏ phần thập phân thừa" if mode.other.value == "truncate" else "làm tròn"
        yield finding("ratio_other_rounding", _on(sheet, leaf), cell, given, expected, code=leaf.code,
                      other_rule=other_rule)
    else:
        yield finding("ratio_score_mismatch", _on(sheet, leaf), cell, given, expected, code=leaf.code, ratio=f"{pct}%")
