"""Tables in PDF text (space-aligned or wrapped): find the header, cut the lines into rows, align each row.

The header is detected by :mod:`parxl.paste.header`; :func:`parxl.paste.segment.segment` groups the lines
into rows; :func:`parxl.paste.align.align` assigns each row's tokens to the columns.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from itertools import takewhile

from parxl.findings import Finding
from parxl.numbers import fold
from parxl.paste.align import CLASS_WORDS, Alignment, align, class_words
from parxl.paste.columns import Override, column_map, role_of, title_year
from parxl.paste.grid import grid_tables
from parxl.paste.header import (
    SCORE_FIELDS,
    Column,
    bare_headers,
    decide_kind,
    header_ok,
    scan_header,
    starts_header,
    unread_words,
)
from parxl.paste.lines import (
    FOOTNOTE_MARK,
    YEAR,
    GridRow,
    Line,
    Token,
    block_label,
    block_of,
    code_key,
    column_labels,
    column_numbers,
    is_name_number,
    is_row_code,
    join_text,
    label_role,
    looks_spaced,
    next_first,
    roman_rows,
    roman_value,
    segments,
    split_tab_rows,
    squash,
    tokenize,
    trailing_space_style,
)
from parxl.paste.model import Group, Parsed, PasteRow, Table, paste_finding
from parxl.paste.segment import RawRow, RowSpec, left_open, page_skip, segment
from parxl.paste.values import append_text, dotted_criteria, finish_rows, note_change, set_cell, text_name
from parxl.paste.weights import SHARES
from parxl.vocab import (
    closes_table,
    is_council_prefix,
    is_page_line,
    names_survey,
    opens_council_name,
    starts_unit_name,
)


def find_text_tables(lines: list[Line], override: Override | None = None) -> list[Parsed]:
    """Every table in the text, each with its rows and reading findings."""
    items = split_tab_rows(lines)
    found = grid_tables(items, lines, "tab", override) if sum(isinstance(it, GridRow) for it in items) >= 2 else []
    if found:
        return found
    tables = _stream_tables(lines, override)
    _rows_after(lines, tables, override)
    return tables


def _rows_after(lines: list[Line], tables: list[Parsed], override: Override | None) -> None:
    """Units left after the point where a units table of PDF text seemed to end (an average row or a note in its
    middle): the lines up to the next table are read again under its header, and a row with figures is said, or else
    a classification alone on its line.
    (In an areas or criteria table the report's numbered headings after it would read as rows.)"""
    index = {ln.no: i for i, ln in enumerate(lines)}
    starts = [index[p.table.header_first] for p in tables] + [len(lines)]
    for p, start, stop in zip(tables, starts, starts[1:]):
        t = p.table
        if t.kind != "units" or all(ln.blank for ln in lines[t.end : stop]):
            continue
        again = _stream_tables(lines[start : t.body_start] + lines[t.end : stop], override)
        first = next((r.line for q in again for r in q.rows if r.role == "data"  # (a rank is a figure too)
                      and any(isinstance(v, Decimal) or k == "rank" for k, v in r.values.items())), None)
        if first is None and any(c.field == "class" for c in t.columns):  # units with a classification, no figure
            first = next((ln.no for ln in lines[t.end : stop] if fold(ln.text) in CLASS_WORDS), None)
        if first is not None:
            p.findings.append(paste_finding("paste_rows_after_end", first, value=lines[index[first]].text[:60],
                                            expected=lines[t.end - 1].no))


def _header_region(lines: list[Line], i: int) -> list[int]:
    """The header's lines from ``i`` (at most 30, 400 letters): up to a line that opens a row (a code, a heading,
    a totals label with a figure) or holds a figure that no header prints (a decimal, a pair, a percentage, a
    change)."""
    if not squash(lines[i].text):
        return []
    region: list[int] = []
    total = cells = 0
    first_named = False  # the header opens with the names' column: its rows open with no code
    seen: set[str] = set()  # the fields the header's lines name
    for j, ln in enumerate(lines[i:], i):
        if ln.blank:
            continue
        if _page_in_header(lines, j, region):
            continue  # no part of the header, nor leaves its last line open ("Trang 2/5" holds no pair)
        if region and (_closes_header(ln.text) or _begins_again(lines, region, j)):
            break  # a signature or a note names no column; the header begins again after a page's break
        toks = tokenize(ln)
        if any(t.kind in ("pair", "pct", "signed") or (t.kind == "num" and re.search(r"[.,]", t.text)) for t in toks):
            break
        if region and _column_numbers_at(lines, j):
            break  # the columns' numbers under the header ("(1) (2) (3)"): no header's words
        found, coverage, _ = scan_header(ln.text)
        cell = len(found) == 1 and coverage >= SHARES.header_cell_alone
        # one header cell on its line is no row: "VI THU" is "Vị thứ", no numeral; "Phường" naming a column the
        # header lacks, or after a line left open ("Xã," / "phường"), is the units' column, no block
        header_block = cell and (found[0].field not in seen or bool(region) and left_open(lines[region[-1]].text))
        if j > i and _body_starts(lines, j, toks, bool(found), coverage, header_block, region):
            break
        if not region:
            first_named = bool(found) and found[0].field in ("unit", "name")
        if first_named and len(region) >= 3 and cells == len(region) and not cell:
            break  # one header cell per line from the names' column, then no header cell: the first name ("Xã Quang
            # Thọ"), its figures below it or past a note ("Ghi chú: tạm tính" / "74,85")
        cells += cell
        seen.update(c.field for c in found)
        total += len(squash(ln.text))
        if total > 400:
            break
        region.append(j)
        if len(region) == 30:
            break
    return region


def _closes_header(text: str) -> bool:
    """A signature or a note after the header's lines; not a header cell's footnote mark wrapped onto a line of
    header words ("Điểm thẩm định" / "(*) Kết quả" / "Tổng điểm"; "(*) Đơn vị mới thành lập" is a note)."""
    mark = FOOTNOTE_MARK.match(text)
    return closes_table(text) and not (mark and scan_header(text[mark.end() :])[1] >= SHARES.header_cell_alone)


def _column_numbers_at(lines: list[Line], j: int) -> bool:
    """Line ``j`` opens the columns' numbers ("(1) (2) (3)", or one per line)."""
    below = [lines[k].text.split() for k in range(j, min(len(lines), j + 40)) if not lines[k].blank]
    return max(column_labels(below), default=0) >= 3


def _body_starts(lines: list[Line], j: int, toks: list[Token], named: bool, coverage: float, header_block: bool,
                 region: list[int]) -> bool:
    """Line ``j`` (``named``: it names a column, over ``coverage`` of its words) is no more of the header: it opens a
    row (:func:`_opens_row`), or the first row's name ("Phường Đông" / "1   Hà   88,50"); but a numeral naming a
    column alone ("VI THU") and the end of a header cell ("NGANG BỘ") are the header's."""
    if roman_value(toks[0].text) is not None and header_block \
            or region and _completes_header(lines[region[-1]].text, lines[j].text):
        return False
    return _opens_row(lines, j, toks, coverage, header_block) or not named and _leads_into_first_row(lines, j) \
        or coverage < SHARES.header_cell and starts_unit_name(lines[j].text) \
        or _unit_leads_into_first_row(lines, j, coverage, region)


def _opens_row(lines: list[Line], j: int, toks: list[Token], coverage: float, header_block: bool) -> bool:
    """Line ``j`` opens a row, a heading or a totals label, not more of the header above it: a code (a year opens no
    row: it goes on a header cut after "năm", "2020 PAR INDEX"), a numeral, a name and its number ("Phường 10"), a
    block heading, a label with a figure, or words the vocabulary hardly explains with whole numbers ("Sở Y tế 3 3
    Khá")."""
    first, text = toks[0].text, lines[j].text
    return code_key(first) is not None and not YEAR.fullmatch(first) or roman_value(first) is not None \
        or len(toks) >= 2 and is_name_number(toks[-2], toks[-1]) \
        or not header_block and block_of(text, next_first(lines, j + 1)) is not None \
        or label_role(text) is not None and any(t.is_value and not YEAR.fullmatch(t.text) for t in toks) \
        or coverage < SHARES.row_words and any(t.kind == "num" and not YEAR.fullmatch(t.text) for t in toks)


def _completes_header(above: str, text: str) -> bool:
    """``text`` ends a header cell the line ``above`` began: joined, a column's header grows ("BỘ, CƠ QUAN" /
    "NGANG BỘ" names "Bộ, cơ quan ngang bộ"; alone, "NGANG BỘ" would head a block), or a column neither names alone
    appears ("Ket qua chi" / "so Ket": "chỉ số", not a department, "Sở")."""
    if block_label(text):  # "I. Bộ, cơ quan ngang bộ", "Khối phường": a block's own heading
        return False
    before = {c.field: len(c.header) for c in scan_header(above)[0]}
    own = {c.header for c in scan_header(text)[0]}  # ("Sở, ban, ngành" names a column alone: a block over its rows)
    return any(len(c.header) > before.get(c.field, 0) and c.header not in own
               for c in scan_header(f"{above} {text}")[0])


def _leads_into_first_row(lines: list[Line], j: int, named: bool = False) -> bool:
    """Line ``j`` is the first line of the first row's name: the next line opens with a code and goes on from it in
    lower case ("Công tác chỉ" / "1   đạo, điều hành   12   10,5"; its cells stand mid-row or at its foot); or,
    ``named`` (line ``j`` opens a unit's name), with words that open none ("Phường Hà" / "1   Cầu   62,50"), or line
    ``j`` is a council's prefix ("Ủy ban nhân dân" / "1   Phường 4   96")."""
    below = next((tokenize(ln) for ln in lines[j + 1 : j + 4] if not _no_cell(ln)), [])
    follow = join_text(below[1:])
    return len(below) > 1 and is_row_code(below[0].text) and (
        is_council_prefix(lines[j].text) or (named or follow[:1].islower()) and not starts_unit_name(follow))


def _begins_again(lines: list[Line], region: list[int], j: int) -> bool:
    """The lines from ``j`` repeat the header's (``region``, so far) first line, and its second where the first is
    short (not a cut word's piece: "T" / "T"; "Quận," / "huyện, thị" again)."""
    first = squash(lines[region[0]].text)
    if squash(lines[j].text) != first or len(first) < 6 and len(region) == 1:
        return False
    nxt = next((ln for ln in lines[j + 1 : j + 4] if not ln.blank), None)
    return len(first) >= 6 or nxt is not None and squash(nxt.text) == squash(lines[region[1]].text)


def _no_cell(ln: Line) -> bool:
    """A blank line, a page's line, or a lone number (a page's, amid the header's foot or the first row's name)."""
    return ln.blank or is_page_line(ln.text) or re.fullmatch(r"\d{1,3}", ln.text) is not None


def _unit_leads_into_first_row(lines: list[Line], j: int, coverage: float, region: list[int]) -> bool:
    """Line ``j``, not all header words (``coverage``) nor going on from the header's line above ("Tỉnh," / "thành
    phố Chỉ"), opens a unit's name, in capitals, going on into the first row."""
    text = lines[j].text
    return coverage < 1 and text[:1].isupper() \
        and (starts_unit_name(text) or is_council_prefix(text) or opens_council_name(text)) \
        and not (region and left_open(lines[region[-1]].text)) and _leads_into_first_row(lines, j, named=True)


def _said(skipped: tuple[str, int, str]) -> Finding:
    """A line the reading passed over (finding code, line, text), as its finding."""
    code, no, text = skipped
    return paste_finding(code, no, value=text[:80] or None)


def _skipped_in_header(lines: list[Line], region: list[int]) -> list[Finding]:
    """The page numbers the header's lines passed over, said."""
    return [_said(page_skip(lines[j])) for j in range(region[0], region[-1]) if j not in region and not lines[j].blank]


def _page_in_header(lines: list[Line], j: int, region: list[int]) -> bool:
    """Line ``j`` is a page's number amid a header's lines (``region``, so far): "- 3 -", or a lone number before a
    line of header cells only, naming a field the lines so far do not, read together ("Đơn" / "vị" names the units):
    "Số điểm bị trừ" / "2" / "Lý do", "Xã," / "3" / "Xếp hạng   thị trấn   Tổng điểm"."""
    if is_page_line(lines[j].text):
        return True
    if not region or not re.fullmatch(r"\d{1,3}", lines[j].text):
        return False
    below = next((ln for ln in lines[j + 1 : j + 3] if not ln.blank), None)
    found, coverage, _ = scan_header(below.text) if below else ([], 0.0, None)
    named = {c.field for c in scan_header("\n".join(lines[k].text for k in region))[0]}
    cells = SHARES.header_cell_alone if len(found) == 1 else SHARES.header_text
    return bool(found) and coverage >= cells and any(c.field not in named for c in found)


def _spaced_header_at(lines: list[Line], at: int) -> bool:
    """A space-aligned header whose cells are cut over lines ("Số" / "TT", "Đơn" / "vị hành chính"): its words
    name columns only once joined column by column."""
    cells = segments(lines[at])
    if len(cells) < 3 or not any(ch.isalpha() for ch in cells[0][1]):
        return False
    region = _header_region(lines, at)
    return len(region) >= 2 and header_ok(_spaced_columns([lines[j] for j in region])[0])


def _stream_tables(lines: list[Line], override: Override | None = None) -> list[Parsed]:
    out: list[Parsed] = []
    i = 0
    prev_end = 0
    while i < len(lines):
        at, i = i, i + 1
        if _no_cell(lines[at]):
            continue  # (a page's number over the header repeated is none of it)
        # with the next line: a header word may be cut by the PDF ("T" / "T")
        nxt = next((ln for ln in lines[at + 1 : at + 4] if not ln.blank), None)
        opens = starts_header(lines[at].text + ("\n" + nxt.text[:60] if nxt else ""))
        if not opens and not _spaced_header_at(lines, at):
            continue
        region = _header_region(lines, at)
        if not region or _title_over_header([lines[j].text for j in region]):
            continue
        _, coverage, first_at = scan_header("\n".join(lines[j].text for j in region))
        if opens and (first_at is None or first_at > 1 or coverage < SHARES.header_text) \
                and not _spaced_header_at(lines, at):
            continue  # (a spaced header's words cut over lines read well only column by column)
        region, cols, unread, spaced = _read_header(lines, region)
        if not header_ok(cols):
            continue
        unread = _cell_above(lines, region, cols) + unread
        head = [lines[j] for j in region]
        preamble = lines[prev_end : region[0]]
        cols, cmap, mapped = _column_map(cols, unread, override, lines[region[0]].no,
                                         title_year([ln.text for ln in preamble]))
        mapped += _skipped_in_header(lines, region)
        table = Table(decide_kind(cols), "spaced" if spaced else "wrapped", cols, lines[region[0]].no,
                      header_sig="".join(squash(ln.text) for ln in head), body_start=region[-1] + 1, column_map=cmap)
        parsed = _read_stream(lines, table, preamble, mapped)
        out.append(parsed)
        i = max(parsed.table.end, region[-1] + 1)
        prev_end = i
    return out


def _cell_above(lines: list[Line], region: list[int], cols: list[Column]) -> list[tuple[int, str]]:
    """One header cell per line, and right above them (past a page's number) a lone cell naming a column the header
    lacks ("Xếp loại" / "STT" / "Đơn vị"): a column parxl does not read (a header opens with a code, a name or a
    rank), to be said."""
    above = region[0] - 1
    while above > 0 and _no_cell(lines[above]):
        above -= 1
    if above < 0 or lines[above].blank or len(lines[above].text.split()) > 3 \
            or any(len(scan_header(lines[j].text)[0]) > 1 for j in region):
        return []
    found, coverage, _ = scan_header(lines[above].text)
    named = len(found) == 1 and coverage >= SHARES.header_cell_alone
    return [(1, lines[above].text)] if named and found[0].field not in {c.field for c in cols} else []


def _read_header(lines: list[Line], region: list[int]) -> tuple[list[int], list[Column], list[tuple[int, str]], bool]:
    """The header's lines, its columns, the words that name none, and whether its cells are aligned (spaced text: read
    column by column, without the first row's name at its foot)."""
    after = _first_lines(lines, region[-1] + 1)
    spaced = looks_spaced([lines[j] for j in region] + after)
    if spaced:
        region = region[: _spaced_header_end(lines, region)]
    text = "\n".join(lines[j].text for j in region)
    cols, unread = scan_header(text)[0], unread_words(text)
    if spaced:
        spaced_cols, spaced_unread = _spaced_columns([lines[j] for j in region])
        if header_ok(spaced_cols):
            cols, unread = spaced_cols, spaced_unread
        if not _aligned(spaced_cols, after):  # cells split by runs of spaces, not aligned: read as wrapped text
            spaced = False
            for col in cols:
                col.start = col.end = -1
    if not header_ok(cols):
        cols, unread = _split_compound(text, cols, unread)
    return region, cols, unread, spaced


def _spaced_header_end(lines: list[Line], region: list[int]) -> int:
    """How many of a spaced header's lines (``region``) are the header's: not lines at its foot, above the first row
    (past lines of words only), whose words stand under one text column the lines above named and read no more of
    its header ("Lĩnh vực" / "Công tác chỉ" / "đạo, điều hành" over "1   CCHC   12"): the first row's name, its
    single-line cells at its foot."""
    below = [tokenize(ln) for ln in lines[region[-1] + 1 : region[-1] + 8] if not _no_cell(ln)][:4]
    words_only = list(takewhile(lambda toks: not any(t.is_value for t in toks), below))
    first = below[len(words_only)] if len(words_only) < len(below) else []
    if len(first) < 2 or not is_row_code(first[0].text) or not any(t.is_value for t in first[1:]):
        return len(region)
    keep = len(region)
    while keep > 1:
        cols = _spaced_columns([lines[j] for j in region[: keep - 1]])[0]
        cells = segments(lines[region[keep - 1]])
        spans = [[c for c in cols if at < c.end and c.start < at + len(cell)] for at, cell in cells]
        under = {id(c): c for span in spans for c in span}
        col = next(iter(under.values())) if len(under) == 1 and all(spans) else None  # ("STT" under none: a cell)
        if col is None or col.type != "text" or any(ch.isdigit() or ch == "(" for _, cell in cells for ch in cell):
            break
        joined = f"{col.header} {' '.join(cell for _, cell in cells)}"
        if _longest_phrase(joined) > _longest_phrase(col.header):
            break  # "Tên cơ quan, đơn" / "vị": the header's cell goes on
        keep -= 1
    return keep


def _longest_phrase(text: str) -> int:
    """The length of the longest phrase naming a column in a header text."""
    return max((len(c.header) for c in scan_header(text)[0]), default=0)


def _first_lines(lines: list[Line], start: int) -> list[Line]:
    """The table's first lines from ``start``, which say whether its cells are aligned: up to 15, not the signature
    after a short table."""
    after = [ln for ln in lines[start : start + 30] if not ln.blank][:15]
    rows = list(takewhile(lambda ln: not closes_table(ln.text), after))
    return rows if len(rows) >= 3 else after


def _title_over_header(texts: list[str]) -> bool:
    """The first lines name columns on their own ("Xếp hạng chỉ số CCHC năm 2022: Văn phòng UBND tỉnh…") and so do
    the lines after them from their start: a title over the header, not part of it."""
    for k in range(1, len(texts)):
        if header_ok(scan_header("\n".join(texts[:k]))[0]):
            cols, _, first_at = scan_header("\n".join(texts[k:]))
            # (not a cell that goes on: "Xếp hạng Tỉnh," / "thành phố")
            return header_ok(cols) and first_at is not None and first_at <= 1 \
                and texts[k][:1].isupper() and not left_open(texts[k - 1])
    return False


def _split_compound(text: str, cols: list[Column], unread: list[tuple[int, str]],
                    ) -> tuple[list[Column], list[tuple[int, str]]]:
    """A phrase of two columns read as one ("Mã tiêu chí": a code) that leaves the table without its name column:
    the header read again without it ("Mã", then "Tiêu chí thành phần"), with the words it leaves unread."""
    for col in cols:
        banned = frozenset({col.header})
        parts, cover, _ = scan_header(col.header, banned)
        if len(parts) == 2 and cover == 1 and parts[1].field in ("name", "unit"):
            again = scan_header(text, banned)[0]
            if header_ok(again):
                return again, unread_words(text, banned)
    return cols, unread


def _column_map(cols: list[Column], unread: list[tuple[int, str]], override: Override | None, line: int,
                year: int | None) -> tuple[list[Column], list[dict[str, object]], list[Finding]]:
    """The columns of a PDF header after the user's map, and the column map, with the header words that name
    nothing slotted in where they stand."""
    entries: list[tuple[str, Column | None]] = [(c.header, c) for c in cols]
    for k, text in unread:
        entries.insert(min(k - 1, len(entries)), (text, None))
    mapped, cmap, findings = column_map(entries, override, line, year=year)
    return [c for c in mapped if c is not None], cmap, findings


_SCORE_LIKE = re.compile(r"\d{1,3}[.,]\d{1,2}")  # "89,95" in a name: a score, not part of it


def _aligned(cols: list[Column], body: list[Line]) -> bool:
    """The cells of the lines below a spaced header stand under its columns: few reach over two of them."""
    cells = [(at, at + len(text)) for ln in body for at, text in segments(ln)]
    across = sum(sum(start < c.end and c.start < end for c in cols) >= 2 for start, end in cells)
    return across <= SHARES.across_columns * len(cells)


def _spaced_columns(header_lines: list[Line]) -> tuple[list[Column], list[tuple[int, str]]]:
    """The columns of a space-aligned header, and the clusters of words that name no column."""
    clusters: list[list] = []  # [start, end, [texts]]
    for ln in header_lines:
        for off, seg in segments(ln):
            s, e = off, off + len(seg)
            hits = [c for c in clusters if min(c[1], e) - max(c[0], s) > 0]
            if len(hits) == 1:
                c = hits[0]
                c[0], c[1] = min(c[0], s), max(c[1], e)
                c[2].append(seg)
            elif len(hits) > 1:  # a label spanning several columns ("Điểm" over three)
                for c in hits:
                    c[2].insert(0, seg)
            else:
                clusters.append([s, e, [seg]])
    clusters.sort(key=lambda c: c[0])
    cols: list[Column] = []
    unread: list[tuple[int, str]] = []
    unlabelled = bare_headers(["\n".join(texts) for _, _, texts in clusters])  # "Tổng điểm (5)"
    for k, (s, e, texts) in enumerate(clusters, 1):
        found, _, _ = scan_header(unlabelled[k - 1])
        if found:
            col = found[0]
            col.pair |= any(o.field == "max" for o in found[1:]) and col.field in SCORE_FIELDS
            col.start, col.end = s, e
            col.header = " ".join(texts)
            cols.append(col)
        elif sum(ch.isalpha() for t in texts for ch in t) >= 3:
            if cols:  # after the first column: its words keep their place, apart from their neighbours
                cols.append(Column("skip", start=s, end=e, header=" ".join(texts)))
            else:
                unread.append((k, " ".join(texts)))
    return cols, unread


def _read_stream(lines: list[Line], table: Table, preamble: list[Line], findings: list[Finding]) -> Parsed:
    """The table's rows and groups from the lines after its header (``findings``: the map's)."""
    cols = table.columns
    code_col = cols[0] if cols[0].type == "code" or cols[0].field == "rank" else None  # rank-first tables too
    body_cols = cols[1:] if code_col else list(cols)
    if body_cols and body_cols[-1].numeric:
        # whatever follows the last number ("+ 7 điểm (Năm 2022 đạt 88,06 điểm)") is a note
        last = body_cols[-1]
        body_cols.append(Column("note", start=last.end + 1, end=10**6) if last.end >= 0 else Column("note"))
    labels = _skip_column_numbers(lines, table, findings)
    spec = replace(_row_spec(lines, table, code_col, body_cols), column_labels=labels, columns=len(table.column_map))
    seg = segment(lines, table.body_start, spec)
    table.end = seg.end
    findings += [_said(skipped) for skipped in seg.skipped]
    dotted_criteria(table, [_leading_code(r) for r in seg.rows if r.role == "data"])
    aligned = _align_learning_pairs(seg.rows, body_cols, table.kind)
    rows: list[PasteRow] = []
    groups: list[Group] = []
    for raw, al in zip(seg.rows, aligned):
        if raw.role == "group":
            groups.append(Group(raw.label, join_text([t for t in raw.tokens if not t.is_value], spec.cut_words),
                                raw.line))
            # a heading's own figures ("I. Khối phường 85,25") are not read: said, as in a grid
            findings += [paste_finding("paste_stray_text", t.line, value=t.text) for t in raw.tokens if t.is_value]
            continue
        assert al is not None
        row = PasteRow(raw.line, raw.role, {"label": raw.label} if raw.role != "data" else {})
        if raw.code is not None and code_col is not None:
            set_cell(row, code_col, table, raw.code.text, (raw.code.line, raw.code.col), findings)
        for k, col in enumerate(body_cols):
            _put_slot(row, k, col, al.slots.get(k), table, spec.cut_words, findings)
        if al.after_break:
            _append_after_break(row, body_cols, table.kind, join_text(al.after_break, spec.cut_words))
        findings += _change_note(row, join_text(al.change_note, spec.cut_words), body_cols[-1].field == "note")
        findings += [paste_finding("paste_stray_text", tok.line, value=tok.text) for tok in al.stray]
        findings += _summary_figures_unplaced(raw, al, body_cols)
        if raw.role == "data" and table.layout == "wrapped":
            findings += _guessed_gap(row, body_cols, al, table.kind)
        rows.append(row)
    findings += _joined_text_columns(table, body_cols) + _empty_columns(table, body_cols, rows) \
        + _names_joined(table, rows)
    return finish_rows(table, rows, groups, findings, preamble)


def _summary_figures_unplaced(raw: RawRow, al: Alignment, cols: list[Column]) -> list[Finding]:
    """A total's or an average's figures among its words, or as its whole note: such a row keeps no text but its label
    (and a note of words), so they are lost."""
    if raw.role == "data":
        return []
    return [paste_finding("paste_row_unplaced", t.line, value=t.text, column=k + 1) for k, col in enumerate(cols)
            if isinstance(got := al.slots.get(k), list) and (col.field != "note" or all(t.is_value for t in got))
            for t in got if t.is_value]


def _change_note(row: PasteRow, under: str, no_note_column: bool) -> list[Finding]:
    """A change's own note ("(Năm 2022 đạt 88,06 điểm)"), which may give last year's total: the words standing
    under its column (spaced text: ``under``), and what follows the change where the header has no column for it
    (``no_note_column``), or in brackets at the start of the notes' column (the rest stays the note)."""
    if "change" not in row.values or under and not any(c.isalpha() for c in under):  # a note is words
        return [paste_finding("paste_stray_text", row.line, value=under[:80])] if under else []
    if under:
        note_change(row, under)
    note = row.values.get("note")
    if isinstance(note, str) and (no_note_column or note.startswith("(") and ")" in note):
        own, rest = (note, "") if no_note_column else (note[: note.index(")") + 1], note[note.index(")") + 1 :])
        note_change(row, own)
        if rest.strip():
            row.values["note"] = rest.strip()
        else:
            row.values.pop("note")
            row.cells.pop("note", None)
    return []


def _guessed_gap(row: PasteRow, cols: list[Column], al: Alignment, kind: str) -> list[Finding]:
    """Wrapped text has no column positions: a row that lacks a figure was filled in by order and arithmetic, a
    guess the user must confirm ("66,55 86,55" under three score columns). The survey's row of an areas table is
    never self-assessed: that blank is no guess."""
    survey = kind == "areas" and isinstance(name := row.values.get("name"), str) and names_survey(name)
    filled = [k for k, c in enumerate(cols) if c.numeric and isinstance(al.slots.get(k), Token)]
    # a serial column after the first is a figure too: its number, neither placed nor left among the words (said so),
    # may have been taken for another column's
    left = any(isinstance(v, list) and any(t.is_value for t in v) for v in al.slots.values())
    gap = next((c for k, c in enumerate(cols) if filled and (c.numeric and k not in filled or c.field == "serial"
                                                            and "stt" not in row.values and not left)
                and not (survey and c.field == "self")), None)
    return [] if gap is None else [paste_finding("paste_row_figure_guessed", row.line,
                                                 column=gap.header or gap.field)]


def _joined_text_columns(table: Table, cols: list[Column]) -> list[Finding]:
    """Wrapped text: two text columns side by side with no figure between them cannot be told apart (unless the
    second is a classification or a responsible unit, which their own words mark): said once, at the header."""
    if table.layout != "wrapped":
        return []
    pairs = [(a, b) for a, b in zip(cols, cols[1:]) if a.type == b.type == "text" and a.field != "class"
             and b.field not in ("class", "responsible")]
    return [paste_finding("paste_columns_joined", table.header_first, value=a.header, expected=b.header)
            for a, b in pairs[:1]]


_NEVER_BLANK = ("stt", "appraised", "survey", "total", "self", "deducted", "index_pct", "rank", "change",
                "classification")


def _empty_columns(table: Table, cols: list[Column], rows: list[PasteRow]) -> list[Finding]:
    """A column of serials, figures or classifications that no row of PDF text filled: its cells went to another
    column (grade letters "A", "B" run into the units' names, serials into a note) or were not read; said once, at
    the header."""
    filled = {k for r in rows if r.role == "data" for k in r.values}
    return [paste_finding("paste_column_empty", table.header_first, value=c.header or c.field) for c in cols
            if filled and c.read and (role := role_of(c)) in _NEVER_BLANK and role not in filled]


def _names_joined(table: Table, rows: list[PasteRow]) -> list[Finding]:
    """Wrapped text: every unit's name (three at least) opens with words that begin no unit's name and goes on with
    words that do ("Trần Văn An Xã Bình Minh"): the cells of a column parxl did not find (its header cell above the
    header it read) ran into the names; said once, at the header."""
    def joined(name: str) -> bool:
        words = name.split()
        return not (starts_unit_name(name) or opens_council_name(name)) and any(
            words[k][:1].isupper() and starts_unit_name(" ".join(words[k:])) for k in range(1, len(words)))

    names = [v for r in rows if r.role == "data" and isinstance(v := r.values.get("unit"), str)]
    if table.layout != "wrapped" or len(names) < 3 or not all(map(joined, names)):
        return []
    return [paste_finding("paste_names_joined", table.header_first, value=names[0][:60])]


def _skip_column_numbers(lines: list[Line], table: Table, findings: list[Finding]) -> int:
    """The body starts past the columns' numbers right under the header ("1 2 3 4", "(1) (2) (3)"), said; how many
    labels they are (0: none)."""
    below = [j for j in range(table.body_start, min(len(lines), table.body_start + 40)) if not lines[j].blank]
    rows = [lines[j].text.split() for j in below]
    taken = column_numbers(rows, len(table.column_map))
    if not taken:
        return 0
    numbers = " ".join(lines[j].text for j in below[:taken])
    findings.append(paste_finding("paste_column_numbers", lines[below[0]].no, value=numbers))
    table.body_start = below[taken - 1] + 1
    return column_labels(rows)[taken - 1]


def _row_spec(lines: list[Line], table: Table, code_col: Column | None, body_cols: list[Column]) -> RowSpec:
    """What a row of this table looks like: its numbers, its code, its trailing classification."""
    class_at = [k for k, c in enumerate(body_cols) if c.field == "class"]
    style = "none" if code_col is None else {"serial": "serial", "rank": "rank"}.get(code_col.field, "code")
    if style == "serial" and _opens_dotted(lines[table.body_start : table.body_start + 12]):
        style = "code"  # "TT" over the criteria's codes: 1.1, 1.2, 2.1
    elif code_col is not None and table.kind != "units" and roman_rows(lines[table.body_start : table.body_start + 60]):
        style, table.kind = "roman", "areas"  # areas numbered I, II, III (a deductions column or not)
    return RowSpec(
        value_slots=sum(c.numeric for c in body_cols),
        code_style=style,
        header_sig=table.header_sig,
        spaced=table.layout == "spaced",
        cut_words=trailing_space_style(lines[table.body_start : table.body_start + 200]),
        trailing_words=CLASS_WORDS if class_at else (),
        blocks=table.kind == "units",
        body_code=bool(code_col and body_cols) and body_cols[0].field == "code",
        percentages=any(c.type in ("pct", "change") for c in body_cols),
        ranks=any(c.type == "rank" for c in body_cols),
        class_after_values=bool(class_at)
        and class_at[-1] > max((k for k, c in enumerate(body_cols) if c.numeric), default=-1),
        note_last=bool(body_cols) and body_cols[-1].field == "reason",  # "Ghi chú" (no column: "note")
        changes=any(c.type == "change" for c in body_cols),
        late_serial=any(c.field == "serial" for c in body_cols),
    )


def _opens_dotted(lines: list[Line]) -> bool:
    """The first line that opens with a number opens with a dotted code ("1.1"), not a serial number."""
    firsts = (ln.text.split()[0] for ln in lines if not ln.blank)
    key = next((key for w in firsts if (key := code_key(w)) is not None), None)
    return key is not None and len(key) >= 2


def _align_learning_pairs(raw_rows: list[RawRow], body_cols: list[Column], kind: str) -> list[Alignment | None]:
    """Align every row, learning from the rows whether a score column holds "x/y" pairs (then again)."""
    for _ in range(2):
        aligned = [align(r.tokens, body_cols, kind, r.role) if r.role != "group" else None for r in raw_rows]
        changed = False
        for k, col in enumerate(body_cols):
            if col.type != "score" or col.pair:
                continue
            kinds = [slot.kind for a in aligned if a and isinstance(slot := a.slots.get(k), Token)]
            if kinds.count("pair") > kinds.count("num"):
                col.pair = changed = True
        if not changed:
            break
    return aligned


def _put_slot(row: PasteRow, k: int, col: Column, got: object, table: Table, cut_words: bool,
              findings: list[Finding]) -> None:
    """One aligned slot into the row: a number (with what a PDF copy did to it) or a text."""
    if isinstance(got, Token):
        set_cell(row, col, table, got.text, (got.line, got.col), findings)
        findings += [paste_finding(code, got.line, value=shown, expected=got.text)
                     for flag, code, shown in (("spaced", "paste_spaced_number", got.raw or got.text),
                                               ("glued", "paste_wrapped_number", got.glued_from))
                     if flag in got.flags]
    elif isinstance(got, list) and got:
        # the change's own note ("(Năm 2022 đạt …)") is taken whole, to be parted by _change_note
        own_note = col.field in ("note", "reason") and "change" in row.values and got[0].text[:1] == "("
        if not own_note:
            findings += _misplaced(row, k, col, got, table, cut_words)
            got = got[: class_words(got) or len(got)] if col.field == "class" else got  # the class's words only
        text = join_text(got, cut_words)
        if own_note or text and (row.role == "data" or col.field == "note"):
            set_cell(row, col, table, text, (got[0].line, got[0].col), findings)


def _misplaced(row: PasteRow, k: int, col: Column, got: list[Token], table: Table, cut_words: bool) -> list[Finding]:
    """What a text slot holds that is not its cell: figures left in a unit's name, side by side in a text ("… hồ sơ
    3 2,49 0,51": a row whose label was lost), words before or after a classification ("Sở Tư pháp Tốt", "Tốt Ghi
    chú: …"), or a sentence after a unit's last figure where the header has no column."""
    out: list[Finding] = []
    if row.role == "data":
        unplaced = [t for n, t in enumerate(got) if _left_behind(got, n, col, table.kind)] or [
            t for n, t in enumerate(got) if len(got) > 2 and t.is_value
            and any(0 <= m < len(got) and got[m].is_value for m in (n - 1, n + 1))]
        out += [paste_finding("paste_row_unplaced", t.line, value=t.text, column=k + 1) for t in unplaced]
    if col.field == "class" and 0 < (n := class_words(got)) < len(got):
        out.append(paste_finding("paste_stray_text", got[n].line, value=join_text(got[n:], cut_words)[:80]))
    elif col.field == "class" and not n and class_words(got, at_end=True):  # "Sở Tư pháp Tốt": a name before it
        out.append(paste_finding("paste_stray_text", got[0].line, value=join_text(got, cut_words)[:80]))
    elif col.field == "note" and table.kind == "units" and row.role == "data" and not all(t.is_value for t in got) \
            and all(c["role"] for c in table.column_map):  # (nor one it said it did not read)
        out.append(paste_finding("paste_stray_text", got[0].line, value=join_text(got, cut_words)[:80]))
    elif col.field in ("unit", "name") and row.role == "data" and (at := _label_line(got)) is not None:
        out.append(paste_finding("paste_label_in_name", got[at].line, value=join_text(got[at:], cut_words)[:80]))
    return out


def _label_line(words: list[Token]) -> int | None:
    """Where a line of a name opens with a summary's label of two words or more ("Bộ Giao thông" / "Vận tải" / "Giá
    trị trung" / "bình của 19 bộ"): an average or total row, its label cut by the wrap, joined to the row above; or
    the name is one ("2" / "Giá trị trung   84,38" / "bình": a page's number read as the row's rank)."""
    return next((n for n in range(len(words)) if (n == 0 or words[n].line != words[n - 1].line)
                 and (found := label_role(join_text(words[n:]))) is not None and found[1] >= 2), None)


def _left_behind(words: list[Token], n: int, col: Column, kind: str) -> bool:
    """A figure the row did not place, left as the ``n``-th of the words of a text column: in a unit's name, or alone
    on its line in any name (a page's number where the page broke the row), but "Phường 10" keeps its number ("Sở Nội
    vụ 5" does not); in a classification or a units table's words after the last column; or a score opening a note
    or a reason, which may hold counts and dates ("896/900 hồ sơ", "01/03") but no score ("Đề án 06 3 2,5")."""
    tok = words[n]
    if not tok.is_value:
        return False
    if kind == "units" and col.field in ("class", "note"):
        return True
    if col.field in ("unit", "name"):
        alone = not any(w.line == tok.line for w in words if w is not tok)
        return (kind == "units" and col.field == "unit" or col.field == "name" and alone) \
            and not (n and is_name_number(words[n - 1], tok, across_lines=True))
    return n == 0 and (col.field == "note" or col.field == "reason" and bool(_SCORE_LIKE.fullmatch(tok.text)))


def _leading_code(r: RawRow) -> tuple[int, ...] | None:
    key = code_key(r.code.text) if r.code is not None else None
    if key and len(key) >= 2:
        return key
    return code_key(r.tokens[0].text) if r.tokens else None


def _append_after_break(row: PasteRow, cols: list[Column], kind: str, text: str) -> None:
    """Text after a page break continues the cell left unfinished (it ends with "và", a comma…), or is (or ends with)
    the row's classification still missing, or else goes on with the last cell written before the break."""
    names = [text_name(c.field, kind) for c in cols if c.type == "text"]
    present = [n for n in names if isinstance(v := row.values.get(n), str) and v]
    target = next((n for n in present if left_open(str(row.values[n]))), None)
    before = str(row.values[present[-1]]).split() if present and target is None else []
    words = [*before, *text.split()]
    if target is None and "classification" in names and "classification" not in present \
            and (n := class_words([Token(" ".join(words), row.line, 0, "text")], at_end=True)):
        # a name, then the classification ("Huyện Lạng Giang" / "Tốt" on the next page), which the page may cut
        # ("Phường La Khê Xuất" / "sắc")
        if len(words) - n < len(before):
            row.values[present[-1]] = " ".join(before[: len(words) - n])
        append_text(row, "classification", " ".join(words[-n:]))
        text = " ".join(words[len(before) : len(words) - n])
    if target is None and "classification" in names and "classification" not in present and fold(text) in CLASS_WORDS:
        target = "classification"
    if target is None:
        target = present[-1] if present else (names[0] if names else None)
    if text and target is not None:
        append_text(row, target, text)
