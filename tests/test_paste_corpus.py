"""The corpus of published results tables (tests/data/paste/corpus), in five renderings each.

Every table is written once as cells ("a | b | c"); the test renders it as tab-separated text (Excel, Word,
web), space-aligned text (a PDF viewer's layout mode), PDF-copied text (single spaces, the header and long
names wrapped over lines), PDF text with every cell on its own line, and a narrow PDF column (header words
cut anywhere, rows wrapped at 18 characters); it parses each rendering and
compares with ``expected.json``, whose values were typed by hand from the source: every number, rank,
block and every warning or error, at its row. A few renderings parxl cannot read are listed in
``expected.json`` under ``not_read``: for those the test asserts that parxl says so (``understood`` is
False), never that it reads them.

Then what a copy does to a table: a page number, a note, or a row twice between two rows; the figures must
come out the same, with a note or a warning at the line.
"""

from __future__ import annotations

import json
import re
import textwrap
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parxl.findings import Severity
from parxl.numbers import fold
from parxl.paste import PasteResult, parse_cells, parse_paste

CORPUS = Path(__file__).parent / "data" / "paste" / "corpus"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
LAYOUTS = ("tab", "spaced", "wrapped", "lines", "narrow")


@dataclass
class Source:
    meta: dict[str, str]
    preamble: list[str]
    header: list[str]
    rows: list[list[str]]


def load(name: str) -> Source:
    meta: dict[str, str] = {}
    preamble: list[str] = []
    table: list[list[str]] = []
    for line in (CORPUS / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            key, _, value = line[2:].partition(":")
            meta[key.strip()] = value.strip()
        elif line.startswith("> "):
            preamble.append(line[2:])
        elif line.strip():
            table.append([c.strip() for c in line.split("|")])
    return Source(meta, preamble, table[0], table[1:])


@dataclass
class Rendered:
    text: str
    header_line: int
    row_lines: list[int]  # line where each body row starts


def _wrap_row(cells: list[str]) -> list[str]:
    """PDF-copied row: cells separated by single spaces; a long name is cut after its second word."""
    cells = [c for c in cells if c]
    if len(cells) == 1:  # a block heading stays on its line
        return cells
    for k, c in enumerate(cells):
        words = c.split()
        if len(c) > 18 and len(words) > 2 and not any(ch.isdigit() for ch in c):
            head = " ".join(cells[:k] + words[:2])
            tail = " ".join(words[2:] + cells[k + 1 :])
            return [head, tail]
    return [" ".join(cells)]


def render(src: Source, layout: str) -> Rendered:
    lines = list(src.preamble)
    if layout == "tab":
        lines.append("\t".join(src.header))
        header_line = len(lines)
        starts = []
        for r in src.rows:
            lines.append("\t".join(r))
            starts.append(len(lines))
    elif layout == "spaced":
        width = len(src.header)
        table = [src.header] + [r + [""] * (width - len(r)) for r in src.rows]
        widths = [max(len(r[k]) for r in table) for k in range(width)]
        out = ["   ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in table]
        lines.append(out[0])
        header_line = len(lines)
        starts = []
        for r in out[1:]:
            lines.append(r)
            starts.append(len(lines))
    elif layout == "narrow":  # a narrow PDF column: header words cut anywhere, rows wrapped at 18 characters
        header_line = len(lines) + 1
        lines += textwrap.wrap(" ".join(src.header), 14, break_long_words=True)
        starts = []
        for r in src.rows:
            starts.append(len(lines) + 1)
            lines += textwrap.wrap(" ".join(c for c in r if c), 18)
    elif layout == "lines":  # a PDF viewer that copies every cell on its own line (seed000's decision)
        header_line = len(lines) + 1
        lines += src.header
        starts = []
        for r in src.rows:
            starts.append(len(lines) + 1)
            lines += [c for c in r if c]
    else:
        header_line = len(lines) + 1
        lines += textwrap.wrap(" ".join(src.header), 40, break_long_words=False)
        starts = []
        for r in src.rows:
            starts.append(len(lines) + 1)
            lines += _wrap_row(r)
    return Rendered("\n".join(lines) + "\n", header_line, starts)


NUMBERS = {"appraised", "survey", "total", "max", "self", "deducted", "appraised_max", "survey_max", "total_max",
           "index_pct", "change"}


def _value(field: str, v: object) -> object:
    return Decimal(v) if field in NUMBERS and isinstance(v, str) else v


def assert_figures(result: PasteResult, exp: dict) -> None:
    """The data rows hold the expected values, field by field, in order."""
    fields = exp["fields"]
    assert [[r.get(f) for f in fields] for r in result.data_rows] == [
        [_value(f, v) for f, v in zip(fields, row)] for row in exp["rows"]]


CASES = [(name, layout) for name in sorted(EXPECTED) for layout in LAYOUTS]


@pytest.mark.parametrize(("name", "layout"), CASES)
def test_corpus_table(name: str, layout: str) -> None:
    exp = EXPECTED[name]
    src = load(name)
    assert src.meta["origin"] in ("real", "real figures", "constructed") and src.meta["source"]
    rendered = render(src, layout)
    result = parse_paste(rendered.text, columns=exp.get("columns"))
    if layout in exp.get("not_read", ()):
        assert not result.understood  # parxl cannot read this rendering, and says so
        return
    assert result.kind == exp["kind"]
    assert_figures(result, exp)
    assert [r["line"] for r in result.data_rows] == [rendered.row_lines[k - 1] for k in exp["data_rows"]]
    for k, summary in exp.get("summary", {}).items():
        row = next(r for r in result.rows if r["line"] == rendered.row_lines[int(k) - 1])
        assert {f: row.get(f) for f in summary} == {f: _value(f, v) for f, v in summary.items()}

    def row_of(line: int | None) -> object:
        """The row a finding's line belongs to (a wrapped row spans several lines), or "H"."""
        starts = [k for k, start in enumerate(rendered.row_lines, 1) if line is not None and start <= line]
        return starts[-1] if starts else "H"

    # text without column positions also says where it had to guess ("findings_wrapped")
    expected = exp.get("findings", []) + (exp.get("findings_wrapped", []) if result.layout == "wrapped" else [])
    loud = sorted((f.code, row_of(f.line)) for f in result.findings if f.severity is not Severity.INFO)
    assert loud == sorted((code, ref) for code, ref in expected)  # type: ignore[type-var]
    info = {(f.code, row_of(f.line)) for f in result.findings if f.severity is Severity.INFO}
    for code, ref in exp.get("info", []):
        assert (code, ref) in info
    assert result.understood == (not expected)
    if "roles" in exp:
        assert [c["role"] for c in result.column_map] == exp["roles"]



def _as_copied(text: str) -> str:
    """The text as some copies give it: letters decomposed ("ờ" in three code points, as a PDF or a Mac gives
    them), a byte-order mark, and marks that take no place inside words (a zero-width space, a soft hyphen)."""
    text = text.replace("Phường", "Phư\u200bờng").replace("điểm", "điể\u00adm").replace("Xã", "X\u200dã")
    return "\ufeff" + unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(("name", "layout"), CASES)
def test_a_table_copied_with_decomposed_letters_and_invisible_marks_reads_as_typed(name: str, layout: str) -> None:
    exp, rendered = EXPECTED[name], render(load(name), layout)
    typed = parse_paste(rendered.text, columns=exp.get("columns")).to_json()
    copied = parse_paste(_as_copied(rendered.text), columns=exp.get("columns")).to_json()
    assert copied["rows"] == typed["rows"]  # names in composed letters, as typed: "Phường", not "Phư" + "ờ"…
    assert copied == typed  # and the same findings, groups and column map

def _marked(src: Source, spaced_mark: bool = True) -> Source:
    """The table with a footnote's mark after the first figure with decimals of every third row ("91,50 (*)", or
    "91,50*" only, where ``spaced_mark`` is False)."""
    rows = []
    for n, row in enumerate(src.rows):
        k = next((k for k, c in enumerate(row) if re.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3})*,\d+%?", c)), None)
        mark = " (*)" if spaced_mark and n % 2 else "*"
        rows.append(row if k is None or n % 3 else [*row[:k], row[k] + mark, *row[k + 1:]])
    return Source(src.meta, src.preamble, src.header, rows)


@pytest.mark.parametrize(("name", "layout"), [  # (tables with a figure to mark, in renderings parxl reads)
    c for c in CASES if c[1] not in EXPECTED[c[0]].get("not_read", ()) and _marked(load(c[0])) != load(c[0])])
def test_figures_with_a_footnote_mark_read_as_without_it_and_are_said(name: str, layout: str) -> None:
    exp, src = EXPECTED[name], load(name)
    # (a narrow column may wrap a spaced mark onto a line of its own, "81,06" / "(*)": said, not read)
    marked_src = _marked(src, spaced_mark=layout != "narrow")
    marked, typed = (parse_paste(render(s, layout).text, columns=exp.get("columns")) for s in (marked_src, src))
    # in spaced text a mark moves the cells after it, in a narrow column the lines after it
    moved = {"cells", "line"} if layout == "narrow" else {"cells"}

    def rows(result: PasteResult) -> list[dict]:
        return [{k: v for k, v in row.items() if k not in moved} for row in result.to_json()["rows"]]

    def findings(result: PasteResult) -> list[tuple[str, int | None]]:
        return [(f.code, None if "line" in moved else f.line) for f in result.findings
                if f.code != "paste_figure_footnote"]

    assert rows(marked) == rows(typed)
    assert findings(marked) == findings(typed)
    said = [f for f in marked.findings if f.code == "paste_figure_footnote"]
    assert len(said) == sum(r != m for r, m in zip(src.rows, marked_src.rows)) or not typed.understood


def _excerpt(src: Source, mark: str, drop: bool) -> Source:
    """The table with a row holding only ``mark`` after its second row; where ``drop``, the rows between it and the
    last two are left out, as an excerpt does ("1", "2", "…", "19", "20")."""
    rows = src.rows[:2] + [[mark]] + (src.rows[-2:] if drop else src.rows[2:])
    return Source(src.meta, src.preamble, src.header, rows)


EXCERPTS = [(name, layout) for name, layout in CASES if layout not in EXPECTED[name].get("not_read", ())
            and EXPECTED[name]["data_rows"] == list(range(1, len(load(name).rows) + 1)) and len(load(name).rows) >= 5]


@pytest.mark.parametrize(("name", "layout"), [c for c in CASES if c[1] not in EXPECTED[c[0]].get("not_read", ())])
@pytest.mark.parametrize("mark", ["…", "...", "(...)"])
def test_an_excerpts_mark_between_rows_is_said_and_changes_no_figure(name: str, layout: str, mark: str) -> None:
    exp, src = EXPECTED[name], load(name)
    marked, typed = (parse_paste(render(s, layout).text, columns=exp.get("columns"))
                     for s in (_excerpt(src, mark, drop=False), src))
    assert [{k: v for k, v in r.items() if k not in ("line", "cells")} for r in marked.to_json()["rows"]] == [
        {k: v for k, v in r.items() if k not in ("line", "cells")} for r in typed.to_json()["rows"]]
    assert sorted(f.code for f in marked.findings) == sorted([f.code for f in typed.findings] + ["paste_rows_omitted"])


@pytest.mark.parametrize(("name", "layout"), EXCERPTS)
def test_an_excerpt_whose_numbering_jumps_after_its_mark_is_read(name: str, layout: str) -> None:
    exp, src = EXPECTED[name], load(name)
    rendered = render(_excerpt(src, "…", drop=True), layout)
    result = parse_paste(rendered.text, columns=exp.get("columns"))
    kept = exp["rows"][:2] + exp["rows"][-2:]
    assert_figures(result, {**exp, "rows": kept})
    codes = [f.code for f in result.findings]
    assert codes.count("paste_rows_omitted") == 1 and "paste_serial_gap" not in codes


AFTER_TABLE = [  # what decisions and news items print after a table
    "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n(Đã ký)\nNguyễn Văn An", "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.",
    "Ghi chú: số liệu tạm tính\nNguồn: Sở Nội vụ", "(*) Đơn vị mới thành lập\nTrân trọng!",
    "Ghi chú:\nTăng bậc\nGiảm bậc", "Nguồn: Sở Nội vụ\nPhạm Dũng",
]


@pytest.mark.parametrize(("name", "layout"), [c for c in CASES if c[1] not in EXPECTED[c[0]].get("not_read", ())])
def test_what_follows_a_table_changes_none_of_its_figures_nor_its_findings(name: str, layout: str) -> None:
    exp, text = EXPECTED[name], render(load(name), layout).text
    typed = parse_paste(text, columns=exp.get("columns"))
    for after in AFTER_TABLE:
        result = parse_paste(text + after + "\n", columns=exp.get("columns"))
        assert result.data_rows == typed.data_rows, after
        assert [(f.code, f.line) for f in result.findings] == [(f.code, f.line) for f in typed.findings], after


def test_corpus_has_thirty_tables_of_every_level() -> None:
    sources = [load(name) for name in EXPECTED]
    assert len(sources) >= 30
    levels = {s.meta["level"].split(",")[0] for s in sources}
    assert {"xã", "phường", "huyện", "sở", "tỉnh"} <= levels
    years = {int(s.meta["year"]) for s in sources}
    assert min(years) <= 2013 and max(years) >= 2024


def _insert(rendered: Rendered, before_row: int, lines: list[str]) -> tuple[str, int]:
    """The rendering with ``lines`` put before the start of body row ``before_row`` (1-based); the first one's line."""
    text = rendered.text.split("\n")
    at = rendered.row_lines[before_row - 1] - 1
    return "\n".join(text[:at] + lines + text[at:]), at + 1


CLEAN = [(name, layout) for name, layout in CASES
         if not EXPECTED[name].get("findings") and layout not in EXPECTED[name].get("not_read", ())
         and not (EXPECTED[name].get("findings_wrapped") and layout in ("wrapped", "lines", "narrow"))
         and len(EXPECTED[name]["rows"]) >= 2]


@pytest.mark.parametrize(("name", "layout"), CLEAN)
def test_a_page_number_between_two_rows_changes_no_figure(name: str, layout: str) -> None:
    exp = EXPECTED[name]
    rendered = render(load(name), layout)
    text, line = _insert(rendered, exp["data_rows"][-1], ["Trang 2"])
    result = parse_paste(text, columns=exp.get("columns"))
    assert_figures(result, exp)
    assert [f.code for f in result.findings if f.severity is not Severity.INFO] == []
    assert ("paste_page_number", line) in [(f.code, f.line) for f in result.findings]


@pytest.mark.parametrize("mark", ["(Tiếp theo)", "Đơn vị tính: điểm", "Biểu số 02"])
@pytest.mark.parametrize(("name", "layout"), CLEAN)
def test_a_page_mark_between_two_rows_is_passed_over_and_changes_no_figure(name: str, layout: str, mark: str) -> None:
    """A new page may open with "(Tiếp theo)", the unit of the figures or the form's number: never part of a name."""
    exp = EXPECTED[name]
    text, line = _insert(render(load(name), layout), exp["data_rows"][-1], [mark])
    result = parse_paste(text, columns=exp.get("columns"))
    assert_figures(result, exp)
    assert [f.code for f in result.findings if f.severity is not Severity.INFO] == []
    assert ("paste_page_mark", line, mark) in [(f.code, f.line, f.value) for f in result.findings]


@pytest.mark.parametrize(("name", "layout"), [c for c in CASES if c[1] not in EXPECTED[c[0]].get("not_read", ())])
def test_a_page_mark_anywhere_in_the_body_is_read_exactly_or_said(name: str, layout: str) -> None:
    """Such a mark before any line of the body, even inside a wrapped row: exact figures, or not understood."""
    exp = EXPECTED[name]
    rendered = render(load(name), layout)
    text = rendered.text.split("\n")
    for at in range(rendered.row_lines[0], len(text) - 1):
        for mark in ("(tiếp theo)", "ĐVT: điểm"):
            result = parse_paste("\n".join([*text[:at], mark, *text[at:]]), columns=exp.get("columns"))
            if result.understood:
                assert_figures(result, exp)


@pytest.mark.parametrize("style", ["1", "(1)", "A"])
@pytest.mark.parametrize(("name", "layout"), CLEAN)
def test_the_columns_numbers_under_the_header_are_passed_over(name: str, layout: str, style: str) -> None:
    """Many tables number their columns under the header: "1 2 3 4", "(1) (2) (3) (4)", "A B 1 2"."""
    exp, src = EXPECTED[name], load(name)
    n = len(src.header)
    labels = {"1": [str(k) for k in range(1, n + 1)], "(1)": [f"({k})" for k in range(1, n + 1)],
              "A": ["A", "B", *map(str, range(1, n - 1))]}[style]
    rendered = render(Source(src.meta, src.preamble, src.header, [labels, *src.rows]), layout)
    result = parse_paste(rendered.text, columns=exp.get("columns"))
    if n == 2 and layout != "tab":
        # two labels in PDF text: "1" / "2" may as well be a row's serial and rank (then read as a row, and said)
        if result.understood:
            assert_figures(result, exp)
        return
    assert_figures(result, exp)
    assert [f.code for f in result.findings if f.severity is not Severity.INFO] == []
    assert ("paste_column_numbers", rendered.row_lines[0]) in [(f.code, f.line) for f in result.findings]
    # a new page repeats the header and the numbers under it before the last row
    text = rendered.text.split("\n")
    at = rendered.row_lines[exp["data_rows"][-1]] - 1  # (row_lines[0] is the numbers' line)
    head = text[rendered.header_line - 1 : rendered.row_lines[1] - 1]
    result = parse_paste("\n".join([*text[:at], "Trang 2", *head, *text[at:]]), columns=exp.get("columns"))
    assert_figures(result, exp)
    assert [f.code for f in result.findings if f.severity is not Severity.INFO] == []


@pytest.mark.parametrize(("name", "layout"), [c for c in CLEAN if c[1] in ("tab", "spaced")])
def test_a_note_between_two_rows_is_said_and_changes_no_figure(name: str, layout: str) -> None:
    """Tab text and space-aligned text show where a note stands apart from every cell; PDF-copied text does
    not (a note there may read as the end of the cell above it, as a wrapped cell would)."""
    exp = EXPECTED[name]
    rendered = render(load(name), layout)
    text, line = _insert(rendered, exp["data_rows"][-1], ["Ghi chú: số liệu tạm tính theo báo cáo của các đơn vị"])
    result = parse_paste(text, columns=exp.get("columns"))
    assert_figures(result, exp)
    assert [(f.code, f.line) for f in result.findings if f.severity is not Severity.INFO] == [
        ("paste_line_skipped", line)]
    assert not result.understood


@pytest.mark.parametrize(("name", "layout"), CLEAN)
def test_a_row_copied_twice_is_read_once_and_said(name: str, layout: str) -> None:
    """A PDF copy (or a careless paste) may give a row twice, one copy right under the other."""
    exp = EXPECTED[name]
    rendered = render(load(name), layout)
    k = exp["data_rows"][-1]  # the last data row, copied under itself
    text = rendered.text.split("\n")  # the rendering ends with a line break: its last item is ""
    start = rendered.row_lines[k - 1] - 1
    end = rendered.row_lines[k] - 1 if k < len(rendered.row_lines) else len(text) - 1
    result = parse_paste("\n".join(text[:end] + text[start:end] + text[end:]), columns=exp.get("columns"))
    if (name, layout) == ("p02_regions_2023", "lines"):
        # every cell on its own line and the last two rows without a change: the copy's "6" may end the "5"
        # above it (a number cut by the PDF); parxl says it glued them, and the paste is not understood
        assert not result.understood and "paste_wrapped_number" in [f.code for f in result.findings]
        return
    assert_figures(result, exp)
    assert [(f.code, f.line) for f in result.findings if f.severity is not Severity.INFO] == [
        ("paste_row_repeated", end + 1)]


def render_aligned(src: Source, width: int, where: str) -> str:
    """Space-aligned text whose words wrap within their cells at ``width`` characters, as a PDF viewer copies a table
    with narrow columns; a cell of one line stands on its row's first, middle or last line (``where``: top, mid,
    bottom), as the table aligns its cells."""
    n = len(src.header)

    def cells(row: list[str]) -> list[list[str]]:
        return [textwrap.wrap(c, width) or [""] if any(ch.isalpha() for ch in c) else [c] for c in row]

    table = [cells(src.header)] + [cells(r + [""] * (n - len(r))) if len(r) > 1 else [[r[0]]] for r in src.rows]
    widths = [max((len(x) for row in table if len(row) == n for x in row[k]), default=0) for k in range(n)]
    lines = list(src.preamble)
    for row in table:
        if len(row) != n:  # a block heading
            lines.append(row[0][0])
            continue
        depth = max(map(len, row))
        at = {"top": 0, "mid": (depth - 1) // 2, "bottom": depth - 1}[where]
        row = [c if len(c) > 1 else [""] * at + c for c in row]
        lines += ["   ".join((c[d] if d < len(c) else "").ljust(w) for c, w in zip(row, widths)).rstrip()
                  for d in range(depth)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("width", [10, 12, 16, 24])
@pytest.mark.parametrize("where", ["top", "mid", "bottom"])
def test_spaced_cells_aligned_in_their_rows_are_read_exactly_or_said(where: str, width: int) -> None:
    silent = []
    for name in sorted(EXPECTED):
        exp = EXPECTED[name]
        if exp.get("columns") or "spaced" in exp.get("not_read", ()):
            continue
        result = parse_paste(render_aligned(load(name), width, where))
        if result.understood:
            try:
                assert_figures(result, exp)
            except AssertionError:
                silent.append(name)
    assert silent == []


@pytest.mark.parametrize("where", ["top", "mid", "bottom"])
@pytest.mark.parametrize("line", ["Trang 2", "2", "(Tiếp theo)", "Ghi chú: tạm tính", "KT. CHỦ TỊCH"])
def test_spaced_cells_aligned_in_their_rows_with_a_page_or_document_line_anywhere_are_read_exactly_or_said(
        where: str, line: str) -> None:
    assert _silent_aligned(12, where, lambda src: (0, [line])) == []


@pytest.mark.parametrize("where", ["top", "mid", "bottom"])
@pytest.mark.parametrize(("width", "page"), [(10, "- 2 -"), (12, "2"), (16, "Trang 2")])
def test_spaced_cells_aligned_in_their_rows_with_a_page_break_anywhere_are_read_exactly_or_said(
        where: str, width: int, page: str) -> None:
    """A PDF table breaks over pages anywhere, even inside a row: the page's line, then the header again."""

    def page_break(src: Source) -> tuple[int, list[str]]:
        header = render_aligned(Source(src.meta, [], src.header, []), width, where).rstrip("\n").split("\n")
        return len(src.preamble) + len(header), [page, *header]

    assert _silent_aligned(width, where, page_break) == []


def _silent_aligned(width: int, where: str, insert: Callable[[Source], tuple[int, list[str]]],
                    ) -> list[tuple[str, int]]:
    """The corpus tables, aligned, each with the lines ``insert`` gives put after each of its lines in turn (past the
    first lines it names): (table, place) of every reading with a wrong figure and not a word said."""
    silent = []
    for name in sorted(EXPECTED):
        exp = EXPECTED[name]
        if exp.get("columns") or "spaced" in exp.get("not_read", ()):
            continue
        src = load(name)
        text = render_aligned(src, width, where).rstrip("\n").split("\n")
        first, lines = insert(src)
        for at in range(first + 1, len(text) + 1):
            result = parse_paste("\n".join([*text[:at], *lines, *text[at:]]) + "\n")
            if result.understood:
                try:
                    assert_figures(result, exp)
                except AssertionError:
                    silent.append((name, at))
    return silent


@pytest.mark.parametrize(("name", "layout"), [c for c in CASES if c[1] not in EXPECTED[c[0]].get("not_read", ())])
def test_a_page_break_anywhere_in_the_body_is_read_exactly_or_said(name: str, layout: str) -> None:
    """A page's number, then the header again (or a blank line first), before any line of the body, even inside a
    wrapped row: the figures come out exactly, or the paste is not understood; never a clean wrong table."""
    exp = EXPECTED[name]
    rendered = render(load(name), layout)
    text = rendered.text.split("\n")
    head = text[rendered.header_line - 1 : rendered.row_lines[0] - 1]
    for at in range(rendered.row_lines[0], len(text) - 1):
        for page_break in (["- 2 -", *head], ["2", "", *head]):
            result = parse_paste("\n".join(text[:at] + page_break + text[at:]), columns=exp.get("columns"))
            if result.understood:
                assert_figures(result, exp)


# ------------------------------------------------------------------ the corpus moved about: never a silent misread

PAGE_NUMBERS = ["2", "- 2 -", "Trang 2"]
PAGE_MARKS = ["(Tiếp theo)", "Đơn vị tính: điểm", "Biểu số 02"]
CLOSING = ["Hà Nội, ngày 12 tháng 3 năm 2024", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nơi nhận:", "- Như Điều 3;",
           "- Lưu: VT.", "./."]


@st.composite
def moved_tables(draw) -> tuple[str, object, dict]:
    """A corpus table with its columns after the first in another order, its header in capitals or without
    diacritics, the columns' numbers under it, a page break (its number, a page's mark, the header again) between
    rows, a title and a signature; rendered in one of the five layouts, or as cells of a sheet."""
    name = draw(st.sampled_from(sorted(EXPECTED)))
    exp, src = EXPECTED[name], load(name)
    if "columns" not in exp:  # a map given by column numbers stays with its columns
        order = [0, *draw(st.permutations(range(1, len(src.header))))]
        src.header = [draw(st.sampled_from([str, str.upper, fold]))(src.header[k]) for k in order]
        src.rows = [[r[k] if k < len(r) else "" for k in order] if sum(map(bool, r)) > 1 else r for r in src.rows]
    numbers = len(src.header) >= 3 and draw(st.booleans())  # "1 2 3 4" under the header (and under its repeat)
    if numbers:
        src.rows = [[str(k) for k in range(1, len(src.header) + 1)], *src.rows]
    layout = draw(st.sampled_from([*LAYOUTS, "cells"]))
    if layout == "cells":
        lines: list = [list(src.header), *map(list, src.rows)]
        head, body_at = lines[: 1 + numbers], 1 + numbers
    else:
        rendered = render(src, layout)
        lines = rendered.text.split("\n")[:-1]
        body_at = rendered.row_lines[numbers] - 1
        head = lines[rendered.header_line - 1 : body_at] if layout != "lines" else [*src.header, *src.rows[0][:numbers
                                                                                                   * len(src.header)]]
    if len(src.rows) > 2 + numbers and draw(st.booleans()):
        at = draw(st.integers(body_at + 1, len(lines) - 1))
        page = [draw(st.sampled_from(PAGE_NUMBERS)), *draw(st.sampled_from([[], *([m] for m in PAGE_MARKS)]))]
        lines[at:at] = [*([p] for p in page), *head] if layout == "cells" else [*page, *head]
    if draw(st.booleans()):
        lines = [["Phụ lục"] if layout == "cells" else "Phụ lục", *lines]
    if draw(st.booleans()):
        lines += [[c] for c in CLOSING] if layout == "cells" else ["", *CLOSING]
    return name, lines if layout == "cells" else "\n".join(lines) + "\n", exp


@settings(max_examples=150, deadline=None)
@given(case=moved_tables())
def test_a_corpus_table_moved_about_is_read_exactly_or_said_not_understood(case: tuple[str, object, dict]) -> None:
    name, pasted, exp = case
    if isinstance(pasted, list):
        result = parse_cells(pasted, columns=exp.get("columns"))
    else:
        result = parse_paste(pasted, columns=exp.get("columns"))
    if result.understood:
        assert result.kind == exp["kind"], name
        assert_figures(result, exp)


PAGES = CORPUS.parent / "pages"
PAGE_EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(PAGE_EXPECTED))
def test_published_tables_as_their_web_pages_give_them(name: str) -> None:
    """Tables as the stored public pages give them when copied (one cell per line with blank lines between, cells
    run together with single spaces), each in ``pages/`` with its source address and its figures typed by hand
    from the page in ``expected.json``: every figure, and the findings they give at their lines (a row the page
    cut off, a sentence after the table, blocks, ranks numbered on after a tie)."""
    exp = PAGE_EXPECTED[name]
    result = parse_paste((PAGES / f"{name}.txt").read_text(encoding="utf-8"))
    rows = result.data_rows
    assert [[None if r.get(k) is None else str(r[k]) for k in want] for r, want in zip(rows, exp["rows"])] == [
        list(want.values()) for want in exp["rows"]]
    assert len(rows) == len(exp["rows"]) + exp["cut_off"]
    assert [[f.code, f.line] for f in result.findings] == exp["findings"]
