"""Tables already cut into cells (tab-separated text, or cells of a sheet): header rows, column map, rows."""

from __future__ import annotations

import math
import re

from parxl.findings import Finding
from parxl.numbers import is_blank
from parxl.paste.columns import Override, column_map, override_column, title_year
from parxl.paste.header import Column, bare_headers, decide_kind, header_cell, header_ok
from parxl.paste.lines import (
    UNIT_SUFFIX,
    VALUE_KINDS,
    GridRow,
    Line,
    as_typed,
    block_label,
    block_of,
    classify,
    code_key,
    column_labels,
    column_numbers,
    is_label_only,
    next_first,
    roman_rows,
    roman_value,
    squash,
    tokenize,
)
from parxl.paste.model import Group, Parsed, PasteRow, Table, paste_finding
from parxl.paste.values import append_text, dotted_criteria, finish_rows, set_cell, text_name
from parxl.vocab import classification, closes_table, is_na, is_omission, is_page_mark, is_page_number


def grid_tables(grid: list[GridRow | Line], lines: list[Line], layout: str, override: Override | None) -> list[Parsed]:
    """Every table of a grid: its header row(s), the column map, and its rows (``lines``: the text before each)."""
    out: list[Parsed] = []
    i = 0
    prev_end = 0
    while i < len(grid):
        it = grid[i]
        i += 1
        if not isinstance(it, GridRow):
            continue
        hdr = _header_rows(grid, i - 1, override)
        if hdr is None:
            _left_after(out, it)
            continue
        j = i + len(hdr) - 1
        headers = _merged_texts(hdr)
        body = [g for g in grid[j : j + 80] if isinstance(g, GridRow)]
        last = grid[prev_end - 1] if prev_end else None
        after = 0 if last is None else last.end_line if isinstance(last, GridRow) else last.no
        preamble = [ln for ln in lines if after < ln.no < it.line]
        year = title_year([ln.text for ln in preamble])
        cols, cmap, map_findings = map_columns(headers, body, override, it.line, year, hdr[-1] if len(hdr) > 1 else [])
        real = [c for c in cols if c is not None]
        table = Table(decide_kind(real), layout, real, it.line, header_sig=squash(" ".join(hdr[0])),
                      column_map=cmap)
        if table.kind == "criteria" and roman_rows([Line(g.line, " ".join(g.texts())) for g in body[:60]]):
            table.kind = "areas"  # areas numbered I, II, III with their deductions
        parsed, used = _read_grid(grid[j:], table, preamble, map_findings)
        out.append(parsed)
        i = prev_end = j + max(used, 1)
    return out


def _header_rows(grid: list[GridRow | Line], at: int, override: Override | None) -> list[list[str]] | None:
    """The texts of the row at ``at`` and of the header rows below it, when they head a table: their words name its
    columns (by the vocabulary, the user's map or, for a row of words only, the data below them)."""
    row = grid[at]
    assert isinstance(row, GridRow)
    texts = row.texts()
    cols = [header_cell(t, k) for k, t in enumerate(texts)]
    if _all_text(row):  # a row of words: the user's map, then the data, may name what the header does not
        cols = [override_column(override, k + 1, t, c)[1] for k, (c, t) in enumerate(zip(cols, texts))]
        cols = [c if c is not None and c.read else None for c in cols]
        if any(cols) and not header_ok([c for c in cols if c is not None]):
            body = [g for g in grid[at + 1 : at + 80] if isinstance(g, GridRow)]
            cols = map_columns(texts, body, override, row.line)[0]
    # a second header row (merged "Điểm" over "Tối đa / Tự đánh giá / Thẩm định")
    hdr = [texts]
    for below in grid[at + 1 :]:
        if not isinstance(below, GridRow) or not _header_continues(below):
            break
        hdr.append(below.texts())
    if len(hdr) > 1 and _all_text(row) and not header_ok([c for c in cols if c is not None]):
        # the figures' columns named in the second row only ("Kết quả đánh giá" over "Điểm thẩm định", …)
        cols = [header_cell(t, k) or header_cell(b, k) for k, (t, b) in enumerate(zip(_merged_texts(hdr), hdr[-1]))]
    return hdr if header_ok([c for c in cols if c is not None]) else None


def _left_after(tables: list[Parsed], row: GridRow) -> None:
    """A row of cells with a figure after a table's end, before any other header: a row parxl did not read (the
    table ended at a line it took for the end), said once at its line, never dropped."""
    filled = [t for t in row.texts() if t]
    if tables and len(filled) >= 2 and any(_figure(t) for t in filled) \
            and not any(f.code == "paste_rows_after_end" for f in tables[-1].findings):
        last = max(r.line for r in tables[-1].rows) if tables[-1].rows else tables[-1].table.header_first
        tables[-1].findings.append(paste_finding("paste_rows_after_end", row.line, value=" ".join(filled)[:60],
                                                 expected=last))


def _figure(text: str) -> bool:
    """A cell that holds a figure, perhaps with its unit ("44,9 điểm")."""
    compact = re.sub(r"\s+", "", text)
    return classify(compact) in VALUE_KINDS or classify(UNIT_SUFFIX.sub("", compact)) in VALUE_KINDS


def _all_text(row: GridRow) -> bool:
    cells = [v for v in row.values if not is_blank(v)]
    return len(cells) >= 2 and all(isinstance(v, str) and not _figure(v) for v in cells)


def map_columns(headers: list[str], body: list[GridRow], override: Override | None, line: int,
                year: int | None = None, bottom: list[str] | None = None,
                ) -> tuple[list[Column | None], list[dict[str, object]], list[Finding]]:
    """The role of every column of a grid (header, data or user), None for a column not read; a header of two rows
    whose upper label names nothing ("Kết quả đánh giá" over "Điểm đạt được") is read by its ``bottom`` row."""
    width = max([len(headers)] + [len(r.values) for r in body])
    headers = list(headers) + [""] * (width - len(headers))
    bottom = (bottom or []) + [""] * (width - len(bottom or []))
    values = [[r.values[k] for r in body if k < len(r.values)] for k in range(width)]
    entries = [(t, header_cell(u.strip(), k) or (header_cell(b, k) if b else None))
               for k, (t, u, b) in enumerate(zip(headers, bare_headers(headers), bottom))]
    cols, cmap, findings = column_map(entries, override, line, values, year)
    return [c if c is not None and c.read else None for c in cols], cmap, findings


def _header_continues(row: GridRow) -> bool:
    """A second header row: only header words (text cells), no code, no number."""
    all_texts = row.texts()
    texts = [t for t in all_texts if t]
    if not texts or not all(isinstance(v, str) for v in row.values if not is_blank(v)) \
            or column_labels([texts]) or any(_figure(t) for t in texts):
        return False  # not text: numbers, or only the columns' numbers "(1) (2) (3)"
    if code_key(all_texts[0]) is not None or roman_value(all_texts[0]) is not None or block_label(texts[0]):
        return False  # a row of the table
    return any(header_cell(t, k) is not None for k, t in enumerate(all_texts))


def _merged_texts(rows: list[list[str]]) -> list[str]:
    """Join header rows column by column; a label merged over several columns ("Điểm" over "Tối đa",
    "Tự đánh giá", "Thẩm định") is written in its leftmost cell only, so it is carried to the right."""
    width = max(len(r) for r in rows)
    padded = [r + [""] * (width - len(r)) for r in rows]

    def carried(r: list[str], below: list[list[str]], k: int) -> str:
        """The cell's text, or the label to its left when cells below both are filled (a merged label)."""
        left = next((x for x in range(k - 1, -1, -1) if r[x]), -1) if not r[k] else -1
        return r[k] or (r[left] if left >= 0 and any(b[k] for b in below) and any(b[left] for b in below) else "")

    return [" ".join(t for ri, r in enumerate(padded) if (t := carried(r, padded[ri + 1 :], k))) for k in range(width)]


def _read_grid(grid: list[GridRow | Line], table: Table, preamble: list[Line],
               findings: list[Finding]) -> tuple[Parsed, int]:
    """The table's rows and groups from its body, and how many items they took (``findings``: the map's)."""
    by_index = {c.index: c for c in table.columns}
    rows: list[PasteRow] = []
    groups: list[Group] = []
    used = len(grid)
    last_data: PasteRow | None = None
    last_texts: list[str] = []
    header_again = False
    for pos, item in enumerate(grid):
        if isinstance(item, Line):
            if not item.blank and not _plain_line(item, grid[pos + 1 :], table, by_index, groups, findings):
                used = pos  # any other plain line ends the table
                break
            continue
        texts = item.texts()
        nonblank = _filled(texts)
        if not nonblank:
            findings += _omitted(item.line, texts)
            continue
        if _header_again(item, nonblank, table):
            findings.append(paste_finding("paste_header_repeated", item.line))
            header_again = True
            continue
        if header_again and _header_continues(item):
            continue  # the second row of the header repeated
        under_header, header_again = header_again or not (rows or groups), False
        values_present = _values_present(item, by_index)
        repeated = last_data is not None and last_texts == texts and values_present
        aside = _passed_over(item, nonblank, under_header, repeated, grid[pos + 1 :], by_index, table)
        if aside is not None:
            findings.append(aside)
            continue
        last_texts = texts
        code_text, name_text = _cell_text(texts, table, "code"), _cell_text(texts, table, "name")
        group = _grid_group(item, nonblank, code_text, name_text, table, values_present, next_first(grid, pos + 1))
        if group is not None:
            groups.append(group)
            findings += _heading_figures(item, by_index) if values_present else []
            continue
        # a totals / average label alone in the name, code or first cell
        role, label = next(((r, t) for t in (name_text, code_text, nonblank[0][1]) if t and (r := is_label_only(t))),
                           ("data", ""))
        if role == "data" and not values_present:
            words = _row_of_words(item, nonblank, code_text, last_data, grid[pos + 1 :], by_index, table)
            if words is True:
                used = pos
                break
            if isinstance(words, Finding):
                findings.append(words)
                continue
        row = PasteRow(item.line, role, {"label": label} if label else {})
        if role == "data":
            last_data = row
        _fill_grid_row(row, item, by_index, table, findings)
        rows.append(row)
    dotted_criteria(table, [code_key(str(row.values["code"])) for row in rows if "code" in row.values])
    return finish_rows(table, rows, groups, findings, preamble), used


def _passed_over(item: GridRow, nonblank: list[tuple[int, str]], under_header: bool, repeated: bool,
                 rest: list[GridRow | Line], by_index: dict[int, Column], table: Table) -> Finding | None:
    """A row that is none of the table's, said and passed over: the columns' numbers ``under_header``, a page's
    number alone, or a row copied twice (``repeated``)."""
    if under_header and column_numbers([[t for _, t in nonblank]], len(table.column_map)):
        return paste_finding("paste_column_numbers", item.line, value=" ".join(t for _, t in nonblank))
    page = _page_number(item, rest, by_index, table.header_sig)
    return page or (paste_finding("paste_row_repeated", item.line) if repeated else None)


def _plain_line(item: Line, rest: list[GridRow | Line], table: Table, by_index: dict[int, Column],
                groups: list[Group], findings: list[Finding]) -> bool:
    """A line without cells among the rows: a block or group heading, or aside (a page number, a note); False
    when it ends the table."""
    toks = tokenize(item)
    block = table.kind == "units" and block_of(item.text, next_first(rest, 0))
    if block:  # "Các xã", "A. Các đơn vị nhóm 1" on a line of its own
        groups.append(Group(block[0], block[1], item.no))
    elif roman_value(toks[0].text) is not None and len(toks) > 1:  # a group heading: "II. Kết quả …"
        groups.append(Group(toks[0].text.rstrip("."), " ".join(t.text for t in toks[1:]), item.no))
    elif (aside := _aside(item, rest, by_index, table.header_sig)) is not None:
        findings.append(aside)
    else:
        return False
    return True


def _header_again(item: GridRow, nonblank: list[tuple[int, str]], table: Table) -> bool:
    """The header again on a new page, perhaps its two rows merged into one: words that name the columns."""
    return squash(" ".join(item.texts())) == table.header_sig or _all_text(item) \
        and sum(header_cell(t, k) is not None for k, t in nonblank) >= max(3, len(nonblank) - 1)


def _row_of_words(item: GridRow, nonblank: list[tuple[int, str]], code_text: str, last: PasteRow | None,
                  rest: list[GridRow | Line], by_index: dict[int, Column], table: Table) -> Finding | bool:
    """A row of words without figures: True when the table has ended ("KT. CHỦ TỊCH", "Nơi nhận:", "Điều 2." after
    the last row; in a sheet, a long text alone), a finding when it is said and passed over (:func:`_words_only`),
    False when it may be a row of its own."""
    if last is not None and closes_table(nonblank[0][1]) and not _rows_follow(rest, by_index, table.header_sig):
        return True
    said = _words_only(item, nonblank, code_text, last, rest, by_index, table)
    if said is not None:
        return said
    return table.layout == "cells" and not code_text and len(nonblank) == 1 and len(nonblank[0][1]) > 50


def _words_only(item: GridRow, nonblank: list[tuple[int, str]], code_text: str, last: PasteRow | None,
                rest: list[GridRow | Line], by_index: dict[int, Column], table: Table) -> Finding | None:
    """A row of words without figures after a row of the table: a page number or a note between rows (said), or a
    cell wrapped onto the next row (joined to the row above, and said); None when it may be a row of its own."""
    if last is None:
        return None
    if (aside := _aside(item, rest, by_index, table.header_sig)) is not None or code_text:
        return aside
    if any((col := by_index.get(k)) is not None and col.field == "class" and classification(t) for k, t in nonblank):
        return None  # "Bảo hiểm Xã hội tỉnh | | Khá": a classification wraps no cell, the row's figures are blank
    for k, t in nonblank:
        if (col := by_index.get(k)) is not None and col.type == "text":
            append_text(last, text_name(col.field, table.kind), t)
    return paste_finding("paste_cell_continued", item.line)


def _filled(texts: list[str]) -> list[tuple[int, str]]:
    """A row's filled cells: "..." marks rows left out of an excerpt, and a heading merged over cells comes once."""
    return [(k, t) for k, t in enumerate(texts)
            if t.strip(".…") and not (k and t == texts[k - 1] and any(ch.isalpha() for ch in t))]


def _omitted(line: int, texts: list[str]) -> list[Finding]:
    """A row that only says rows are left out ("…" in its cells, an excerpt): said, as in text."""
    return [paste_finding("paste_rows_omitted", line, value=t) for t in texts if is_omission(t)][:1]


def _heading_figures(item: GridRow, by_index: dict[int, Column]) -> list[Finding]:
    """A group or block heading's own figures ("I | Khối phường | 85,25"): not read, so said."""
    return [paste_finding("paste_row_unplaced", item.line, value=str(item.values[k]), column=k + 1)
            for k, col in by_index.items() if col.numeric and k < len(item.values) and not is_blank(item.values[k])]


def _aside(item: GridRow | Line, rest: list[GridRow | Line], by_index: dict[int, Column],
           header_sig: str) -> Finding | None:
    """A text between rows that belongs to none (a plain line, or a row's lone cell): a page number (a note; a
    lone number when rows of the table follow), or words with rows of the table after them (said: the table goes
    on without reading them). Other words alone under a text column are that column's cell wrapped onto the next
    row."""
    if isinstance(item, Line):
        line, text, wrapped = item.no, item.text, False
    else:
        cells = [(k, t) for k, t in enumerate(item.texts()) if t]
        if len(cells) != 1:
            return None
        (k, text), line = cells[0], item.line
        wrapped = (col := by_index.get(k)) is not None and col.type == "text"
    if is_omission(text):
        return paste_finding("paste_rows_omitted", line, value=text)
    if is_page_mark(text):
        return paste_finding("paste_page_mark", line, value=text)
    if is_page_number(text) or re.fullmatch(r"\d{1,3}", text) and _rows_follow(rest, by_index, header_sig):
        return paste_finding("paste_page_number", line)
    if not wrapped and classify(squash(text)) == "text" and _rows_follow(rest, by_index, header_sig):
        return paste_finding("paste_line_skipped", line, value=text[:80])
    return None


def _page_number(item: GridRow, rest: list[GridRow | Line], by_index: dict[int, Column],
                 header_sig: str) -> Finding | None:
    """A page's number alone in a row ("2", "- 2 -"), even under a column of ranks."""
    page = _aside(item, rest, by_index, header_sig)
    return page if page is not None and page.code in ("paste_page_number", "paste_page_mark") else None


def _rows_follow(rest: list[GridRow | Line], by_index: dict[int, Column], header_sig: str) -> bool:
    """A row of this table (a figure in one of its numeric columns) comes within the next few items, past blank
    lines, page marks, block headings (a line, or a row of one cell), group headings and the header repeated on a new
    page only: a row of several texts may head another table."""
    repeated = False
    for it in rest[:8]:
        if isinstance(it, Line):
            if it.blank or block_label(it.text) or is_page_mark(it.text):
                continue
            return False
        filled = [t for t in it.texts() if t]
        if squash(" ".join(it.texts())) == header_sig or repeated and _header_continues(it) \
                or filled and roman_value(filled[0].split()[0]) is not None:
            repeated = True  # the header again (all its rows), a group heading ("III | CẢI CÁCH THỦ TỤC…")
            continue
        if _values_present(it, by_index) and any(_figure(t) for t in filled):  # not "- Như Điều 3;"
            return True
        if len(filled) > 1:
            return False
    return False


def _cell_text(texts: list[str], table: Table, role: str) -> str:
    """The text of the code column (role "code") or of the name/unit column (role "name")."""
    col = next((c for c in table.columns
                if (c.type == "code" if role == "code" else c.field in ("name", "unit"))), None)
    return texts[col.index] if col and col.index < len(texts) else ""


def _values_present(item: GridRow, by_index: dict[int, Column]) -> bool:
    """A number (not N/A, with a digit when written as text) in some numeric column."""
    return any(
        (col := by_index.get(k)) is not None and col.numeric and not is_blank(v) and not is_na(v)
        and (not isinstance(v, str) or any(ch.isdigit() for ch in v))
        for k, v in enumerate(item.values)
    )


def _grid_group(item: GridRow, nonblank: list[tuple[int, str]], code_text: str, name_text: str, table: Table,
                values_present: bool, below: str) -> Group | None:
    """A row that opens a group: a block of a units table without numbers ("Khối sở, ban, ngành", "A. Các
    huyện", "Các xã" over a row numbered 1: ``below`` is the next row's first cell), a roman numeral in the code
    column, or "I. CHỈ ĐẠO ĐIỀU HÀNH" alone in a cell."""
    block = not values_present and table.kind == "units" and block_of(" ".join(t for _, t in nonblank), below)
    if block:
        return Group(block[0], block[1], item.line)
    if roman_value(code_text) is not None and not (values_present and table.kind == "areas"):
        return Group(code_text.rstrip("."), name_text, item.line)  # (an area numbered "I" with its figures is a row)
    first = nonblank[0][1]
    lead, *more = first.split()
    if len(nonblank) == 1 and more and roman_value(lead) is not None:
        return Group(lead.rstrip("."), first[len(lead):].strip(), item.line)
    return None


def _fill_grid_row(row: PasteRow, item: GridRow, by_index: dict[int, Column], table: Table,
                   findings: list[Finding]) -> None:
    for k, value in enumerate(item.values):
        col = by_index.get(k)
        if is_blank(value):
            continue
        if col is None and table.column_map and k >= len(table.column_map):
            # a cell beyond every column of the header and of the rows sampled: never dropped silently
            findings.append(paste_finding("paste_row_unplaced", item.line, value=str(value), column=k + 1))
        elif col is not None and (row.role == "data" or col.numeric):  # a totals row has no code or name of its own
            set_cell(row, col, table, value, (item.line, k + 1), findings)


def read_cells(cells: list[list[object]], override: Override | None = None) -> list[Parsed]:
    """Tables from cells already split into columns (row index + 1 is the line)."""
    grid: list[GridRow | Line] = [GridRow(i + 1, [_as_shown(v) for v in r], i + 1) for i, r in enumerate(cells)]
    return grid_tables(grid, [Line(g.line, " ".join(g.texts())) for g in grid if isinstance(g, GridRow)], "cells",
                       override)


def _as_shown(value: object) -> object:
    """A cell's number as Excel shows it: to 15 significant digits (a computed 84.30000000000001 is 84.3), and a
    whole number as an integer (1.0 from a live workbook is serial number 1, not a code "1.0"); a text as typed."""
    if isinstance(value, str):
        return as_typed(value)
    if not isinstance(value, float) or not math.isfinite(value):
        return value
    shown = float(f"{value:.15g}")
    return int(shown) if shown.is_integer() else shown
