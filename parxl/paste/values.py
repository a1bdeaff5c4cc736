"""Putting a cell's value into a row (numbers, pairs "x/y", ranks "02/17", changes "+ 7 điểm"), and the
finishing touches of a table: blocks, criterion codes that open a name, digits lost by a PDF copy."""

from __future__ import annotations

import re
from bisect import bisect_left
from decimal import Decimal, InvalidOperation

from parxl.findings import Finding
from parxl.numbers import NumberError, parse_number, parse_percent
from parxl.paste.header import SCORE_FIELDS, Column
from parxl.paste.lines import FOOTNOTE, UNIT_SUFFIX, Line, block_label, code_key, dash, roman_value
from parxl.paste.model import Group, Parsed, PasteRow, Table, paste_finding
from parxl.paste.weights import SHARES
from parxl.vocab import change_in_words, closes_table, is_na, is_page_line, names_survey

# ----------------------------------------------------------------------------------- values


def text_name(fld: str, kind: str) -> str:
    """The row field a text column fills."""
    if fld in ("name", "unit"):
        return "unit" if kind == "units" else "name"
    if fld == "reason":
        return "reason" if kind == "criteria" else "note"
    return "classification" if fld == "class" else fld


def set_cell(row: PasteRow, col: Column, table: Table, value: object, where: tuple[int, int],
             findings: list[Finding]) -> None:
    """One cell into the row by its column's type: a code, a text or a value (both readers end here)."""
    if not col.read:
        return  # a column the map shows unread, skipped or a duplicate: kept only to place a row's words
    if col.type == "code":
        text = str(value).strip()
        key = code_key(text)
        if col.field == "serial" and table.kind in ("units", "criteria") and key and len(key) == 1:
            put(row, "stt", key[0], where)
        elif key is None and roman_value(text) is None and (len(text.split()) >= 3 or len(text) > 3 and not any(
                ch.isdigit() for ch in text) or len(parts := text.split()) == 2 and all(map(code_key, parts))):
            # words where a code stands ("Thiếu"), or two numbers ("1 1"): the row was not cut right
            findings.append(paste_finding("paste_unreadable", where[0], value=text[:80], column=COLUMN_LABELS["code"]))
        else:
            put(row, "code", text.rstrip(".") if key else text, where)
    elif col.type == "text":
        name = text_name(col.field, table.kind)
        append_text(row, name, str(value).strip())
        row.cells.setdefault(name, where)
    else:
        _set_figure(row, col, table, value, where, findings)


def append_text(row: PasteRow, name: str, text: str) -> None:
    """A (stripped) text into a text field, after what the field already holds (a wrapped cell)."""
    old = row.values.get(name)
    row.values[name] = f"{old} {text}".strip() if isinstance(old, str) else text


_CHANGE_RE = re.compile(r"^\s*([+-]?)\s*(\d+(?:[.,]\d+)?|[.,]\d+)\s*(?:điểm|đ)?\.?\s*(.*)$", re.IGNORECASE | re.DOTALL)
_PREV_RE = re.compile(r"đạt\s+(\d+(?:[.,]\d+)?)", re.IGNORECASE)
_RANK_RE = re.compile(r"^\D*?(\d{1,4})\s*(?:/\s*(\d{1,4}))?\s*\D*$")


def _set_figure(row: PasteRow, col: Column, table: Table, value: object, where: tuple[int, int],
                findings: list[Finding]) -> None:
    """A figure by its column's type; a cell that is not a number there is a finding."""
    if isinstance(value, str):
        raw = value.strip()
        if not raw or is_na(raw):
            return
        text: str | None = dash(raw)
        if FOOTNOTE.search(raw) and text:  # "81,06 (*)": read, and said, for its note below the table
            findings.append(paste_finding("paste_figure_footnote", where[0], value=raw,
                                          column=COLUMN_LABELS[col.field]))
    else:
        raw, text = str(value), None
    name = col.field if col.type == "score" else col.type
    if name == "max" and table.kind != "criteria":  # the total's maximum, else the appraisal's
        name = "total_max" if any(c.field == "total" for c in table.columns) else "appraised_max"
    try:
        if col.type == "pct":
            if (pct := _percent(value, text)) is not None:
                put(row, "index_pct", pct, where)
        elif text is None:  # a cell typed as a number: put as it is, nothing to take apart
            if (v := parse_number(value)) is not None:
                put(row, name, int(v) if name == "rank" else v, where)
        elif col.type == "score":
            _set_score(row, name, max_name(col.field, table.kind), text, where)
        elif col.type == "rank" and (m := _RANK_RE.match(text)):
            put(row, "rank", int(m.group(1)), where)
            if m.group(2):
                put(row, "rank_of", int(m.group(2)), where)
        elif col.type == "change" and (m := _CHANGE_RE.match(change_in_words(text) or text)):
            change = parse_number(m.group(2))
            assert change is not None
            put(row, "change", -change if m.group(1) == "-" else change, where)
            if note := m.group(3).strip():
                note_change(row, note)
        else:
            raise NumberError(raw)
    except (NumberError, InvalidOperation, ValueError):
        findings.append(paste_finding("paste_unreadable", where[0], value=raw,
                                      column=COLUMN_LABELS[col.field]))


def _percent(value: object, text: str | None) -> Decimal | None:
    """An index as typed ("92,18%"), or from a %-formatted cell: 0.9218 is 92.18, not 92.1800."""
    if text is not None:
        return parse_percent(re.sub(r"\s+", "", text))
    pct = parse_percent(value)
    return None if pct is None else pct.normalize() if pct != pct.to_integral_value() else pct.quantize(Decimal(1))


def _set_score(row: PasteRow, name: str, maxname: str, text: str, where: tuple[int, int]) -> None:
    """A score, or a pair "x/y" of a score and its maximum (a maximum the row already has must agree; a maximum's
    own column holds one number); a part written ".275" may have lost a digit in the copy."""
    compact = UNIT_SUFFIX.sub("", re.sub(r"\s+", "", text))
    left, slash, right = compact.partition("/")
    score, maximum = parse_number(left), parse_number(right) if slash else None
    if slash and (score is None or maximum is None or name.endswith("max")
                  or maxname in row.values and row.values[maxname] != maximum):
        raise NumberError(compact)
    if score is None:
        return
    put(row, name, score, where)
    if maximum is not None:
        put(row, maxname, maximum, where)
    for part, partname in ((right, maxname), (left, name)):
        if part.startswith((".", ",")):
            row.suspect[partname] = part


def note_change(row: PasteRow, note: str) -> None:
    """The text after a change ("(Năm 2022 đạt 88,06 điểm)") is its note (after what it holds: a note wrapped
    over lines), and may give last year's total."""
    note = f"{row.values.get('change_note') or ''} {note}".strip()
    if prev := _PREV_RE.search(note):
        put(row, "previous", parse_number(prev.group(1)), row.cells["change"])
    row.values["change_note"] = note


def dotted_criteria(table: Table, keys: list[tuple[int, ...] | None]) -> None:
    """An areas table whose codes are mostly dotted ("1.1", "2.3") lists criteria."""
    if table.kind == "areas" and keys and sum(len(k or ()) >= 2 for k in keys) >= SHARES.dotted_codes * len(keys):
        table.kind = "criteria"


def max_name(fld: str, kind: str) -> str:
    return "max" if kind == "criteria" or fld in ("max", "self", "deducted") else f"{fld}_max"


def put(row: PasteRow, name: str, value: object, where: tuple[int, int]) -> None:
    row.values[name] = value
    row.cells[name] = where


COLUMN_LABELS = {  # what each figure is called in messages
    "appraised": "Điểm thẩm định", "survey": "Điểm ĐTXHH", "total": "Tổng điểm", "max": "Điểm tối đa",
    "appraised_max": "Điểm thẩm định tối đa", "survey_max": "Điểm ĐTXHH tối đa", "total_max": "Tổng điểm tối đa",
    "self": "Điểm tự đánh giá", "deducted": "Số điểm bị trừ", "index": "Chỉ số (%)", "index_pct": "Chỉ số (%)",
    "rank": "Xếp hạng", "change": "Tăng/giảm", "code": "Mã", "stt": "STT",
    "classification": "Xếp loại",
}


# ---------------------------------------------------------------------------------- finishing

_DOTTED_NAME = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(\S.*)$", re.DOTALL)


def _assign_blocks(rows: list[PasteRow], groups: list[Group], findings: list[Finding]) -> None:
    """Units tables in blocks ("I. Khối sở, ban, ngành", "Khối huyện", "A."), or whose numbering or ranks
    restart at 1: every unit keeps its block, and ranks and averages are checked within it."""
    # "I" + "Khối sở, ban, ngành" → "I. Khối sở, ban, ngành"; a heading without numeral is its own name (even
    # when the PDF wrapped it: "Khối UBND huyện, thị xã," + "thành phố")
    names = {g.label: (g.name if g.name.startswith(g.label) else f"{g.label}. {g.name}" if g.name else g.label, g.line)
             for g in groups}
    block: str | None = None
    count = 0
    prev: PasteRow | None = None
    by_rank = True  # the block so far is listed in rank order from 1: a rank 1 then opens the next block
    data = [row for row in rows if row.role == "data"]
    for n, row in enumerate(data):
        heading, heading_line = names.get(row.group or "", (None, row.line))
        rank = row.values.get("rank")
        if heading is not None and heading != block and (prev is None or prev.group != row.group):
            block, count, by_rank = heading, count + 1, rank == 1
            findings.append(paste_finding("paste_block", heading_line, value=block))
        elif _restarts(row, prev, by_rank):
            if block is None:  # the rows before the first restart are the first block
                count = 1
                for earlier in data[:n]:
                    earlier.values["block"] = "1"
            count += 1
            block, by_rank = f"{count}", True
            findings.append(paste_finding("paste_block", row.line, value=block))
        elif prev is None:
            by_rank = rank == 1
        elif isinstance(rank, int) and isinstance(prev_rank := prev.values.get("rank"), int) and rank < prev_rank:
            by_rank = False
        if block is not None:
            row.values["block"] = block
        prev = row


def _restarts(row: PasteRow, prev: PasteRow | None, by_rank: bool) -> bool:
    """Within a group, numbering back at 1, or (without numbering, in a block listed by rank) rank back at 1."""
    if prev is None or prev.group != row.group:
        return False
    key = "rank" if by_rank and "stt" not in row.values else "stt"
    before = prev.values.get(key)
    return row.values.get(key) == 1 and isinstance(before, int) and before > 1


def finish_rows(table: Table, rows: list[PasteRow], groups: list[Group], findings: list[Finding],
                preamble: list[Line]) -> Parsed:
    """The table read: blocks, criterion codes that open a name, survey rows, digits lost by a PDF copy, page numbers
    too close to be pages'."""
    _criteria_by_names(table, [row for row in rows if row.role == "data"])
    findings.extend(_pages_too_close(rows, findings))
    kind = table.kind
    # (past a page's number or mark, a note: "1. Nhóm …" / "Trang 2" / header)
    heading = next((ln for ln in reversed(preamble) if not ln.blank and not _page_or_note(ln.text)), None)
    if kind == "units" and heading is not None and (block := block_label(heading.text)):
        groups.insert(0, Group(*block, heading.no))  # "1. Nhóm các cơ quan Trung ương:" just over the header
    for row in rows:  # a data row belongs to the group last opened above it
        if row.role == "data":
            row.group = next((g.label for g in reversed(groups) if g.line < row.line), None)
    if kind == "units":
        _assign_blocks(rows, groups, findings)
    # an areas table with one score column: the survey's row puts its points there, and the total row sums both
    one_score = kind == "areas" and "appraised" in (scores := {c.field for c in table.columns} & set(SCORE_FIELDS)) \
        and scores <= {"appraised", "appraised_max", "max", "self"}
    has_survey_row = False
    for row in rows:
        name = row.values.get("name")
        if kind == "criteria":
            _criteria_figures(row)
        if one_score and row.role == "data" and isinstance(name, str) and names_survey(name):
            row.rename("appraised", "survey")
            row.rename("appraised_max", "survey_max")
            has_survey_row = True
    for row in rows:
        if row.role == "total" and one_score and has_survey_row:
            row.rename("appraised", "total")
            row.rename("appraised_max", "total_max")
        findings.extend(_repair_lost_digits(row, kind))
    return Parsed(table, rows, groups, findings, preamble)


def _page_or_note(text: str) -> bool:
    """A page's number or mark, or a note: no heading."""
    return is_page_line(text) or closes_table(text) or re.fullmatch(r"\d{1,3}", text) is not None


def _pages_too_close(rows: list[PasteRow], findings: list[Finding]) -> list[Finding]:
    """Page numbers with fewer than three rows between them: a page holds more, so they are rather the cells of a
    column parxl did not read (serial numbers under a header it did not see whole)."""
    pages = sorted(f.line for f in findings
                   if f.code in ("paste_page_number", "paste_page_number_amid_row") and f.line is not None)
    starts = sorted(row.line for row in rows if row.role == "data")
    return [paste_finding("paste_page_numbers_close", at, value=n, expected=before)
            for before, at in zip(pages, pages[1:]) if (n := bisect_left(starts, at) - bisect_left(starts, before)) < 3]


def _criteria_by_names(table: Table, data: list[PasteRow]) -> None:
    """An areas table whose names open with criteria codes ("2.2. Ban hành…" under "Nội dung") lists criteria,
    numbered by its first column; a criteria table's lone "Kết quả" column holds the appraised points."""
    if table.kind == "areas" and data and sum(bool(_DOTTED_NAME.match(str(row.values.get("name", ""))))
                                              for row in data) >= SHARES.dotted_codes * len(data):
        table.kind = "criteria"
        for entry in table.column_map:
            entry["role"] = "stt" if entry["role"] == "code" else entry["role"]
        for row in data:
            if isinstance(code := row.values.get("code"), str) and code.isdigit():
                row.rename("code", "stt")
                row.values["stt"] = int(code)
    if table.kind == "criteria" and not any(entry["role"] == "appraised" for entry in table.column_map):
        for entry in table.column_map:
            entry["role"] = "appraised" if entry["role"] == "total" else entry["role"]


def _criteria_figures(row: PasteRow) -> None:
    """A criteria row's figures under their names: a maximum read before the codes showed a criteria table, the
    lone "Kết quả" as the appraisal, and the criterion's code that opens its name ("1.6. Sáng kiến…")."""
    for old in ("appraised_max", "survey_max", "total_max"):
        if "max" not in row.values:
            row.rename(old, "max")
    if "appraised" not in row.values:
        row.rename("total", "appraised")
    name = row.values.get("name")
    if isinstance(name, str) and "code" not in row.values and (m := _DOTTED_NAME.match(name)):
        row.values["code"] = m.group(1)
        row.values["name"] = m.group(2).strip()
        row.cells["code"] = row.cells.get("name", (row.line, 0))


# figures of a row that give one another: (figure, a, b, sign) for figure = a + sign × b
_CRITERIA_RELATIONS = (("max", "appraised", "deducted", 1), ("appraised", "max", "deducted", -1),
                       ("deducted", "max", "appraised", -1))
_POINT_RELATIONS = tuple((t + sfx, a + sfx, b + sfx, sign) for sfx in ("", "_max") for t, a, b, sign in (
    ("total", "appraised", "survey", 1), ("survey", "total", "appraised", -1), ("appraised", "total", "survey", -1)))


def _expected(row: PasteRow, name: str, kind: str) -> Decimal | None:
    for target, a, b, sign in _CRITERIA_RELATIONS if kind == "criteria" else _POINT_RELATIONS:
        if target == name and (va := row.num(a)) is not None and (vb := row.num(b)) is not None:
            return va + sign * vb
    return None


def _repair_lost_digits(row: PasteRow, kind: str) -> list[Finding]:
    """".275" where the row makes 2.75 the only sensible reading: use 2.75 and say so."""
    out: list[Finding] = []
    for name, raw in row.suspect.items():
        current, digits = row.num(name), raw.lstrip(".,")
        if current is None or not digits.isdigit():
            continue
        cands = [Decimal(digits[:k] + "." + digits[k:]) for k in range(1, len(digits))] + [Decimal(digits)]
        choice: Decimal | None = None
        expected = _expected(row, name, kind)
        if expected is not None:
            choice = expected if expected in cands and expected != current else None
        elif name.endswith("max"):
            partner = row.num(name[: -len("_max")] if name.endswith("_max") else "appraised")
            if partner is not None and current < partner:
                choice = min((c for c in cands if c >= partner), default=None)
        if choice is not None:
            row.values[name] = choice
            out.append(paste_finding("paste_lost_digit", row.at(name), value=raw, expected=choice))
    return out
