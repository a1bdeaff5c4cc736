"""Ranking units by one rule: shared ranks ("min" ties), "02/17" within each block, counts of every class,
averages, and what each unit needs to reach the target rank. Pure: plain ward entries in, DataFrames out.

What ranks is one measure for all units (never index percent for some and points for others): the index
(%) when every unit has one, else the total points. It is rounded by the rule before ranking and
classifying, as published figures are, so two units printed with the same figure share a rank. The
table keeps every other figure exact (``Decimal``, object dtype); averages are of the figures as printed
(rounded by the rule), so a reader can check them by hand.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from parxl.district.config import Heading, Rule
from parxl.findings import Finding, finding
from parxl.model import Deduction, most_recoverable_first
from parxl.numbers import HUNDRED, ZERO
from parxl.rules import rank_notation

if TYPE_CHECKING:
    import pandas as pd

    from parxl.district.collect import SourceFile

TOTAL_LABEL = "Tổng cộng"
METRIC_LABELS = {"index": "chỉ số CCHC (%)", "total": "tổng điểm"}
TABLE_COLUMNS = ("block", "stt", "unit", "appraised", "survey", "total", "total_max", "index_pct", "score", "rank",
                 "rank_of", "rank_text", "classification", "stated_classification", "last_year", "change",
                 "needed_index", "needed_points", "source")


@dataclass(frozen=True)
class Ward:
    """One unit's result, computed from its workbook or read from a published table."""

    unit: str
    total: Decimal | None  # None when a published table gives only the index
    total_max: Decimal | None = None
    appraised: Decimal | None = None
    survey: Decimal | None = None
    index_pct: Decimal | None = None
    classification: str = ""  # as its source states it (its own thresholds, or the published table)
    last_year: Decimal | None = None
    deductions: tuple[Deduction, ...] = ()
    source: str = ""  # file name, or "bảng.txt, dòng 12"
    block: str = ""  # the block its source gives (a published table's group); "" when none
    folders: tuple[str, ...] = ()  # folders between the input folder and its file
    fields: tuple[tuple[str, str], ...] = ()  # its "Cấu hình" sheet: folded label -> value as text
    published: bool = False  # read from a published table (its class is the decision's, not parxl's)

    @property
    def change(self) -> Decimal | None:
        return None if self.last_year is None or self.total is None else self.total - self.last_year

    @property
    def index(self) -> Decimal | None:
        """The index as given, else computed from the total and its maximum."""
        if self.index_pct is not None:
            return self.index_pct
        if self.total is not None and self.total_max:
            return self.total * HUNDRED / self.total_max
        return None


@dataclass(frozen=True)
class RankedWard:
    """One row of ``Ranking.rows``: the unit, its rank in its block, what it needs for the target rank."""

    ward: Ward
    rank: int
    notation: str  # "02/17"
    needed_for_target: Decimal  # in the measure ranked (``Ranking.metric``: index points or total points)
    classification: str  # by the ranking's one rule
    block: str = ""


@dataclass(frozen=True, eq=False)
class Ranking:
    """A whole ranking. ``table``: one row per ranked unit in printed order (columns ``TABLE_COLUMNS``);
    ``summary``: per block and overall ("Tổng cộng"), the number of units, of each class (zeros included)
    and the averages."""

    frame: pd.DataFrame = field(repr=False)
    summary_frame: pd.DataFrame = field(repr=False)
    rule: Rule
    metric: str  # "index" | "total": what ranks
    target_rank: int
    blocks: tuple[str, ...]  # in printed order; ("",) when the units are not split into blocks
    wards: tuple[Ward, ...]  # in the order of ``table``
    findings: tuple[Finding, ...] = ()
    heading: Heading = field(default_factory=Heading)
    sources: tuple[SourceFile, ...] = ()

    @property
    def table(self) -> pd.DataFrame:
        return self.frame.copy()

    @property
    def summary(self) -> pd.DataFrame:
        return self.summary_frame.copy()

    @property
    def metric_label(self) -> str:
        return METRIC_LABELS[self.metric]

    @property
    def has_blocks(self) -> bool:
        return self.blocks != ("",)

    @property
    def classification_counts(self) -> dict[str, int]:
        """Every class of the rule, zeros included, over all units."""
        row = self.summary_frame.loc[TOTAL_LABEL]
        return {label: int(row[label]) for label in self.rule.classes}

    @property
    def average_index(self) -> Decimal | None:
        return self.summary_frame.loc[TOTAL_LABEL, "average_index"]

    @property
    def average_total(self) -> Decimal | None:
        return self.summary_frame.loc[TOTAL_LABEL, "average_total"]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity.value == "error"]

    @property
    def rows(self) -> tuple[RankedWard, ...]:
        """The table as plain objects, in printed order (for callers without pandas at hand)."""
        needed = "needed_index" if self.metric == "index" else "needed_points"
        return tuple(
            RankedWard(ward, int(rank), notation, need, cls, block)
            for ward, rank, notation, need, cls, block in zip(
                self.wards, self.frame["rank"], self.frame["rank_text"], self.frame[needed],
                self.frame["classification"], self.frame["block"], strict=True))

    def to_dict(self) -> dict[str, object]:
        """The JSON the CLI prints (``parxl rank --json``): figures rounded by the rule."""
        from parxl.district.render import ranking_json

        return ranking_json(self)

    def recoverable(self, position: int) -> list[Deduction]:
        """The deducted criteria of the unit at ``position`` in ``table``, most recoverable points first."""
        return most_recoverable_first(list(self.wards[position].deductions))


def needed_to_reach(scores: Sequence[Decimal], own_index: int, target_rank: int) -> Decimal:
    """Points a unit must gain to share ``target_rank``: catch up with the target-th best of the others."""
    own = scores[own_index]
    others = sorted((s for i, s in enumerate(scores) if i != own_index), reverse=True)
    if len(others) < target_rank:
        return ZERO
    return max(ZERO, others[target_rank - 1] - own)


def choose_metric(wards: Sequence[Ward]) -> str:
    """The index when every unit has one (given, or from its total and maximum), else the total."""
    return "index" if all(w.index is not None for w in wards) else "total"


def _comparable(wards: Sequence[Ward]) -> tuple[str, list[Ward], list[Finding]]:
    metric = choose_metric(wards)
    if metric == "total" and any(w.index is not None and w.total is None for w in wards):
        # Some units have only an index, others only a total without its maximum: rank by the index those
        # with one, and say loudly which could not be compared.
        kept = [w for w in wards if w.index is not None]
        lost = [finding("rank_not_comparable", unit=w.unit, file=w.source) for w in wards if w.index is None]
        return "index", kept, lost
    return metric, list(wards), []


def rank_wards(wards: Sequence[Ward], target_rank: int = 5, rule: Rule | None = None, *,
               blocks: Sequence[str] | None = None, block_of: Sequence[str] | None = None,
               heading: Heading | None = None, findings: Sequence[Finding] = (),
               sources: Sequence[SourceFile] = ()) -> Ranking:
    """Rank ``wards`` within their blocks (``block_of[i]``, default each ward's own ``block``) by ``rule``.

    ``blocks`` gives the printed order of the blocks (default: as they first appear, sorted).
    """
    import pandas as pd

    rule = rule or Rule()
    assigned = list(block_of) if block_of is not None else [w.block for w in wards]
    metric, kept, lost = _comparable(wards)
    kept_ids = {id(w) for w in kept}
    pairs = [(w, b) for w, b in zip(wards, assigned) if id(w) in kept_ids]
    present = {b for _, b in pairs}
    order = list(blocks) if blocks is not None else sorted(present, key=str.casefold)
    order += sorted(present - set(order), key=str.casefold)
    order = [b for b in order if any(pb == b for _, pb in pairs)] or [""]

    rows = []
    for w, block in pairs:
        measure = w.index if metric == "index" else w.total
        index = w.index
        by = index if index is not None else w.total  # a total without its maximum is taken out of 100
        assert by is not None, "a comparable ward has an index or a total"
        rows.append({
            "block": block, "unit": w.unit, "appraised": w.appraised, "survey": w.survey, "total": w.total,
            "total_max": w.total_max, "index_pct": index, "score": rule.round(measure),
            "classification": rule.classify(by),
            "stated_classification": w.classification, "last_year": w.last_year, "change": w.change,
            "source": w.source, "_ward": w,
        })
    frame = pd.DataFrame(rows, columns=[*TABLE_COLUMNS, "_ward"])
    for col in ("appraised", "survey", "total", "total_max", "index_pct", "score", "last_year", "change",
                "needed_index", "needed_points"):
        frame[col] = frame[col].astype(object)
    if len(frame):
        frame["block"] = pd.Categorical(frame["block"], categories=order, ordered=True)
        grouped = frame.groupby("block", observed=True)["score"]
        frame["rank"] = grouped.rank(method="min", ascending=False).astype(int)
        frame["rank_of"] = grouped.transform("size").astype(int)
        frame = frame.sort_values(["block", "rank", "unit"], kind="stable").reset_index(drop=True)
        frame["stt"] = frame.groupby("block", observed=True).cumcount() + 1
        frame["rank_text"] = [rank_notation(r, n) for r, n in zip(frame["rank"], frame["rank_of"], strict=True)]
        _needed(frame, target_rank, metric)
        frame["block"] = frame["block"].astype(str)
    kept_wards = tuple(frame.pop("_ward"))
    extra = [finding("rank_class_differs", value=w.classification, expected=cls, unit=w.unit, file=w.source)
             for w, cls in zip(kept_wards, frame["classification"] if len(frame) else [])
             if w.published and w.classification and w.classification != cls]
    return Ranking(
        frame=frame, summary_frame=_summary(frame, rule, order), rule=rule, metric=metric,
        target_rank=target_rank, blocks=tuple(order), wards=kept_wards,
        findings=tuple(list(findings) + lost + extra), heading=heading or Heading(), sources=tuple(sources),
    )


def _needed(frame: pd.DataFrame, target_rank: int, metric: str) -> None:
    """What each unit needs to share the target rank of its block, in both measures where they are known:
    index points (%) and total points. Never one measure passed off as the other."""
    needed_index: list[Decimal | None] = []
    needed_points: list[Decimal | None] = []
    scores_by_block = {b: list(g["score"]) for b, g in frame.groupby("block", observed=True)}
    position = {b: 0 for b in scores_by_block}
    for block, total_max in zip(frame["block"], frame["total_max"], strict=True):
        scores = scores_by_block[block]
        need = needed_to_reach(scores, position[block], target_rank)
        position[block] += 1
        if metric == "index":
            needed_index.append(need)
            needed_points.append(need * total_max / HUNDRED if total_max else None)
        else:
            needed_points.append(need)
            needed_index.append(need * HUNDRED / total_max if total_max else None)
    frame["needed_index"] = needed_index
    frame["needed_points"] = needed_points


def missing(value: object) -> bool:
    """None, or the NaN pandas puts in an empty cell of an object column."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _mean(values: pd.Series) -> Decimal | None:
    present = [v for v in values if not missing(v)]
    return sum(present, ZERO) / len(present) if present else None


AVERAGES = ("appraised", "survey", "total", "index_pct", "change")


def _summary(frame: pd.DataFrame, rule: Rule, order: Sequence[str]) -> pd.DataFrame:
    """Counts of every class and the averages of the printed figures, per block and overall. An average
    change is given only when every unit of the group has last year's total (else it would describe a few)."""
    import pandas as pd

    classes = list(rule.classes)
    columns = ["units", *classes, *(f"average_{c}" for c in ("appraised", "survey", "total", "index", "change"))]
    printed = frame.assign(**{f"{c}_shown": frame[c].map(rule.round) for c in AVERAGES})
    printed["classification"] = pd.Categorical(printed["classification"], categories=classes)

    def stats(part: pd.DataFrame) -> dict[str, object]:
        counts = part["classification"].value_counts().reindex(classes, fill_value=0)
        changes = part["change_shown"]
        return {"units": len(part), **{c: int(counts[c]) for c in classes},
                "average_appraised": _mean(part["appraised_shown"]), "average_survey": _mean(part["survey_shown"]),
                "average_total": _mean(part["total_shown"]), "average_index": _mean(part["index_pct_shown"]),
                "average_change": _mean(changes) if len(part) and not any(missing(v) for v in changes) else None}

    rows = {b: stats(printed[printed["block"] == b]) for b in order if b != ""}
    rows[TOTAL_LABEL] = stats(printed)
    out = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
    out.index.name = "block"
    for col in columns[len(classes) + 1:]:
        out[col] = out[col].astype(object)
    return out
