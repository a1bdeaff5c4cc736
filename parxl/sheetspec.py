"""Plain description of a sheet that parxl writes: cells, styles, layout and print setup.

The render step builds these from results; the xlsx package writer turns them into sheet XML.
Nothing here touches files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Scalar = str | int | float | bool | None


@dataclass(frozen=True)
class Style:
    """A cell's look. Frozen so equal styles share one entry in styles.xml."""

    font: str = "Times New Roman"
    size: float = 12
    bold: bool = False
    italic: bool = False
    underline: bool = False
    color: str | None = None  # RGB hex like "C00000"
    fill: str | None = None  # RGB hex background
    border: bool = False  # thin border on all four sides
    h_align: str | None = None  # "left" | "center" | "right"
    v_align: str | None = "center"  # "top" | "center" | "bottom"
    wrap: bool = False
    num_fmt: str | None = None  # Excel number format code, e.g. "0.00" or '0.00"%"'


@dataclass(frozen=True)
class Cell:
    """One cell. With ``formula`` (no leading "="), ``value`` is its cached result."""

    value: Scalar = None
    formula: str | None = None
    style: Style = Style()
    link: str | None = None  # internal hyperlink target, e.g. "'Bảng điểm'!C12"


@dataclass(frozen=True)
class ChartSeries:
    """One series of a chart: values from a range of the chart's own sheet, with their cached numbers."""

    name: str
    values: str  # A1 range on the same sheet, one column, e.g. "I6:I14"
    cached: tuple[float | None, ...]  # what the range holds now, so viewers that do not recalculate show it
    color: str | None = None  # RGB hex fill


@dataclass(frozen=True)
class ChartSpec:
    """A clustered bar (horizontal) or column chart placed over a block of cells of its sheet."""

    title: str
    categories: str  # A1 range of the category labels on the same sheet, e.g. "B6:B14"
    labels: tuple[str, ...]  # cached category labels
    series: tuple[ChartSeries, ...]
    anchor: tuple[str, str]  # top-left cell and the cell just past the bottom-right corner, e.g. ("B30", "K52")
    horizontal: bool = True  # bars grow to the right; long category names stay readable
    num_fmt: str = "0.00"  # for the value labels
    axis_min: float | None = 0
    axis_max: float | None = None
    data_labels: bool = True


@dataclass
class SheetSpec:
    """A whole sheet. ``rows[0]`` is row 1; ``rows[r][0]`` is column A."""

    name: str
    rows: list[list[Cell | None]] = field(default_factory=list)
    col_widths: dict[int, float] = field(default_factory=dict)  # 1-based column -> width in chars
    row_heights: dict[int, float] = field(default_factory=dict)  # 1-based row -> points
    merges: list[str] = field(default_factory=list)  # "A1:H1"
    freeze: str | None = None  # top-left cell of the scrolling pane, e.g. "A5"
    print_title_rows: tuple[int, int] | None = None  # rows repeated on every printed page
    landscape: bool = False
    fit_width: bool = True  # fit all columns on one page width
    tab_color: str | None = None
    hidden_gridlines: bool = False
    charts: list[ChartSpec] = field(default_factory=list)  # native charts drawn over the sheet
    margins_mm: tuple[float, float, float, float] | None = None  # top, bottom, left, right; None: writer default
    hidden_cols: tuple[int, ...] = ()  # 1-based columns kept in the file but not shown or printed
    page_breaks: tuple[int, ...] = ()  # 1-based rows that start a new printed page
