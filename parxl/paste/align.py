"""Aligning the tokens of one row of PDF text with the table's columns.

Which numbers fill which numeric column is chosen by scoring every ordered choice (types first, then
the arithmetic of the row decides, e.g. a name ending in "mức độ 3" or the "1" of "Phường 1" is not a
score); the text is shared between the text columns (a reason is told from a responsible unit by how the
latter begins: "Công chức…", "Bộ phận…"). Every weight of the scoring is in :data:`parxl.paste.weights.WEIGHTS`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import accumulate

from parxl.numbers import NumberError, fold, parse_number
from parxl.paste.header import Column
from parxl.paste.lines import BREAK, COUNT, YEAR, Token, code_key, dash, is_name_number
from parxl.paste.values import max_name
from parxl.paste.weights import WEIGHTS
from parxl.vocab import CLASSIFICATIONS, OTHER_CLASSIFICATIONS, names_survey, responsible_start

CLASS_WORDS = tuple(fold(c) for c in (*CLASSIFICATIONS, *OTHER_CLASSIFICATIONS))
Choice = tuple[int | None, ...]  # per numeric column, the index of its token or None
_Gaps = dict[tuple[int, ...], list[Token]]  # text columns -> the tokens left between two chosen numbers


@dataclass
class Alignment:
    slots: dict[int, object]  # column index -> Token (numeric columns) or list[Token] (text columns)
    stray: list[Token]
    after_break: list[Token]
    change_note: list[Token] = field(default_factory=list)  # spaced text: words under the change's column


_RANK_TOKEN = re.compile(r"\d{1,3}(?:/\d{1,3})?")


def _fit(col: Column, tok: Token) -> float:
    k, t = tok.kind, col.type
    if t == "rank" and not _RANK_TOKEN.fullmatch(tok.text) or t != "rank" and COUNT.fullmatch(tok.text) \
            or t == "change" and YEAR.fullmatch(tok.text):
        k = "*"  # a rank is small; "06", "01/03" count things; "2022" in a change's note is a year
    if t == "score" and col.pair and k == "num":
        score = WEIGHTS.num_in_pair_column
    elif t == "score" and not col.pair and k == "pair":
        score = WEIGHTS.pair_in_plain_column
    elif t == "pct" and k == "num":
        v = _dec(tok.text)
        score = WEIGHTS.num_as_pct if v is not None and 0 <= v <= 100 else WEIGHTS.bad_fit
    else:  # numbers fill only numeric columns
        fits = WEIGHTS.kind_fit[t]
        score = fits.get(k, fits["*"])
    if col.start >= 0:
        x = tok.col - 1
        if col.start <= x < col.end:
            score += WEIGHTS.under_column
        elif col.start - 2 <= x <= col.end + 1:
            score += WEIGHTS.near_column
    return score


@lru_cache(maxsize=4096)
def _dec(text: str) -> Decimal | None:
    try:
        return parse_number(dash(text).replace("%", "").replace(" ", ""))
    except (NumberError, InvalidOperation):
        return None


def _values(chosen: list[tuple[Column, Token]], kind: str) -> dict[str, Decimal]:
    """The figures a choice reads, by field ("index" for a percentage); a pair "x/y" gives x and its maximum."""
    vals: dict[str, Decimal] = {}
    for col, tok in chosen:
        if col.type not in ("score", "pct"):
            continue
        if col.type == "score" and tok.kind == "pair":
            a, _, b = tok.text.partition("/")
            parts = [(col.field, a), (max_name(col.field, kind), b)]
        else:
            parts = [("index" if col.type == "pct" else col.field, tok.text)]
        for name, part in parts:
            if (v := _dec(part)) is not None:
                vals[name] = v
    return vals


def _arith(v: dict[str, Decimal], kind: str) -> float:
    score = 0.0
    sums = [("appraised", "survey", "total"), ("appraised_max", "survey_max", "total_max")]
    if kind == "criteria":
        sums.append(("appraised", "deducted", "max"))
    for a, b, total in sums:
        if a in v and b in v and total in v:
            score += WEIGHTS.adds_up if v[a] + v[b] == v[total] else WEIGHTS.does_not_add_up
    if "index" in v and "total" in v:
        total_max = v.get("total_max")
        if total_max:
            score += WEIGHTS.index_matches if abs(v["total"] * 100 / total_max - v["index"]) <= Decimal("0.011") \
                else WEIGHTS.index_differs
        elif v["total"] == v["index"]:
            score += WEIGHTS.index_is_total
    for val, mx in (("appraised", "max"), ("self", "max"), ("appraised", "appraised_max"),
                    ("survey", "survey_max"), ("total", "total_max")):
        if val in v and mx in v:
            score += WEIGHTS.within_max if v[val] <= v[mx] else WEIGHTS.above_max
    return score


def _assignments(k: int, cand: list[int], skips: int) -> Iterator[Choice]:
    """Each way to give ``k`` columns increasing token indices, or None at most ``skips`` times, best guess first."""
    if k == 0:
        yield ()
        return
    for n, idx in enumerate(cand):
        for rest in _assignments(k - 1, cand[n + 1 :], skips):
            yield (idx, *rest)
    if skips:
        for rest in _assignments(k - 1, cand, skips - 1):
            yield (None, *rest)


def align(tokens: list[Token], cols: list[Column], kind: str, role: str = "data") -> Alignment:
    """Assign one row's tokens to the columns: the best-scoring choice of numbers, the rest to the text columns."""
    tokens, after_break = _cut_at_break(tokens, _by_position(cols))
    fit = _RowFit(tokens, cols, role, kind)
    slots, stray, change_note = fit.place(fit.best_choice(kind))
    return Alignment(slots, stray, after_break, change_note)


def _by_position(cols: list[Column]) -> bool:
    """The text columns have their places (spaced text): words go to the column they stand under."""
    text_cols = [c for c in cols if not c.numeric]
    return bool(text_cols) and all(c.start >= 0 for c in text_cols)


def _cut_at_break(tokens: list[Token], by_position: bool) -> tuple[list[Token], list[Token]]:
    """Tokens after a page break belong to the row when they hold a number, or stand under their columns (spaced
    text); else they continue a cell."""
    cut = next((i for i, t in enumerate(tokens) if t.kind == BREAK), len(tokens))
    post = [t for t in tokens[cut + 1 :] if t.kind != BREAK]
    if by_position or any(t.is_value for t in post):
        return tokens[:cut] + post, []
    return tokens[:cut], post


class _RowFit:
    """One row's tokens against the columns: what a choice of numbers costs, where the rest goes."""

    def __init__(self, tokens: list[Token], cols: list[Column], role: str, kind: str) -> None:
        self.tokens, self.cols = tokens, cols
        # a total or average row has no rank of its own; an areas table's survey row no self-assessment
        survey = kind == "areas" and role == "data" and names_survey(" ".join(t.text for t in tokens if not t.is_value))
        self.slot_cols = [i for i, c in enumerate(cols) if c.numeric and (role == "data" or c.type != "rank")
                          and not (survey and c.field == "self")]
        self.text_cols = [i for i, c in enumerate(cols) if not c.numeric]
        self.by_position = _by_position(cols)
        # prefix counts of numbers and words for the quick cost (spaced rows use the full one, they are short)
        self.pv = list(accumulate((t.is_value for t in tokens), initial=0))
        self.pt = list(accumulate((not t.is_value and t.kind != "unit" for t in tokens), initial=0))

    def best_choice(self, kind: str) -> Choice:
        tokens, cols, k = self.tokens, self.cols, len(self.slot_cols)
        # the row's numbers, but in spaced text not one standing in a column of codes ("5" under STT)
        numbers = [i for i, t in enumerate(tokens) if t.is_value and not self._in_code_column(t)]
        cand = numbers[: k + 6]  # the row's numbers come first
        # "Phường 1", "Xã 3", "mức độ 3": a number right after such a word belongs to the name
        named = {j for j in cand if j > 0 and is_name_number(tokens[j - 1], tokens[j], across_lines=True)}
        values = [j for j in numbers if j not in named]
        if len(values) == k and k and values[-1] - values[0] == k - 1 \
                and all(self._fit(cols[self.slot_cols[s]], tokens[j]) >= WEIGHTS.good_fit
                        for s, j in enumerate(values)):
            return tuple(values)  # one number per column, in order, each of its column's kind
        best: Choice = ()
        best_score = float("-inf")
        for choice in _assignments(k, cand, min(max(0, k - len(cand)) + 1, k)):
            score = self._score(choice, named, kind)
            if score > best_score + 1e-9:  # the first of equal choices stays
                best_score, best = score, choice
        return best

    def _score(self, choice: Choice, named: set[int], kind: str) -> float:
        tokens = self.tokens
        score = 0.0
        chosen: list[tuple[Column, Token]] = []
        for s, idx in enumerate(choice):
            if idx is None:
                score -= WEIGHTS.column_skipped
            else:
                col = self.cols[self.slot_cols[s]]
                score += self._fit(col, tokens[idx])
                chosen.append((col, tokens[idx]))
        score -= self._leftovers(choice)[3] if self.by_position else self._quick_cost(choice)
        score -= WEIGHTS.name_number * sum(1 for idx in choice if idx in named)
        # a row's numbers usually stand together: "mức độ 3" / "3 3 0 3" is a name, then four numbers
        score -= WEIGHTS.lines_apart * (len({tokens[idx].line for idx in choice if idx is not None}) - 1)
        return score + _arith(_values(chosen, kind), kind)

    def _in_code_column(self, tok: Token) -> bool:
        """Spaced text: ``tok`` stands under a column of serials or codes, and near no numeric column."""
        x = tok.col - 1
        return self.by_position and any(c.type == "code" and c.start <= x < c.end for c in self.cols) \
            and not any(self.cols[i].start - 2 <= x <= self.cols[i].end + 1 for i in self.slot_cols)

    def _fit(self, col: Column, tok: Token) -> float:
        """How well ``tok`` fits ``col``: its kind and, in spaced text, where it stands."""
        return _fit(col, tok) + self._elsewhere(col, tok)

    def _elsewhere(self, col: Column, tok: Token) -> float:
        """Spaced text: a figure standing under another column's header ("01/03" under "Lý do"), far from its own."""
        x = tok.col - 1
        if col.start < 0 or col.start - 2 <= x <= col.end + 1:
            return 0.0
        under = any(c is not col and c.start <= x < c.end for c in self.cols)
        return WEIGHTS.under_other_column if under else 0.0

    def _runs(self, choice: Choice) -> Iterator[tuple[int, int, tuple[int, ...]]]:
        """The runs of tokens between the chosen numbers, each with the text columns it may fill."""
        prev_idx, prev_ci = -1, -1
        chosen = [(idx, self.slot_cols[s]) for s, idx in enumerate(choice) if idx is not None]
        for idx, ci in chosen + [(len(self.tokens), len(self.cols))]:
            if idx > prev_idx + 1:
                yield prev_idx + 1, idx, tuple(c for c in self.text_cols if prev_ci < c < ci)
            prev_idx, prev_ci = idx, ci

    def _quick_cost(self, choice: Choice) -> float:
        """:meth:`_leftovers`' cost from prefix counts, every unit word free (a row may have thousands of choices)."""
        cost = 0.0
        for start, stop, here in self._runs(choice):
            nv, nt = self.pv[stop] - self.pv[start], self.pt[stop] - self.pt[start]
            cost += WEIGHTS.number_in_text * nv if here else WEIGHTS.stray * (nv + nt)
        return cost

    def _leftovers(self, choice: Choice) -> tuple[_Gaps, list[Token], list[Token], float]:
        """The tokens not chosen: per run holding text columns, free (placed by position), stray; the cost."""
        tokens = self.tokens
        value_lines = {tokens[idx].line for idx in choice if idx is not None}
        gaps: _Gaps = {}
        free: list[Token] = []
        stray: list[Token] = []
        cost = 0.0
        for start, stop, here in self._runs(choice):
            for j in range(start, stop):
                tok = tokens[j]
                if tok.kind == "unit" and j > 0 and (j == start or tokens[j - 1].kind == "unit"):
                    continue  # "8,5 điểm": the unit goes with its number
                if self.by_position and tok.line not in value_lines:
                    free.append(tok)
                elif here:
                    gaps.setdefault(here, []).append(tok)
                    cost += WEIGHTS.number_in_text if tok.is_value else 0.0
                elif self.by_position:
                    free.append(tok)
                    cost += WEIGHTS.free_text
                else:
                    stray.append(tok)
                    cost += WEIGHTS.stray
        return gaps, free, stray, cost

    def place(self, choice: Choice) -> tuple[dict[int, object], list[Token], list[Token]]:
        """The chosen numbers in their columns, the tokens left over per text column; the stray ones; in spaced
        text, the words standing under a change's column (its note: "(Năm 2022" / "đạt 82,38 điểm)")."""
        gaps, free, stray, _ = self._leftovers(choice)
        parts: dict[int, list[Token]] = {}
        if self.by_position:  # spaced text: every word goes by where it stands
            free = free + [t for toks in gaps.values() for t in toks]
            gaps = {}
        for here, toks in gaps.items():
            for n, part in _split_gap(toks, [self.cols[ci] for ci in here]):
                parts.setdefault(here[n], []).extend(part)
        targets = sorted(self.text_cols + [c for c, col in enumerate(self.cols) if col.type == "change"])
        change_note: list[Token] = []
        for n, part in _split_by_position(free, [self.cols[c] for c in targets]):
            c = targets[n]
            (change_note if self.cols[c].type == "change" else parts.setdefault(c, [])).extend(part)
        for part in [*parts.values(), change_note]:
            part.sort(key=lambda t: (t.line, t.col))
        numbers = {self.slot_cols[s]: self.tokens[idx] for s, idx in enumerate(choice) if idx is not None}
        return {**numbers, **parts}, stray, change_note


def _split_gap(tokens: list[Token], cols: list[Column]) -> list[tuple[int, list[Token]]]:
    """Share the tokens between neighbouring text columns."""
    if len(cols) == 1:
        return [(0, tokens)]
    if all(c.start >= 0 for c in cols):
        return _split_by_position(tokens, cols)
    take = class_words(tokens) if cols[0].field == "class" else 0  # a classification opens the gap
    if cols[0].field == "code" and tokens and code_key(tokens[0].text) is not None:
        take = 1  # a criterion's code column after the serial: "2.1" then the name
    rest, first, last = tokens[take:], 1 if take else 0, len(cols) - 1
    split = len(rest)
    if last > first and cols[last].field == "class":
        split -= class_words(rest, at_end=True)  # "Phường Hà Cầu Khá": the classification closes the gap
    elif last > first and cols[last].field == "responsible":
        split = _responsible_split(rest)
    return [(c, part) for c, part in ((0, tokens[:take]), (first, rest[:split]), (last, rest[split:])) if part]


def _split_by_position(tokens: list[Token], cols: list[Column]) -> list[tuple[int, list[Token]]]:
    """Spaced text: each token goes to the column it stands under (the words of one cell together)."""
    parts: dict[int, list[Token]] = {}
    for t in tokens:
        x = (t.cell_col or t.col) - 1
        nearest = min(range(len(cols)), key=lambda i: max(cols[i].start - x, x - cols[i].end, 0))
        parts.setdefault(nearest, []).append(t)
    return sorted(parts.items())


_CLASS_PHRASES = [w.split() for w in sorted(CLASS_WORDS, key=len, reverse=True)]  # longest first


def class_words(tokens: list[Token], at_end: bool = False) -> int:
    """How many words at the start (or end, leaving a name before them) are a classification."""
    words = fold(" ".join(t.text for t in tokens)).split()
    for phrase in _CLASS_PHRASES:
        n = len(phrase)
        if (len(words) > n and words[-n:] == phrase) if at_end else words[:n] == phrase:
            return n
    return 0


def _responsible_split(tokens: list[Token]) -> int:
    """Where the responsible unit starts: the first line that begins like one (strong leads first)."""
    line_starts = [j for j, t in enumerate(tokens) if j == 0 or t.line != tokens[j - 1].line]
    for weak in (False, True):
        for j in line_starts:  # a weak lead in capitals only ("Hội", not "… Xã" / "hội")
            if (not weak or tokens[j].text[:1].isupper()) and responsible_start(" ".join(t.text for t in tokens[j:]),
                                                                                weak):
                # its first words may end the line before ("… quy định Văn" / "phòng - Thống kê")
                return next((k for k in range(max(j - 4, 1), j) if tokens[k].text[:1].isupper()
                             and responsible_start(" ".join(t.text for t in tokens[k:]))), j)
    # a narrow column wraps the unit anywhere ("… quy định Công" / "chức Tư pháp"): a capitalised strong lead
    for j in range(1, len(tokens)):
        if tokens[j].text[:1].isupper() and responsible_start(" ".join(t.text for t in tokens[j:])):
            return j
    return len(tokens)
