"""Find a score sheet's header row and which column holds what, from the Vietnamese header texts.

Officials' headers vary: with or without diacritics, any case, line breaks in cells, a two-row header
with "Điểm" merged over "Điểm tối đa / Điểm tự đánh giá / Điểm thẩm định", extra columns, any order.
Every phrase comes from :mod:`parxl.vocab` (one vocabulary for score sheets and pasted tables), matched on
whole words; the longest matching phrase decides a column's field. A "STT"/"TT" column is the code
column unless the sheet has a dedicated code column ("Mã", "Mục"); the sheet reader then decides whether
it holds codes or only a running number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from parxl.model import FIELDS
from parxl.read import Grid
from parxl.vocab import header_matches

REQUIRED = ("code", "name", "max")
SCORES = ("self", "appraised")
# The vocabulary's fields a score sheet has; "deducted" is kept so that it is not mistaken for another.
_SHEET_FIELDS = frozenset(FIELDS) | {"serial", "deducted"}
# Guidance written out for people ("Hướng dẫn chấm"), not a rule parxl can apply.
_GUIDANCE = frozenset({"Hướng dẫn chấm"})
_NUMBERING = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")


@lru_cache(maxsize=2048)
def classify(text: str) -> str | None:
    """The score-sheet field a header text names, or None (see :mod:`parxl.vocab`)."""
    if not text or len(text) > 120:
        return None  # long texts are data, not headers
    # Only the fields of a score sheet compete: "Số liệu tính tỷ lệ / Tử số" is the numerator column.
    matches = [m for m in header_matches(text) if m.field in _SHEET_FIELDS]
    if not matches:
        return None
    best = max(matches, key=lambda m: (m.end - m.start, -m.start))
    return None if best.phrase in _GUIDANCE else best.field


@dataclass(frozen=True)
class Header:
    row: int  # first header row
    last_row: int  # last header row (the same for a one-row header)
    columns: dict[str, int]  # field -> column
    data_row: int  # first row after the header (and after a "(1) (2) (3)" numbering row)
    unread: tuple[tuple[int, str], ...] = ()  # (column, header text) of the columns given no field

    @property
    def score(self) -> int:
        return len(self.columns)


def _text(grid: Grid, row: int, col: int) -> str:
    value = grid.value(row, col)
    return value.strip() if isinstance(value, str) else ""


def _columns(texts: dict[int, str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for col in sorted(texts):
        fieldname = classify(texts[col])
        if fieldname and fieldname not in found:
            found[fieldname] = col
    if "code" not in found and "serial" in found:
        found["code"] = found.pop("serial")
    return found


def _two_row_texts(grid: Grid, row: int, width: int) -> dict[int, str]:
    """Header texts when row+1 holds sub-headers under a label spanning several columns."""
    texts: dict[int, str] = {}
    top = ""
    for col in range(1, width + 1):
        upper, lower = _text(grid, row, col), _text(grid, row + 1, col)
        if upper:
            top = upper
        elif not lower:
            top = ""
        # A blank top cell with a sub-header under it sits inside the span of the label to its left.
        texts[col] = f"{upper or (top if lower else '')} {lower}".strip()
        if upper and not lower:
            top = ""
    return texts


def _unread(texts: dict[int, str], columns: dict[str, int]) -> tuple[tuple[int, str], ...]:
    """Header cells given no field, except those naming a figure parxl computes itself ("Tỷ lệ", "Chỉ số")."""
    return tuple((c, t) for c, t in sorted(texts.items()) if t and c not in columns.values()
                 and not any(m.field == "index" for m in header_matches(t)))


def _acceptable(columns: dict[str, int]) -> bool:
    return all(f in columns for f in REQUIRED) and any(f in columns for f in SCORES)


def find_header(grid: Grid, scan_rows: int = 40) -> Header | None:
    """The best header in the first ``scan_rows`` rows of a sheet, or None."""
    width = min(grid.max_col, 60)
    best: Header | None = None
    for row in range(1, min(grid.max_row, scan_rows) + 1):
        single_texts = {c: _text(grid, row, c) for c in range(1, width + 1)}
        double_texts = _two_row_texts(grid, row, width)
        single, double = _columns(single_texts), _columns(double_texts)
        for columns, last, texts in ((single, row, single_texts), (double, row + 1, double_texts)):
            if last != row and (len(columns) <= len(single) or len(single) < 2 or _is_data(grid, last, width)):
                # A second row only counts when it adds fields to a row that is itself a header
                # (STT and Tiêu chí merged down), not a title line above a one-row header.
                continue
            if _acceptable(columns) and (best is None or len(columns) > best.score):
                best = Header(row, last, columns, _skip_numbering(grid, last + 1, width), _unread(texts, columns))
    return best


def _is_data(grid: Grid, row: int, width: int) -> bool:
    """A row with numbers or criterion codes in it is data, never the second row of a header."""
    from parxl.parse.codes import leading_code, token

    for col in range(1, width + 1):
        value = grid.value(row, col)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return True
        text = value.strip() if isinstance(value, str) else ""
        if text and not _NUMBERING.match(text) and classify(text) is None and (
                leading_code(text) is not None or ((code := token(text)) is not None and code.kind != "dash")):
            return True
    return False


def _skip_numbering(grid: Grid, row: int, width: int) -> int:
    """Skip a row of column numbers "(1) (2) (3)…" or "1 2 3…" under the header."""
    values = [grid.value(row, c) for c in range(1, width + 1)]
    filled = [str(v).strip() for v in values if v is not None and str(v).strip()]
    if len(filled) >= 3 and all(_NUMBERING.match(v) for v in filled):
        return row + 1
    return row
