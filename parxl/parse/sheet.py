"""Turn the score sheet's cells into rows with numbers, and the rows into the criteria tree."""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import pairwise

from parxl.findings import Finding, finding
from parxl.formula import Evaluator, ExcelError, FormulaError
from parxl.model import FIELD_LABELS, NUMERIC_FIELDS, RowKind, ScoreRow, ScoreSheet, a1
from parxl.numbers import NumberError, fold, from_roman, is_blank, parse_number
from parxl.parse.codes import Resolver, leading_code, token
from parxl.parse.header import Header
from parxl.parse.header import classify as classify_header
from parxl.read import Grid, col_letter
from parxl.vocab import is_na, row_label, words

_CODE = r"^(?P<head>[IVXLC]+|\d+)(?P<tail>(?:\.\d+)*)$"  # compiled by ``re`` on first use
_SURVEY = re.compile(r"dieu tra xa hoi hoc|\bdtxhh\b|\bdt xhh\b|\bxhh\b|sipas|su hai long|chi so hai long")


def roman_to_int(text: str) -> int | None:
    """Roman numerals as used for areas (I … XXXIX); None for anything else (so "C" alone is not 100)."""
    total = from_roman(text)
    return total if total is not None and 1 <= total <= 39 else None


def parse_code(value: object) -> tuple[int, ...] | None:
    """"1.1.3" -> (1, 1, 3); "IV" or "IV." -> (4,); 2 -> (2,); None when it is not a criterion code."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return (value,) if value > 0 else None
    if isinstance(value, float):
        text = repr(value)  # a code typed as 1.1 in a number cell
    else:
        text = str(value).strip().rstrip(".)").strip()
    match = re.match(_CODE, text)
    if not match:
        return None
    head = match.group("head")
    first = int(head) if head.isdigit() else roman_to_int(head)
    if not first:
        return None
    rest = tuple(int(part) for part in match.group("tail").split(".")[1:])
    return (first, *rest)


def _code_text(path: tuple[int, ...]) -> str:
    return ".".join(str(p) for p in path)


_UNCOMPUTED = object()  # a formula cell parxl could not compute and that has no stored value
_NUMBER_COLUMNS = ("max", "self", "appraised")
_TEXT_FIELDS = ("evidence", "reason", "responsible", "rule")


class _Reader:
    """Reads typed values of one sheet, collecting findings as it goes."""

    def __init__(self, grid: Grid, evaluator: Evaluator) -> None:
        self.grid = grid
        self.evaluator = evaluator
        self.findings: list[Finding] = []
        self.recomputed: list[str] = []
        self._recomputed: set[str] = set()

    def value(self, row: int, col: int | None) -> object:
        if col is None:
            return None
        raw = self.grid.cells.get((row, col))
        if raw is None:
            return None
        if raw.formula is not None and raw.value is None:
            cell = a1(row, col)
            try:
                value = self.evaluator.cell_in(self.grid.name, row, col)
            except ExcelError as err:
                self.findings.append(finding("formula_error_value", self.grid.name, cell, "=" + raw.formula,
                                             err.code))
                return _UNCOMPUTED
            except (FormulaError, ArithmeticError) as err:
                function = getattr(err, "function", "") or type(err).__name__
                self.findings.append(finding("formula_uncomputable", self.grid.name, cell, "=" + raw.formula,
                                             function=function))
                return _UNCOMPUTED
            if cell not in self._recomputed:
                self._recomputed.add(cell)
                self.recomputed.append(cell)
            return value
        return raw.value

    def text(self, row: int, col: int | None) -> str:
        value = self.value(row, col)
        if value is None or value is _UNCOMPUTED:
            return ""
        return value.strip() if type(value) is str else str(value).strip()  # a blank text strips to ""

    def number(self, row: int, col: int | None, field_label: str) -> tuple[Decimal | None, bool, bool]:
        """(number, is_na, uncomputed) for a numeric cell."""
        value = self.value(row, col)
        if value is _UNCOMPUTED:
            return None, False, True
        if value is None:
            return None, False, False
        if isinstance(value, str):  # only a text can be blank or say "not applicable"
            if is_blank(value):
                return None, False, False
            if is_na(value):
                return None, True, False
        try:
            number = parse_number(value)
        except NumberError:
            self.findings.append(finding("not_a_number", self.grid.name, a1(row, col or 0), value,
                                         column=field_label))
            return None, False, False
        if isinstance(value, str):
            # Excel's SUM skips numbers stored as text, so a typed total beside it will be off.
            self.findings.append(finding("text_number", self.grid.name, a1(row, col or 0), value, number))
        return number, False, False


def parse_score_sheet(grid: Grid, header: Header,
                      evaluator: Evaluator | None = None) -> tuple[ScoreSheet, list[Finding]]:
    """Rows of the score sheet below ``header``, linked into a tree, and what was wrong on the way."""
    return parse_score_sheets([(grid, header)], evaluator)


def parse_score_sheets(parts: list[tuple[Grid, Header]], evaluator: Evaluator | None = None
                       ) -> tuple[ScoreSheet, list[Finding]]:
    """Several sheets continuing one tree ("Khung (1-4)", "Khung (5-8)"), read in order as one score sheet."""
    first_grid, first_header = parts[0]
    evaluator = evaluator or Evaluator(first_grid)
    resolver = Resolver()
    rows: list[ScoreRow] = []
    findings: list[Finding] = []
    for grid, header in parts:
        reader = _Reader(grid, evaluator)
        running = _running_number(reader, header)
        cell_columns = _cell_columns(header.columns, running)
        layout = _layout(header.columns)
        for r in grid.rows(header.data_row):
            row = _read_row(reader, r, header.columns, resolver, running, cell_columns, layout)
            if row is not None:
                rows.append(row)
        findings += reader.findings + _unread_columns(grid, header)
        if reader.recomputed:
            findings.append(finding("formula_recomputed", grid.name, reader.recomputed[0],
                                    expected=f"{len(reader.recomputed)} ô", count=len(reader.recomputed)))
    findings += _link(rows, first_grid.name)
    width = first_grid.max_col  # a scan of every cell: once, not once per title row
    title = " ".join(value for r in range(1, first_header.row) for c in range(1, width + 1)
                     if isinstance(value := first_grid.value(r, c), str))
    sheet = ScoreSheet(first_grid.name, first_header.row, dict(first_header.columns), rows, title)
    sheet.sheets = [g.name for g, _ in parts]
    return sheet, findings


def _unread_columns(grid: Grid, header: Header) -> list[Finding]:
    """Columns under a header parxl gives no field (an extra "Điểm thưởng", a second "Điểm thẩm định") that
    hold figures: they may be the points that count, so say so at the header cell."""
    unread = dict(header.unread)
    if not unread:
        return []
    first: dict[int, int] = {}  # column -> first row holding a figure
    for (r, c), cell in grid.cells.items():
        if c in unread and r >= header.data_row and r < first.get(c, r + 1) and _is_figure(cell.value):
            first[c] = r
    out = []
    for c in sorted(first):
        fieldname = classify_header(unread[c])
        if fieldname in FIELD_LABELS and fieldname in header.columns:  # a second column of a field read
            out.append(finding("column_duplicate", grid.name, a1(header.row, c), unread[c], column=col_letter(c),
                               other=col_letter(header.columns[fieldname]), field=FIELD_LABELS[fieldname]))
        else:
            out.append(finding("column_not_read", grid.name, a1(header.row, c), unread[c], column=col_letter(c),
                               row=first[c]))
    return out


def _running_number(reader: _Reader, header: Header) -> bool:
    """True when the code column only counts rows (1, 2, 3 … on every row) and the real codes start the
    names ("1.1. Kế hoạch CCHC")."""
    cols = header.columns
    if "code" not in cols or "name" not in cols:
        return False
    numbers: list[int] = []
    coded_names = 0
    for r in reader.grid.rows(header.data_row):
        name = reader.grid.value(r, cols["name"])
        if not isinstance(name, str) or not name.strip() or row_label(name) in ("total", "average"):
            continue
        serial = reader.grid.value(r, cols["code"])
        lead = leading_code(name)
        if is_blank(serial) and ((lead is not None and lead[0].kind == "section") or _is_survey(name)):
            continue  # a section or survey heading without a number of its own
        if isinstance(serial, str) and serial.strip().isdigit():
            serial = int(serial.strip())
        if isinstance(serial, float) and serial.is_integer():
            serial = int(serial)
        if not isinstance(serial, int) or isinstance(serial, bool):
            return False
        numbers.append(serial)
        coded_names += lead is not None
    consecutive = all(b == a + 1 for a, b in pairwise(numbers))
    return len(numbers) >= 3 and consecutive and coded_names >= 2


# Words that may follow a bare "Cộng"/"Tổng" in a totals label; any other word makes it a name ("Cộng đồng…",
# "Tổng hợp…", "Tổng kết…").
_TOTAL_NEXT = frozenset({"cong", "diem", "so", "chung", "phan", "muc", "linh", "chi", "cac", "toan", "tat", "gia"})


def _is_total(label: str) -> bool:
    if row_label(label) != "total":
        return False
    ws = words(label)
    return not (ws[0] in ("cong", "tong") and len(ws) > 1 and len(ws[1]) > 1 and ws[1].isalpha()
                and ws[1] not in _TOTAL_NEXT and from_roman(ws[1].upper()) is None)


def _is_survey(label: str) -> bool:
    return row_label(label) == "survey" or bool(_SURVEY.search(fold(label)))


def _cell_columns(cols: dict[str, int], running: bool) -> dict[str, int]:
    """field -> column of the cells every row of the sheet has (one mapping shared by all its rows)."""
    out = {f: cols[f] for f in (*NUMERIC_FIELDS, *_TEXT_FIELDS, "code", "name") if f in cols}
    if running and "name" in cols:
        out["code"] = cols["name"]  # the code is written in the name cell
    return out


# The columns a sheet's rows are read from, worked out once per sheet: the score columns (a row with a cell
# there is a criterion), (field, column, label, counts for "not applicable") of the numbers, (field, column)
# of the texts.
_Layout = tuple[list[int], list[tuple[str, int, str, bool]], list[tuple[str, int]]]


def _layout(cols: dict[str, int]) -> _Layout:
    return ([cols[f] for f in _NUMBER_COLUMNS if f in cols],
            [(f, cols[f], FIELD_LABELS[f], f in _NUMBER_COLUMNS) for f in NUMERIC_FIELDS if f in cols],
            [(f, cols[f]) for f in _TEXT_FIELDS if f in cols])


def _read_row(reader: _Reader, r: int, cols: dict[str, int], resolver: Resolver, running: bool,
              cell_columns: dict[str, int], layout: _Layout) -> ScoreRow | None:
    grid = reader.grid
    code_col = cols.get("code")
    raw_code = None if running else reader.value(r, code_col)
    if raw_code is _UNCOMPUTED:
        raw_code = None
    name = reader.text(r, cols.get("name"))
    code_text = "" if is_blank(raw_code) else str(raw_code).strip()
    cells = grid.cells  # a cell present at all counts, blank or not
    number_cols, numeric, texts = layout
    has_numbers = False
    for col in number_cols:
        if (r, col) in cells:
            has_numbers = True
            break
    tok = token(raw_code)
    if tok is None and not code_text and name:
        lead = leading_code(name)
        if lead is not None and (running or has_numbers or lead[0].kind in ("roman", "dotted", "section")):
            tok, name = lead
            code_text = tok.text
    if tok is not None and tok.kind in ("dash", "plus") and not has_numbers:
        return None  # a bullet of guidance text, not a criterion
    label = name or code_text
    placed = None
    if tok is None:
        role = row_label(label) if label else None
        if role == "total" and _is_total(label):
            kind = RowKind.TOTAL
        elif label and _is_survey(label):
            placed = resolver.open_block("ĐTXHH")
            kind = RowKind.SURVEY
        elif role != "average":
            _report_skipped(reader, r, cols, code_text, name, has_numbers and (bool(code_text) or running), running)
            return None
        else:
            return None
    else:
        placed = resolver.place(tok)
        if placed is None:
            return None  # the heading of the first section ("A. Điểm thẩm định"): its items are the areas
        if len(placed.path) == 1 and _is_survey(label):
            kind = RowKind.SURVEY
        else:
            kind = RowKind.AREA if len(placed.path) == 1 else RowKind.CRITERION
    row = ScoreRow(row=r, kind=kind, code=placed.code if placed else "", raw_code=code_text,
                   name=name or code_text, path=placed.path if placed else (), sheet=grid.name,
                   columns=cell_columns)
    uncomputed: list[str] = []
    for fieldname, col, label, scored in numeric:
        number, na, not_computed = reader.number(r, col, label)
        setattr(row, fieldname, number)
        row.na = row.na or (na and scored)
        if not_computed:
            uncomputed.append(fieldname)
    if uncomputed:
        row.uncomputed = frozenset(uncomputed)
    for fieldname, col in texts:
        setattr(row, fieldname, reader.text(r, col))
    return row


def _report_skipped(reader: _Reader, r: int, cols: dict[str, int], code_text: str, name: str, coded: bool,
                    running: bool) -> None:
    """A row left out of the tree: an error when it holds a figure (the points would silently not count),
    else a warning for a code parxl did not understand."""
    grid = reader.grid
    code_col = cols.get("code")
    code_cell = a1(r, code_col) if code_col and not running else a1(r, cols.get("name", code_col or 1))
    figure = next((col for f in _NUMBER_COLUMNS if (col := cols.get(f)) and _is_figure(grid.value(r, col))), None)
    if figure is not None:
        reader.findings.append(finding("row_not_read", grid.name, code_cell if code_text else a1(r, figure),
                                       code_text or name or grid.value(r, figure), row=r))
    elif coded:
        reader.findings.append(finding("bad_code", grid.name, code_cell, code_text or name))


def _is_figure(value: object) -> bool:
    """A number, or a number typed as text: what a score cell holds when someone scored the row."""
    if isinstance(value, bool) or is_blank(value):
        return False
    try:
        return parse_number(value) is not None
    except NumberError:
        return False


def _link(rows: list[ScoreRow], sheet: str) -> list[Finding]:
    """Attach each coded row to its parent; report duplicates and missing parents."""
    findings: list[Finding] = []
    by_path: dict[tuple[int, ...], ScoreRow] = {}
    missing_reported: set[tuple[int, ...]] = set()
    kept: list[ScoreRow] = []
    for row in rows:
        if row.kind is RowKind.TOTAL or not row.path:
            kept.append(row)
            continue
        where = row.sheet or sheet
        if row.path in by_path:
            first = by_path[row.path]
            other: object = first.row if first.sheet == row.sheet else f"{first.row} (trang “{first.sheet}”)"
            findings.append(finding("duplicate_code", where, row.cells.get("code", ""), row.raw_code,
                                    code=row.code, other_row=other))
            continue
        by_path[row.path] = row
        kept.append(row)
        ancestor = row.path[:-1]
        if ancestor and ancestor not in by_path and ancestor not in missing_reported:
            missing_reported.add(ancestor)
            findings.append(finding("orphan_code", where, row.cells.get("code", ""), row.raw_code,
                                    code=row.code, parent=_code_text(ancestor)))
        while ancestor and ancestor not in by_path:
            ancestor = ancestor[:-1]
        if ancestor:
            row.parent = by_path[ancestor]
            row.parent.children.append(row)
            if row.parent.kind is RowKind.SURVEY:
                row.kind = RowKind.SURVEY
    rows[:] = kept
    return findings
