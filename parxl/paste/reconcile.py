"""Checking a pasted table against itself, one function per rule: a figure that does not add up is a finding on
its line (for a stated count such as "theo 08 nội dung", that sentence's line). Sums are exact; a ratio (index,
average) that matches only the other rounding rule (both are seen in real tables) is a warning, not an error.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from itertools import groupby

from parxl.findings import Finding
from parxl.numbers import HUNDRED, Rounding, fold, format_vn, parse_number, round_dp
from parxl.paste.lines import code_key
from parxl.paste.model import Parsed, PasteRow
from parxl.paste.model import paste_finding as _f
from parxl.paste.values import COLUMN_LABELS
from parxl.vocab import LABEL_QUALIFIER_WORDS, ROW_NOUNS, classification_level, names_unit_kinds

LABELS = {k: v[0].lower() + v[1:] for k, v in COLUMN_LABELS.items()}  # inside a sentence
_NUMERIC_FIELDS = ("appraised", "survey", "total", "max", "self", "deducted", "index_pct", "rank", "change")


def _places(v: Decimal) -> int:
    exp = v.as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def _present(values: Iterable[Decimal | None]) -> list[Decimal]:
    """The figures that are there."""
    return [v for v in values if v is not None]


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    """The sum of the figures that are there; None when none is."""
    parts = _present(values)
    return sum(parts, Decimal(0)) if parts else None


def _check_rounded(value: Decimal, exact: Decimal, places: int, rounding: Rounding, line: int,
                   codes: tuple[str, str | None], params: dict[str, object],
                   mismatch: dict[str, object] | None = None) -> list[Finding]:
    """``value`` is ``exact`` rounded with the chosen rule. One that matches only the other rule gets the first
    code (with both rules named); one that matches neither the second code, when there is one."""
    main = round_dp(exact, places, rounding)
    if value == main:
        return []
    if value == round_dp(exact, places, rounding.other):
        return [_f(codes[0], line, value=value, expected=main, rule=rounding.label.lower(),
                   other_rule=rounding.other.label.lower(), **params)]
    return [_f(codes[1], line, value=value, expected=main, **params, **(mismatch or {}))] if codes[1] else []


def _row_label(row: PasteRow) -> str:
    """The unit, the name or the code of a row, else its line."""
    names = (v for k in ("unit", "name", "code") if isinstance(v := row.values.get(k), str) and v)
    return next(names, f"dòng {row.line}")


# ------------------------------------------------------------------------------------- row rules


def check_points(row: PasteRow) -> list[Finding]:
    """appraised + survey = total, for the points and for their maxima."""
    out = []
    for sfx, what in (("", "điểm thẩm định + điểm ĐTXHH"), ("_max", "điểm tối đa thẩm định + điểm tối đa ĐTXHH")):
        a, s, t = row.num(f"appraised{sfx}"), row.num(f"survey{sfx}"), row.num(f"total{sfx}")
        if a is not None and s is not None and t is not None and a + s != t:
            out.append(_f("paste_points_not_total", row.at(f"total{sfx}"), value=t, expected=a + s,
                          what=what, target=LABELS[f"total{sfx}"]))
    return out


def _points_and_max(row: PasteRow, default_max: Decimal | None) -> tuple[Decimal, Decimal] | None:
    """The points an index is computed from and their maximum: without a total, the parts and (when each
    part has its own, or both maxima are printed) their maxima; None without a maximum."""
    total, t = row.num("total"), _row_total(row, "")
    parts = _present(row.num(k) for k in ("appraised", "survey"))
    maxes = _present(row.num(k) for k in ("appraised_max", "survey_max"))
    tm = row.num("total_max") if total is not None else None
    if tm is None:
        fits = len(maxes) == 2 or (total is None and len(maxes) == len(parts))
        tm = sum(maxes, Decimal(0)) if fits else default_max
    return (t, tm) if t is not None and tm else None


def check_index(row: PasteRow, rounding: Rounding, places: int, default_max: Decimal | None) -> list[Finding]:
    """index = points / maximum × 100, rounded with the chosen rule (or, with a warning, the other)."""
    idx, got = row.num("index_pct"), _points_and_max(row, default_max)
    if idx is None or got is None:
        return []
    t, tm = got
    digits = max(places, _places(idx))
    found = _check_rounded(idx, t * HUNDRED / tm, digits, rounding, row.at("index_pct"),
                           ("paste_index_other_rounding", "paste_index_mismatch"),
                           {"points": format_vn(t, 4), "maximum": format_vn(tm, 4)}, {"rule": rounding.label.lower()})
    if found and tm == default_max and all(row.num(k) is None for k in ("total_max", "appraised_max", "max")) and idx:
        # the scale of 100 was assumed (no maximum printed): a unit assessed on fewer criteria has its own maximum,
        # which the index gives when it is a round one (68,32 points at 81,33% → 84)
        own = (t * HUNDRED / idx * 2).quantize(Decimal(1)) / 2
        if 0 < own < tm and round_dp(t * HUNDRED / own, digits, rounding) == idx:
            return [_f("paste_index_own_max", row.at("index_pct"), value=idx, expected=own, points=format_vn(t, 4))]
    return found


_LIMITS = (("appraised", "appraised_max"), ("survey", "survey_max"), ("total", "total_max"), ("appraised", "max"),
           ("self", "max"), ("deducted", "max"), ("index_pct", None))  # value, its maximum (None: 100)


def check_above_max(row: PasteRow) -> list[Finding]:
    out = []
    for val, mx in _LIMITS:
        v, m = row.num(val), HUNDRED if mx is None else row.num(mx)
        if v is not None and m is not None and v > m:
            out.append(_f("paste_above_max", row.at(val), value=v, expected=m, column=LABELS[val]))
    return out


def check_differences(row: PasteRow) -> list[Finding]:
    """maximum − appraised = deducted; and, from "+ 7 điểm (Năm 2022 đạt 88,06 điểm)", this year's total − the
    change = last year's total."""
    out = []
    for code, at, a, b, names in (
        ("paste_deducted_mismatch", "deducted", row.num("max"), row.num("appraised"), ("maximum", "appraised")),
        ("paste_change_previous_mismatch", "previous", _row_total(row, ""), row.num("change"), ("total", "change")),
    ):
        d = row.num(at)
        if a is not None and b is not None and d is not None and a - b != d:
            shown = {names[0]: format_vn(a, 4), names[1]: format_vn(b, 4)}
            out.append(_f(code, row.at(at), value=d, expected=a - b, **shown))
    return out


_NUM_TEXT = r"\d{1,3}(?:\.\d{3})+|\d+"
_RATIO_RE = re.compile(rf"(?<![\d/.,])({_NUM_TEXT})\s*/\s*({_NUM_TEXT})(?![\d/])")
_PERCENT_RE = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")


def check_reason_ratio(row: PasteRow, rounding: Rounding, places: int) -> list[Finding]:
    """"896/900 hồ sơ, đạt tỷ lệ 99,56%": the percentage is the ratio; a proportional score is ratio × max
    (counts read with thousands dots: "4.331 hồ sơ" is 4331). A score that matches neither rounding is left
    alone: many criteria are scored by tiers or against a target rather than proportionally."""
    reason = row.values.get("reason")
    if not isinstance(reason, str):
        return []
    ratios = list(_RATIO_RE.finditer(reason))
    if len(ratios) != 1:
        return []
    m = ratios[0]
    a, b = parse_number(m.group(1), thousands_dot=True), parse_number(m.group(2), thousands_dot=True)
    if a is None or b is None or b == 0 or a > b:
        return []
    out: list[Finding] = []
    line = row.at("reason")
    ratio_text = f"{m.group(1)}/{m.group(2)}"
    pct = _PERCENT_RE.search(reason, m.end())
    if pct:
        published = parse_number(pct.group(1))
        assert published is not None
        exact = a * HUNDRED / b
        cmp = _places(published)
        if published not in (round_dp(exact, cmp, rounding), round_dp(exact, cmp, rounding.other)):
            out.append(_f("paste_reason_percent_mismatch", line, value=published,
                          expected=round_dp(exact, max(cmp, places), rounding), ratio=ratio_text))
    mx, appraised = row.num("max"), row.num("appraised")
    if mx is not None and appraised is not None:
        out += _check_rounded(appraised, a * mx / b, places, rounding, line, ("paste_ratio_other_rounding", None),
                              {"ratio": ratio_text, "criterion": row.values.get("code", "")})
    return out


# ------------------------------------------------------------------------------ whole-table rules

def _row_total(row: PasteRow, sfx: str) -> Decimal | None:
    t = row.num(f"total{sfx}")
    return t if t is not None else _sum(row.num(f"{k}{sfx}") for k in ("appraised", "survey"))


def check_total_row(total: PasteRow, data: list[PasteRow]) -> list[Finding]:
    """A totals row is the sum of its rows, column by column (the change too); maxima that fall short say rows
    are missing."""
    out = []
    for col in ("appraised", "survey", "total", "appraised_max", "survey_max", "total_max", "max", "self", "deducted",
                "change"):
        v = total.num(col)
        if v is None:
            continue
        s = _sum(_row_total(r, col[len("total"):]) if col in ("total", "total_max") else r.num(col) for r in data)
        if s is None or s == v:
            continue
        if col == "change":
            out.append(_f("paste_change_sum_mismatch", total.at(col), value=v, expected=s))
        elif not col.endswith("max"):
            out.append(_f("paste_total_row_mismatch", total.at(col), value=v, expected=s, column=LABELS[col]))
        else:
            code = "paste_max_sum_short" if s < v else "paste_max_sum_over"
            out.append(_f(code, total.at(col), value=v, expected=s, column=LABELS[col]))
    return out


def check_average_row(avg: PasteRow, data: list[PasteRow], rounding: Rounding, places: int) -> list[Finding]:
    out = []
    for col in ("appraised", "survey", "total", "index_pct"):
        v, parts = avg.num(col), _present(r.num(col) for r in data)
        if v is not None and parts:
            out += _check_rounded(v, sum(parts, Decimal(0)) / len(parts), max(places, _places(v)), rounding,
                                  avg.at(col), ("paste_average_other_rounding", "paste_average_mismatch"),
                                  {"column": LABELS[col]}, {"count": len(parts)})
    return out


def _metric(data: list[PasteRow]) -> tuple[str, str] | None:
    """What the ranking goes by: the total (same maximum for all), else the index, else the appraisal."""
    maxes = {r.num("total_max") for r in data if r.num("total_max") is not None}
    for key, label in (("total", "tổng điểm"), ("index_pct", "chỉ số"), ("appraised", "điểm thẩm định")):
        if all(r.num(key) is not None for r in data) and (key != "total" or len(maxes) <= 1):
            return key, label
    return None


def _ranked(rows: list[PasteRow]) -> list[tuple[PasteRow, int]]:
    """The rows whose rank was read, with their rank."""
    return [(r, rank) for r in rows if isinstance(rank := r.values.get("rank"), int)]


def _excerpt(ranked: list[tuple[PasteRow, int]]) -> int | None:
    """The highest rank printed when the ranks are an excerpt of a longer ranking (top 5, ranks 1, 2, 6,
    "4/141"); None when they are those of every unit (1…n, ties allowed)."""
    highest = max((rank for _, rank in ranked), default=0)
    of = max((v for r, _ in ranked if isinstance(v := r.values.get("rank_of"), int)), default=0)
    return max(highest, of) if highest > len(ranked) or of > len(ranked) + 1 else None


def check_ranks(data: list[PasteRow]) -> list[Finding]:
    """Ranks follow the metric; equal values share a rank (1, 2, 2, 4). In an excerpt (a top-N list,
    ranks with gaps, "4/141") only the order is checked: more points never rank lower. O(n log n)."""
    ranked = _ranked(data)
    if not ranked:
        return []
    out: list[Finding] = []
    metric = _metric(data)
    complete = _excerpt(ranked) is None
    if metric is not None:
        key, label = metric
        if complete:  # the metric is there for every row
            neg = sorted(-r.figure(key) for r in data)
            expected_of = {id(r): 1 + bisect_left(neg, -r.figure(key)) for r, _ in ranked}  # 1 + how many have more
            distinct = sorted(set(neg))
            dense = {id(r): 1 + bisect_left(distinct, -r.figure(key)) for r, _ in ranked}  # after a tie, the next
            if dense != expected_of and all(rank == dense[id(r)] for r, rank in ranked):
                # ranks numbered on after a tie (1, 2, 2, 3): a convention some units use, checked as such
                tie = next(r for r, rank in ranked if rank != expected_of[id(r)])
                out.append(_f("paste_rank_dense", tie.at("rank"), unit=_row_label(tie), metric=label))
                expected_of = dense
        else:
            expected_of = _order_ranks(ranked, key)
        out += [_f("paste_rank_mismatch", r.at("rank"), value=rank, expected=expected_of[id(r)],
                   unit=_row_label(r), metric=label) for r, rank in ranked if rank != expected_of[id(r)]]
    wrong_of: dict[int, PasteRow] = {}  # a wrong "/N", at its first row
    for r, _ in ranked:
        of = r.values.get("rank_of")
        if isinstance(of, int) and (of < len(data) or (complete and of != len(data))):
            wrong_of.setdefault(of, r)
    return out + [_f("paste_rank_of_mismatch", r.at("rank"), value=of, expected=len(data))
                  for of, r in wrong_of.items()]


def _order_ranks(ranked: list[tuple[PasteRow, int]], key: str) -> dict[int, int]:
    """In an excerpt: a row ranked below a row with fewer points (or above one with more) is expected at
    the rank that keeps the order, i.e. the best rank printed for its value or the next below."""
    out: dict[int, int] = {}
    prev: tuple[Decimal, int] | None = None  # the value and expected rank of the row before
    for r, rank in sorted(ranked, key=lambda rr: (-rr[0].figure(key), rr[1])):  # the metric is there for every row
        value = r.figure(key)
        if prev is not None:
            # equal points, equal rank; fewer points, a lower rank
            rank = prev[1] if value == prev[0] else max(rank, prev[1] + 1)
        out[id(r)] = rank
        prev = value, rank
    return out


def check_classification_order(data: list[PasteRow]) -> list[Finding]:
    """A unit with fewer points is not classified above one with more (thresholds themselves are local).

    Swept from the most points down, keeping the first row (in table order) of each class seen so far:
    O(n log n), not all pairs."""
    metric = _metric(data)
    if metric is None:
        return []
    key, label = metric
    graded = [(r.figure(key), pos, level) for pos, r in enumerate(data)
              if (level := classification_level(str(r.values.get("classification", "")))) is not None]
    first_of: dict[int, int] = {}  # class level -> first position among the rows with more points
    above: dict[int, int] = {}  # position -> the first row with more points and a better class
    for _, same in groupby(sorted(graded, reverse=True), key=lambda g: g[0]):
        same_value = list(same)
        for _, pos, level in same_value:
            better = [first for lv, first in first_of.items() if lv < level]
            if better:
                above[pos] = min(better)
        for _, pos, level in same_value:
            first_of[level] = min(pos, first_of.get(level, pos))
    out = []
    for pos, first in sorted(above.items()):
        r, o = data[pos], data[first]
        out.append(_f("paste_classification_order", r.at("classification"), value=r.values["classification"],
                      unit=_row_label(r), other=_row_label(o), other_class=o.values["classification"], metric=label))
    return out


def check_serials(data: list[PasteRow], omitted: list[int]) -> list[Finding]:
    """Serial numbers go 1, 2, 3 within a block or group: one written twice is a row pasted twice; a gap, rows
    left out (or an excerpt: no word where the table marks it, ``omitted`` lines holding "…")."""
    out: list[Finding] = []
    for prev, r in zip(data, data[1:]):
        p, n = prev.values.get("stt"), r.values.get("stt")
        if not (isinstance(p, int) and isinstance(n, int) and n != 1) \
                or (prev.values.get("block"), prev.group) != (r.values.get("block"), r.group):
            continue
        if n == p:
            out.append(_f("paste_serial_repeated", r.at("stt"), value=n, expected=prev.line))
        elif n > p + 1 and not any(prev.line < at < r.line for at in omitted):
            out.append(_f("paste_serial_gap", r.at("stt"), value=n, expected=p))
    return out


def check_codes(data: list[PasteRow]) -> list[Finding]:
    """A criterion or area code written twice: two rows would fill the same line of the score sheet."""
    first: dict[str, int] = {}
    out: list[Finding] = []
    for r in data:
        code = r.values.get("code")
        if isinstance(code, str) and code:
            if code in first:
                out.append(_f("paste_code_repeated", r.at("code"), value=code, expected=first[code]))
            first.setdefault(code, r.line)
    return out


def check_names(data: list[PasteRow], kind: str) -> list[Finding]:
    """A row with figures but no unit (a units table), or neither name nor code: whose figures they are is lost
    (an empty name cell, or the row of maxima "70 | 30 | 100" under a header); or a unit named by its kind alone."""
    keys = ("unit",) if kind == "units" else ("name", "code")
    out = [_f("paste_row_without_name", r.line) for r in data if not any(r.values.get(k) for k in keys)]
    # a unit named by its kind alone ("thành phố"): its own name is lost, often to the row above past a page's number
    return out + [_f("paste_unit_kind_only", r.line, value=unit) for r in data if kind == "units"
                  and isinstance(unit := r.values.get("unit"), str) and names_unit_kinds(unit[:1].upper() + unit[1:])]


def check_missing_figures(block: list[PasteRow]) -> list[Finding]:
    """A figure every other unit of the block has (two at least) and this one has not: a cell lost in the copy,
    or left empty. (Units only: rows of an areas or criteria table differ, the survey row has no appraisal.)"""
    if len(block) < 3:
        return []
    fields = ("stt", *_NUMERIC_FIELDS, "classification")  # (a serial: one a note cut off from its row)
    have = Counter(k for r in block for k in fields if k in r.values)
    return [_f("paste_row_missing_figure", r.line, column=COLUMN_LABELS[k]) for r in block
            for k in fields if have[k] == len(block) - 1 and k not in r.values]


def check_outliers(data: list[PasteRow]) -> list[Finding]:
    """A unit's points or index under a third of the middle value of its column (the median, four units at least):
    rather a page's number or another column's figure read into the cell than a unit that lost two thirds of its
    points; or over three times that value: rather two figures run together, or a thousands' separator read as a
    decimal point ("1,043.17")."""
    out: list[Finding] = []
    for k in ("appraised", "survey", "total", "index_pct"):
        have = [(r, v) for r in data if (v := r.num(k)) is not None]
        if len(have) < 4:
            continue
        middle = sorted(v for _, v in have)[len(have) // 2]
        out += [_f("paste_figure_outlier" if v * 3 < middle else "paste_figure_outlier_high", r.at(k), value=v,
                   expected=middle, column=COLUMN_LABELS[k]) for r, v in have if v * 3 < middle or v > middle * 3]
    return out


_NOUNS = {kind: {fold(n): n for n in nouns} for kind, nouns in ROW_NOUNS.items()}  # folded -> as written


def check_count(parsed: Parsed, data: list[PasteRow]) -> list[Finding]:
    """The closest sentence before the table that says how many rows it has ("theo 08 nội dung") is right."""
    nouns = _NOUNS.get(parsed.table.kind, {})
    if not nouns or not data:
        return []
    alternatives = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\d/.,])0*(\d{{1,3}})\s+({alternatives})\b")
    for ln in reversed([ln for ln in parsed.preamble if not ln.blank][-8:]):
        found = list(pattern.finditer(fold(ln.text)))
        if len(found) > 1:  # "14 cơ quan xếp loại Tốt, 06 cơ quan xếp loại Khá": parts, not the table's count
            return []
        if found:
            n, noun = int(found[0].group(1)), found[0].group(2)
            return [] if n == len(data) else [_f("paste_count_mismatch", ln.no, value=n, expected=len(data),
                                                 noun=nouns.get(noun, noun))]
    return []


def header_maxima(parsed: Parsed) -> dict[str, Decimal]:
    """Maxima written in the header: "Điểm thẩm định (70)", "Điểm ĐTXHH (30)", "Tổng điểm (100)"."""
    hints = {c.field: c.max_hint for c in parsed.table.columns if c.max_hint is not None}
    out = {f"{fld}_max": hints[fld] for fld in ("appraised", "survey", "total") if fld in hints}
    if "total_max" not in out and "appraised_max" in out:
        has_survey = any(c.field == "survey" for c in parsed.table.columns)
        if "survey_max" in out or not has_survey:
            out["total_max"] = out["appraised_max"] + out.get("survey_max", Decimal(0))
    return out


def _with_hints(row: PasteRow, hints: dict[str, Decimal]) -> PasteRow:
    if not hints or all(k in row.values for k in hints):
        return row
    return PasteRow(row.line, row.role, {**hints, **row.values}, row.cells, row.suspect, row.group)


def _default_max(data: list[PasteRow], kind: str) -> Decimal | None:
    """Units tables rarely print the maximum: when most indexes equal the total, the scale is 100."""
    if kind != "units" or any(r.num(k) is not None for r in data for k in ("total_max", "appraised_max", "survey_max")):
        return None
    both = [(r.num("total"), r.num("index_pct")) for r in data if r.num("total") is not None
            and r.num("index_pct") is not None]
    return HUNDRED if both and sum(t == i for t, i in both) * 2 >= len(both) else None


def check_has_values(parsed: Parsed, data: list[PasteRow]) -> list[Finding]:
    """A table with no row of data (a totals or average row alone is none), and rows without a figure: a rank alone is
    none in a block where no unit has points, in a table with points ("phường Hồng" / "1" / "An": a page's number
    read as a rank restarting at 1, and a name's end, is no block of its own)."""
    if not data:
        return [_f("paste_no_rows", parsed.table.header_first)]
    points = [k for k in _NUMERIC_FIELDS if k != "rank"]

    def pointless(rows: list[PasteRow]) -> bool:
        return not any(k in r.values for r in rows for k in points)

    scored = not pointless(data)
    out: list[Finding] = []
    for block in _blocks(data):
        fields = points if scored and pointless(block) else _NUMERIC_FIELDS
        out += [_f("paste_row_without_values", r.line, name=_row_label(r)) for r in block
                if not any(k in r.values for k in fields)]
    return out


def _blocks(data: list[PasteRow]) -> list[list[PasteRow]]:
    """The data rows by block (one block when the table has none), in table order."""
    out: dict[object, list[PasteRow]] = {}
    for r in data:
        out.setdefault(r.values.get("block"), []).append(r)
    return list(out.values())


def _check_summary(row: PasteRow, parts: list[list[PasteRow]], rounding: Rounding, places: int) -> list[Finding]:
    """A totals or average row sums (averages) its block or the whole table: the reading that adds up wins;
    when none does, the first part tried is reported."""
    found = [check_total_row(row, part) if row.role == "total" else check_average_row(row, part, rounding, places)
             for part in parts if part]
    return found[0] if found and all(found) else []


_NAMED_COUNT = re.compile(rf"\b(?:{'|'.join(LABEL_QUALIFIER_WORDS)})\s+0*(\d{{1,4}})\b")


def _units_named(label: str) -> int | None:
    """How many units a summary's label says it covers: "Giá trị trung bình của 19 bộ, cơ quan ngang bộ" → 19."""
    found = _NAMED_COUNT.search(fold(label))
    return int(found.group(1)) if found else None


def check_not_checkable(data: list[PasteRow], default_max: Decimal | None) -> list[Finding]:
    """An index printed without any maximum (and not equal to the total) cannot be checked: say so once."""
    if default_max is not None:
        return []
    for r in data:
        idx = r.num("index_pct")
        if idx is not None and _points_and_max(r, None) is None and r.num("total") != idx:
            return [_f("paste_index_not_checkable", r.at("index_pct"), value=idx)]
    return []


def reconcile(parsed: Parsed, rounding: Rounding = Rounding.HALF_UP, places: int = 2) -> list[Finding]:
    kind = parsed.table.kind
    hints = header_maxima(parsed)
    rows = [_with_hints(r, hints) if r.role != "total" else r for r in parsed.rows]
    data = [r for r in rows if r.role == "data"]
    default_max = _default_max(data, kind)
    out: list[Finding] = check_has_values(parsed, data)  # the header's maxima are not values of a row
    for r in rows:
        out += check_above_max(r)
        if r.role == "average":
            continue  # rounded averages need not add up; check_average_row covers them
        out += check_points(r)
        out += check_index(r, rounding, places, default_max if r.role != "total" else None)
        out += check_differences(r)
        if kind == "criteria" and r.role == "data":
            out += check_reason_ratio(r, rounding, places)
    blocks = _blocks(data)
    partial = next(filter(None, (_excerpt(_ranked(b)) for b in blocks)), None)
    closing = {id(b[-1]): b for b in blocks}  # a block by its last row
    last: PasteRow | None = None
    for t in rows:
        if t.role == "data":
            last = t
        elif partial:  # an excerpt does not hold every row its totals sum
            out.append(_f("paste_summary_partial", t.line, value=partial))
        else:  # the block it closes first; after the last block, the whole table first
            mine = closing.get(id(last), [])
            parts = [data, mine] if data and last is data[-1] else [mine, data]
            named = _units_named(str(t.values.get("label", "")))
            if named is not None and named not in {len(part) for part in parts}:  # "Trung bình của 19 bộ" over 3
                out.append(_f("paste_summary_count", t.line, value=named, expected=len(parts[0])))
            else:
                out += _check_summary(t, parts, rounding, places)
    if kind == "units":
        for block in blocks:
            out += check_ranks(block)
            out += check_classification_order(block)
            out += check_missing_figures(block)
        out += check_not_checkable(data, default_max)
        out += check_outliers(data)
    out += check_serials(data, [f.line for f in parsed.findings if f.code == "paste_rows_omitted" and f.line])
    out += check_codes(data)
    out += check_names(data, kind)
    out += check_count(parsed, data)
    return out


# --------------------------------------------------------------------- areas against criteria


def cross_check(areas: Parsed, criteria: Parsed) -> list[Finding]:
    """The points an area lost (maximum − appraised) are the deductions of its criteria (by code prefix)."""
    area_rows = [(r, k) for r in areas.rows if r.role == "data" and r.num("appraised") is not None
                 and r.num("appraised_max") is not None and (k := code_key(str(r.values.get("code", "")))) is not None]
    listed: dict[int, Decimal] = {}  # area number -> the points its criteria lost
    for r in criteria.rows:
        key, d, mx, ap = code_key(str(r.values.get("code", ""))), r.num("deducted"), r.num("max"), r.num("appraised")
        d = mx - ap if d is None and mx is not None and ap is not None else d
        if r.role == "data" and key and d is not None:
            listed[key[0]] = listed.get(key[0], Decimal(0)) + d
    if not area_rows or not listed:
        return []
    out = []
    for a, akey in area_rows:
        lost, deducted = a.figure("appraised_max") - a.figure("appraised"), listed.get(akey[0], Decimal(0))
        if lost != deducted:
            out.append(_f("paste_area_deductions_mismatch", a.at("appraised"), value=deducted, expected=lost,
                          area=f"{a.values['code']} ({_row_label(a)})"))
    total = next((r for r in areas.rows if r.role == "total" and r.num("appraised") is not None
                  and r.num("appraised_max") is not None), None)
    if total is not None:
        mx, ap = total.figure("appraised_max"), total.figure("appraised")
    else:
        mx, ap = (sum((r.figure(k) for r, _ in area_rows), Decimal(0)) for k in ("appraised_max", "appraised"))
    listed_all = sum(listed.values(), Decimal(0))
    if mx - ap != listed_all:
        out.append(_f("paste_deductions_total_mismatch", criteria.table.header_first, value=listed_all,
                      expected=mx - ap, maximum=format_vn(mx, 4), appraised=format_vn(ap, 4)))
    return out
