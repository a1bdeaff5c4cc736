"""Find a score sheet's header row and which column holds what, from the Vietnamese header texts.

Officials' headers vary: with or without diacritics, any case, line breaks in cells, a two-row header
with "Điểm" merged over "Điểm tối đa / Điểm tự đánh giá / Điểm thẩm định", extra columns, any order.
Matching is on diacritic-free whole words; the longest matching phrase decides a column's field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from parxl.numbers import fold
from parxl.read import Grid

# field -> phrases (already folded). Longer phrases win over shorter ones in the same header.
PHRASES: dict[str, tuple[str, ...]] = {
    "code": ("stt", "tt", "muc", "ma", "ma so", "so tt", "so thu tu", "ma tieu chi"),
    "name": ("linh vuc", "tieu chi", "tieu chi thanh phan", "noi dung", "noi dung tieu chi",
             "noi dung danh gia", "ten tieu chi"),
    "max": ("diem toi da", "diem chuan", "thang diem", "toi da", "diem so toi da"),
    "self": ("diem tu danh gia", "tu danh gia", "tu cham", "diem tu cham", "tu cham diem", "diem tu dg"),
    "appraised": ("diem tham dinh", "tham dinh", "diem duoc tham dinh", "ket qua tham dinh"),
    "numerator": ("tu so",),
    "denominator": ("mau so",),
    "evidence": ("tai lieu kiem chung", "kiem chung", "minh chung", "tai lieu minh chung"),
    "reason": ("ghi chu", "ly do giam diem", "nguyen nhan", "giai trinh", "ly do", "ly do tru diem"),
    "responsible": ("trach nhiem", "bo phan phu trach", "don vi phu trach", "trach nhiem tham muu",
                    "trach nhiem bo phan phu trach", "nguoi phu trach", "phu trach"),
    "rule": ("cach cham", "cach cham diem", "cach tinh", "cach tinh diem", "quy tac cham", "phuong phap cham"),
    # Recognised so that they are not mistaken for another field, but not read from a score sheet.
    "deducted": ("so diem bi tru", "diem bi tru", "diem tru"),
}
REQUIRED = ("code", "name", "max")
SCORES = ("self", "appraised")

_PATTERNS = [
    (fieldname, phrase, re.compile(r"(?<![a-z0-9])" + re.escape(phrase) + r"(?![a-z0-9])"))
    for fieldname, phrases in PHRASES.items()
    for phrase in phrases
]
_NUMBERING = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")


@lru_cache(maxsize=2048)
def classify(text: str) -> str | None:
    """The field a header text names, or None. Long texts are data, not headers."""
    if not text or len(text) > 120:
        return None
    folded = fold(text.replace("\n", " "))
    best: tuple[int, str] | None = None
    for fieldname, phrase, pattern in _PATTERNS:
        if pattern.search(folded) and (best is None or len(phrase) > best[0]):
            best = (len(phrase), fieldname)
    return best[1] if best else None


@dataclass(frozen=True)
class Header:
    row: int  # first header row
    last_row: int  # last header row (the same for a one-row header)
    columns: dict[str, int]  # field -> column
    data_row: int  # first row after the header (and after a "(1) (2) (3)" numbering row)

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


def _acceptable(columns: dict[str, int]) -> bool:
    return all(f in columns for f in REQUIRED) and any(f in columns for f in SCORES)


def find_header(grid: Grid, scan_rows: int = 40) -> Header | None:
    """The best header in the first ``scan_rows`` rows of a sheet, or None."""
    width = min(grid.max_col, 60)
    best: Header | None = None
    for row in range(1, min(grid.max_row, scan_rows) + 1):
        single = _columns({c: _text(grid, row, c) for c in range(1, width + 1)})
        double = _columns(_two_row_texts(grid, row, width))
        for columns, last in ((single, row), (double, row + 1)):
            if last != row and (len(columns) <= len(single) or len(single) < 2):
                # A second row only counts when it adds fields to a row that is itself a header
                # (STT and Tiêu chí merged down), not a title line above a one-row header.
                continue
            if _acceptable(columns) and (best is None or len(columns) > best.score):
                best = Header(row, last, columns, _skip_numbering(grid, last + 1, width))
    return best


def _skip_numbering(grid: Grid, row: int, width: int) -> int:
    """Skip a row of column numbers "(1) (2) (3)…" or "1 2 3…" under the header."""
    values = [grid.value(row, c) for c in range(1, width + 1)]
    filled = [str(v).strip() for v in values if v is not None and str(v).strip()]
    if len(filled) >= 3 and all(_NUMBERING.match(v) for v in filled):
        return row + 1
    return row
