"""Pasted text → lines → cells or tokens, and the labels a line may carry (codes, numerals, totals, blocks).

Layouts: **tab** (Excel, a web page or a Word table; Excel quotes a cell holding a line break), **spaced**
(a PDF viewer's layout mode: cells split by runs of 2+ spaces) and **wrapped** (a PDF page copied as text:
cells wrapped over several lines and split by single spaces, a number even broken: "11.98/12.2" + "5").
Tab rows become cells; PDF text becomes *tokens* (words and figures) that :func:`parxl.paste.segment.segment`
groups into rows for :mod:`parxl.paste.align`. Everything keeps its 1-based line and column, so findings can
point at it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate, islice

from parxl.numbers import fold, from_roman, is_blank
from parxl.paste.weights import SHARES
from parxl.vocab import (
    LABEL_QUALIFIER_WORDS,
    SCORE_UNIT_WORDS,
    block_heading,
    change_in_words,
    names_unit_kinds,
    numbers_a_name,
    row_label_match,
    words,
)

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))  # zero-width, BOM, soft hyphen
_SPACES = dict.fromkeys(map(ord, "\u00a0\u202f\f\v"), " ")  # no-break and narrow spaces, form feed, vertical tab
_CELL_SPACES = {**_SPACES, ord("\t"): "  "}  # in spaced text a tab splits cells as two spaces do


@dataclass(frozen=True)
class Line:
    """One physical line of the pasted text."""

    no: int  # 1-based
    raw: str  # without the line break

    @property
    def text(self) -> str:
        return self.raw.translate(_SPACES).strip()

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def open_end(self) -> bool:
        """The line stops without trailing whitespace: in PDF text that means a word was cut here."""
        return bool(self.raw) and not self.raw[-1].isspace()


def split_lines(text: str) -> list[Line]:
    """The lines of a paste; a table whose cells are split by "|" (as text exports and some pages give it: "1 | Phường
    An | 88,5") has them split by tabs, as Excel gives them."""
    raws = re.split(r"\r\n?|\n", as_typed(text))
    if sum(_PIPE_ROW.fullmatch(raw) is not None for raw in raws) >= 2:
        raws = [_tabbed(raw) if _PIPE_ROW.fullmatch(raw) else raw for raw in raws]
    return [Line(no, raw) for no, raw in enumerate(raws, 1)]


def as_typed(text: str) -> str:
    """The text as its letters are typed: composed (NFC), as a PDF or a Mac may give "ờ" in three code points, and
    without the marks that take no place (zero-width spaces, a byte-order mark, soft hyphens), so that a word, and
    in spaced text a column, reads as it shows."""
    return unicodedata.normalize("NFC", text.translate(_INVISIBLE))


_PIPE_ROW = re.compile(r"[^|\t]*\|[^|\t]*\|[^\t]*")  # two bars or more, and no tab


def _tabbed(raw: str) -> str:
    """A row of "|"-split cells as tab-separated cells; the bars that open and close a row go, and a rule of dashes
    ("|---|---|") is a blank line."""
    cells = [c.strip() for c in raw.strip().removeprefix("|").removesuffix("|").split("|")]
    return "" if all(set(c) <= set("-: ") for c in cells) else "\t".join(cells)


def squash(text: str) -> str:
    """Folded (no diacritics, lower case) and without any whitespace: for headers broken anywhere."""
    return fold(text).replace(" ", "")


def trailing_space_style(lines: list[Line]) -> bool:
    """True when almost every line ends with a space (PDF copies): then a line without one is a cut word."""
    nonblank = [ln for ln in lines if not ln.blank]
    return len(nonblank) >= 4 and sum(not ln.open_end for ln in nonblank) >= SHARES.trailing_space * len(nonblank)


@dataclass
class GridRow:
    """A row already cut into cells: a tab-separated line or a row of a sheet."""

    line: int
    values: list[object]  # text, or the numbers of a sheet
    end_line: int  # last line (a quoted cell may span several)

    def texts(self) -> list[str]:
        return ["" if is_blank(v) else str(v).strip() for v in self.values]


# Excel's quoted cell: "" stands for a quote, and the cell closes at a quote before a tab or a line end.
_QUOTED_CELL = re.compile(r'"((?:""|[^"]|"(?![\t\n]|\Z))*+)"(?=[\t\n]|\Z)')
# A row whose first cell is quoted over several lines ("Số\nTT"): its first tab comes after them.
_QUOTED_FIRST_CELL = re.compile(r'"[^"]*\n[^"]*"\t')


def split_tab_rows(lines: list[Line]) -> list[GridRow | Line]:
    """Tab rows, with Excel's quoted multi-line cells rejoined; lines without a tab are passed through."""
    text = "\n".join(ln.raw for ln in lines)
    starts = list(accumulate((len(ln.raw) + 1 for ln in lines), initial=0))  # offset of each line in text

    def reach(at: int) -> int:  # a quoted cell spans at most 30 line breaks: never search past them
        return min(starts[min(bisect_right(starts, at) + 30, len(lines))], len(text))

    out: list[GridRow | Line] = []
    i = 0
    while i < len(lines):
        first = _QUOTED_FIRST_CELL.match(text, starts[i], reach(starts[i]))
        tabbed = "\t" in lines[i].raw.strip(" \r\n") or first is not None and first.group().count("\n") < 30
        if not tabbed:
            out.append(lines[i])
            i += 1
            continue
        cells: list[object] = []
        pos = starts[i]
        while True:
            quoted = _QUOTED_CELL.match(text, pos, reach(pos))
            if quoted and quoted.group().count("\n") <= 30:  # a cell spans at most 30 line breaks
                cells.append(quoted.group(1).replace('""', '"').strip())
                pos = quoted.end()
            else:  # a plain cell (an unbalanced quote is read literally)
                end = min(k for k in (text.find("\t", pos), text.find("\n", pos), len(text)) if k >= 0)
                cells.append(text[pos:end].translate(_SPACES).strip())
                pos = end
            if text[pos : pos + 1] != "\t":
                break
            pos += 1
        last = bisect_right(starts, pos) - 1
        out.append(GridRow(lines[i].no, cells, lines[last].no))
        i = last + 1
    return out


def next_first(items: Sequence[GridRow | Line], start: int) -> str:
    """The first word (of a line) or cell (of a grid row) of the first item from ``start`` that holds any."""
    for it in islice(items, start, None):
        first = it.text.split() if isinstance(it, Line) else [t for t in it.texts() if t]
        if first:
            return first[0]
    return ""


def segments(line: Line) -> list[tuple[int, str]]:
    """Cells of a spaced line: (0-based char offset, text), split at tabs and runs of 2+ spaces."""
    return [(m.start(), m.group()) for m in re.finditer(r"\S+(?: \S+)*", line.raw.translate(_CELL_SPACES))]


def looks_spaced(lines: list[Line]) -> bool:
    """Most lines split into three or more cells at runs of spaces (and none has a tab); a line indented by a run
    of spaces (a cell's second line under its column) counts with them."""
    nonblank = [ln for ln in lines if not ln.blank]
    cells = [len(segments(ln)) for ln in nonblank]
    many = sum(n >= 3 for n in cells)
    indented = sum(n < 3 and ln.raw.translate(_CELL_SPACES).startswith("  ") for n, ln in zip(cells, nonblank))
    return many >= 2 and many + indented >= SHARES.spaced_lines * len(nonblank)


# a spaced cell opening with a signed figure, before words: "+1,83 điểm (Năm", "-2 (giảm 1 bậc)"
_LEAD_FIGURE = re.compile(r"([+\-−–]\s?\d+(?:[.,]\d+)?)\s*(?:(?:điểm|đ)\b\.?)?\s+(?=\S)", re.IGNORECASE)
YEAR = re.compile(r"(?:19|20)\d\d")  # a year among figures: "Chỉ số CCHC năm 2023", "(Năm 2022 đạt …)"
COUNT = re.compile(r"0\d+(?:/\d+)?|\d+/0\d+")  # "06", "01/03": a number or count of words, never a score
_N = r"(?:\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}(?:,\d{3})+\.\d+|\d+(?:[.,]\d+)?|[.,]\d+)"  # 1.043,17  2,5  .275
# the kind of a word: the first that fits, a pair "x/y", a percentage, a signed change, a number
_KIND = re.compile(rf"(?:(?P<pair>{_N}/{_N})|(?P<pct>[+-]?{_N}%)|(?P<signed>[+-]{_N})|(?P<num>{_N}))$")
VALUE_KINDS = ("num", "pair", "pct", "signed")
UNIT_SUFFIX = re.compile(r"(?i)(điểm|đ)\.?$")  # "8,5điểm": a number with its unit
_SIGNS = {"+", "-", "–", "−"}
_CUT_NUMBER = re.compile(r"^\d{1,2}[.,]$")  # "0." of "0. 5/1"


_SIGN_MARKS = str.maketrans({"−": "-", "–": "-", "↑": "+", "↓": "-", "▲": "+", "▼": "-"})
_BRACKETED_SIGNED = re.compile(r"\(\s*([+-]\s*\d[\d.,]*)\s*\)")  # "(-2)": a change, never a column's label
FOOTNOTE_MARK = re.compile(r"\(\*{1,3}\)|\*{1,3}")  # "(*)", "**": a note below the table explains what it marks
FOOTNOTE = re.compile(rf"\s*(?:{FOOTNOTE_MARK.pattern})$")  # a figure so marked: "81,06*", "81,06 (*)"


def dash(text: str) -> str:
    """Minus, en dash and arrows as the ASCII sign ("↓1" is "-1"), a signed figure out of its brackets, and a
    figure without its footnote's mark ("81,06 (*)")."""
    text = FOOTNOTE.sub("", text.translate(_SIGN_MARKS))
    bracketed = _BRACKETED_SIGNED.fullmatch(text.strip())
    return bracketed.group(1) if bracketed else text


def classify(text: str) -> str:
    """The kind of one word: pair, pct, signed, num, unit or text ("4*" is text: the end of a name, "Phường 4*")."""
    bare = dash(text)
    found = None if bare.isdigit() and not text.isdigit() else _KIND.match(bare)
    if found:
        return str(found.lastgroup)
    return "unit" if fold(text) in SCORE_UNIT_WORDS else "text"


@dataclass
class Token:
    text: str
    line: int
    col: int  # 1-based character column
    kind: str
    flags: set[str] = field(default_factory=set)  # "spaced" (0. 5/1), "glued" (12.2 + 5)
    raw: str = ""  # the text as pasted when pieces were joined ("0. 5/1"); else empty
    cell_col: int = 0  # spaced text: 1-based column where the token's cell starts
    open_end: bool = False  # last token of a line that ends without a space
    glued_from: str = ""  # for "glued": the two pieces as they appeared

    @property
    def is_value(self) -> bool:
        return self.kind in VALUE_KINDS


BREAK = "break"  # kind of the marker put where a repeated header (page break) was skipped


def changes_as_figures(tokens: list[Token]) -> list[Token]:
    """A line's change written in words, in one cell or over a few words ("Tăng 2 bậc", "Giữ nguyên"), as one signed
    figure ("+2", "0"): for a table with a column of changes."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        first = tokens[k]
        run = tokens[k : k + 4] if first.kind == "text" else []
        found = next(((n, signed) for n in range(len(run), 0, -1)
                      if (signed := change_in_words(" ".join(t.text for t in run[:n]))) is not None), None)
        if found is None:
            out.append(first)
            k += 1
            continue
        n, signed = found
        out.append(Token(signed, first.line, first.col, classify(signed), raw=" ".join(t.text for t in run[:n]),
                         cell_col=first.cell_col, open_end=run[n - 1].open_end))
        k += n
    return out


def tokenize(line: Line, spaced: bool = False) -> list[Token]:
    """Tokens of one line; in spaced text a cell that is not two or more numbers stays one token."""
    if not spaced:
        raw = line.raw.translate(_CELL_SPACES)
        toks = _word_tokens([(m.start(), m.group()) for m in re.finditer(r"\S+", raw)], line.no, False)
    else:
        toks = []
        for off, cell in segments(line):
            compact = cell.replace(" ", "")  # a whole cell may be one value: "0. 5/1", "+ 2"
            kind, unit_kind = classify(compact), classify(UNIT_SUFFIX.sub("", compact))
            if kind not in VALUE_KINDS and unit_kind in ("num", "signed"):
                kind = unit_kind  # a number with its unit: "8,5 điểm"
            cell_words = [(m.start() + off, m.group()) for m in re.finditer(r"\S+", cell)]
            if kind in VALUE_KINDS:
                flags = {"spaced"} if re.search(r"\d[.,]\s+\d", cell) else set()
                toks.append(Token(cell, line.no, off + 1, kind, flags))
            elif sum(classify(w) in VALUE_KINDS for _, w in cell_words) >= 2:
                toks.extend(_word_tokens(cell_words, line.no, bool(toks), off + 1))
            elif lead := _LEAD_FIGURE.match(cell):  # "+1,83 điểm (Năm": a change, then its note
                figure = dash(lead.group(1).replace(" ", ""))
                toks.append(Token(figure, line.no, off + 1, classify(figure)))
                toks.append(Token(cell[lead.end() :].strip(), line.no, off + lead.end() + 1, "text"))
            else:
                toks.append(Token(cell, line.no, off + 1, "text"))
    if toks:
        toks[-1].open_end = line.open_end
    return toks


def _word_tokens(words: list[tuple[int, str]], line_no: int, after_others: bool, cell_col: int = 0) -> list[Token]:
    """Tokens of words (offset, text), the pieces of a figure joined: "0. 5/1", "+ 02", "95,68 %", "17.25 / 20"."""
    texts = [w for _, w in words] + ["", ""]
    kinds = [classify(w) for w in texts]
    out: list[Token] = []
    i = 0
    while i < len(words):
        w, nxt, kind, knext = texts[i], texts[i + 1], kinds[i], kinds[i + 1]
        take, raw, joined = 2, "", classify(w + nxt)
        # "0. 5/1": a number cut by a stray space; first on a line, "1. 5" is rather a code and a value
        if _CUT_NUMBER.match(w) and knext in ("num", "pair", "pct") and nxt[0].isdigit() \
                and joined in ("num", "pair", "pct") and (out or after_others or joined == "pair"):
            kind, raw = joined, f"{w} {nxt}"
        elif w in _SIGNS and knext in ("num", "pct"):
            kind = "signed"
        elif kind == "num" and nxt == "%":
            kind = "pct"
        elif kind in VALUE_KINDS and not w.isdigit() and FOOTNOTE.fullmatch(nxt):
            pass  # "81,06 (*)": the figure keeps its footnote's mark ("Phường 4 (*)" is a name's)
        elif kind == "num" and nxt == "/" and kinds[i + 2] == "num":
            take, kind = 3, "pair"
        elif (kind == "num" and nxt.startswith("/") or kind == "text" and w.endswith("/")) and joined == "pair":
            kind = "pair"
        else:
            take = 1
        text = w if take == 1 else dash(w) + "".join(texts[i + 1 : i + take])
        flags = {"spaced"} if raw else set()
        out.append(Token(text, line_no, words[i][0] + 1, kind, flags, raw=raw, cell_col=cell_col))
        i += take
    return out


def _syllable(word: str) -> bool:
    """A whole Vietnamese syllable has a vowel: "hành" + "chính" are two, "Nguyễ" + "n" one cut in two."""
    return bool(re.search(r"[aeiouy]", fold(word)))


def join_text(tokens: list[Token], cut_words: bool = False) -> str:
    """Text of tokens, lines joined by a space; by nothing at a slash that joins two lines' figures ("1.530/" /
    "1.700 hồ sơ", "1.530" / "/1.700"), or where a PDF cut a word, if ``cut_words`` (a line without its trailing
    space, ending inside a syllable)."""
    out = ""
    prev: Token | None = None
    for tok in [t for t in tokens if t.kind != BREAK]:
        cut = prev is not None and tok.line != prev.line and (
            re.search(r"\S/$", prev.text) is not None and tok.text[:1].isalnum()
            or prev.text[-1:].isdigit() and re.match(r"/\d", tok.text) is not None
            or cut_words and prev.open_end and prev.text[-1:].isalpha() and tok.text[:1].islower()
            and not (_syllable(prev.text.split()[-1]) and _syllable(tok.text.split()[0])))
        out += ("" if cut or prev is None else " ") + (tok.raw or tok.text)
        prev = tok
    return out.strip()


_ROMAN = re.compile(r"^(?=[IVXL])L?X{0,3}(?:IX|IV|V?I{0,3})\.?$")
_LETTER_HEADING = re.compile(r"^([A-Z]|[IVX]{1,4})[.)]?\s+(\S.*)$")  # "B. UBND cấp huyện"
_NUMBERED_BLOCK = re.compile(r"^(\d{1,2})[.)]\s*(\S.*)$")  # "2. Nhóm các sở, ban, ngành:"


_COLUMN_LABEL = re.compile(r"\(?([A-Z]|\d{1,2})\)?")  # "1", "(1)", "A", "(B)"


def column_labels(rows: list[list[str]]) -> list[int]:
    """How many column labels in order ("1 2 3 4", "(1) (2) (3)", "A B 1 2": letters first) ``rows`` (the cells or
    words of non-blank lines) hold, counted after each of the first ones that hold only such labels."""
    counts: list[int] = []
    letters = numbers = 0
    for cells in rows:
        for cell in cells:  # each label the next letter (before any number) or the next number
            m = _COLUMN_LABEL.fullmatch(cell)
            label = m.group(1) if m else ""
            if not numbers and label == chr(ord("A") + letters):
                letters += 1
            elif label == str(numbers + 1):
                numbers += 1
            else:
                return counts
        counts.append(letters + numbers)
    return counts


def column_numbers(rows: list[list[str]], columns: int) -> int:
    """How many of ``rows`` (the lines right under a header) number its ``columns`` (:func:`column_labels`), one
    label more or less, the nearest count first ("A" / "B" / "1" / "2" over three columns: "2" opens the first row);
    0 when none do. Two labels only on one line of a two-column table: one per line, "1" / "2" may be a row's serial
    and rank."""
    fits = [(abs(count - columns), taken) for taken, count in enumerate(column_labels(rows), 1)
            if abs(count - columns) <= 1 and (count >= 3 or count == columns == 2 and taken == 1)]
    return min(fits)[1] if fits else 0


def is_row_code(text: str) -> bool:
    """``text`` may open a row: a code ("1", "1.6") or a rank out of a count ("1/141")."""
    return code_key(text) is not None or re.fullmatch(r"\d{1,3}/\d{1,4}", text) is not None


def code_key(text: str) -> tuple[int, ...] | None:
    """(1,) for "1" or "1."; (1, 6) for "1.6" or "1.6."; None for anything else."""
    t = text.strip().rstrip(".")
    return tuple(int(p) for p in t.split(".")) if re.fullmatch(r"\d{1,4}(?:\.\d{1,3})*", t) else None


def roman_value(text: str) -> int | None:
    t = text.strip().rstrip(".")
    return from_roman(t) if _ROMAN.match(t) else None  # "" never matches


def roman_rows(lines: list[Line]) -> bool:
    """Rows numbered I, II, III… by areas, not headings of groups: no numeral heads a name in capitals ("I. CHỈ ĐẠO
    ĐIỀU HÀNH"), and no criterion's code ("1.2") or numbered row ("1 Kế hoạch…") is among them."""
    texts = [ln.text for ln in lines if not ln.blank]
    numerals = []
    for n, text in enumerate(texts):
        first = text.split()[0]
        after = text[len(first) :].strip() or (texts[n + 1] if n + 1 < len(texts) else "")
        if (value := roman_value(first)) is not None:
            letters = [c for c in after if c.isalpha()]
            if letters and sum(c.isupper() for c in letters) >= SHARES.capitals * len(letters):
                return False
            numerals.append(value)
        elif (key := code_key(first)) is not None and (len(key) >= 2 or after[:1].isupper()):
            return False
    return len(numerals) >= 2 and numerals == sorted(numerals)


def label_role(text: str) -> tuple[str, int] | None:
    """("total"|"average", the label's number of words) when ``text`` starts with such a label (whole words)."""
    found = row_label_match(text)
    if found is None or found[0] not in ("total", "average"):
        return None
    spaced = fold(text).replace(":", " ").split()
    n = next((k for k in range(1, len(spaced) + 1) if len(words(" ".join(spaced[:k]))) >= found[1]), len(spaced))
    if not LABEL_QUALIFIER_WORDS.isdisjoint(spaced[n : n + 4]):  # "… (Chỉ số CCHC) của 19 bộ, …": up to the figures
        n = len(spaced)
        while n > found[1] and classify(spaced[n - 1]) in VALUE_KINDS:
            n -= 1
    return found[0], n


def block_label(text: str) -> tuple[str, str] | None:
    """(label, name) of a block heading: "I. Khối sở, ban, ngành", "B. UBND cấp huyện", "Khối huyện", "2. Nhóm các sở,
    ban, ngành:" (a number opens a block only before a block's word)."""
    text = text.strip()
    m = _LETTER_HEADING.match(text)
    if m and (roman_value(m.group(1)) is not None or text[1] in ".)") and not label_role(m.group(2)):
        return m.group(1), m.group(2).strip()
    if (m := _NUMBERED_BLOCK.match(text)) and block_heading(m.group(2)):
        return m.group(1), m.group(2).strip()
    return (text, text) if block_heading(text) and len(text) <= 120 else None


def block_of(text: str, below: str) -> tuple[str, str] | None:
    """(label, name) of a block heading (see :func:`block_label`), or of a units table's kind alone ("Phường",
    "Các xã:") over a row numbered or ranked 1 ("1", "1/9"; ``below``: the first word of the next line)."""
    if names_unit_kinds(text) and code_key(below.partition("/")[0]) == (1,):
        return text.strip(), text.strip()
    return block_label(text)


def is_label_only(text: str) -> str | None:
    """The role when the whole text is a total or average label ("Tổng cộng", "Trung bình:")."""
    found = label_role(text)
    typed = text.split()
    if found is None or found[1] == 1 and len(typed) > 1 and typed[1][:1].islower():
        return None  # a one-word label goes on a name in lower case: "Tổng cục Thuế" is a unit
    return found[0] if len(fold(text).replace(":", " ").split()) <= found[1] + 3 else None


def is_name_number(prev: Token, tok: Token, across_lines: bool = False) -> bool:
    """``tok`` ends a name ("Phường 10", "mức độ 3"), on the name's line unless ``across_lines``."""
    return (across_lines or prev.line == tok.line) and bool(re.fullmatch(r"\d{1,2}", tok.text)) \
        and numbers_a_name(prev.text)
