"""Ranking wards: shared ranks for ties, "02/17" notation, counts, averages, and what each ward needs.

Pure: takes plain ward entries, returns plain rows. Ranking goes by total points (the index when the
maxima differ), never by appraisal points alone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from parxl.model import Deduction, most_recoverable_first
from parxl.numbers import ZERO
from parxl.rules import competition_rank, rank_notation


@dataclass
class Ward:
    """One ward's published or computed result."""

    unit: str
    total: Decimal | None  # None when a published table gives only the index
    total_max: Decimal | None = None
    appraised: Decimal | None = None
    survey: Decimal | None = None
    index_pct: Decimal | None = None
    classification: str = ""
    last_year: Decimal | None = None
    deductions: list[Deduction] = field(default_factory=list)
    source: str = ""  # file name or "dòng 12" of a pasted table

    @property
    def score(self) -> Decimal:
        """What ranks: the index when known (maxima can differ after N/A criteria), else the total."""
        score = self.index_pct if self.index_pct is not None else self.total
        assert score is not None, "a ward has a total or an index"
        return score

    @property
    def change(self) -> Decimal | None:
        return None if self.last_year is None or self.total is None else self.total - self.last_year


@dataclass
class RankedWard:
    ward: Ward
    rank: int
    notation: str
    needed_for_target: Decimal  # points (of the ranking measure) to reach the target rank; 0 when there
    recoverable: list[Deduction]  # deducted criteria, most recoverable points first


@dataclass
class Ranking:
    rows: list[RankedWard]
    target_rank: int
    classification_counts: dict[str, int]
    average_index: Decimal | None
    average_total: Decimal | None


def needed_to_reach(scores: list[Decimal], own_index: int, target_rank: int) -> Decimal:
    """Points a ward must gain to share ``target_rank``: catch up with the target-th best of the others."""
    own = scores[own_index]
    others = sorted((s for i, s in enumerate(scores) if i != own_index), reverse=True)
    if len(others) < target_rank:
        return ZERO
    return max(ZERO, others[target_rank - 1] - own)


def rank_wards(wards: list[Ward], target_rank: int = 5) -> Ranking:
    scores = [w.score for w in wards]
    count = len(wards)
    rows = [
        RankedWard(
            ward=w,
            rank=(rank := competition_rank(scores, w.score)),
            notation=rank_notation(rank, count),
            needed_for_target=needed_to_reach(scores, i, target_rank),
            recoverable=most_recoverable_first(w.deductions),
        )
        for i, w in enumerate(wards)
    ]
    rows.sort(key=lambda r: (r.rank, r.ward.unit))
    indices = [w.index_pct for w in wards if w.index_pct is not None]
    totals = [w.total for w in wards if w.total is not None]
    return Ranking(
        rows=rows,
        target_rank=target_rank,
        classification_counts=dict(Counter(w.classification for w in wards if w.classification)),
        average_index=sum(indices, ZERO) / len(indices) if indices else None,
        average_total=sum(totals, ZERO) / len(totals) if totals else None,
    )
