"""Tokens of PDF text → logical rows: a small class of line rules tried in order on every line.

A row opens at its code (a serial number, a criterion's code, a rank, a Roman numeral), at a capitalised name
when the table has no code column, or at a totals label; a block or group heading opens a group; page numbers,
repeated headers and rows pasted twice are skipped; the text after the table's last row ends it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate, islice, takewhile

from parxl.numbers import fold
from parxl.paste.align import class_words
from parxl.paste.lines import (
    BREAK,
    COUNT,
    YEAR,
    Line,
    Token,
    block_label,
    block_of,
    changes_as_figures,
    classify,
    code_key,
    column_labels,
    column_numbers,
    is_label_only,
    is_name_number,
    is_row_code,
    join_text,
    label_role,
    next_first,
    roman_value,
    squash,
    tokenize,
)
from parxl.paste.weights import SHARES
from parxl.vocab import (
    LABEL_QUALIFIER_WORDS,
    STRONG_TOTALS,
    block_heading,
    closes_table,
    counts_a_noun,
    ends_joined,
    is_council_prefix,
    is_omission,
    is_page_line,
    is_page_mark,
    names_unit_kinds,
    numbers_a_name,
    opens_council_name,
    starts_unit_name,
)

_HEADING_RE = re.compile(r"^(\d{1,2}\.(\d{1,2}\.)*|[IVX]{1,4}\.)\s+\S")  # "2. Đánh giá" after a table
_RANK_CODE = re.compile(r"0*(\d{1,3})(?:/\d{1,4})?")  # a rank opening a row: "4", "04", "4/141"


@dataclass
class RawRow:
    """The tokens of one logical row, before they are assigned to columns."""

    line: int
    role: str  # "data" | "total" | "average" | "group" ("none" for the segmenter's start)
    code: Token | None = None
    label: str = ""  # total/average label, or group numeral
    tokens: list[Token] = field(default_factory=list)

    def value_count(self, percentages: bool = True, ranks: bool = True) -> int:
        """Numbers of the row, not counting those that end a name ("Phường 10", "mức độ 3"), nor percentages unless
        ``percentages`` (a table without an index: "đạt 100%" is words), nor counts ("Đề án 06", "01/03") unless
        ``ranks`` ("01/04" is a rank)."""
        return sum(t.is_value and (percentages or t.kind != "pct") and (ranks or not COUNT.fullmatch(t.text))
                   and not (k and is_name_number(self.tokens[k - 1], t, across_lines=True))
                   for k, t in enumerate(self.tokens))


@dataclass
class RowSpec:
    """What segmentation needs to know about the table."""

    value_slots: int  # numeric columns after the code column
    code_style: str  # "serial" (TT 1, 2, 3) | "code" (1.1.3, 1.5.3) | "rank" (1, 2, 2, 4) | "roman" (I, II) | "none"
    header_sig: str  # squashed header, to skip it when a page break repeats it
    spaced: bool = False
    cut_words: bool = False  # the text marks cut words by a missing trailing space
    trailing_words: tuple[str, ...] = ()  # words that may follow the numbers (classifications)
    class_after_values: bool = False  # the classification column comes after every numeric column
    blocks: bool = False  # a units table: block headings ("I. Khối sở, ban, ngành") restart the numbering
    body_code: bool = False  # a code column ("Mã") after the serial: a row's first dotted number is its code
    percentages: bool = True  # a column may hold a percentage (an index, a change)
    ranks: bool = True  # a column holds ranks, which may be written "01/04"
    note_last: bool = False  # the last column holds notes ("Ghi chú")
    column_labels: int = 0  # how many labels number the columns under the header ("1 2 3 4"), repeated on a new page
    columns: int = 0  # the header's columns
    changes: bool = False  # a column holds changes, which may be written in words ("Tăng 2 bậc")
    late_serial: bool = False  # the serial numbers stand in a column after the first, among the figures


@dataclass
class Segmentation:
    rows: list[RawRow]
    end: int  # index (0-based) of the first line after the table
    skipped: list[tuple[str, int, str]]  # (finding code, line, text): a repeated header, a page number, a note


def header_repeat_length(lines: list[Line], i: int, sig: str) -> int:
    """Number of lines from ``i`` that repeat the table header (a page break), or 0."""
    if len(sig) < 6:
        return 0
    acc, last = "", i
    for j in range(i, min(len(lines), i + 40)):
        if lines[j].blank:
            continue
        more = acc + squash(lines[j].text)
        if len(acc) >= len(sig) or not sig.startswith(more):
            break
        acc, last = more, j
    return last - i + 1 if len(acc) >= len(sig) * SHARES.header_repeat else 0


_QUIET_BEFORE_ROWS = re.compile(r"(?:19|20)\d\d")  # a year of the header
_END = -1  # a rule's answer: the table ends before this line


class _Segmenter:
    """Rules tried in order on every line; each answers None (not mine), 1 (taken) or :data:`_END` (table ends)."""

    def __init__(self, lines: list[Line], start: int, spec: RowSpec) -> None:
        self.lines, self.spec = lines, spec
        self.rows: list[RawRow] = []
        self.skipped: list[tuple[str, int, str]] = []
        self.cur = RawRow(start, "none")  # the row being read; role "none" until the first row opens
        self.cur_start = start  # index of the current row's first line
        self.prev_code: tuple[int, ...] | None = None
        self.padded: bool | None = None  # the serial numbers are written "01", "02"
        self.coded_names = False  # without a code column, the first row's name opened with its code: "2.1. …"
        self.prev_group: int | None = None
        self.omitted = False  # an excerpt's "…" since the last row: its numbering may skip
        # (a page's line, the columns' numbers or the header repeated is no cell: the rules, looking ahead, pass over
        # it as over a blank)
        self.repeats = {i: n for i in range(start, len(lines))  # the header repeated: its first line → its lines
                        if (n := header_repeat_length(lines, i, spec.header_sig))}
        repeated = {j for i, n in self.repeats.items() for j in range(i, i + n)}
        self.tokens = {i: tokenize(lines[i], spec.spaced) for i in range(start, len(lines)) if not lines[i].blank
                       and not is_page_line(lines[i].text) and not _labels_only(lines[i].text) and i not in repeated}
        if spec.changes:
            self.tokens = {i: changes_as_figures(toks) for i, toks in self.tokens.items()}
        self.lead: list[Token] = []  # spaced text: the first lines of a name, above its row's code line
        self.rules = (self.block, self.after_summary, self.trailing_class, self.label_row, self.label_after, self.group,
                      self.group_goes_on, self.code_row, self.lead_in, self.free_row, self.before_rows,
                      self.page_number, self.rest)

    def open(self, i: int, row: RawRow) -> int:
        row.tokens[:0], self.lead, self.omitted = self.lead, [], False
        self.rows.append(row)
        self.cur, self.cur_start = row, i
        return 1

    def complete(self) -> bool:
        """The current row has all its figures; in a table of ranks and names only, its name."""
        if not self.spec.value_slots:
            return self.cur.role == "data" and self.has_name()
        return self.cur.value_count(self.spec.percentages, self.spec.ranks) >= self.spec.value_slots

    def has_name(self) -> bool:
        """The current row holds words (its name, so far)."""
        return any(t.kind == "text" for t in self.cur.tokens)

    def filled(self) -> bool:
        """The current row holds a figure, or is complete (a table of ranks and names: its name)."""
        return bool(self.cur.value_count()) or self.complete()

    def refills(self, toks: list[Token]) -> bool:
        """Spaced text: the line has a figure where the current row has one already (the same column): a row of its
        own, even when the row above lacks a figure ("Bộ Tài chính   2" / "Bộ Giao thông Vận tải   3")."""
        held = [t.col for t in self.cur.tokens if t.is_value]
        return self.spec.spaced and any(  # (a year goes on a change's note: "2022 đạt 78,03")
            t.is_value and not YEAR.fullmatch(t.text) and any(abs(t.col - col) <= 2 for col in held) for t in toks)

    def classified(self) -> bool:
        """The current row ends with its classification, the last column: it is done, even with a blank figure
        ("Bảo hiểm Xã hội tỉnh" / "Khá", then the next unit's name). Where figures follow that column, so is a row
        without a figure yet, or whose classification stands alone on its line (one cell per line): its figures
        are blank."""
        toks = self.cur.tokens
        if self.cur.role != "data" or not self.spec.trailing_words or not class_words(toks, True):
            return False
        return self.spec.class_after_values or not self.cur.value_count() \
            or fold(join_text([t for t in toks if t.line == toks[-1].line])) in self.spec.trailing_words

    def unfinished(self) -> bool:
        """A data row still lacks some of its numbers."""
        return self.cur.role == "data" and not self.complete()

    def row_code(self, tok: Token) -> tuple[int, ...] | None:
        """The code of the next row when ``tok`` is one."""
        spec, prev = self.spec, self.prev_code
        if spec.code_style == "roman":  # areas numbered I, II, III
            value = roman_value(tok.text)
            return (value,) if value is not None and (prev is None or value > prev[0]) else None
        if spec.code_style == "rank":  # a table that opens each row with its rank: 1, 2, 2, 4 or "4/141"
            m = _RANK_CODE.fullmatch(tok.text)
            rank = int(m.group(1)) if m else 0
            return (rank,) if m and (prev is None or rank >= prev[0] or rank == 1) else None
        key = code_key(tok.text)
        if key is None or spec.code_style == "none":
            return None
        if spec.code_style == "serial":  # one more than the last row (more after an excerpt's "…"); 1 again after
            # a block heading; written as the rows before it were ("05" after "1" … "4" opens a reason: "05 ngày")
            ok = len(key) == 1 and (key[0] <= 30 if prev is None else key[0] == prev[0] + 1
                                    or self.omitted and key[0] > prev[0] or spec.blocks and key[0] == 1) \
                and (self.padded is None or key[0] >= 10 or self.padded == tok.text.startswith("0"))
        elif re.search(r"\.0\d", tok.text):
            return None  # "1.06" is a figure: no part of a code opens with a zero
        else:  # "code": in increasing order; areas are few, criteria numbers small
            ok = prev is None or (
                not (len(prev) >= 2 and len(key) == 1) and key > prev and key[0] <= 12 and max(key) <= 40)
        return key if ok else None

    def goes_on(self, i: int, toks: list[Token]) -> bool:
        """A number that goes on a cell ("Sáp nhập từ" / "2 xã cũ", "Tăng" / "2" / "bậc"): the words after it, on its
        line or the next, are in lower case and hold no figure, as a row's name is in capitals and a row has figures."""
        after = toks[1:] or next((t for _, t in self.ahead(i, 3)), [])
        return bool(after) and after[0].kind == "text" and after[0].text[:1].islower() \
            and not any(t.is_value and not YEAR.fullmatch(t.text) for t in after) \
            and not starts_unit_name(join_text(after))  # "2" / "phường Hải An": the next unit

    def ahead(self, i: int, window: int) -> Iterator[tuple[int, list[Token]]]:
        """(index, tokens) of the non-blank lines after line ``i`` and before ``i + window``."""
        return ((j, self.tokens[j]) for j in range(i + 1, min(len(self.lines), i + window)) if j in self.tokens)

    def later_row_with(self, code_text: str, i: int, named: bool = False) -> bool:
        """A later line opens with the same number, alone or before a name (only before a name when ``named``:
        a later "8" alone is rather a rank); a copy of line ``i`` (a row pasted twice) does not count, nor a row of
        the next block (its numbering starts anew)."""
        here = self.lines[i].text if len(self.tokens[i]) > 1 else None
        key = code_key(code_text) or code_text  # "02" and "2." open row 2
        for j, toks in self.ahead(i, 60):
            if self.spec.blocks and block_label(self.lines[j].text):
                return False
            if (code_key(toks[0].text) or toks[0].text) == key and self.lines[j].text != here \
                    and (len(toks) == 1 and not named or len(toks) > 1 and self.names_row(toks)):
                return True
        return False

    def names_row(self, toks: list[Token]) -> bool:
        """After a row's number comes its name, or its criterion's code when a code column follows the serial."""
        return len(code_key(toks[1].text) or ()) >= 2 if self.spec.body_code else toks[1].kind == "text"

    def next_opens_with(self, i: int, code_text: str) -> bool:
        """The next line opens with ``code_text`` before a name (on it, or on the line after: one cell per line), or
        before a whole row's cells (its figures first); or it is a whole row of its own ("1 Bộ Tư pháp 91,90"). The
        header repeated on a new page is no name ("2" / "2" / "Xếp hạng": a row's number, then the page's)."""
        (k, toks), (j, after) = [*self.ahead(i, 6), (0, []), (0, [])][:2]
        name = toks[1:2] if len(toks) > 1 else [] if any(r in self.repeats for r in range(k, j)) else after[:1]
        whole = len(toks) > 2 and code_key(toks[0].text) is not None and toks[1].kind == "text" \
            and sum(t.is_value for t in toks[2:]) >= max(self.spec.value_slots, 1)
        return bool(toks and name) and (toks[0].text == code_text and (name[0].kind == "text" or len(toks) > 2)
                                        or whole)

    def lone_page_number(self, i: int, toks: list[Token]) -> bool:
        """A lone number that is a page's: "2" alone, then "2 Phường 7", or before the first row "1.3 Kiểm tra…"; amid
        a heading that goes on ("Khối sở, ban," / "2" / "ngành"); or amid a row's words before the row it numbers
        opens ("đạo, điều hành" / "2" / "CCHC" / "2   Cải cách thể chế")."""
        cur, text = self.cur, toks[0].text
        if cur.role not in ("data", "group"):
            return cur.role == "none" and self.next_opens_other_row(i, text)
        if cur.role == "group" and self.goes_on(i, toks):
            return True
        return self.next_opens_with(i, text) \
            or cur.role == "data" and self.opens_soon(i, text) and not self.goes_on(i, toks)

    def opens_soon(self, i: int, code_text: str) -> bool:
        """One of the next three lines opens with ``code_text`` before a name."""
        return any(len(toks) > 1 and toks[0].text == code_text and toks[1].kind == "text"
                   for _, toks in islice(self.ahead(i, 8), 3))

    def next_opens_other_row(self, i: int, code_text: str) -> bool:
        """The next line opens a row of its own, with another number and a name ("1.3 Kiểm tra công tác CCHC"); in
        spaced text, the next line with figures, past the first lines of its name ("Kiểm tra công" / "1.3   tác
        CCHC"), whatever stands after its number ("1   + 1,59   Bà Rịa Vũng Tàu   87,61"), even the same number (a row's
        number stands on its line of figures: "1" / "xã" / "1   Quận Cầu Giấy   91,35")."""
        spaced = self.spec.spaced
        below = islice(self.ahead(i, 6), 3 if spaced else 1)
        toks = next((toks for _, toks in below if not spaced or any(t.is_value for t in toks)), [])
        return len(toks) > 1 and (spaced or toks[0].text != code_text and toks[1].kind == "text") \
            and self.row_code(toks[0]) is not None

    def figures_follow(self, i: int, key: tuple[int, ...]) -> bool:
        """One cell per line: after a lone code on line ``i`` and the text below it come figures, not another code
        followed by a name (the next row)."""
        seq = [toks for _, toks in self.ahead(i, 30)]
        k = next((n for n, toks in enumerate(seq) if len(toks) == 1
                  and (toks[0].is_value or code_key(toks[0].text) is not None)), len(seq))
        if k == 0:  # a number right below: the row's figures go on, unless the next row is numbered after this one
            starts = (toks for n, toks in enumerate(seq[:-1])
                      if len(toks) == 1 and code_key(toks[0].text) and seq[n + 1][0].kind == "text")
            nxt = next(starts, None)
            return nxt is not None and code_key(nxt[0].text) == (key[0] + 1,)
        if k + 1 >= len(seq):
            return True
        return not (code_key(seq[k][0].text) is not None and seq[k + 1][0].kind == "text")

    def figures_before_next_row(self, i: int) -> int:
        """The figures on lines of figures only (not a note's "… năm 2023") from line ``i`` up to the next row's code
        before its name, or a total."""
        seq = list(self.ahead(i - 1, 40))
        count = 0
        for k, (j, toks) in enumerate(seq):
            name = toks[1:2] or (seq[k + 1][1][:1] if k + 1 < len(seq) else [])
            if j > i and (self.row_code(toks[0]) and name and name[0].kind == "text" or label_role(self.lines[j].text)):
                break
            count += sum(t.is_value for t in toks) if _only_values(toks) else 0
        return count

    def row_ahead(self, i: int) -> bool:
        """A next row or a total starts within the lines after ``i``; or, in a units table, the next block's heading is
        one of the next two lines ("Ghi chú: tạm tính" / "Khối phường")."""
        return any(self.row_code(toks[0]) or label_role(self.lines[j].text) for j, toks in self.ahead(i, 60)) \
            or self.block_ahead(i)

    def block_ahead(self, i: int) -> bool:
        """In a units table, the next block's heading is one of the two lines after ``i``."""
        return self.spec.blocks and any(block_label(self.lines[j].text) for j, _ in islice(self.ahead(i, 6), 2))

    def goes_on_past(self, i: int) -> bool:
        """The row goes on past line ``i`` (a note or a signature amid its cells): it still lacks its classification,
        the last column, and the next line is one ("Ghi chú: tạm tính" / "Tốt"), or it lacks a figure and one of the
        next two lines holds one ("75" / "Ghi chú: tạm tính" / "C" / "13")."""
        below = list(islice(self.ahead(i, 6), 2))
        if not below or self.cur.role != "data":
            return False
        if self.spec.class_after_values and not self.classified() \
                and fold(self.lines[below[0][0]].text) in self.spec.trailing_words:
            return True
        return self.unfinished() and any(t.is_value and not YEAR.fullmatch(t.text) for _, toks in below for t in toks)

    def number_before_header(self, i: int) -> bool:
        """A lone number right before the header repeated on a new page (past a page's mark): that page's number."""
        nxt = next((j for j in range(i + 1, min(len(self.lines), i + 5))
                    if not self.lines[j].blank and not is_page_mark(self.lines[j].text)), None)
        return bool(re.fullmatch(r"\d{1,3}", self.lines[i].text)) and nxt in self.repeats

    def ends_name(self, tok: Token) -> bool:
        """A lone number that ends the name above it ("… mức độ" / "4"): in spaced text the cell it stands under,
        else the line before."""
        above = [t for t in self.cur.tokens if t.line == tok.line - 1 and t.kind == "text"]
        if self.spec.spaced:
            above = [t for t in above if t.col <= tok.col <= t.col + len(t.text)]
        return bool(above) and numbers_a_name(above[-1].text.split()[-1])

    def numbers_length(self, i: int) -> int:
        """Number of lines from ``i`` that number the columns as the lines under the header did, or 0."""
        below = [j for j in range(i, min(len(self.lines), i + 40)) if not self.lines[j].blank]
        counts = column_labels([self.lines[j].text.split() for j in below])
        return below[counts.index(self.spec.column_labels)] + 1 - i if self.spec.column_labels in counts else 0

    def repeat_length(self, i: int) -> int:
        """How many lines from ``i`` repeat the current row word for word (a row pasted twice), or 0."""
        own = [ln.text for ln in self.lines[self.cur_start : i] if not ln.blank]
        later = list(islice((j for j in range(i, len(self.lines)) if not self.lines[j].blank), len(own)))
        return later[-1] + 1 - i if own and [self.lines[j].text for j in later] == own else 0

    def page_break(self, i: int, ln: Line) -> tuple[int, tuple[str, int, str]] | None:
        """How many lines from ``i`` a page's break takes, and how it is said: the header repeated (and the columns'
        numbers under it), the columns' numbers alone ("(1)   (2)   (3)   (4)"), a page's number or mark."""
        if rep := self.repeats.get(i, 0):
            return rep + self.numbers_length(i + rep), ("paste_header_repeated", ln.no, "")
        if _labels_only(ln.text):  # "(1) (2) (3)" is never a row: said (the columns' numbers, if they fit the header)
            fits = column_numbers([ln.text.split()], self.spec.columns) == 1
            return 1, ("paste_column_numbers" if fits else "paste_line_skipped", ln.no, ln.text)
        return (1, page_skip(ln)) if is_page_line(ln.text) or self.number_before_header(i) else None

    def run(self, start: int) -> Segmentation:
        i = start
        while i < len(self.lines):
            ln = self.lines[i]
            if ln.blank:
                i += 1
                continue
            if page := self.page_break(i, ln):  # the cell left open goes on after it
                self.skipped.append(page[1])
                self.omitted |= page[1][0] == "paste_rows_omitted"
                self.cur.tokens.append(Token("", ln.no, 1, BREAK))
                i += page[0]
                continue
            if self.cur.role == "data" and self.filled() and (dup := self.repeat_length(i)):
                self.skipped.append(("paste_row_repeated", ln.no, ln.text))
                i += dup
                continue
            step = next(s for s in (rule(i, ln, self.tokens[i]) for rule in self.rules) if s is not None)
            if step == _END:
                self.skipped += self.cut_off_after(i)
                break
            i += step
            first = self.cur.tokens[0] if self.spec.body_code and self.cur.role == "data" and self.cur.tokens else None
            if first is not None and first.kind == "num" and "." in first.text and code_key(first.text):
                first.kind = "text"  # "2.1" under "Mã": the criterion's code, not a figure
        self.skipped += [("paste_line_skipped", t.line, t.text) for t in self.lead]  # no row took them: said
        return Segmentation(self.rows, i, self.skipped)

    def cut_off_after(self, i: int) -> list[tuple[str, int, str]]:
        """Lines of figures just after the line that ended the table ("Tổng cộng" / "Nguồn: …" / "2,49"), or opening
        with figures ("89,00   89,00   Trung" / "bình"), a total's ("34   30,75   Tổng cộng"), or holding a pair or a
        percentage ("Đạt 1.530/1.700 hồ sơ"); right after it, words that may end the last row's text cell: under it
        in spaced text ("Tỉnh Bắc" / "Ghi chú: tạm tính" / "Ninh"), else, after a row that ends in a name, words in
        lower case or a lone word ("Huyện Ba" / "Ghi chú: tạm tính" / "Vì"). The table's figures or cells that a
        note cut off, said (a lone whole number is rather a page's)."""
        cells = {t.col for t in self.cur.tokens if t.kind == "text"} if self.spec.spaced else set()
        tail = " " + fold(" ".join(t.text for t in self.cur.tokens[-3:]))  # (a classification ends its cell)
        ends_in_words = not self.spec.spaced and self.cur.role == "data" and bool(self.cur.tokens) \
            and self.cur.tokens[-1].kind == "text" and not any(tail.endswith(" " + w) for w in self.spec.trailing_words)

        def cut_off(j: int, toks: list[Token], first: bool) -> bool:
            text, values = self.lines[j].text, sum(t.is_value for t in toks)
            words = " ".join(t.text for t in toks if not t.is_value)
            label = label_role(words)  # a total's label and its figures, nothing else
            figures = _only_values(toks) and not re.fullmatch(r"\d{1,3}", text) \
                and not all(YEAR.fullmatch(t.text) for t in toks) or values >= 2 and (
                    toks[0].is_value and code_key(toks[0].text) is None
                    or label is not None and label[1] == len(fold(words).replace(":", " ").split()))
            name_end = ends_in_words and not values and not closes_table(text) \
                and (toks[0].text[:1].islower() or len(toks) == 1 and toks[0].text.isalpha())
            under_cell = first and toks[0].kind == "text" and (any(abs(toks[0].col - col) <= 1 for col in cells)
                                                               or name_end)
            return figures or under_cell or any(t.kind in ("pair", "pct") for t in toks)

        return [("paste_stray_text", self.lines[j].no, self.lines[j].text)
                for k, (j, toks) in enumerate(islice(self.ahead(i, 6), 3)) if cut_off(j, toks, k == 0)]

    def block(self, i: int, ln: Line, toks: list[Token]) -> int | None:
        """A block heading of a units table ("I. Khối sở, ban, ngành", "Khối 2"): numbering restarts after it. Its
        own figures ("I. Khối phường 85,20") stay with it, to be said."""
        heading = join_text(self.cur.tokens) if self.cur.role == "group" else ""
        # "A. CÁC SỞ, BAN," goes on; so does "I. KHỐI BỘ, CƠ" in capitals over "QUAN NGANG BỘ", no heading of its own
        heading_open = bool(heading) and (left_open(heading) or heading.isupper() and ln.text.isupper()
                                          and not block_label(ln.text))
        # a row that holds only its number takes no heading for its name ("2" / "Khối phường"), but may take a unit
        # named by its kind ("6" / "Phường 2" / "01/09")
        bare = self.unfinished() and not self.cur.tokens
        if not self.spec.blocks or self.unfinished() and not bare or heading_open:
            return None
        # a block's number closes its heading: "Khối 2", "A. Các đơn vị nhóm 1"
        numbered = len(toks) >= 2 and block_heading(toks[-2].text) and re.fullmatch(r"\d{1,2}", toks[-1].text) \
            and not any(t.is_value for t in toks[:-1])
        words_end = len(toks) if numbered else next((k for k, t in enumerate(toks) if t.is_value), len(toks))
        if not words_end or any(not t.is_value for t in toks[words_end:]):
            return None  # figures amid words: a row, not a heading
        below = next((toks[0].text for _, toks in self.ahead(i, 4)), "")
        text = " ".join(t.text for t in toks[:words_end])
        found = block_label(text) if bare else block_of(text, below)
        if not found or not block_label(text) and self.kind_starts_first_name(i):
            return None
        self.prev_code = None
        name = Token(found[1], ln.no, toks[0].col, "text")
        return self.open(i, RawRow(ln.no, "group", label=found[0], tokens=[name, *toks[words_end:]]))

    def kind_starts_first_name(self, i: int) -> bool:
        """Spaced text: a unit's kind alone on line ``i`` over row 1 ("Thành phố" / "1   Bắc Giang   91,20") opens that
        row's name, its cells at the row's foot, where that name opens with no kind and a later one does, on its code's
        line or on the line above it ("Huyện Lạng" / "2   Giang"): no block of the kind."""
        if not self.spec.spaced:
            return False
        names = []
        for j, toks in self.ahead(i, 14):
            if block_of(self.lines[j].text, next_first(self.lines, j + 1)):
                break  # the next block
            if is_row_code(toks[0].text):
                names.append(join_text(list(takewhile(lambda t: not t.is_value, toks[1:]))))
            elif not any(t.is_value for t in toks):
                names.append(join_text(toks))
        return bool(names) and not starts_unit_name(names[0]) and any(starts_unit_name(n) for n in names[1:])

    def after_summary(self, i: int, ln: Line, toks: list[Token]) -> int | None:
        """After a total or average row the table ends, unless another such row or more of its numbers follow."""
        cur = self.cur
        if cur.role not in ("total", "average") or not cur.value_count() or label_role(ln.text):
            return None
        text = " ".join(t.text for t in cur.tokens)
        if text.count("(") > text.count(")"):
            cur.tokens.extend(toks)  # "(Năm" … "2022 đạt 88,06 điểm)": a note still open
            return 1
        if left_open(cur.label) and not any(t.is_value for t in toks):
            cur.label += " " + ln.text  # "Giá trị trung bình của" / "19 bộ, cơ quan ngang bộ": the label goes on
            return 1
        if self.complete() and _only_values(toks) and not re.fullmatch(r"\d{1,3}", ln.text):
            # a figure left over after the summary's own ("89,95" / "Giá trị trung bình" / "84,38"): said, not dropped
            self.skipped.append(("paste_stray_text", ln.no, ln.text))
        if closes_table(ln.text) and self.block_ahead(i):
            return None  # a note between a block's average and the next block: said, and the table goes on
        return _END if self.complete() or not _only_values(toks) else None

    def trailing_class(self, _i: int, ln: Line, toks: list[Token]) -> int | None:
        """"Trung bình" alone after a complete row that has nothing after its figures yet: this row's classification,
        not an average row (after a note, "Giảm 1 bậc so với năm 2023", it is the average's label)."""
        cur = self.cur.tokens
        figures = [k for k, t in enumerate(cur) if t.is_value and not (k and is_name_number(cur[k - 1], t, True))]
        needed = max(self.spec.value_slots, 1)  # (a row of ranks and names only may hold no figure: its name)
        after = figures[needed - 1] + 1 if len(figures) >= needed else 0
        if self.cur.role == "data" and self.spec.class_after_values and self.complete() \
                and fold(ln.text) in self.spec.trailing_words and not any(t.kind == "text" for t in cur[after:]):
            self.cur.tokens.extend(toks)
            return 1
        return None

    def label_row(self, i: int, ln: Line, toks: list[Token]) -> int | None:
        """A total or average row ("Tổng cộng 1.043,17 …", or the label alone with its numbers below)."""
        found = label_role(ln.text)
        if not found:
            return None
        role, nwords = found
        words_so_far = accumulate(len(fold(t.text).replace(":", " ").split()) or 1 for t in toks)
        k = next((j + 1 for j, n in enumerate(words_so_far) if n >= nwords), len(toks))  # tokens of the label
        while k < len(toks) and not toks[k].is_value and re.fullmatch(r"\([^()]*\):?|:", toks[k].text):
            k += 1  # the label's unit: "Chỉ số CCHC (%) 89,13"
        rest = toks[k:]
        if self.unfinished() and self.cur.tokens and not self.label_takes_over(i, ln, role, nwords, rest):
            return None
        if not (rest[0].is_value if rest else self.figures_below(i)):
            return None
        return self.open(i, RawRow(ln.no, role, label=" ".join(t.text for t in toks[:k]), tokens=rest))

    def label_takes_over(self, i: int, ln: Line, role: str, nwords: int, rest: list[Token]) -> bool:
        """A total label (of ``nwords`` words, ``rest`` the tokens after it) under a row still open opens its own row
        when it brings more numbers than the row lacks and is a strong label ("Trung bình 60,53 40,2" may be this
        row's classification and its last numbers), brings a whole row of figures after a row that has some ("Tổng
        điểm 36 5,27 30,31"), says what it covers ("Trung bình của 19 bộ"), or is an average with figures where
        no column holds classifications ("Giá trị trung bình   85,3" under a unit with a blank index)."""
        label = " ".join(fold(ln.text).split()[:nwords])
        lines_below = (line_toks for _, line_toks in self.ahead(i, self.spec.value_slots + 2))
        # the label's figures on its line, or one per line below it
        figures = sum(t.is_value for t in rest) if rest else \
            sum(t.is_value for line_toks in takewhile(_only_values, lines_below) for t in line_toks)
        lacking = self.spec.value_slots - self.cur.value_count()
        classified = label in self.spec.trailing_words  # "Trung bình" alone may be this row's classification
        strong = label in STRONG_TOTALS and figures > lacking and bool(rest or not classified)
        whole = bool(self.cur.value_count()) and figures >= self.spec.value_slots and not classified
        qualified = not LABEL_QUALIFIER_WORDS.isdisjoint(label.split())
        average = role == "average" and not self.spec.trailing_words and figures > 0
        return _only_values(rest) and (strong or whole or qualified or average)

    def figures_below(self, i: int) -> bool:
        """A label alone on line ``i`` has its numbers on the next line (or one per line: "3", "0,25"), not the next
        row's code."""
        below, after = [*(line_toks for _, line_toks in self.ahead(i, 8)), [], []][:2]
        return bool(below) and _only_values(below) and (
            len(below) > 1 or self.row_code(below[0]) is None or bool(after) and _only_values(after))

    def label_after(self, i: int, ln: Line, toks: list[Token]) -> int | None:
        """A total or average row after a complete row, its label after its first figures where the names' column
        comes after the figures': on its line ("34 30,75 Tổng cộng", "2,49 3 Tổng cộng" / "0,51") or, one cell per
        line, below them ("30,75" / "34" / "Tổng cộng"). After a row still lacking a figure, only a label on the
        figures' line that says what it covers ("85,3   Giá trị trung bình của 19 bộ"): "85,3 Trung bình" may be that
        row's last figure and its classification, and figures one per line its own."""
        if not (self.complete() or self.cur.role == "data") or self.row_code(toks[0]) is not None:
            return None
        taken = [(i, toks)]
        if _only_values(toks):
            for j, more in self.ahead(i, self.spec.value_slots + 3):
                if not _only_values(more):  # the label alone on its line ("Trung bình 23,3 …" is a row of its own)
                    taken += [(j, more)] if not any(t.is_value for t in more) else []
                    break
                taken.append((j, more))
        flat = [t for _, line_toks in taken for t in line_toks]
        lead = next((k for k, t in enumerate(flat) if not t.is_value), len(flat))
        end = next((k for k in range(lead, len(flat)) if flat[k].is_value), len(flat))
        label = " ".join(t.text for t in flat[lead:end])
        role = is_label_only(label) if 0 < lead < len(flat) else None
        if self.cur.role == "data" and self.spec.class_after_values and not self.classified() \
                and fold(label) in self.spec.trailing_words:
            return None  # this row's classification still to come ("2" / "4" / "Trung bình": a number too many)
        if role is None or not _only_values(flat[end:]) \
                or not self.complete() and (len(taken) > 1 or LABEL_QUALIFIER_WORDS.isdisjoint(fold(label).split())):
            return None
        self.open(i, RawRow(ln.no, role, label=label, tokens=flat[:lead] + flat[end:]))
        return taken[-1][0] - i + 1

    def group(self, i: int, ln: Line, toks: list[Token]) -> int | None:
        """A group heading mostly in capitals, numerals rising: "I. CHỈ ĐẠO ĐIỀU HÀNH" (a list of deductions skips
        the groups that lost nothing)."""
        if self.spec.spaced and toks[0].kind == "text" and " " in toks[0].text:  # spaced text: one cell, its words
            head, _, tail = toks[0].text.partition(" ")
            toks = [Token(head, ln.no, toks[0].col, "text"),
                    Token(tail.strip(), ln.no, toks[0].col + len(head) + 1, "text"), *toks[1:]]
        value = roman_value(toks[0].text)
        if value is None or self.spec.code_style == "roman" or not (self.cur.role in ("none", "group")
                                                                     or self.complete()):
            return None
        # its name after it, or on the next line (one cell per line: "I" then "CHỈ ĐẠO ĐIỀU HÀNH")
        name = toks[1:] or next((t for _, t in self.ahead(i, 3)), [])
        if not name or not toks[0].text.endswith(".") and not name[0].text[:1].isupper():
            return None  # a numeral without its dot needs a capital after it
        letters = [c for c in "".join(t.text for t in name if t.kind == "text") if c.isalpha()]
        if not letters or sum(c.isupper() for c in letters) < SHARES.capitals * len(letters):
            return None
        if self.prev_group is not None and value <= self.prev_group:
            return None
        self.prev_group = value
        return self.open(i, RawRow(ln.no, "group", label=toks[0].text.rstrip("."), tokens=toks[1:]))

    def group_goes_on(self, _i: int, ln: Line, toks: list[Token]) -> int | None:
        """A group heading goes on over a line of capitals ("I. CHỈ ĐẠO" then "ĐIỀU HÀNH"), not a signature's ("KT. CHỦ
        TỊCH")."""
        letters = [c for t in toks for c in t.text if c.isalpha()]
        if self.cur.role == "group" and letters and all(c.isupper() for c in letters) \
                and not any(t.is_value for t in toks) and code_key(toks[0].text) is None and not closes_table(ln.text):
            self.cur.tokens.extend(toks)
            return 1
        return None

    def code_row(self, i: int, ln: Line, toks: list[Token]) -> int | None:
        """A line that opens with the next row code; or the end of a number the PDF cut ("12.2" + "5")."""
        cur, first = self.cur, toks[0]
        named = len(toks) > 1 and toks[1].kind == "text"
        # a row without its numbers yet goes on ("1" then "1.6. Sáng kiến…": a code in the name), unless both it and
        # this line have a name ("2 Bộ Tài chính" then "3 Bộ Giao thông Vận tải": a blank cell)
        if not (cur.role in ("none", "group") or self.complete() or cur.role == "data" and (
                cur.value_count() or named and toks[1].text[:1].isupper() and self.has_name())):
            return None
        key = self.row_code(first)
        if key is None or key == (1,) and self.prev_code is not None and not self.complete():
            return None  # numbering restarts at 1 only after a complete row (a new block), else it is a value
        if self.unfinished():  # a row with some of its numbers
            if self.glues_cut_number(i, toks):
                return 1
            if self.figure_of_row(i, toks, key, named):
                return None
        elif len(toks) == 1 and self.lone_page_number(i, toks):
            self.skipped.append(("paste_page_number", ln.no, ""))
            return 1
        elif self.prev_code and (self.goes_on(i, toks) or len(toks) > 1 and self.spec.body_code
                                 and not self.names_row(toks) and self.later_row_with(first.text, i)):
            # "Thiếu" / "2 báo cáo quý": a number that goes on a cell where row 2 opens later with its code
            return None
        if len(toks) == 1 and self.may_be_page_number(i):
            self.skipped.append(("paste_number_opens_row", ln.no, ln.text))
        self.prev_code = key
        if len(key) == 1 and key[0] < 10:  # "01" or "1": how this table writes its serial numbers
            self.padded = first.text.startswith("0")
        return self.open(i, RawRow(ln.no, "data", code=first, tokens=toks[1:]))

    def may_be_page_number(self, i: int) -> bool:
        """A lone number on line ``i``, opening the next row, may as well be a page's amid the name above: over a line
        in lower case ("1 Thanh tra" / "2" / "thành phố": that row's unit so written?), or in a table of ranks and
        names whose row above has its name on its code's line ("2 Văn phòng" / "2" / "UBND thành phố": a tie?)."""
        cur = self.cur
        if cur.role != "data" or not cur.tokens:
            return False
        below = next((toks for _, toks in self.ahead(i, 3)), [])
        return bool(below) and below[0].text[:1].islower() and not _lower_unit_name(join_text(below)) \
            or not self.spec.value_slots and cur.code is not None and cur.tokens[0].line == cur.code.line \
            and cur.tokens[-1].kind == "text"

    def glues_cut_number(self, i: int, toks: list[Token]) -> bool:
        """A lone number that ends the unfinished row's last figure, cut in its decimals by the PDF ("12.2" + "5"):
        joined to it ("85,00" + "2" is a score then a rank, "2" + "2" two figures), unless the row needs it as a
        figure of its own ("84,3" / "2": a rank)."""
        last, first = self.cur.tokens[-1], toks[0]
        if len(toks) > 1 or first.kind != "num" or not last.is_value:
            return False
        joined = re.sub(r"\s+", "", last.text + first.text)
        scored = bool(re.search(r"[.,]\d{0,2}$", last.text)) and not re.search(r"[.,]\d{3,}%?$", joined)
        if not (classify(joined) == last.kind and scored
                and (self.spec.cut_words and last.open_end or self.later_row_with(first.text, i))
                and self.cur.value_count() + self.figures_before_next_row(i) > self.spec.value_slots):
            return False
        last.glued_from = f"{last.text} + {first.text}"
        last.raw = f"{last.raw or last.text}\n{first.text}"
        last.text += first.text
        last.flags.add("glued")
        last.open_end = first.open_end
        return True

    def figure_of_row(self, i: int, toks: list[Token], key: tuple[int, ...], named: bool) -> bool:
        """The number that opens line ``i`` is a figure of the unfinished row above, not the next row's code: it equals
        a later row's number, or the line is all figures; alone on its line, it is followed by a figure rather than
        a code and a name ("1.36" then a reason, then "2.3" and its name), or a code column follows the serial."""
        if self.later_row_with(toks[0].text, i, named):
            return True
        if len(toks) > 1:
            return all(t.is_value for t in toks)
        return not self.figures_follow(i, key) or self.spec.body_code

    def lead_in(self, i: int, ln: Line, toks: list[Token]) -> int | None:
        """Spaced text whose cells stand in the middle or at the foot of their row: a line of words above the next
        row's code line that goes on into it ("Công tác chỉ" / "1   đạo, điều hành   12   10,5"; "Bắc Trung Bộ và" /
        "4   Duyên hải miền   86,82"), through other such lines, is the start of that row's name."""
        if not self.spec.spaced or self.spec.code_style == "none" or any(t.is_value for t in toks) \
                or not (self.cur.role in ("none", "group") or self.complete()) or self.row_code(toks[0]) is not None \
                or closes_table(ln.text) or label_role(ln.text) or block_label(ln.text):
            return None
        text = join_text(toks)
        named = bool(self.lead) or self.opens_name(text)
        chained = False  # under the header, words going on over lines can be only the first row's ("Công tác chỉ" /
        # "đạo, điều hành" / "1   CCHC   12")
        for j, nxt in self.ahead(i, 8):
            if self.page_number_below(j, nxt, text):
                continue
            opens = self.row_code(nxt[0]) is not None and any(t.is_value for t in nxt[1:])  # a whole row: it opens
            follow = join_text(list(takewhile(lambda t: not t.is_value, nxt[1:])) if opens else nxt)
            goes_on = left_open(text) or is_council_prefix(text) or chained and opens \
                or (follow[:1].islower() or named) and not starts_unit_name(follow)
            if not goes_on or not opens and any(t.is_value for t in nxt):
                return None
            if opens:
                self.lead += toks
                return 1
            text, chained = follow, self.cur.role == "none" and toks[0].text[:1].isupper()
        return None

    def page_number_below(self, j: int, toks: list[Token], above: str) -> bool:
        """Line ``j`` is a lone number under ``above`` and over a row it numbers ("Ủy ban nhân dân" / "2" / "2   Phường
        3   94"), or over a row it cannot come before ("Đồng bằng" / "2" / "5   sông Cửu   85,42", "Kiểm tra" / "2" /
        "1.3   công tác   2"), or over the header repeated: a page's number ("mức độ" / "4" ends a name)."""
        lone = len(toks) == 1 and toks[0].kind == "num"
        if not lone or self.number_before_header(j):
            return lone
        if numbers_a_name(above.split()[-1]):
            return False
        own, below = self.row_code(toks[0]), self.code_below(j)
        return self.next_opens_with(j, toks[0].text) or below is not None and (own is None or below <= own)

    def code_below(self, j: int) -> tuple[int, ...] | None:
        """The code of the whole row (its code, then figures) that the line after ``j`` opens, if it opens one."""
        toks = next((t for _, t in self.ahead(j, 4)), [])
        return self.row_code(toks[0]) if any(t.is_value for t in toks[1:]) else None

    def opens_name(self, text: str) -> bool:
        """Where every name opens with its unit's kind, ``text`` so opening ("Huyện Hoài" / "2   Ân   84,00") is a new
        name: under the header, a heading, or a name so opened (not a council's prefix: "Ủy ban nhân dân" /
        "Phường 4" is that name's end)."""
        above = join_text(list(takewhile(lambda t: not t.is_value, self.cur.tokens)))  # the row's name, so far
        return text[:1].isupper() and (starts_unit_name(text) or opens_council_name(text)) and (
            self.cur.role == "none" or self.cur.role == "group" and not left_open(above)
            or (starts_unit_name(above) or opens_council_name(above)) and not is_council_prefix(above))

    def free_row(self, i: int, ln: Line, toks: list[Token]) -> int | None:
        """Without a code column, a capitalised name after a complete row or a heading (or, in spaced text, with a
        figure the row above has already: :meth:`refills`) opens the next row; where the names open with their
        criterion's code ("2.1. Thực hiện…"), only a name so opened does."""
        first, text = toks[0], fold(" ".join(t.text for t in toks)) + " "
        classification = any(text.startswith(w + " ") for w in self.spec.trailing_words)
        coded = len(code_key(first.text) or ()) >= 2
        if self.spec.code_style == "none" and first.kind == "text" \
                and (self.cur.role in ("none", "group") or self.complete() or self.classified() or self.refills(toks)) \
                and not classification and (not first.text[:1].islower() or _lower_unit_row(toks)) \
                and first.text[:1] != "(" \
                and not closes_table(ln.text) and (coded or not self.coded_names):
            if self.cur.role == "none":
                self.coded_names = coded
            if self.note_goes_on(i, ln):
                return None  # the row's note: the rest rule puts it at the row's end
            if not self.name_goes_on(i, toks):
                return self.open(i, RawRow(ln.no, "data", tokens=list(toks)))
            cur = self.cur.tokens  # the name's end goes before the row's figures, as the name reads
            at = next((k for k, t in enumerate(cur) if t.is_value), len(cur))
            cur[at:at] = toks
            return 1
        return None

    def note_goes_on(self, i: int, ln: Line) -> bool:
        """A units table whose last column is a note, copied one cell per line: words after a complete row that do
        not begin like a unit's name, before a line that does ("Khá" / "Tăng 2 bậc" / "Xã Bắc Kiến"), a total, a
        block heading, a page break or the table's end, are its note."""
        # past the note's own lines that go on in lower case or with a number ("Giảm 1 bậc so với năm" / "2023")
        j = next((j for j, t in self.ahead(i, 5) if t[0].kind == "text" and not t[0].text[:1].islower()), None)
        below = self.lines[j].text if j is not None else ""
        return self.spec.blocks and self.spec.note_last and self.cur.role == "data" and not starts_unit_name(ln.text) \
            and (not below or starts_unit_name(below) or label_role(below) is not None or closes_table(below)
                 or bool(block_label(below)) or is_page_line(below)
                 or j in self.repeats)

    def name_goes_on(self, i: int, toks: list[Token]) -> bool:
        """Words alone after a complete row, before a line that is a whole row by itself (or a total), end the row
        above's name ("Thị trấn Nông trường … 79,7" / "Mộc Châu"), as a cell wraps downwards in spaced text. In
        wrapped text a row flows on ("Thị xã Tân" / "Uyên 92,1 2" is one row), unless the next line opens a name
        of its own ("Thịnh" / "Xã Trãi Tân 90,50%")."""
        # past lines that go on other cells ("2022 đạt 78,03" under the change, "điểm)"); in spaced text this line
        # may carry them too, but not a whole row of figures
        below = next(((j, t) for j, t in self.ahead(i, 5) if t[0].kind == "text" and not t[0].text[:1].islower()
                      and t[0].col <= toks[0].col + 2), None)
        figures = sum(t.is_value for t in toks)
        if self.cur.role != "data" or below is None or self.refills(toks) or figures and not (
                self.spec.spaced and figures < self.spec.value_slots):
            return False
        j, nxt = below
        whole = nxt[0].kind == "text" and sum(t.is_value for t in nxt) >= self.spec.value_slots \
            and (self.spec.spaced or self.spec.blocks and starts_unit_name(self.lines[j].text))
        text = self.lines[j].text  # a total below ("Trung bình" alone may be a classification, of the next row)
        return whole or label_role(text) is not None and fold(text) not in self.spec.trailing_words \
            or bool(block_label(text))

    def before_rows(self, _i: int, ln: Line, toks: list[Token]) -> int | None:
        """Lines between the header and the first row pass quietly ("(1) (2) (3)", "2021 (%)"); one with a figure or
        words ("2.1", "Kiểm tra…") is a row that did not open: said."""
        if self.cur.role != "none":
            return None
        if any(t.is_value and not _QUIET_BEFORE_ROWS.fullmatch(t.text) or sum(c.isalpha() for c in t.text) >= 3
               for t in toks):
            self.skipped.append(("paste_line_skipped", ln.no, ln.text))
        return 1

    def page_number(self, i: int, ln: Line, toks: list[Token]) -> int | None:
        """A lone number after a complete row (or a total with all its figures) that ends no name and goes on no cell:
        a page's number. Right under the row's last figure, a lone whole number too, before the row's classification
        ("2" / "3" / "Khá"), either may be the figure: said. Amid the words of a cell, it counts the noun after it
        ("Tăng" / "2" / "bậc"); before other words ("Kiểm tra 01/03 bộ" / "2" / "phận theo kế hoạch") it may be the
        page's or the cell's: kept in the cell, and said; so it is amid the words of a row still lacking figures
        (:meth:`amid_words`)."""
        if len(toks) != 1 or not re.fullmatch(r"[1-9]\d{0,2}", toks[0].text):
            return None
        done = self.complete() if self.cur.role == "data" else self.cur.role in ("total", "average") \
            and self.cur.value_count() >= self.spec.value_slots - self.spec.ranks  # (a summary has no rank)
        if not done or self.ends_name(toks[0]) or self.serial_pending(toks[0]):
            if self.amid_words(i, toks[0]):
                self.skipped.append(("paste_number_in_text", ln.no, ln.text))
            return None
        if self.goes_on(i, toks):
            after = join_text(next((t for _, t in self.ahead(i, 3)), []))
            if self.cur.tokens and self.cur.tokens[-1].kind == "text" and not counts_a_noun(after):
                self.skipped.append(("paste_number_in_text", ln.no, ln.text))
            return None
        last = self.cur.tokens[-1] if self.cur.tokens else None
        above = next((self.lines[k].no for k in range(i - 1, -1, -1) if not self.lines[k].blank), None)
        amid = self.spec.class_after_values and not self.classified() and last is not None \
            and last.line == above and re.fullmatch(r"\d{1,3}", last.text) is not None
        self.skipped.append(("paste_page_number_amid_row", ln.no, ln.text) if amid
                            else ("paste_page_number", ln.no, ""))
        return 1

    def amid_words(self, i: int, tok: Token) -> bool:
        """Not in spaced text: a lone number between a row's words and words that go on the same cell, in lower case
        ("bộ phận theo kế" / "2" / "hoạch 2   Kiểm tra"), or after a word that numbers a name or a unit's kind alone,
        more of a name ("Phường" / "2" / "An Hòa", "Xã" / "2" / "Thạch Hạ"): the page's number or the cell's, parxl
        cannot tell."""
        cur = self.cur.tokens
        if self.spec.spaced or self.cur.role != "data" or not cur or cur[-1].kind != "text":
            return False
        j, nxt = next(self.ahead(i, 3), (i, []))
        text = self.lines[j].text
        if not nxt or nxt[0].kind != "text" or counts_a_noun(text):
            return False
        kind_alone = names_unit_kinds(join_text([t for t in cur if t.line == cur[-1].line and t.kind == "text"]))
        return nxt[0].text[:1].islower() or (self.ends_name(tok) or kind_alone) \
            and fold(text) not in self.spec.trailing_words and label_role(text) is None and not closes_table(text) \
            and not block_label(text) and not starts_unit_name(text)

    def serial_pending(self, tok: Token) -> bool:
        """Where the serial numbers stand after the first column, a lone number that is the current row's (its place
        in its block) and that the row lacks, holding no figure beyond the table's others ("85,25/100   2   85,25" /
        "2"): its serial, not a page's."""
        if not self.spec.late_serial or self.cur.role != "data" or self.cur.value_count() != self.spec.value_slots:
            return False
        block = list(takewhile(lambda r: r.role != "group", reversed(self.rows)))
        return tok.text == str(sum(r.role == "data" for r in block))

    def rest(self, i: int, ln: Line, toks: list[Token]) -> int:
        """Anything else continues the current row; but a note, a signature, the next article or a heading after the
        last row ends the table, and one between rows is skipped and said."""
        cur, code = self.cur, self.cur.code
        complete, values = self.complete(), any(t.is_value for t in toks)
        # space-aligned text: a line that starts in the code column continues no cell; nor does a signature or the
        # next article after a row with figures, its last cell blank or not. Only a line without figures ends the
        # table: one with figures ("cuối bảng   UBND huyện …   65,41") is a row whose code parxl cannot read, said
        closing = closes_table(ln.text) and self.filled()
        aside = self.spec.spaced and code is not None and toks[0].col <= code.col + len(code.text) \
            and (complete or not values or len(toks) == 1) or closing
        if (complete and (_HEADING_RE.match(ln.text) or aside and cur.role == "data" and not values) or closing) \
                and not self.row_ahead(i) and not self.goes_on_past(i):
            return _END
        # a heading goes on after a comma or a joining word, or in lower case ("thị xã, thành phố"); a note goes on no
        # cell, even of a row still without its figures ("Quảng Ninh" / "Ghi chú: tạm tính" / "92,18"), whatever
        # numbers it holds ("(*) Đơn vị mới thành lập năm 2025")
        if aside or closes_table(ln.text) or not values and cur.role == "group" and toks[0].text[:1].isupper() \
                and not left_open(join_text(cur.tokens)):
            self.skipped.append(("paste_line_skipped", ln.no, ln.text))  # a note or a running title between rows
            return 1
        if self.either_row(i, toks):
            self.skipped.append(("paste_cell_either_row", ln.no, ln.text))
        cur.tokens.extend(toks)
        return 1

    def either_row(self, i: int, toks: list[Token]) -> bool:
        """Spaced text, or any table of ranks and names only (two columns: never read as spaced): words opening with a
        capital on a third line of the row, right above the next row's code ("Thanh tra" / "thành phố" / "Văn phòng" /
        "2   UBND thành   94,4"): the end of this row's name, or the start of the next one's where the table centres
        its cells; parxl cannot tell, so it says so."""
        if not (self.spec.spaced or not self.spec.value_slots) or self.cur.role != "data" \
                or not toks[0].text[:1].isupper() \
                or any(t.is_value for t in toks):
            return False
        # (past other lines of words, "Văn phòng" / "UBND thành" / "2   phố   94,4", and a lone number: a page's)
        nxt = next((t for _, t in islice(self.ahead(i, 6), 3) if len(t) > 1 and any(x.is_value for x in t)), [])
        return len({t.line for t in self.cur.tokens}) >= 2 and bool(nxt) and self.row_code(nxt[0]) is not None


def segment(lines: list[Line], start: int, spec: RowSpec) -> Segmentation:
    """Group the lines from ``start`` (0-based index, first line after the header) into logical rows."""
    return _Segmenter(lines, start, spec).run(start)


def page_skip(ln: Line) -> tuple[str, int, str]:
    """A page's line as a skipped line (finding code, line, text): rows left out, its mark, or its number (any lone
    number)."""
    if is_omission(ln.text):
        return ("paste_rows_omitted", ln.no, ln.text)
    return ("paste_page_mark", ln.no, ln.text) if is_page_mark(ln.text) else ("paste_page_number", ln.no, "")


def left_open(text: str) -> bool:
    """The text ends unfinished: with a comma, a colon, a dash or a joining word ("… và", "… của")."""
    return ends_joined(text) or text.rstrip()[-1:] in (",", ";", ":", "-")


def _lower_unit_row(toks: list[Token]) -> bool:
    """A whole row whose unit is written in lower case ("phường Hồng Bàng   1   95,8"): its name, then figures."""
    return any(t.is_value for t in toks) and _lower_unit_name(" ".join(t.text for t in toks if not t.is_value))


def _lower_unit_name(text: str) -> bool:
    """A unit's name written in lower case: its kind, then its name in capitals or its number ("phường Hồng Bàng");
    not the end of a name wrapped under it ("thành phố")."""
    return starts_unit_name(text) and any(w[:1].isupper() or w[:1].isdigit() for w in text.split()[1:])


def _labels_only(text: str) -> bool:
    """The line holds only three column labels or more, in order ("1 2 3 4", "(1) (2) (3)", "A B 1 2")."""
    words = text.split()
    return len(words) >= 3 and column_labels([words]) == [len(words)]


def _only_values(toks: list[Token]) -> bool:
    """Every token is a number or a unit ("điểm")."""
    return all(t.is_value or t.kind == "unit" for t in toks)
