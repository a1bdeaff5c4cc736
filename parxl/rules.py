"""Scoring rules seen in frameworks, as pure functions on Decimals (shared by validation and the UDFs).

- proportional: points = a/b × max (319/461 of 1 point → 0.69)
- target: points = min(1, (a/b) / target) × max
- tiers: "≥90%: 2; ≥70%: 1; còn lại: 0", bounds inclusive (≥) or exclusive (>)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from parxl.numbers import HUNDRED, ZERO, NumberError, fold, parse_number


class RuleError(ValueError):
    """A rule or its inputs make no sense; the message is Vietnamese."""


def ratio_pct(numerator: Decimal, denominator: Decimal) -> Decimal:
    if denominator == 0:
        raise RuleError("Mẫu số bằng 0.")
    if numerator < 0 or denominator < 0:
        raise RuleError("Tử số và mẫu số không được âm.")
    return numerator / denominator * HUNDRED


def proportional(numerator: Decimal, denominator: Decimal, maximum: Decimal) -> Decimal:
    return min(ratio_pct(numerator, denominator), HUNDRED) / HUNDRED * maximum


def against_target(numerator: Decimal, denominator: Decimal, maximum: Decimal, target_pct: Decimal) -> Decimal:
    if target_pct <= 0:
        raise RuleError("Chỉ tiêu phải lớn hơn 0%.")
    return min(Decimal(1), ratio_pct(numerator, denominator) / target_pct) * maximum


@dataclass(frozen=True)
class Tier:
    bound: Decimal  # percent
    inclusive: bool
    points: Decimal

    def admits(self, pct: Decimal) -> bool:
        return pct >= self.bound if self.inclusive else pct > self.bound


def tier_points(pct: Decimal, tiers: list[Tier], floor: Decimal = ZERO) -> Decimal:
    """Points of the highest tier the percentage reaches; ``floor`` below every tier."""
    for tier in sorted(tiers, key=lambda t: (t.bound, t.inclusive), reverse=True):
        if tier.admits(pct):
            return tier.points
    return floor


@dataclass(frozen=True)
class Rule:
    kind: str  # "proportional" | "target" | "tiers"
    target_pct: Decimal | None = None
    tiers: tuple[Tier, ...] = ()
    floor: Decimal = ZERO

    def score(self, numerator: Decimal, denominator: Decimal, maximum: Decimal) -> Decimal:
        if self.kind == "target":
            assert self.target_pct is not None
            return against_target(numerator, denominator, maximum, self.target_pct)
        if self.kind == "tiers":
            return tier_points(ratio_pct(numerator, denominator), list(self.tiers), self.floor)
        return proportional(numerator, denominator, maximum)


PROPORTIONAL = Rule("proportional")
# Patterns as text, compiled (and cached by ``re``) on first use: most runs read no typed rule.
_TARGET = r"^(chi tieu|muc tieu|target)\s*:?\s*(?P<pct>[\d.,]+)\s*%?$"
_TIER = r"^(?P<op>>=|≥|>|=>)\s*(?P<pct>[\d.,]+)\s*%?\s*[:=→-]+>?\s*(?P<pts>[\d.,]+)$"
_FLOOR = r"^(con lai|khac|<.*|duoi.*)\s*[:=→-]*>?\s*(?P<pts>[\d.,]+)$"


def parse_rule(text: str) -> Rule:
    """Read a rule typed in a "Cách chấm" cell; blank or "tỷ lệ" means proportional.

    Examples: "tỷ lệ", "chỉ tiêu 50%", ">=90%: 2; >=70%: 1; còn lại: 0".
    """
    folded = fold(text or "").replace("≥", ">=")
    if folded in ("", "ty le", "ti le", "theo ty le", "proportional"):
        return PROPORTIONAL
    try:
        match = re.match(_TARGET, folded)
        if match:
            return Rule("target", target_pct=parse_number(match.group("pct")))
        tiers: list[Tier] = []
        floor = ZERO
        for part in re.split(r"[;\n]", folded.removeprefix("bac").strip(" :")):
            part = part.strip()
            if not part:
                continue
            tier, rest = re.match(_TIER, part), re.match(_FLOOR, part)
            if tier:
                tiers.append(Tier(parse_number(tier.group("pct")) or ZERO, tier.group("op") != ">",
                                  parse_number(tier.group("pts")) or ZERO))
            elif rest:
                floor = parse_number(rest.group("pts")) or ZERO
            else:
                raise RuleError(f"Không hiểu bậc “{part}”.")
    except NumberError as exc:
        raise RuleError(f"Không hiểu số “{exc.text}” trong cách chấm.") from exc
    if not tiers:
        raise RuleError(f"Không hiểu cách chấm “{text}”.")
    return Rule("tiers", tiers=tuple(tiers), floor=floor)


def classify(index_pct: Decimal, thresholds: tuple[tuple[str, Decimal], ...]) -> str:
    """Classification label for an index: the first threshold (highest first) it reaches, else "Yếu"."""
    for label, bound in sorted(thresholds, key=lambda kv: -kv[1]):
        if index_pct >= bound:
            return label
    return "Yếu"


def competition_rank(values: list[Decimal], value: Decimal) -> int:
    """Rank of ``value`` among ``values``, highest first, ties sharing a rank (1, 2, 2, 4)."""
    return 1 + sum(1 for v in values if v > value)


def rank_notation(rank: int, count: int) -> str:
    """"02/17" as published decisions write it."""
    width = max(2, len(str(count)))
    return f"{rank:0{width}d}/{count:0{width}d}"
