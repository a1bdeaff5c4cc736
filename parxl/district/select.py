"""Which of the units read are ranked: blank templates out, each unit once (identical files, copies saved
again, two files of one unit), and every difference from the one rule said. Pure: loaded inputs in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from parxl.district.collect import Collected, Loaded, SourceFile, copy_base, unit_key
from parxl.district.config import Rule
from parxl.district.ranking import Ward
from parxl.findings import Finding, finding
from parxl.numbers import format_vn


@dataclass(frozen=True)
class Selection:
    wards: tuple[Ward, ...]
    findings: tuple[Finding, ...]
    sources: tuple[SourceFile, ...]  # every input found, in the order found
    year: int | None  # the ranking's year: given, else the one most units state


def ranking_year(loaded: Sequence[Loaded], given: int | None) -> int | None:
    if given is not None:
        return given
    years = Counter(entry.year for entry in loaded if entry.year is not None and entry.skip is None)
    return max(years, key=lambda y: (years[y], y)) if years else None  # on a tie, the latest year


def _preference(entry: Loaded, year: int | None) -> tuple:
    """Which file of one unit is ranked: the year ranked, a name that is not a copy's, appraisal scores."""
    stem = entry.item.path.stem
    return (year is not None and entry.year not in (None, year), copy_base(stem) is not None,
            not entry.appraised, not entry.unit_given, entry.item.shown)


def select(collected: Collected, rule: Rule, year: int | None = None) -> Selection:
    year = ranking_year(collected.loaded, year)
    findings: list[Finding] = []
    skipped: dict[str, Finding] = {}
    for item, why in collected.skipped:
        skipped[item.shown] = why
    candidates: list[Loaded] = []
    for entry in collected.loaded:
        findings += entry.findings
        if entry.skip is not None:
            skipped[entry.item.shown] = entry.skip
        elif entry.blank:
            skipped[entry.item.shown] = finding("rank_blank_template", file=entry.item.shown)
        else:
            candidates.append(entry)
    kept = _once_each(candidates, year, skipped)
    wards: list[Ward] = []
    for entry in kept:
        wards += entry.wards
        findings += _against_rule(entry, rule, year)
    findings = [f for f in findings if dict(f.params).get("file") not in skipped or f.code == "rank_open_in_excel"]
    wards = _one_row_per_unit(wards, findings)
    findings = list(skipped.values()) + findings
    if rule.default:
        findings.insert(0, finding("rank_default_rule", expected=rule.thresholds_text()))
    sources = _sources(collected, wards, skipped)
    return Selection(tuple(wards), tuple(findings), sources, year)


def _once_each(candidates: list[Loaded], year: int | None, skipped: dict[str, Finding]) -> list[Loaded]:
    """One file per unit: identical bytes, identical scores, then the same unit name."""
    ordered = sorted(candidates, key=lambda e: _preference(e, year))
    kept: list[Loaded] = []
    seen_digest: dict[str, Loaded] = {}
    seen_scores: dict[str, Loaded] = {}
    seen_unit: dict[str, Loaded] = {}
    for entry in ordered:
        workbook = entry.item.kind == "workbook" and len(entry.wards) == 1
        unit = entry.wards[0].unit if workbook else ""
        first = (seen_digest.get(entry.digest) if entry.digest else None) or \
            (seen_scores.get(entry.fingerprint) if entry.fingerprint else None)
        if first is not None:
            skipped[entry.item.shown] = finding("rank_duplicate_content", other=first.item.shown, unit=unit,
                                                file=entry.item.shown)
            continue
        if workbook and unit_key(unit) in seen_unit:
            other = seen_unit[unit_key(unit)]
            skipped[entry.item.shown] = finding("rank_duplicate_unit", unit=unit, other=other.item.shown,
                                                file=entry.item.shown)
            continue
        if entry.digest:  # tables handed over in memory have none
            seen_digest[entry.digest] = entry
        if entry.fingerprint:
            seen_scores[entry.fingerprint] = entry
        if workbook:
            seen_unit[unit_key(unit)] = entry
        kept.append(entry)
    order = {id(e): i for i, e in enumerate(candidates)}
    return sorted(kept, key=lambda e: order[id(e)])


def _one_row_per_unit(wards: list[Ward], findings: list[Finding]) -> list[Ward]:
    """A unit both in a workbook and in a published table (or twice in tables) is ranked once: the first."""
    seen: dict[str, Ward] = {}
    out = []
    for ward in wards:
        key = unit_key(ward.unit)
        if key in seen:
            findings.append(finding("rank_duplicate_unit", unit=ward.unit, other=seen[key].source, file=ward.source))
            continue
        seen[key] = ward
        out.append(ward)
    return out


def _against_rule(entry: Loaded, rule: Rule, year: int | None) -> list[Finding]:
    out = []
    shown = entry.item.shown
    unit = entry.wards[0].unit if entry.wards else ""
    if entry.thresholds is not None and tuple(entry.thresholds) != tuple(rule.thresholds):
        own = "; ".join(f"{label} từ {format_vn(bound)}" for label, bound in entry.thresholds)  # type: ignore[arg-type]
        common = "; ".join(f"{label} từ {format_vn(bound)}" for label, bound in rule.thresholds)
        out.append(finding("rank_thresholds_differ", value=own, expected=common, unit=unit, file=shown))
    if entry.rounding is not None and entry.rounding != (rule.rounding, rule.places):
        mode, places = entry.rounding

        def text(m: object, p: int) -> str:
            return f"{getattr(m, 'label', m)} {p} chữ số thập phân"

        out.append(finding("rank_rounding_differs", value=text(mode, places), expected=text(rule.rounding, rule.places),
                           unit=unit, file=shown))
    if year is not None and entry.year is not None and entry.year != year:
        out.append(finding("rank_year_differs", value=entry.year, expected=year, unit=unit, file=shown))
    return out


def _sources(collected: Collected, wards: list[Ward], skipped: dict[str, Finding]) -> tuple[SourceFile, ...]:
    ranked_units: dict[str, list[str]] = {}
    for ward in wards:
        name = ward.source.rsplit(", dòng ", 1)[0] if ", dòng " in ward.source else ward.source
        ranked_units.setdefault(name, []).append(ward.unit)
    names = [item.shown for item, _ in collected.skipped] + [e.item.shown for e in collected.loaded]
    order = sorted(dict.fromkeys(names), key=lambda n: n.casefold())
    out = []
    for name in order:
        why = skipped.get(name)
        if why is not None:
            out.append(SourceFile(name, False, code=why.code, reason=why.message))
        else:
            units = tuple(ranked_units.get(name, ()))
            out.append(SourceFile(name, bool(units), units, "" if units else "rank_row_without_score",
                                  "" if units else "Không có đơn vị nào xếp hạng được."))
    return tuple(out)
