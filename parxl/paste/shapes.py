"""Recognising a pasted table: its header, its kind, its columns, and the values of every row.

Three kinds are recognised from the header (and confirmed by the row codes):

* ``areas``: one unit's result per area, as in a ward's plan (TT, Nội dung, Điểm thẩm định/Điểm tối
  đa, Điểm XHH/Điểm tối đa, Tổng điểm/Điểm tối đa, Chỉ số thành phần, Tăng/giảm);
* ``units``: many units of a district (STT, Đơn vị, Điểm thẩm định, Điểm ĐTXHH, Tổng điểm, Chỉ số %, Xếp
  hạng, Xếp loại, in any subset and order);
* ``criteria``: criterion-level deductions, as in a plan's table or a report's appendix (TT or Mục, Nội
  dung, Điểm tối đa, Điểm tự đánh giá, Điểm thẩm định, Số điểm bị trừ, Nguyên nhân / Ghi chú, Trách nhiệm).

Headers are matched on folded text with every space removed, so a header broken anywhere over several
lines ("T" / "T", "XHH/Đi" / "ểm tối") still reads "tt", "xhh/diemtoi…". Rows from tab-separated text or
from cells are read by position; rows from PDF text are read by :func:`align`, which chooses which
numbers of a row fill which numeric column (types first, then the arithmetic of the row decides, e.g. a
name ending in "mức độ 3" or the "1" of "Phường 1" is not a score), and shares the text between the text
columns (a reason is told from a responsible unit by how the latter begins: "Công chức…", "Bộ phận…").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from parxl.findings import Finding, finding
from parxl.numbers import NumberError, fold, is_blank, is_na, parse_number, parse_percent
from parxl.paste.columns import Override, role_of, text_column, type_by_data
from parxl.paste.header import (
    READ_FIELDS,
    SCORE_FIELDS,
    Column,
    classify_header_cells,
    decide_kind,
    header_ok,
    scan_header,
    starts_header,
)
from parxl.paste.lines import (
    BREAK,
    Line,
    block_label,
    RawRow,
    RowSpec,
    TabRow,
    Token,
    classify,
    code_key,
    is_label_only,
    is_name_number,
    join_text,
    label_role,
    looks_spaced,
    roman_value,
    segment,
    segments,
    split_tab_rows,
    squash,
    tokenize,
    trailing_space_style,
)
from parxl.vocab import CLASSIFICATIONS, OTHER_CLASSIFICATIONS

# ------------------------------------------------------------------------------------------ tables


@dataclass
class Table:
    """A table found in the text: where its header is, how it is laid out, what its columns are."""

    kind: str
    layout: str  # "tab" | "spaced" | "wrapped" | "cells"
    columns: list[Column]
    header_first: int  # line numbers
    header_last: int
    header_sig: str = ""
    body_start: int = 0  # index into lines / grid rows
    end: int = 0
    column_map: list[dict[str, object]] = field(default_factory=list)  # {column, header, role, source}


@dataclass
class PasteRow:
    line: int
    role: str = "data"  # data | total | average
    values: dict[str, object] = field(default_factory=dict)
    cells: dict[str, tuple[int, int]] = field(default_factory=dict)
    suspect: dict[str, str] = field(default_factory=dict)  # field -> ".275" text that lost a digit
    group: str | None = None

    def at(self, name: str) -> int:
        return self.cells.get(name, (self.line, 0))[0]

    def get(self, name: str) -> object:
        return self.values.get(name)

    def num(self, name: str) -> Decimal | None:
        v = self.values.get(name)
        return v if isinstance(v, Decimal) else None


@dataclass
class Group:
    label: str
    name: str
    line: int


@dataclass
class Parsed:
    table: Table
    rows: list[PasteRow]
    groups: list[Group]
    findings: list[Finding]
    preamble: list[Line]


def paste_finding(code: str, line: int | None, **params: object) -> Finding:
    """A finding about the pasted text; ``line`` is also available to the message template."""
    value = params.pop("value", None)
    expected = params.pop("expected", None)
    return finding(code, value=value, expected=expected, line=line, **params)


# --------------------------------------------------------------------------------- finding tables


def find_text_tables(lines: list[Line], override: Override | None = None) -> list[Parsed]:
    """Every table in the text, each with its rows and reading findings."""
    items = split_tab_rows(lines)
    tab_rows = [it for it in items if isinstance(it, TabRow)]
    if len(tab_rows) >= 2:
        found = _tab_tables(items, lines, override)
        if found:
            return found
    return _stream_tables(lines)


def _header_region(lines: list[Line], i: int) -> list[int]:
    first = squash(lines[i].text)
    if not first:
        return []
    region: list[int] = []
    total = 0
    j = i
    while j < len(lines) and len(region) < 30:
        ln = lines[j]
        if ln.blank:
            j += 1
            continue
        toks = tokenize(ln)
        if j > i:
            if code_key(toks[0].text) is not None or roman_value(toks[0].text) is not None or block_label(ln.text):
                break
            if label_role(ln.text) and any(t.is_value for t in toks):
                break
        if any(t.kind in ("pair", "pct") or (t.kind == "num" and re.search(r"[.,]", t.text)) for t in toks):
            break
        total += len(squash(ln.text))
        if total > 400:
            break
        region.append(j)
        j += 1
    return region


def _stream_tables(lines: list[Line]) -> list[Parsed]:
    out: list[Parsed] = []
    i = 0
    prev_end = 0
    while i < len(lines):
        if lines[i].blank:
            i += 1
            continue
        head = lines[i].text  # with the next line: a header word may be cut by the PDF ("T" / "T")
        nxt = next((ln for ln in lines[i + 1 : i + 4] if not ln.blank), None)
        head += "\n" + nxt.text[:60] if nxt else ""
        if not starts_header(head):
            i += 1
            continue
        region = _header_region(lines, i)
        if not region:
            i += 1
            continue
        sq = "".join(squash(lines[j].text) for j in region)
        cols, coverage, first_at = scan_header("\n".join(lines[j].text for j in region))
        if not header_ok(cols, coverage, first_at):
            i += 1
            continue
        after = [ln for ln in lines[region[-1] + 1 : region[-1] + 30] if not ln.blank][:15]
        spaced = looks_spaced([lines[j] for j in region] + after)
        if spaced:
            spaced_cols = _spaced_columns([lines[j] for j in region])
            if spaced_cols and header_ok(spaced_cols, 1.0, 0):
                cols = spaced_cols
        kind = decide_kind(cols)
        table = Table(kind, "spaced" if spaced else "wrapped", cols, lines[region[0]].no, lines[region[-1]].no,
                      header_sig=sq, body_start=region[-1] + 1)
        parsed = _read_stream(lines, table, lines[prev_end:region[0]])
        out.append(parsed)
        i = max(parsed.table.end, region[-1] + 1)
        prev_end = i
    return out


def _spaced_columns(header_lines: list[Line]) -> list[Column]:
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
    for s, e, texts in clusters:
        found, _, _ = scan_header("\n".join(texts))
        if not found:
            continue
        col = found[0]
        col.pair |= any(o.field == "max" for o in found[1:]) and col.field in SCORE_FIELDS
        col.start, col.end = s, e
        col.header = " ".join(texts)
        cols.append(col)
    return cols


# ------------------------------------------------------------------------------------ stream rows

_CLASS_WORDS = tuple(fold(c) for c in (*CLASSIFICATIONS, *OTHER_CLASSIFICATIONS))


def _read_stream(lines: list[Line], table: Table, preamble: list[Line]) -> Parsed:
    cols = table.columns
    code_col = cols[0] if cols[0].type == "code" or cols[0].field == "rank" else None  # rank-first tables too
    body_cols = cols[1:] if code_col else list(cols)
    if body_cols and body_cols[-1].numeric:
        # whatever follows the last number ("+ 7 điểm (Năm 2022 đạt 88,06 điểm)") is a note
        last = body_cols[-1]
        body_cols.append(Column("note", start=last.end + 1 if last.end >= 0 else -1,
                                end=10**6 if last.end >= 0 else -1))
    style = "none" if code_col is None else {"serial": "serial", "rank": "rank"}.get(code_col.field, "code")
    spec = RowSpec(
        value_slots=sum(c.numeric for c in body_cols),
        code_style=style,
        header_sig=table.header_sig,
        spaced=table.layout == "spaced",
        cut_words=trailing_space_style(lines[table.body_start : table.body_start + 200]),
        trailing_words=_CLASS_WORDS if any(c.field == "class" for c in body_cols) else (),
        blocks=table.kind == "units",
        class_after_values=any(c.field == "class" for c in body_cols)
        and max(k for k, c in enumerate(body_cols) if c.field == "class")
        > max((k for k, c in enumerate(body_cols) if c.numeric), default=-1),
    )
    seg = segment(lines, table.body_start, spec)
    table.end = seg.end
    findings: list[Finding] = [paste_finding("paste_column_unused", table.header_first, column=k, value=c.header)
                               for k, c in enumerate(cols, 1) if c.field not in READ_FIELDS]
    for no in seg.header_repeats:
        findings.append(paste_finding("paste_header_repeated", no))

    data_rows = [r for r in seg.rows if r.role == "data"]
    if table.kind == "areas" and data_rows:
        dotted = sum(_leading_code(r) is not None and len(_leading_code(r) or ()) >= 2 for r in data_rows)
        if dotted >= 0.6 * len(data_rows):
            table.kind = "criteria"

    # Learn from the rows whether a score column holds "x/y" pairs, then read every row.
    for _ in range(2):
        aligned = [align(r.tokens, body_cols, table.kind, r.role) if r.role != "group" else None
                   for r in seg.rows]
        changed = False
        for k, col in enumerate(body_cols):
            if col.type != "score" or col.pair:
                continue
            pairs = sum(1 for a in aligned if a and isinstance(a.slots.get(k), Token) and a.slots[k].kind == "pair")
            nums = sum(1 for a in aligned if a and isinstance(a.slots.get(k), Token) and a.slots[k].kind == "num")
            if pairs > nums:
                col.pair = True
                changed = True
        if not changed:
            break

    rows: list[PasteRow] = []
    groups: list[Group] = []
    current_group: str | None = None
    for raw, al in zip(seg.rows, aligned):
        if raw.role == "group":
            name = join_text([t for t in raw.tokens if not t.is_value], spec.cut_words)
            groups.append(Group(raw.label, name, raw.line))
            current_group = raw.label
            continue
        assert al is not None
        row = PasteRow(raw.line, raw.role)
        if raw.role == "data":
            row.group = current_group
        else:
            row.values["label"] = raw.label
        if raw.code is not None and code_col is not None:
            _set_code(row, code_col, table.kind, raw.code.text, (raw.code.line, raw.code.col))
        for k, col in enumerate(body_cols):
            got = al.slots.get(k)
            if isinstance(got, Token):
                _set_value(row, col, table, got.text, (got.line, got.col), findings)
                if "spaced" in got.flags:
                    findings.append(paste_finding("paste_spaced_number", got.line, value=got.raw or got.text,
                                                  expected=got.text))
                if "glued" in got.flags:
                    findings.append(paste_finding("paste_wrapped_number", got.line, value=got.glued_from,
                                                  expected=got.text))
            elif isinstance(got, list) and got:
                text = join_text(got, spec.cut_words)
                if text and (raw.role == "data" or col.field == "note"):
                    _set_text(row, col, table.kind, text, (got[0].line, got[0].col))
        if al.after_break:
            _append_after_break(row, body_cols, table.kind, join_text(al.after_break, spec.cut_words))
        note = row.values.get("note")
        if isinstance(note, str) and "change" in row.values:
            row.values["change_note"] = row.values.pop("note")
            row.cells.pop("note", None)
            prev = _PREV_RE.search(note)
            if prev:
                _put(row, "previous", parse_number(prev.group(1)), row.cells["change"])
        for tok in al.stray:
            findings.append(paste_finding("paste_stray_text", tok.line, value=tok.text))
        rows.append(row)
    assign_blocks(rows, groups, table.kind, findings)
    _finish_rows(rows, table, findings)
    return Parsed(table, rows, groups, findings, preamble)


def _leading_code(r: RawRow) -> tuple[int, ...] | None:
    if r.code is not None:
        key = code_key(r.code.text)
        if key and len(key) >= 2:
            return key
    for t in r.tokens[:1]:
        return code_key(t.text)
    return None


@dataclass
class Alignment:
    slots: dict[int, object]  # column index -> Token (numeric columns) or list[Token] (text columns)
    stray: list[Token]
    after_break: list[Token]


# How a responsible unit begins ("Công chức Tư pháp - Hộ tịch", "Bộ phận tiếp nhận và trả kết quả", "CC Văn
# phòng- TK"). Weak leads are also common words ("Ban hành…", "Tổ chức…") and need a short remainder.
_RESP_STRONG = (
    "cac cong chuc", "cong chuc", "cc ", "bo phan", "cac bo phan", "van phong", "can bo", "lanh dao",
    "chu tich", "pho chu tich", "dong chi", "d/c", "cong an", "quan su", "mttq", "ke toan", "tu phap",
    "dia chinh", "dang uy", "hdnd", "cac nganh", "cac don vi", "bp ", "vp ", "vh-xh", "tc-kt", "tp-ht",
)
_RESP_WEAK = ("truong ", "ban ", "phong ", "to ", "ubnd", "doan ", "hoi ", "nganh ", "don vi", "van hoa")
_NOT_RESP = re.compile(r"\b(chua|khong|dat|da|co|nhung|thieu|cham|bi tru|ty le|trong nam|hoan thanh|ban hanh|"
                       r"to chuc thuc hien|thuc hien)\b|%|\d/\d")


def _resp_start(text: str, weak: bool = False) -> bool:
    t = fold(text).lstrip("-+• ").strip()
    if not t or len(t.split()) > 14 or _NOT_RESP.search(t):
        return False
    if any(t.startswith(lead) or t == lead.strip() for lead in _RESP_STRONG):
        return True
    return weak and len(t.split()) <= 6 and any(t.startswith(lead) for lead in _RESP_WEAK)


def _by_lines(tokens: list[Token]) -> list[list[Token]]:
    out: list[list[Token]] = []
    for t in tokens:
        if out and out[-1][-1].line == t.line:
            out[-1].append(t)
        else:
            out.append([t])
    return out


def _fit(col: Column, tok: Token) -> float:
    k = tok.kind
    t = col.type
    if t == "score":
        score = {"pair": 3.0, "num": 0.5 if col.pair else 2.0, "signed": 0.3, "pct": -1.0}.get(k, -3.0)
    elif t == "pct":
        if k == "pct":
            score = 3.0
        elif k == "num":
            v = _dec(tok.text)
            score = 1.5 if v is not None and 0 <= v <= 100 else -1.0
        else:
            score = -2.0
    elif t == "rank":
        if k == "num" and re.fullmatch(r"\d{1,3}", tok.text):
            score = 2.0
        elif k == "pair" and re.fullmatch(r"\d{1,3}/\d{1,3}", tok.text):
            score = 3.0
        else:
            score = -2.0
    elif t == "change":
        score = {"signed": 3.0, "num": 1.5, "pct": 0.0}.get(k, -2.0)
    else:
        score = -3.0
    if col.start >= 0:
        x = tok.col - 1
        if col.start <= x < col.end:
            score += 1.0
        elif col.start - 2 <= x <= col.end + 1:
            score += 0.5
    return score


@lru_cache(maxsize=4096)
def _dec(text: str) -> Decimal | None:
    try:
        return parse_number(text.replace("%", "").replace(" ", ""))
    except (NumberError, InvalidOperation):
        return None


def _quick_values(assign: list[tuple[Column, Token]], kind: str) -> dict[str, Decimal]:
    vals: dict[str, Decimal] = {}
    for col, tok in assign:
        text = re.sub(r"\s+", "", tok.text).replace("−", "-").replace("–", "-")
        if col.type == "score":
            if tok.kind == "pair":
                a, _, b = text.partition("/")
                va, vb = _dec(a), _dec(b)
                if va is not None:
                    vals[col.field] = va
                if vb is not None:
                    vals[_max_name(col.field, kind)] = vb
            else:
                v = _dec(text)
                if v is not None:
                    vals[col.field] = v
        elif col.type == "pct":
            v = _dec(text)
            if v is not None:
                vals["index"] = v
    return vals


def _max_name(fld: str, kind: str) -> str:
    if kind == "criteria" or fld in ("max", "self", "deducted"):
        return "max"
    return f"{fld}_max"


def _arith(v: dict[str, Decimal], kind: str) -> float:
    score = 0.0
    for a, s, t in (("appraised", "survey", "total"), ("appraised_max", "survey_max", "total_max")):
        if a in v and s in v and t in v:
            score += 2.5 if v[a] + v[s] == v[t] else -1.0
    if "index" in v and "total" in v:
        mx = v.get("total_max")
        if mx:
            score += 1.5 if abs(v["total"] * 100 / mx - v["index"]) <= Decimal("0.011") else -0.5
        elif v["total"] == v["index"]:
            score += 0.5
    if kind == "criteria" and "max" in v and "appraised" in v and "deducted" in v:
        score += 2.5 if v["max"] - v["appraised"] == v["deducted"] else -1.0
    for val, mx in (("appraised", "max"), ("self", "max"), ("appraised", "appraised_max"),
                    ("survey", "survey_max"), ("total", "total_max")):
        if val in v and mx in v:
            score += 0.3 if v[val] <= v[mx] else -1.5
    return score


def _assignments(k: int, cand: list[int], skips: int):
    """Increasing choices of a token index (or None) for each of ``k`` numeric columns."""

    def rec(slot: int, after: int, left: int):
        if slot == k:
            yield ()
            return
        for pos, idx in enumerate(cand):
            if idx <= after:
                continue
            for rest in rec(slot + 1, idx, left):
                yield (idx,) + rest
        if left > 0:
            for rest in rec(slot + 1, after, left - 1):
                yield (None,) + rest

    yield from rec(0, -1, skips)


def align(tokens: list[Token], cols: list[Column], kind: str, role: str = "data") -> Alignment:
    """Assign the tokens of one row to the columns (see the module docstring).

    Every way of giving the numeric columns one number each (in order, or none) is scored: how well the
    kind of token fits the column (a pair under "Điểm thẩm định/Điểm tối đa", a percentage under "Chỉ
    số"), whether the row then adds up, and what is left for the text columns. In spaced text a line
    holding no number (a wrapped cell) is placed by the column it stands under.
    """
    after_break: list[Token] = []
    if any(t.kind == BREAK for t in tokens):
        cut = next(i for i, t in enumerate(tokens) if t.kind == BREAK)
        post = [t for t in tokens[cut + 1 :] if t.kind != BREAK]
        if any(t.is_value for t in post):
            tokens = [t for t in tokens if t.kind != BREAK]
        else:
            tokens, after_break = tokens[:cut], post
    # a total or average row has no rank of its own
    slot_cols = [i for i, c in enumerate(cols) if c.numeric and (role == "data" or c.type != "rank")]
    text_cols = [i for i, c in enumerate(cols) if not c.numeric]
    by_position = bool(text_cols) and all(cols[i].start >= 0 for i in text_cols)
    k = len(slot_cols)
    cand = [i for i, t in enumerate(tokens) if t.is_value][: k + 6]  # the row's numbers come first
    skips = max(0, k - len(cand)) + 1

    def place(choice: tuple, full: bool = True) -> tuple[dict[int, list[Token]], list[Token], float]:
        """Where the tokens left over go: per text column, the stray ones, and the cost."""
        chosen = {idx for idx in choice if idx is not None}
        value_lines = {tokens[idx].line for idx in chosen}
        assigned = [(idx, slot_cols[s]) for s, idx in enumerate(choice) if idx is not None]
        gaps: dict[tuple[int, int], list[Token]] = {}
        free: list[Token] = []
        stray: list[Token] = []
        cost = 0.0
        for j, tok in enumerate(tokens):
            if j in chosen:
                continue
            if tok.kind == "unit" and j > 0 and (j - 1 in chosen or tokens[j - 1].kind == "unit"):
                continue
            if by_position and tok.line not in value_lines:
                free.append(tok)
                continue
            lo, hi = -1, len(cols)
            for idx, ci in assigned:
                if idx < j:
                    lo = ci
                elif idx > j:
                    hi = ci
                    break
            if any(lo < ci < hi for ci in text_cols):
                gaps.setdefault((lo, hi), []).append(tok)
                cost += 0.4 if tok.is_value else 0.0
            elif by_position:
                free.append(tok)
                cost += 0.2
            else:
                stray.append(tok)
                cost += 1.5
        parts: dict[int, list[Token]] = {}
        if not full:
            return parts, stray, cost
        for (lo, hi), toks in gaps.items():
            here = [ci for ci in text_cols if lo < ci < hi]
            for n, part in _split_gap(toks, [cols[ci] for ci in here]):
                parts.setdefault(here[n], []).extend(part)
        for tok in free:
            x = (tok.cell_col or tok.col) - 1
            ci = min(text_cols, key=lambda c: _distance(cols[c], x))
            parts.setdefault(ci, []).append(tok)
        for ci in parts:
            parts[ci].sort(key=lambda t: (t.line, t.col))
        return parts, stray, cost

    # prefix counts for a quick cost of what is left over (spaced rows use place(), they are short)
    n = len(tokens)
    pv, pt = [0] * (n + 1), [0] * (n + 1)
    for j, tok in enumerate(tokens):
        pv[j + 1] = pv[j] + tok.is_value
        pt[j + 1] = pt[j] + (not tok.is_value and tok.kind != "unit")

    def quick_cost(choice: tuple) -> float:
        assigned = [(idx, slot_cols[s]) for s, idx in enumerate(choice) if idx is not None]
        cost = 0.0
        prev_idx, prev_ci = -1, -1
        for idx, ci in assigned + [(n, len(cols))]:
            start, stop = prev_idx + 1, idx
            if stop > start:
                nv, nt = pv[stop] - pv[start], pt[stop] - pt[start]
                if any(prev_ci < c < ci for c in text_cols):
                    cost += 0.4 * nv
                else:
                    cost += 1.5 * (nv + nt)
            prev_idx, prev_ci = idx, ci
        return cost

    # "Phường 1", "Xã 3", "mức độ 3": a number right after such a word belongs to the name
    named = {j for j in cand if j > 0 and is_name_number(tokens[j - 1], tokens[j])}

    best: tuple[float, tuple] | None = None
    values = [j for j, t in enumerate(tokens) if t.is_value and j not in named]  # "mức độ 3" is a name
    if len(values) == k and k and values[-1] - values[0] == k - 1 \
            and all(_fit(cols[slot_cols[s]], tokens[j]) >= 1.5 for s, j in enumerate(values)):
        best = (0.0, tuple(values))  # one number per column, in order, each of its column's kind
    for choice in () if best else _assignments(k, cand, min(skips, k)):
        score = 0.0
        pairs: list[tuple[Column, Token]] = []
        for s, idx in enumerate(choice):
            if idx is None:
                score -= 2.5
            else:
                col = cols[slot_cols[s]]
                score += _fit(col, tokens[idx])
                pairs.append((col, tokens[idx]))
        score -= place(choice, full=False)[2] if by_position else quick_cost(choice)
        score -= 1.5 * sum(1 for idx in choice if idx in named)
        # a row's numbers usually stand together: "mức độ 3" / "3 3 0 3" is a name, then four numbers
        score -= 0.3 * (len({tokens[idx].line for idx in choice if idx is not None}) - 1)
        score += _arith(_quick_values(pairs, kind), kind)
        if best is None or score > best[0] + 1e-9:
            best = (score, choice)
    choice = best[1] if best else tuple([None] * k)
    slots: dict[int, object] = {slot_cols[s]: tokens[idx] for s, idx in enumerate(choice) if idx is not None}
    parts, stray, _ = place(choice)
    slots.update(parts)
    return Alignment(slots, stray, after_break)


def _split_gap(tokens: list[Token], cols: list[Column]) -> list[tuple[int, list[Token]]]:
    """Share the tokens between neighbouring text columns."""
    if len(cols) == 1:
        return [(0, tokens)]
    if all(c.start >= 0 for c in cols):
        # spaced text: each token goes to the column it stands under
        parts: dict[int, list[Token]] = {}
        for t in tokens:
            x = (t.cell_col or t.col) - 1  # the words of one cell stay together
            best = min(range(len(cols)), key=lambda i: _distance(cols[i], x))
            parts.setdefault(best, []).append(t)
        return sorted(parts.items())
    out: list[tuple[int, list[Token]]] = []
    rest = tokens
    first = 0
    if cols[0].field == "class":
        words = fold(" ".join(t.text for t in rest)).split()
        take = 0
        for w in sorted(_CLASS_WORDS, key=len, reverse=True):
            if words[: len(w.split())] == w.split():
                take = len(w.split())
                break
        if take:
            out.append((0, rest[:take]))
            rest = rest[take:]
            first = 1
    last = len(cols) - 1
    if cols[last].field == "class" and last > first:
        # "Phường Hà Cầu Khá": the classification closes the gap
        words = fold(" ".join(t.text for t in rest)).split()
        for w in sorted(_CLASS_WORDS, key=len, reverse=True):
            n = len(w.split())
            if len(words) > n and words[-n:] == w.split():
                return out + [(first, rest[:-n]), (last, rest[-n:])]
        return out + [(first, rest)]
    if cols[last].field == "responsible" and last > first:
        groups = _by_lines(rest)
        split = len(groups)
        for weak in (False, True):
            for g in range(len(groups)):
                if _resp_start(" ".join(t.text for grp in groups[g:] for t in grp), weak):
                    split = g
                    break
            if split < len(groups):
                break
        head = [t for grp in groups[:split] for t in grp]
        tail = [t for grp in groups[split:] for t in grp]
        if head:
            out.append((first, head))
        if tail:
            out.append((last, tail))
        return out
    if rest:
        out.append((first, rest))
    return out


def _distance(col: Column, x: int) -> int:
    if col.start <= x <= col.end:
        return 0
    return min(abs(col.start - x), abs(col.end - x))


_CONNECTORS = {"va", "cua", "cac", "cho", "trong", "voi", "ve", "theo", "tai", "den", "de", "hoac", "nhung",
               "duoc", "la", "co", "tu", "tren", "khi", "da", "o", "thuc", "nhu", "so", "muc", "do", "ty", "le"}


def _append_after_break(row: PasteRow, cols: list[Column], kind: str, text: str) -> None:
    """Text after a page break continues the cell left unfinished (it ends with "và", a comma…)."""
    if not text:
        return
    names = [_text_name(c.field, kind) for c in cols if c.type == "text"]
    present = [n for n in names if isinstance(row.values.get(n), str) and row.values[n]]
    target = None
    for n in present:
        words = fold(str(row.values[n])).split()
        if words and (words[-1] in _CONNECTORS or str(row.values[n]).rstrip()[-1:] in ",;:-"):
            target = n
            break
    if target is None:
        target = "name" if "name" in names else (present[-1] if present else (names[0] if names else None))
    if target is None:
        return
    old = row.values.get(target)
    row.values[target] = f"{old} {text}".strip() if isinstance(old, str) else text


# ------------------------------------------------------------------------------------ tab / grid


def _tab_tables(items: list[TabRow | Line], lines: list[Line], override: Override | None) -> list[Parsed]:
    grid = [_grid_row_from_tab(x) if isinstance(x, TabRow) else x for x in items]

    def preamble(start: int, first_line: int) -> list[Line]:
        if start == 0:
            return [ln for ln in lines if ln.no < first_line]
        last = grid[start - 1]
        after = last.end_line if isinstance(last, GridRow) else last.no
        return [ln for ln in lines if after < ln.no < first_line]

    return _grid_tables(grid, "tab", preamble, override)


def _grid_tables(grid: list[GridRow | Line], layout: str, preamble: Callable[[int, int], list[Line]],
                 override: Override | None) -> list[Parsed]:
    """Every table of a grid: its header row(s), the column map, and its rows."""
    out: list[Parsed] = []
    i = 0
    prev_end = 0
    while i < len(grid):
        it = grid[i]
        if not isinstance(it, GridRow):
            i += 1
            continue
        cols = classify_header_cells(it.texts())
        if override is not None and _all_text(it):
            cols = [_overridden(c, k, t, override) for k, (c, t) in enumerate(zip(cols, it.texts()))]
        real = [c for c in cols if c is not None]
        if real and not header_ok(real, 1.0, 0) and _all_text(it):  # the data may name what the header does not
            body = [g for g in grid[i + 1 : i + 80] if isinstance(g, GridRow)]
            real = [c for c in map_columns(list(cols), it.texts(), body, override, it.line)[0] if c is not None]
        if not real or not header_ok(real, 1.0, 0):
            i += 1
            continue
        # a second header row (merged "Điểm" over "Tối đa / Tự đánh giá / Thẩm định")
        hdr = [it.texts()]
        j = i + 1
        while j < len(grid) and isinstance(grid[j], GridRow) and _grid_header_continues(grid[j], layout):
            hdr.append(grid[j].texts())  # type: ignore[union-attr]
            j += 1
        headers = _merged_texts(hdr) if len(hdr) > 1 else hdr[0]
        if len(hdr) > 1:
            cols = classify_header_cells(headers)
        body = [g for g in grid[j : j + 80] if isinstance(g, GridRow)]
        cols, cmap, map_findings = map_columns(cols, headers, body, override, it.line)
        real = [c for c in cols if c is not None]
        last_header = grid[j - 1]
        table = Table(decide_kind(real), layout, real, it.line,
                      last_header.end_line if isinstance(last_header, GridRow) else it.line,
                      header_sig=squash(" ".join(it.texts())), column_map=cmap)
        parsed, used = _read_grid(grid[j:], table, preamble(prev_end, it.line), tab_text=layout == "tab")
        parsed.findings[:0] = map_findings
        out.append(parsed)
        i = j + max(used, 1)
        prev_end = i
    return out


def _all_text(row: GridRow) -> bool:
    cells = [v for v in row.values if not is_blank(v)]
    return len(cells) >= 2 and all(isinstance(v, str) and classify(re.sub(r"\s+", "", v)) == "text" for v in cells)


def _overridden(col: Column | None, k: int, header: str, override: Override) -> Column | None:
    given, fld = override.field_for(k + 1, header)
    if not given:
        return col
    return None if fld is None else Column(fld, index=k, header=header)


def map_columns(cols: list[Column | None], headers: list[str], body: list[GridRow], override: Override | None,
                line: int) -> tuple[list[Column | None], list[dict[str, object]], list[Finding]]:
    """The role of every column (header, data or user), with a finding for each column left unread."""
    width = max([len(cols), len(headers)] + [len(r.values) for r in body])
    cols = list(cols) + [None] * (width - len(cols))
    headers = list(headers) + [""] * (width - len(headers))
    fields = {c.field for c in cols if c is not None}
    seen: set[str] = set()
    cmap: list[dict[str, object]] = []
    findings: list[Finding] = []
    for k in range(width):
        values = [r.values[k] for r in body if k < len(r.values)]
        source = "header"
        given, fld = override.field_for(k + 1, headers[k]) if override is not None else (False, None)
        if given:
            source = "override"
            cols[k] = None if fld is None else Column(fld, index=k, header=headers[k])
            findings.append(paste_finding("paste_columns_override", line, column=k + 1, value=headers[k],
                                          expected=role_of(cols[k]) or "bỏ qua"))
        elif cols[k] is None and any(not is_blank(v) for v in values):
            by_data = type_by_data(values)
            if by_data is None and not fields & {"unit", "name"} and text_column(values):
                by_data = "unit"
            if by_data is not None and by_data not in fields:
                cols[k] = Column(by_data, index=k, header=headers[k])
                fields.add(by_data)
                source = "data"
                findings.append(paste_finding("paste_column_by_data", line, column=k + 1, value=headers[k],
                                              expected=role_of(cols[k])))
            else:
                findings.append(paste_finding("paste_column_unused", line, column=k + 1, value=headers[k]))
        elif cols[k] is None and headers[k]:
            findings.append(paste_finding("paste_column_unused", line, column=k + 1, value=headers[k]))
        if cols[k] is not None and cols[k].field not in READ_FIELDS and source != "override":
            findings.append(paste_finding("paste_column_unused", line, column=k + 1, value=headers[k]))
            cols[k] = None
        elif cols[k] is not None and cols[k].numeric and cols[k].field in seen:
            # "Chỉ số năm 2023", "Chỉ số năm 2022": one value per field, never the last one silently
            findings.append(paste_finding("paste_column_duplicate", line, column=k + 1, value=headers[k],
                                          expected=role_of(cols[k])))
            cols[k] = None
        if cols[k] is not None:
            seen.add(cols[k].field)
        if cols[k] is not None:
            cols[k].index = k
        cmap.append({"column": k + 1, "header": headers[k], "role": role_of(cols[k]), "source": source})
    return cols, cmap, findings


def _header_continues(all_texts: list[str]) -> bool:
    """A second header row: only header words, no code, no number."""
    texts = [t for t in all_texts if t]
    if not texts:
        return False
    if all(re.fullmatch(r"\(?\d{1,2}\)?", t) for t in texts):
        return False
    if any(classify(re.sub(r"\s+", "", t)) in ("num", "pair", "pct", "signed") for t in texts):
        return False
    if code_key(all_texts[0]) is not None or roman_value(all_texts[0]) is not None or block_label(texts[0]):
        return False
    return any(c is not None for c in classify_header_cells(all_texts))


def _merged_texts(rows: list[list[str]]) -> list[str]:
    """Join header rows column by column; a label merged over several columns ("Điểm" over "Tối đa",
    "Tự đánh giá", "Thẩm định") is written in its leftmost cell only, so it is carried to the right."""
    width = max(len(r) for r in rows)
    padded = [r + [""] * (width - len(r)) for r in rows]
    merged: list[str] = []
    for k in range(width):
        parts: list[str] = []
        for ri, r in enumerate(padded):
            t = r[k]
            below = any(padded[x][k] for x in range(ri + 1, len(padded)))
            if not t and below:
                left = next((x for x in range(k - 1, -1, -1) if r[x]), None)
                if left is not None and any(padded[y][left] for y in range(ri + 1, len(padded))):
                    t = r[left]
            if t:
                parts.append(t)
        merged.append(" ".join(parts))
    return merged


@dataclass
class GridRow:
    line: int
    values: list[object]  # cell values; text or numbers
    tab: bool = True
    end_line: int = 0  # last line (a quoted cell may span several)

    def __post_init__(self) -> None:
        self.end_line = self.end_line or self.line

    def texts(self) -> list[str]:
        return ["" if is_blank(v) else str(v).strip() for v in self.values]


def _grid_row_from_tab(row: TabRow) -> GridRow:
    return GridRow(row.line, [c.text for c in row.cells], end_line=row.end_line)


def _read_grid(grid: list[GridRow | Line], table: Table, preamble: list[Line], tab_text: bool) -> tuple[Parsed, int]:
    cols = table.columns
    by_index = {c.index: c for c in cols}
    code_col = next((c for c in cols if c.type == "code"), None)
    name_col = next((c for c in cols if c.field in ("name", "unit")), None)
    header_sq = table.header_sig
    findings: list[Finding] = []
    rows: list[PasteRow] = []
    groups: list[Group] = []
    current_group: str | None = None
    used = 0
    last_data: PasteRow | None = None
    data_codes: list[str] = []
    for pos, item in enumerate(grid):
        used = pos + 1
        if isinstance(item, Line):
            if item.blank:
                continue
            toks = tokenize(item)
            if roman_value(toks[0].text) is not None and len(toks) > 1:
                groups.append(Group(toks[0].text.rstrip("."), " ".join(t.text for t in toks[1:]), item.no))
                current_group = groups[-1].label
                continue
            used = pos
            break
        texts = item.texts()
        nonblank = [(k, t) for k, t in enumerate(texts) if t]
        if not nonblank:
            continue
        if squash(" ".join(texts)) == header_sq:
            findings.append(paste_finding("paste_header_repeated", item.line))
            continue
        if all(re.fullmatch(r"\(?\d{1,2}\)?", t) for _, t in nonblank) and len(nonblank) >= 3:
            continue  # the row of column numbers "(1) (2) (3)"
        code_text = texts[code_col.index] if code_col and code_col.index < len(texts) else ""
        name_text = texts[name_col.index] if name_col and name_col.index < len(texts) else ""
        first_text = nonblank[0][1]
        values_present = any(
            by_index.get(k) is not None and by_index[k].numeric and not is_na(item.values[k])
            and (not isinstance(item.values[k], str) or any(ch.isdigit() for ch in item.values[k]))
            for k, _ in nonblank
        )
        # group heading: "I" in the code column, "I. CHỈ ĐẠO ĐIỀU HÀNH" alone in a cell, or a block of a
        # units table ("Khối sở, ban, ngành", "A. Các huyện") on a row without numbers
        lead = first_text.split()[0] if first_text.split() else ""
        block = not values_present and table.kind == "units" and block_label(" ".join(t for _, t in nonblank))
        if roman_value(code_text) is not None or (len(nonblank) == 1 and roman_value(lead) is not None
                                                  and len(first_text.split()) > 1) or block:
            if block:
                label, gname = block
            elif roman_value(code_text) is not None:
                label, gname = code_text.rstrip("."), name_text
            else:
                label, gname = lead.rstrip("."), first_text[len(lead):].strip()
            groups.append(Group(label, gname, item.line))
            current_group = label
            continue
        role = "data"
        label = ""
        for t in (name_text, code_text, first_text):
            r = is_label_only(t) if t else None
            if r:
                role, label = r, t
                break
        if role == "data" and not code_text and not values_present and last_data is not None:
            # a cell wrapped onto the next row: only text, no code, no number
            for k, t in nonblank:
                col = by_index.get(k)
                if col is not None and col.type == "text":
                    name = _text_name(col.field, table.kind)
                    old = last_data.values.get(name)
                    last_data.values[name] = f"{old} {t}".strip() if isinstance(old, str) else t
            continue
        if not tab_text and role == "data" and not values_present and not code_text and len(nonblank) == 1 \
                and len(first_text) > 50:
            used = pos
            break
        row = PasteRow(item.line, role)
        if role == "data":
            row.group = current_group
        else:
            row.values["label"] = label
        for k, value in enumerate(item.values):
            col = by_index.get(k)
            if col is None and not is_blank(value) and table.column_map and k >= len(table.column_map):
                # a cell beyond every column of the header and of the rows sampled: never dropped silently
                findings.append(paste_finding("paste_row_unplaced", item.line, value=str(value), column=k + 1))
            if col is None or is_blank(value):
                continue
            where = (item.line, k + 1)
            if col.type == "code":
                if role == "data":
                    _set_code(row, col, table.kind, str(value).strip(), where)
                    data_codes.append(str(value).strip())
            elif col.type == "text":
                if role == "data":
                    _set_text(row, col, table.kind, str(value).strip(), where)
            else:
                _set_value(row, col, table, value, where, findings)
        rows.append(row)
        if role == "data":
            last_data = row
    if table.kind == "areas" and data_codes:
        dotted = sum(len(code_key(c) or ()) >= 2 for c in data_codes)
        if dotted >= 0.6 * len(data_codes):
            table.kind = "criteria"
            for r in rows:  # re-read the values under the right names
                _rename_for_criteria(r)
    assign_blocks(rows, groups, table.kind, findings)
    _finish_rows(rows, table, findings)
    return Parsed(table, rows, groups, findings, preamble), used


def _rename_for_criteria(row: PasteRow) -> None:
    for old in ("appraised_max", "survey_max", "total_max"):
        if old in row.values and "max" not in row.values:
            row.values["max"] = row.values.pop(old)
            row.cells["max"] = row.cells.pop(old)
            if old in row.suspect:
                row.suspect["max"] = row.suspect.pop(old)


def read_cells(cells: list[list[object]], override: Override | None = None) -> list[Parsed]:
    """Tables from cells already split into columns (row index + 1 is the line)."""
    grid: list[GridRow | Line] = [GridRow(i + 1, list(r), tab=False) for i, r in enumerate(cells)]

    def preamble(start: int, first_line: int) -> list[Line]:
        return [Line(g.line, " ".join(g.texts())) for g in grid[start:first_line - 1] if isinstance(g, GridRow)]

    return _grid_tables(grid, "cells", preamble, override)


def _grid_header_continues(row: GridRow, layout: str) -> bool:
    if layout == "tab":
        return _header_continues(row.texts())
    if any(not isinstance(v, str) for v in row.values if not is_blank(v)):
        return False
    return _header_continues(row.texts())


# ----------------------------------------------------------------------------------- values


def _text_name(fld: str, kind: str) -> str:
    if fld in ("name", "unit"):
        return "unit" if kind == "units" else "name"
    if fld == "class":
        return "classification"
    if fld == "reason":
        return "reason" if kind == "criteria" else "note"
    if fld == "other":
        return "note"
    return fld


def _set_text(row: PasteRow, col: Column, kind: str, text: str, where: tuple[int, int]) -> None:
    name = _text_name(col.field, kind)
    old = row.values.get(name)
    row.values[name] = f"{old} {text}".strip() if isinstance(old, str) and old else text
    row.cells.setdefault(name, where)


def _set_code(row: PasteRow, col: Column, kind: str, text: str, where: tuple[int, int]) -> None:
    text = text.strip()
    if col.field == "rank":
        m = _RANK_RE.match(text)
        if m:
            _put(row, "rank", int(m.group(1)), where)
            if m.group(2):
                _put(row, "rank_of", int(m.group(2)), where)
        return
    key = code_key(text)
    if col.field == "serial" and kind in ("units", "criteria") and key and len(key) == 1:
        row.values["stt"] = key[0]
        row.cells["stt"] = where
        return
    row.values["code"] = text.rstrip(".") if key else text
    row.cells["code"] = where


_CHANGE_RE = re.compile(r"^\s*([+-]?)\s*(\d+(?:[.,]\d+)?|[.,]\d+)\s*(?:điểm|đ)?\.?\s*(.*)$", re.IGNORECASE | re.DOTALL)
_PREV_RE = re.compile(r"đạt\s+(\d+(?:[.,]\d+)?)", re.IGNORECASE)
_RANK_RE = re.compile(r"^\D*?(\d{1,4})\s*(?:/\s*(\d{1,4}))?\s*\D*$")


def _value_name(fld: str, table: Table) -> str:
    if fld == "max" and table.kind != "criteria":
        fields = {c.field for c in table.columns}
        return "total_max" if "total" in fields else "appraised_max"
    return fld


def _set_value(row: PasteRow, col: Column, table: Table, value: object, where: tuple[int, int],
               findings: list[Finding]) -> None:
    kind = table.kind
    line = where[0]
    if isinstance(value, str):
        raw = value.strip()
        if not raw or is_na(raw):
            return
        text = raw.replace("−", "-").replace("–", "-")
    else:
        raw, text = str(value), None
    try:
        if col.type == "score":
            name = _value_name(col.field, table)
            if text is not None:
                compact = re.sub(r"\s+", "", text)
                compact = re.sub(r"(?i)(điểm|đ)\.?$", "", compact)
                if "/" in compact:
                    left, _, right = compact.partition("/")
                    a, b = parse_number(left), parse_number(right)
                    if a is None or b is None:
                        raise NumberError(raw)
                    maxname = _max_name(col.field, kind)
                    _put(row, name, a, where)
                    if maxname not in row.values:
                        _put(row, maxname, b, where)
                    if right.startswith((".", ",")):
                        row.suspect[maxname] = right
                    if left.startswith((".", ",")):
                        row.suspect[name] = left
                else:
                    v = parse_number(compact)
                    if v is None:
                        return
                    _put(row, name, v, where)
                    if compact.startswith((".", ",")):
                        row.suspect[name] = compact
            else:
                v = parse_number(value)
                if v is not None:
                    _put(row, name, v, where)
        elif col.type == "pct":
            v = parse_percent(re.sub(r"\s+", "", text) if text is not None else value)
            if v is not None:
                if text is None and v != v.to_integral_value():
                    v = v.normalize()  # 0.9218 from a %-formatted cell is 92.18, not 92.1800
                elif text is None:
                    v = v.quantize(Decimal(1))
                _put(row, "index_pct", v, where)
        elif col.type == "rank":
            if text is None:
                v = parse_number(value)
                if v is not None:
                    _put(row, "rank", int(v), where)
                return
            m = _RANK_RE.match(text)
            if not m:
                raise NumberError(raw)
            _put(row, "rank", int(m.group(1)), where)
            if m.group(2):
                _put(row, "rank_of", int(m.group(2)), where)
        elif col.type == "change":
            if text is None:
                v = parse_number(value)
                if v is not None:
                    _put(row, "change", v, where)
                return
            m = _CHANGE_RE.match(text)
            if not m:
                raise NumberError(raw)
            v = parse_number(m.group(2))
            assert v is not None
            _put(row, "change", -v if m.group(1) == "-" else v, where)
            rest = m.group(3).strip()
            if rest:
                prev = _PREV_RE.search(rest)
                if prev:
                    _put(row, "previous", parse_number(prev.group(1)), where)
                row.values["change_note"] = rest
    except (NumberError, InvalidOperation, ValueError):
        findings.append(paste_finding("paste_unreadable", line, value=raw,
                                      column=_COLUMN_LABELS.get(col.field, col.field)))


def _put(row: PasteRow, name: str, value: object, where: tuple[int, int]) -> None:
    row.values[name] = value
    row.cells[name] = where


_COLUMN_LABELS = {
    "appraised": "Điểm thẩm định", "survey": "Điểm ĐTXHH", "total": "Tổng điểm", "max": "Điểm tối đa",
    "self": "Điểm tự đánh giá", "deducted": "Số điểm bị trừ", "index": "Chỉ số (%)", "rank": "Xếp hạng",
    "change": "Tăng/giảm",
}


# ---------------------------------------------------------------------------------- finishing

_SURVEY_NAME = re.compile(r"dieu tra xa hoi hoc|dtxhh|\bxhh\b|khao sat|sipas|hai long")
_DOTTED_NAME = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(\S.*)$", re.DOTALL)


def assign_blocks(rows: list[PasteRow], groups: list[Group], kind: str, findings: list[Finding]) -> None:
    """Units tables in blocks ("I. Khối sở, ban, ngành", "Khối huyện", "A."), or whose numbering or ranks
    restart at 1: every unit keeps its block, and ranks and averages are checked within it."""
    if kind != "units":
        return
    names = {g.label: (f"{g.label}. {g.name}" if g.name and g.name != g.label else g.label) for g in groups}
    lines = {g.label: g.line for g in groups}
    block: str | None = None
    count = 0
    prev: PasteRow | None = None
    by_rank = True  # the block so far is listed in rank order from 1: a rank 1 then opens the next block
    for row in rows:
        if row.role != "data":
            continue
        heading = names.get(row.group) if row.group else None
        rank, prev_rank = row.values.get("rank"), prev.values.get("rank") if prev else None
        restart = prev is not None and prev.group == row.group and (
            (row.values.get("stt") == 1 and isinstance(prev.values.get("stt"), int) and prev.values["stt"] > 1)
            or ("stt" not in row.values and by_rank and rank == 1 and isinstance(prev_rank, int) and prev_rank > 1))
        if (isinstance(rank, int) and isinstance(prev_rank, int) and rank < prev_rank and not restart) \
                or (prev is None and rank != 1):
            by_rank = False
        if heading is not None and heading != block and (prev is None or prev.group != row.group):
            block = heading
            count += 1
            by_rank = rank == 1
            findings.append(paste_finding("paste_block", lines.get(row.group or "", row.line), value=block))
        elif restart:
            if block is None:  # the rows before the first restart are the first block
                count = 1
                for earlier in rows:
                    if earlier is row:
                        break
                    if earlier.role == "data":
                        earlier.values["block"] = "1"
            count += 1
            block = f"{count}"
            by_rank = True
            findings.append(paste_finding("paste_block", row.line, value=block))
        if block is not None:
            row.values["block"] = block
        prev = row
    if count == 1 and not groups:
        for row in rows:
            row.values.pop("block", None)


def _finish_rows(rows: list[PasteRow], table: Table, findings: list[Finding]) -> None:
    kind = table.kind
    fields = {c.field for c in table.columns}
    one_score = kind == "areas" and fields & set(SCORE_FIELDS) == {"appraised"}
    has_survey_row = False
    for row in rows:
        name = row.values.get("name")
        # "1.6. Sáng kiến…": the criterion code opens the name when the first column is a serial number
        if isinstance(name, str) and kind == "criteria" and "code" not in row.values:
            m = _DOTTED_NAME.match(name)
            if m:
                row.values["code"] = m.group(1)
                row.values["name"] = m.group(2).strip()
                row.cells["code"] = row.cells.get("name", (row.line, 0))
        if one_score and row.role == "data" and isinstance(name, str) and _SURVEY_NAME.search(fold(name)):
            for a, b in (("appraised", "survey"), ("appraised_max", "survey_max")):
                if a in row.values:
                    row.values[b] = row.values.pop(a)
                    row.cells[b] = row.cells.pop(a)
                    if a in row.suspect:
                        row.suspect[b] = row.suspect.pop(a)
            has_survey_row = True
    if one_score and has_survey_row:
        for row in rows:
            if row.role == "total":
                for a, b in (("appraised", "total"), ("appraised_max", "total_max")):
                    if a in row.values:
                        row.values[b] = row.values.pop(a)
                        row.cells[b] = row.cells.pop(a)
    for row in rows:
        findings.extend(_repair_lost_digits(row, kind))


def _expected(row: PasteRow, name: str, kind: str) -> Decimal | None:
    v = row.num
    if kind == "criteria":
        rel = {"max": ("appraised", "deducted", 1), "appraised": ("max", "deducted", -1),
               "deducted": ("max", "appraised", -1)}
        if name in rel:
            a, b, sign = rel[name]
            if v(a) is not None and v(b) is not None:
                return v(a) + v(b) if sign > 0 else v(a) - v(b)
        return None
    for suffix in ("", "_max"):
        a, s, t = f"appraised{suffix}", f"survey{suffix}", f"total{suffix}"
        if name == t and v(a) is not None and v(s) is not None:
            return v(a) + v(s)
        if name == s and v(t) is not None and v(a) is not None:
            return v(t) - v(a)
        if name == a and v(t) is not None and v(s) is not None:
            return v(t) - v(s)
    return None


def _repair_lost_digits(row: PasteRow, kind: str) -> list[Finding]:
    """".275" where the row makes 2.75 the only sensible reading: use 2.75 and say so."""
    out: list[Finding] = []
    for name, raw in list(row.suspect.items()):
        current = row.num(name)
        if current is None:
            continue
        digits = raw.lstrip(".,")
        if not digits.isdigit():
            continue
        cands = [Decimal(digits[:k] + "." + digits[k:]) for k in range(1, len(digits))] + [Decimal(digits)]
        choice: Decimal | None = None
        expected = _expected(row, name, kind)
        if expected is not None:
            if expected == current:
                continue
            if expected in cands:
                choice = expected
        elif name.endswith("max") or name == "max":
            partner = row.num(name[: -len("_max")] if name.endswith("_max") else "appraised")
            if partner is not None and current < partner:
                fits = [c for c in cands if c >= partner]
                choice = min(fits) if fits else None
        if choice is not None:
            row.values[name] = choice
            out.append(paste_finding("paste_lost_digit", row.at(name), value=raw, expected=choice))
    return out


__all__ = [
    "Column",
    "Group",
    "Parsed",
    "PasteRow",
    "Table",
    "align",
    "classify_header_cells",
    "decide_kind",
    "find_text_tables",
    "paste_finding",
    "read_cells",
    "scan_header",
]
