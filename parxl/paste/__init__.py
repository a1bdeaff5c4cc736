"""Reading a results table pasted from a PDF, a Word file, a web page or Excel, and checking its figures.

Pure library: text (or cells) in, plain data out; nothing here touches files.

    >>> result = parse_paste("TT\\tNội dung\\tĐiểm thẩm định/Điểm tối đa\\n1\\tChỉ đạo điều hành\\t18/20\\n")
    >>> result.kind, result.rows[0]["appraised"], result.rows[0]["appraised_max"]
    ('areas', Decimal('18'), Decimal('20'))

``parse_paste(text)`` returns a :class:`PasteResult`:

* ``kind``: ``"areas"`` (one unit's result per area), ``"units"`` (many units of a district) or
  ``"criteria"`` (criterion-level deductions); ``"unknown"`` with a ``paste_no_table`` finding when no
  table header is recognised.
* ``rows``: one dict per row, with only the fields present: ``stt`` (serial number), ``code``, ``name``
  or ``unit``, ``appraised``, ``appraised_max``, ``survey``, ``survey_max``, ``total``, ``total_max``,
  ``index_pct``, ``change`` (and ``previous``/``change_note`` from "+ 7 điểm (Năm 2022 đạt 88,06
  điểm)"), ``rank``, ``rank_of`` ("02/17" → 2 of 17), ``classification``, ``max``, ``self``,
  ``deducted``, ``reason``, ``responsible``, ``note``; always ``line`` (the 1-based line where the row
  starts) and ``cells`` (field → ``[line, column]`` where the value was read: the character column in
  text, the cell column in tab-separated text and in cells). Numbers are ``Decimal``; ``stt``, ``rank``
  and ``rank_of`` are ``int``.
* Totals and averages are rows too, flagged ``"role": "total"`` / ``"role": "average"`` (data rows have
  no ``role``); their ``label`` ("CHỈ SỐ CCHC", "Tổng cộng", "Trung bình") is kept apart from names.
* Group headings (Roman numerals, "I. CHỈ ĐẠO ĐIỀU HÀNH") are *not* rows: each data row that follows one
  carries ``"group": "I"``, and ``result.groups`` lists ``{"group", "name", "line"}``.
* Units tables in blocks ("I. Khối sở, ban, ngành", "Khối …", "A.", or numbering / ranks restarting at 1)
  give each unit its ``block`` ("I. Khối sở, ban, ngành", or "1", "2" … for blocks without a heading);
  ranks and averages are checked within each block, and excerpts (top-N, "4/141") only for their order.
* ``findings``: reading problems (a digit lost in ".275", a number cut by a line break, a repeated header)
  and every inconsistency of the figures (see :mod:`parxl.paste.reconcile`), each with ``line`` set.

``to_json()`` gives ``{"kind", "rows", "findings", "groups", "columns", "columns_override"}`` with JSON
numbers; ``columns`` is the column map: one ``{"column", "header", "role", "source"}`` per column
(``role`` None and a ``paste_column_unused`` finding for a column parxl does not read; ``source`` is
"header", "data" or "override"). ``understood`` is False when anything was not read or is wrong.

When the text holds several tables (a whole report section), :func:`parse_tables` returns them all and
checks a criteria table against an areas table (deductions per area); :func:`parse_paste` returns the one
with the most rows and carries those cross findings too. :func:`cross_check` does the same for two tables
pasted separately (their lines then refer to their own texts).

Modules, as the data flows: lines (lex) → header (through :mod:`parxl.vocab`) → columns (the column map)
→ grid (cells) or stream + segment + align (PDF text) → values (each value in its row) → reconcile (the checks);
every share and weight the reading turns on is in :mod:`parxl.paste.weights`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from parxl.findings import Finding
from parxl.numbers import Rounding, is_blank, to_json_number
from parxl.paste import reconcile as _rec
from parxl.paste.columns import ROLE_ALIASES, Override, OverrideError, override_in_line, parse_override
from parxl.paste.grid import read_cells
from parxl.paste.lines import VALUE_KINDS, Line, classify, code_key, split_lines
from parxl.paste.model import ROW_FIELDS, Parsed, PasteRow, paste_finding
from parxl.paste.stream import find_text_tables


@dataclass
class PasteResult:
    kind: str
    rows: list[dict[str, object]]
    findings: list[Finding]
    groups: list[dict[str, object]] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # the header's columns, in order
    column_map: list[dict[str, object]] = field(default_factory=list)  # {column, header, role, source}
    override: str = ""  # the user's column map, as given
    layout: str = ""  # "tab" | "spaced" | "wrapped" | "cells"
    header_line: int | None = None
    others: list[PasteResult] = field(default_factory=list, repr=False)  # other tables in the same text
    _parsed: Parsed | None = field(default=None, repr=False, compare=False)

    @property
    def data_rows(self) -> list[dict[str, object]]:
        return [r for r in self.rows if "role" not in r]

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "rows": [{k: to_json_number(v) if isinstance(v, Decimal) else v for k, v in r.items()} for r in self.rows],
            "findings": [{"code": f.code, "severity": f.severity.value, "line": f.line, "message": f.message}
                         for f in self.findings],
            "groups": [dict(g) for g in self.groups],
            "columns": [dict(c) for c in self.column_map],
            "columns_override": self.override,
        }

    @property
    def understood(self) -> bool:
        """False when anything was not read (a column, a cell, a row) or any figure is wrong; in PDF text, also when
        a row lacks a figure every other row has (its cells' bounds were guessed: the figure may stand elsewhere)."""
        doubts = NOT_UNDERSTOOD | (DOUBTS_IN_TEXT if self.layout in ("spaced", "wrapped") else frozenset())
        return not any(f.severity.value == "error" or f.code in doubts for f in self.findings)


def _row_dict(row: PasteRow) -> dict[str, object]:
    d: dict[str, object] = {"line": row.line}
    if row.role != "data":
        d["role"] = row.role
    if row.group is not None:
        d["group"] = row.group
    for k in (*ROW_FIELDS, *row.values):  # the usual order, then anything else
        if k not in d and (v := row.values.get(k)) is not None and v != "":
            d[k] = v
    d["cells"] = {k: [ln, col] for k, (ln, col) in row.cells.items() if k in d}
    return d


# findings that say parxl did not understand part of the paste: `paste` exits 1 on them
NOT_UNDERSTOOD = frozenset({
    "paste_no_table", "paste_no_rows", "paste_unreadable", "paste_stray_text", "paste_column_unused",
    "paste_row_unplaced", "paste_columns_bad", "paste_row_without_values", "paste_rows_after_end",
    "paste_line_skipped", "paste_serial_repeated", "paste_row_figure_guessed", "paste_columns_joined",
    "paste_code_repeated", "paste_row_without_name", "paste_table_split", "paste_rows_before_header",
    # repairs and doubts: parxl read something, but by a guess the user must confirm
    "paste_wrapped_number", "paste_lost_digit", "paste_column_conflict", "paste_column_duplicate",
    "paste_column_other_year", "paste_figure_outlier", "paste_figure_outlier_high", "paste_page_numbers_close",
    "paste_column_empty", "paste_label_in_name", "paste_cell_either_row", "paste_page_number_amid_row",
    "paste_number_in_text", "paste_number_opens_row", "paste_unit_kind_only", "paste_names_joined",
})
DOUBTS_IN_TEXT = frozenset({"paste_row_missing_figure"})  # in tab text or cells, a blank cell is seen as one


def _rows_after_end(words: dict[int, list[str]], parsed: list[Parsed]) -> None:
    """A line after a table's last row, before the next table, that goes on with the table's numbering and
    holds a figure ("9 Phường 4 …" after row 8) is a row parxl did not read: said at its line, never dropped.
    ``words``: the words (or cells) of each non-blank line, by line number."""
    for k, p in enumerate(parsed):
        serials = [v for r in p.rows if r.role == "data" and isinstance(v := r.values.get("stt"), int)]
        if not serials or any(f.code == "paste_rows_after_end" for f in p.findings):
            continue
        end = max(max((at for at, _ in r.cells.values()), default=r.line) for r in p.rows)
        stop = parsed[k + 1].table.header_first if k + 1 < len(parsed) else max(words) + 1
        after = [no for no in sorted(words) if end < no < stop]
        # the next number, or 1 in a table of blocks (a block left after the end restarts the numbering)
        following = {str(serials[-1] + 1)} | ({"1"} if any("block" in r.values for r in p.rows) else set())
        for n, no in enumerate(after):
            if words[no][0].rstrip(".") not in following:
                continue
            window = words[no][1:] + [w for later in after[n + 1 : n + 4] for w in words[later]]
            if any(classify(w) in VALUE_KINDS for w in window):
                p.findings.append(paste_finding("paste_rows_after_end", no, value=" ".join(words[no])[:60],
                                                expected=end))
            break


def _rows_before_header(words: dict[int, list[str]], parsed: list[Parsed]) -> None:
    """Lines before the first table's header that read like its rows (a number first, figures after: "1 Phường A
    88,5"): rows of a table whose header parxl did not recognise, said at the first of them, never dropped."""
    if not parsed:
        return
    first = parsed[0]

    def row_like(ws: list[str]) -> bool:  # a number first; a figure with decimals, a pair, a percentage, or last
        return len(ws) >= 3 and code_key(ws[0]) is not None and (classify(ws[-1]) in VALUE_KINDS or any(
            classify(w) in VALUE_KINDS and any(c in w for c in ",.%/") for w in ws[1:]))

    rows = [no for no, ws in sorted(words.items()) if no < first.table.header_first and row_like(ws)]
    if len(rows) >= 2:
        first.findings.append(paste_finding("paste_rows_before_header", rows[0], value=" ".join(words[rows[0]])[:60],
                                            expected=first.table.header_first))


def _results(read: Callable[[Override | None], list[Parsed]], words: dict[int, list[str]], columns: str | None,
             found: str | None, rounding: Rounding, places: int) -> list[PasteResult]:
    """The tables ``read`` with the user's column map (``--columns``), else one written in the paste ("Cột: 1=rank,
    …"), each reconciled; a criteria table is also checked against the areas table before it (else the first).
    ``words`` are the words of each line, to find rows left after a table's end."""
    override, bad = None, []
    if columns or found:
        try:
            override = parse_override(columns or found or "")
        except OverrideError as e:
            bad = [paste_finding("paste_columns_bad", None, value=str(e) or columns or found,
                                 expected=", ".join(k for k in ROLE_ALIASES if k.isascii() and len(k) > 2))]
    parsed = read(override)
    _rows_after_end(words, parsed)
    _rows_before_header(words, parsed)
    areas = [p for p in parsed if p.table.kind == "areas"]
    results = []
    for p in parsed:
        t = p.table
        before = [a for a in areas if a.table.header_first < t.header_first] or areas
        cross = _rec.cross_check(before[-1], p) if t.kind == "criteria" and areas else []
        results.append(PasteResult(
            kind=t.kind,
            rows=[_row_dict(r) for r in p.rows],
            findings=sorted(p.findings + _rec.reconcile(p, rounding, places) + cross, key=lambda f: f.line or 0),
            groups=[{"group": g.label, "name": g.name, "line": g.line} for g in p.groups],
            columns=[c.field for c in t.columns],
            column_map=t.column_map,
            override=override.text if override else "",
            layout=t.layout,
            header_line=t.header_first,
            _parsed=p,
        ))
    if bad and results:
        results[0].findings[:0] = bad
    elif bad:
        results.append(PasteResult("unknown", [], bad + [paste_finding("paste_no_table", None)]))
    return results


def _take_override(rows: list[list[object]]) -> str | None:
    """The column map written in the paste itself (the last "Cột: …" row); its rows are emptied."""
    found = None
    for k, r in enumerate(rows):
        if spec := override_in_line(" ".join(str(v).strip() for v in r if not is_blank(v))):
            found = spec
            rows[k] = [None] * len(r)
    return found


def parse_tables(text: str, *, rounding: Rounding = Rounding.HALF_UP, places: int = 2,
                 columns: str | None = None) -> list[PasteResult]:
    """Every table found in ``text``, in order, each reconciled (and criteria checked against areas).

    ``columns`` overrides the column map (``"1=rank,2=unit,5=total"``, see :mod:`parxl.paste.columns`);
    a line "Cột: …" in the text does the same.
    """
    lines = split_lines(text)
    rows: list[list[object]] = [[ln.text] for ln in lines]
    found = _take_override(rows)
    lines = [ln if r[0] is not None else Line(ln.no, "") for ln, r in zip(lines, rows)]
    words = {ln.no: ln.text.split() for ln in lines if not ln.blank}
    return _results(lambda override: find_text_tables(lines, override), words, columns, found, rounding, places)


def _primary(results: list[PasteResult]) -> PasteResult:
    """The table with the most rows, carrying the cross findings of the others and a note naming each."""
    if not results:
        return PasteResult("unknown", [], [paste_finding("paste_no_table", None)])
    best = max(results, key=lambda r: (len(r.data_rows), -results.index(r)))
    best.others = [r for r in results if r is not best]
    cross_codes = ("paste_area_deductions_mismatch", "paste_deductions_total_mismatch")
    best.findings.extend(f for other in best.others for f in other.findings if f.code in cross_codes)
    # the tables not returned are named, so that none is passed over silently; one with the same header is the
    # same table cut by a page break that was not joined: its rows are missing, said louder
    headers = [c["header"] for c in best.column_map]
    best.findings.extend(paste_finding("paste_table_split" if [c["header"] for c in other.column_map] == headers
                                       else "paste_other_table", other.header_line, value=len(other.data_rows),
                                       expected=best.header_line) for other in best.others)
    best.findings.sort(key=lambda f: (f.line or 0))
    return best


def parse_paste(text: str, *, rounding: Rounding = Rounding.HALF_UP, places: int = 2,
                columns: str | None = None) -> PasteResult:
    """Read and reconcile a pasted table (the one with most rows, when the text holds several)."""
    return _primary(parse_tables(text, rounding=rounding, places=places, columns=columns))


def parse_cells(cells: list[list[object]], *, rounding: Rounding = Rounding.HALF_UP, places: int = 2,
                columns: str | None = None) -> PasteResult:
    """The same from cells pasted into a sheet: row index + 1 is the line, the cell index + 1 the column.

    When only the first column holds anything (the officer pasted raw text into column A), its lines are
    read as text.
    """
    rows = [list(r) for r in cells]
    found = _take_override(rows)
    if all(all(v is None or (isinstance(v, str) and not v.strip()) for v in r[1:]) for r in rows):
        text = "\n".join("" if not r or r[0] is None else str(r[0]).replace("\n", " ") for r in rows)
        return parse_paste(text, rounding=rounding, places=places, columns=columns or found)
    words = {no: texts for no, r in enumerate(rows, 1) if (texts := [str(v).strip() for v in r if not is_blank(v)])}
    return _primary(_results(lambda override: read_cells(rows, override), words, columns, found, rounding, places))


def cross_check(areas: PasteResult, criteria: PasteResult) -> list[Finding]:
    """Deductions of a criteria table against the points each area lost in an areas table."""
    if areas._parsed is None or criteria._parsed is None:
        return []
    return _rec.cross_check(areas._parsed, criteria._parsed)


__all__ = ["PasteResult", "Rounding", "cross_check", "parse_cells", "parse_paste", "parse_tables"]
