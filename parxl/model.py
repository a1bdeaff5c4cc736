"""The plain data that flows through parxl: the score sheet as read, the settings, and the results.

read → parse (ScoreSheet, Settings) → validate (findings) → score (Result) → render (SheetSpec) → write.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from types import MappingProxyType

from parxl.numbers import Rounding


class RowKind(str, Enum):
    AREA = "area"  # lĩnh vực: top-level code
    CRITERION = "criterion"  # tiêu chí / tiêu chí thành phần
    SURVEY = "survey"  # điều tra xã hội học block
    TOTAL = "total"  # tổng cộng / chỉ số CCHC row


# Score-sheet columns parxl understands; values are the field names used in ScoreRow.cells.
FIELDS = ("code", "name", "max", "self", "appraised", "numerator", "denominator", "evidence",
          "reason", "responsible", "rule")
NUMERIC_FIELDS = ("max", "self", "appraised", "numerator", "denominator")
# How findings and headers name the numeric columns (the first two are also the two bases of a result).
FIELD_LABELS = {"max": "Điểm tối đa", "self": "Điểm tự đánh giá", "appraised": "Điểm thẩm định",
                "numerator": "Tử số", "denominator": "Mẫu số"}
# Result.basis -> the column the points were taken from.
BASIS_LABEL = {"appraised": FIELD_LABELS["appraised"], "self": FIELD_LABELS["self"]}


_LETTERS: dict[int, str] = {}  # column number -> letters, computed once per column


def a1(row: int, col: int) -> str:
    """The A1 reference of a cell (tens of thousands per sheet: the letters are looked up, not rebuilt)."""
    letters = _LETTERS.get(col)
    if letters is None:
        n, letters = col, ""
        while n > 0:
            n, rest = divmod(n - 1, 26)
            letters = chr(65 + rest) + letters
        _LETTERS[col] = letters
    return f"{letters}{row}"


class CellRefs(Mapping[str, str]):
    """field -> A1 address of one row's cells, built when asked: a sheet has tens of thousands of rows and
    only the few with a finding ever need an address."""

    __slots__ = ("_row", "_columns")

    def __init__(self, row: int, columns: Mapping[str, int]) -> None:
        self._row = row
        self._columns = columns

    def __getitem__(self, fieldname: str) -> str:
        return a1(self._row, self._columns[fieldname])

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)

    def __repr__(self) -> str:
        return repr(dict(self))


_NO_COLUMNS: Mapping[str, int] = MappingProxyType({})
_NONE: frozenset[str] = frozenset()


@dataclass(slots=True)
class ScoreRow:
    """One row of the score sheet with its numbers already read (``None`` where blank)."""

    row: int
    kind: RowKind
    code: str  # normalised: "1.1.3"; areas "1".."n" whatever the sheet typed ("IV" -> "4")
    raw_code: str
    name: str
    path: tuple[int, ...] = ()
    max: Decimal | None = None
    self: Decimal | None = None
    appraised: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    evidence: str = ""
    reason: str = ""
    responsible: str = ""
    rule: str = ""
    na: bool = False  # "Không áp dụng": out of the applicable maximum
    # field -> 1-based column of the row's cells, one mapping shared by every row of a sheet (see ``cells``)
    columns: Mapping[str, int] = field(default_factory=lambda: _NO_COLUMNS, repr=False)
    sheet: str = ""  # the sheet the row is on (a score sheet may run over several sheets)
    uncomputed: frozenset[str] = _NONE  # fields whose formula parxl could not compute
    children: list[ScoreRow] = field(default_factory=list)
    parent: ScoreRow | None = field(default=None, repr=False)

    @property
    def cells(self) -> CellRefs:
        """field -> A1 address of the row's cells."""
        return CellRefs(self.row, self.columns)

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def area_code(self) -> str:
        return str(self.path[0]) if self.path else self.code


@dataclass
class ScoreSheet:
    """The score sheet as parxl understood it."""

    sheet: str
    header_row: int
    columns: dict[str, int]  # field -> 1-based column
    rows: list[ScoreRow]  # every coded, survey and total row in sheet order
    title: str = ""
    sheets: list[str] = field(default_factory=list)  # every sheet read, in order (the first is ``sheet``)

    @property
    def areas(self) -> list[ScoreRow]:
        return [r for r in self.rows if r.parent is None and r.kind in (RowKind.AREA, RowKind.SURVEY)]

    @property
    def total_row(self) -> ScoreRow | None:
        """The grand total: of the totals rows above the first area or below the last one ("Cộng" rows between
        areas close a page or a section), the one with the largest maximum, the last of equals."""
        roots = [i for i, r in enumerate(self.rows) if r.parent is None and r.kind is not RowKind.TOTAL and r.path]
        totals = [r for i, r in enumerate(self.rows) if r.kind is RowKind.TOTAL
                  and (not roots or i < roots[0] or i > roots[-1])]
        if not totals:
            return None
        return max(reversed(totals), key=lambda r: r.max if r.max is not None else Decimal(-1))

    @property
    def total_rows(self) -> list[ScoreRow]:
        return [r for r in self.rows if r.kind is RowKind.TOTAL]

    def leaves(self) -> list[ScoreRow]:
        return [r for r in self.rows if r.kind in (RowKind.AREA, RowKind.CRITERION, RowKind.SURVEY) and r.is_leaf]


DEFAULT_THRESHOLDS: tuple[tuple[str, Decimal], ...] = (
    ("Xuất sắc", Decimal(90)),
    ("Tốt", Decimal(80)),
    ("Khá", Decimal(70)),
    ("Trung bình", Decimal(50)),
)


@dataclass
class Settings:
    """What the sheet cannot say. ``defaults`` names the settings that were not given."""

    unit: str = ""
    parent_unit: str = ""
    year: int | None = None
    survey_max: Decimal | None = None
    survey_points: Decimal | None = None
    total_max: Decimal | None = None
    rounding: Rounding = Rounding.HALF_UP
    places: int = 2
    thresholds: tuple[tuple[str, Decimal], ...] = DEFAULT_THRESHOLDS
    last_year_total: Decimal | None = None
    last_year_areas: dict[str, Decimal] = field(default_factory=dict)
    report_number: str = ""
    report_date: str = ""
    target_rank: int | None = None
    score_sheets: tuple[str, ...] = ()  # the sheets that make the score sheet, when the settings list them
    defaults: set[str] = field(default_factory=set)


@dataclass
class AreaResult:
    code: str
    name: str
    row: int
    survey: bool
    max: Decimal
    self: Decimal
    appraised: Decimal | None
    points: Decimal
    index_pct: Decimal | None
    last_year: Decimal | None = None
    uncomputed: bool = False  # some of its figures come from formulas parxl could not compute

    @property
    def change(self) -> Decimal | None:
        return None if self.last_year is None else self.points - self.last_year


@dataclass
class Deduction:
    code: str
    name: str
    area_code: str
    row: int
    max: Decimal
    self: Decimal | None
    appraised: Decimal | None
    points: Decimal
    reason: str
    responsible: str

    @property
    def deducted(self) -> Decimal:
        return self.max - self.points


def most_recoverable_first(deductions: Iterable[Deduction]) -> list[Deduction]:
    """The deductions with the most points to recover first; ties keep the score sheet's order (by row)."""
    return sorted(deductions, key=lambda d: (-d.deducted, d.row))


@dataclass
class Totals:
    max: Decimal
    self: Decimal
    appraised: Decimal | None
    survey: Decimal | None
    survey_max: Decimal | None
    points: Decimal
    index_pct: Decimal
    classification: str
    last_year: Decimal | None = None
    uncomputed: bool = False  # "chưa tính được": a figure it adds up could not be computed

    @property
    def change(self) -> Decimal | None:
        return None if self.last_year is None else self.points - self.last_year


@dataclass
class Result:
    """Everything scoring computed, unrounded; rounding happens when it is shown."""

    basis: str  # "appraised" | "self"
    areas: list[AreaResult]
    totals: Totals
    deductions: list[Deduction]
    criteria_index: dict[str, Decimal]  # code -> component index %, for every scored row
