"""Detecting a results table's header with the vocabulary: which field each column names.

Headers come cut anywhere by PDF copies ("T" / "T", "XHH/Đi" / "ểm tối"), so they are matched on folded
text with spaces removed; but a phrase must still begin where a word begins and end where a word ends in
the text as typed (a line break counts as both), so "Thang điểm" never reads "hạng" and "Phương pháp"
never reads "phường". Every phrase comes from :mod:`parxl.vocab`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from parxl.numbers import fold
from parxl.paste.lines import FOOTNOTE_MARK, VALUE_KINDS, classify
from parxl.paste.weights import SHARES
from parxl.vocab import LONE_SCORE_HEADERS, results_phrases, same_text, words

SCORE_FIELDS = ("appraised", "survey", "total", "max", "self", "deducted", "appraised_max", "survey_max")
START_FIELDS = ("serial", "code", "name", "unit", "rank")  # a header opens with one of these
# the fields a results table is read for; a column naming anything else is reported as not used
READ_FIELDS = frozenset({*START_FIELDS, *SCORE_FIELDS, "index", "class", "change", "reason", "responsible"})
# how a column's cells are read, by its field; any other field is text
_TYPES = {"serial": "code", "code": "code", "index": "pct", "rank": "rank", "change": "change",
          **{f: "score" for f in SCORE_FIELDS}}
_LONE = {words(t) for t in LONE_SCORE_HEADERS}  # a cell reading only "Điểm", "Kết quả": the total


@dataclass
class Column:
    field: str
    pair: bool = False  # the header says "…/Điểm tối đa": values are "x/y" pairs
    max_hint: Decimal | None = None  # "Tổng điểm (100)"
    index: int = -1  # cell index in grid layouts
    start: int = -1  # character span in spaced text
    end: int = -1
    strong: bool = True  # "Nguyên nhân" (strong) rather than "Ghi chú"
    criteria_hint: bool = False  # the name header speaks of "tiêu chí"
    header: str = ""  # the header text as printed
    source: str = "header"  # or "data" (typed by its cells), or "override" (named by the user's --columns)
    read: bool = True  # False: kept only to place a row's words and figures (unused, skipped or a duplicate)

    @property
    def type(self) -> str:
        return _TYPES.get(self.field, "text")

    @property
    def numeric(self) -> bool:
        return self.type in ("score", "pct", "rank", "change")

    def absorb(self, other: Column) -> None:
        """The same column named twice in one header: what either says holds."""
        self.pair |= other.pair
        self.criteria_hint |= other.criteria_hint
        self.strong |= other.strong
        self.max_hint = self.max_hint or other.max_hint


@dataclass(frozen=True)
class _Phrase:
    squashed: str  # folded, no spaces
    marked: str  # lower case with diacritics, no spaces
    field: str | None
    phrase: str


@lru_cache(maxsize=1)
def _phrases() -> dict[str, list[_Phrase]]:
    """Phrases by their first two squashed letters, longest first."""
    out: dict[str, list[_Phrase]] = {}
    for phrase, fld in results_phrases():
        sq = _squash(phrase)
        out.setdefault(sq.folded[:2], []).append(_Phrase(sq.folded, sq.marked, fld, phrase))
    return out


@dataclass(frozen=True)
class _Squashed:
    folded: str
    marked: str
    bounds: frozenset[int]  # where a word or a sign begins, and the end: where a phrase may begin or end
    origin: tuple[int, ...]  # for each letter kept, its index in the NFC text


@lru_cache(maxsize=4096)
def _squash(text: str) -> _Squashed:
    """Folded and marked text without spaces, with the word bounds and where each letter came from."""
    folded: list[str] = []
    marked: list[str] = []
    origin: list[int] = []
    bounds: set[int] = set()
    in_word = False
    for at, ch in enumerate(unicodedata.normalize("NFC", text).lower()):
        if ch.isspace():
            in_word = False
            continue
        f = (fold(ch) or ch)[:1]
        if not (in_word and f.isalnum()):
            bounds.add(len(folded))
        folded.append(f)
        marked.append(ch)
        origin.append(at)
        in_word = f.isalnum()
    bounds.add(len(folded))
    return _Squashed("".join(folded), "".join(marked), frozenset(bounds), tuple(origin))


# a column's number in its header ("Tổng điểm (5)"), and the formula after it ("(5)=(3)+(4)", "(6)=(5)/(4)x100")
_LABEL = re.compile(r"\((\d{1,2})\)(?:\s*=\s*[\d()+\-−*/x×:.,%\s]*[\d)%])?")


def bare_headers(texts: list[str]) -> list[str]:
    """Header texts without footnote marks, without the numbers that label their columns in order ("STT (1)" …
    "Xếp hạng (7)", three at least) and without any label that a formula follows: no label is a column's maximum
    ("Tổng điểm (5)"). Spaces stand where they stood, so places in a text still hold."""
    found = [(k, m) for k, text in enumerate(texts) for m in _LABEL.finditer(text)]
    run: list[tuple[int, re.Match[str]]] = []
    for k, m in found:  # "(1)", "(2)", … in order, past a maximum between them ("Điểm thẩm định (70) (3)")
        if int(m.group(1)) == (int(run[-1][1].group(1)) + 1 if run else 1):
            run.append((k, m))
    drop = (run if len(run) >= 3 else []) + [(k, m) for k, m in found if "=" in m.group()]
    drop += [(k, m) for k, text in enumerate(texts) for m in FOOTNOTE_MARK.finditer(text)]
    out = list(texts)
    for k, m in drop:
        out[k] = out[k][: m.start()] + " " * (m.end() - m.start()) + out[k][m.end() :]
    return out


_HINT_RE = re.compile(r"\((?:toida|diemtoida|tongdiem)?(\d+(?:[.,]\d+)?)(?:diem|d)?\)")
_PAIR_RE = re.compile(r"/(?:tong)?(?:diem)?toida")
_YEAR_AFTER = re.compile(r"(?:\([^)]{0,12}\))?(?:nam)?((?:19|20)\d\d)(?!\d)")  # "Chỉ số (%) năm 2022"


@dataclass(frozen=True)
class Found:
    field: str | None
    start: int
    end: int
    phrase: str


def _matches(text: str, banned: frozenset[str] = frozenset()) -> tuple[_Squashed, list[Found]]:
    """The phrases a header text holds, left to right, each the longest one where it begins (``banned``: phrases
    not to match)."""
    sq = _squash(text)
    s, index = sq.folded, _phrases()
    out: list[Found] = []
    pos = 0
    while pos < len(s):
        # a phrase must start and end on word bounds, with its diacritics where they are typed
        cands = index.get(s[pos : pos + 2], ()) if pos in sq.bounds else ()
        hit = next((p for p in cands if pos + len(p.squashed) in sq.bounds and s.startswith(p.squashed, pos)
                    and same_text(sq.marked[pos : pos + len(p.squashed)], p.marked) and p.phrase not in banned), None)
        if hit:
            out.append(Found(hit.field, pos, pos + len(hit.squashed), hit.phrase))
        pos += len(hit.squashed) if hit else 1
    return sq, out


def scan_header(text: str, banned: frozenset[str] = frozenset(), cells: bool = True,
                ) -> tuple[list[Column], float, int | None]:
    """Columns named in a header text, the share of it they explain, and where the first one starts; a lone "Điểm"
    or "Kết quả" is a column of its own only where the text may hold several (``cells``)."""
    sq, found = _matches(bare_headers([text])[0], banned)
    s = sq.folded
    if cells and not any(f.field in SCORE_FIELDS or f.field == "index" for f in found):
        found = _lone_score(found, len(s))
    covered = sum(f.end - f.start for f in found) + sum(1 for ch in s if ch.isdigit() or not ch.isalnum())
    first_at = _first_column_at(found)
    cols: list[Column] = []
    skip_to = last_end = 0
    for f in found:
        if f.field is None or f.start < skip_to:
            continue
        col = Column(f.field, criteria_hint=f.field == "name" and "tieu chi" in fold(f.phrase),
                     strong=f.field != "reason" or words(f.phrase) != ("ghi", "chu"), header=f.phrase)
        if col.field in SCORE_FIELDS:
            m = _PAIR_RE.match(s, f.end)
            if m:
                col.pair = True
                skip_to = m.end()
            if hint := _HINT_RE.match(s, m.end() if m else f.end):
                col.max_hint = Decimal(hint.group(1).replace(",", "."))
                skip_to = hint.end()  # "(tối đa 70 điểm)" is this column's maximum, no column of its own
        if year := _YEAR_AFTER.match(s, f.end):  # its year stays in its header: last year's is not this year's
            nfc = unicodedata.normalize("NFC", text)
            col.header = " ".join(nfc[sq.origin[f.start] : sq.origin[year.end() - 1] + 1].split())
        # one column: the same field again, of the same year or joined to it by a sign ("Chỉ số CCHC - PAR INDEX")
        gap = s[last_end : f.start]
        if cols and cols[-1].field == col.field and (header_year(cols[-1].header) == header_year(col.header)
                                                     or bool(gap) and not any(ch.isalnum() for ch in gap)):
            cols[-1].absorb(col)
        else:
            cols.append(col)
        last_end = f.end
    return cols, (covered / len(s) if s else 0.0), first_at


def _first_column_at(found: list[Found]) -> int | None:
    """Where the first phrase naming a field starts, or the header words leading straight into it ("Kết quả Chỉ số
    CCHC")."""
    lead = next((n for n, f in enumerate(found) if f.field is not None), None)
    while lead and found[lead - 1].end == found[lead].start:
        lead -= 1
    return None if lead is None else found[lead].start


def _lone_score(found: list[Found], end: int) -> list[Found]:
    """A header that names no score: a lone "Điểm" between two columns or last ("Đơn vị Điểm Xếp loại", "Xếp hạng Đơn
    vị Điểm") is the score's (``end``: where the header ends)."""
    return [Found("total", f.start, f.end, f.phrase) if f.field is None and words(f.phrase) in _LONE and (
        f.end == end if k + 1 == len(found) else found[k + 1].start == f.end and found[k + 1].field is not None)
        else f for k, f in enumerate(found)]


def header_year(header: str) -> int:
    """The year a header names ("Chỉ số năm 2022"); a header without one is this year's (the latest)."""
    found = re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", header)
    return int(found[-1]) if found else 10_000


def unread_words(text: str, banned: frozenset[str] = frozenset()) -> list[tuple[int, str]]:
    """Runs of header words that name nothing parxl knows ("Phương pháp"), each with the column number it
    would have among the columns read (1-based): what a header says that parxl did not understand."""
    sq, found = _matches(text, banned)
    read_at = {sq.origin[k] for f in found for k in range(f.start, f.end)}
    named_at = [sq.origin[f.start] for f in found if f.field is not None  # "…/Điểm tối đa" is no column
                and not (f.field == "max" and sq.folded[f.start - 1 : f.start] == "/")]
    nfc = unicodedata.normalize("NFC", text)
    runs: list[tuple[int, list[str]]] = []
    last_end = -2
    for m in re.finditer(r"\S+", nfc):
        if not any(ch.isalpha() for ch in m.group()) or not read_at.isdisjoint(range(m.start(), m.end())):
            continue
        if runs and not nfc[last_end : m.start()].strip(" \n"):
            runs[-1][1].append(m.group())  # the next word of the same run: no column is named between
        else:
            runs.append((sum(at < m.start() for at in named_at) + len(runs) + 1, [m.group()]))
        last_end = m.end()
    return [(k, " ".join(ws)) for k, ws in runs if sum(c.isalpha() for w in ws for c in w) >= 3]


def header_ok(cols: list[Column]) -> bool:
    """Columns that can head a results table: they open with a code, name or rank, name the units or
    criteria, and hold a number."""
    if not cols or cols[0].field not in START_FIELDS:
        return False
    fields = {c.field for c in cols}
    return bool(fields & {"name", "unit"}) and any(c.numeric for c in cols)


def starts_header(text: str) -> bool:
    """The text opens with a phrase that can open a header (STT, Mã, Nội dung, Đơn vị, Xếp hạng…)."""
    first_line, _, rest = text.partition("\n")
    sq, found = _matches(f"{first_line[:60]}\n{rest[:60]}")
    first = next((f for f in found if f.field is not None), None)
    if first is None or first.start > 1 or first.field not in START_FIELDS:
        return False
    if first.field == "unit" and len(words(first.phrase)) <= 2 and first.end < len(sq.folded) \
            and sq.folded[first.end].isalnum() and not any(f.start == first.end for f in found):
        return False  # "Quận Hà Đông có…": a place named in a sentence, not a "Quận" column
    first_len = max(len(_squash(first_line[:60]).folded), 3)  # "T" / "T": judge the first line
    span = sq.folded[:first_len]
    covered = sum(min(f.end, first_len) - f.start for f in found if f.start < first_len)
    covered += sum(1 for ch in span if not ch.isalpha())
    return covered >= SHARES.header_cell * len(span)  # a sentence that opens with "Quận …" is not a header


def header_cell(text: str, i: int) -> Column | None:
    """The column one header cell names (grid layouts), or None when it names nothing parxl reads."""
    if words(text) in _LONE:
        return Column("total", index=i, header=text)
    if classify(re.sub(r"\s+", "", text)) in VALUE_KINDS:
        return None  # "60%", "18/20": a figure of a row, never a header
    cols, coverage, first_at = scan_header(text, cells=False)
    if not cols or coverage < SHARES.header_cell or first_at is None or first_at > 2 or len(text) > 100:
        return None
    col = cols[0]
    for other in cols[1:]:  # "Điểm thẩm định/Điểm tối đa (70)" is still one column
        col.pair |= other.field == "max" and col.field in SCORE_FIELDS
        if col.field == "max" and other.field in ("appraised", "survey"):  # "Điểm tối đa / thẩm định"
            col.field = f"{other.field}_max"
        if other.field in ("change", "previous"):  # "Chỉ số tăng/giảm", "Chỉ số năm trước": not this year's figure
            col.field = other.field
    col.index = i
    col.header = text
    return col


def decide_kind(cols: list[Column]) -> str:
    """The table's kind by its columns: "units" (many units), "criteria" (deductions) or "areas"."""
    fields = {c.field for c in cols}
    # a self-assessment or a "Mã" column is in both a ward's areas and its criteria: dotted codes ("1.2") decide
    # later (see values.dotted_criteria); deductions, reasons, responsibilities and "tiêu chí" decide here
    criteria = bool(fields & {"deducted", "responsible"}) or any(c.criteria_hint or c.field == "reason" and c.strong
                                                                 for c in cols)
    if "unit" in fields or (fields & {"rank", "class"} and not criteria and "self" not in fields):
        return "units"
    return "criteria" if criteria else "areas"
