"""The results sheet's chart: component index by area, this year against last year when known."""

from __future__ import annotations

from decimal import Decimal

from parxl.model import Result, Settings
from parxl.numbers import pct
from parxl.render.common import rounded
from parxl.sheetspec import ChartSeries, ChartSpec

CHART_ROWS = 26  # about 13 cm at the default row height: room for nine areas with two bars each


def _pct(points: Decimal | None, maximum: Decimal, settings: Settings) -> float | None:
    value = rounded(pct(points, maximum), settings.places, settings.rounding) if points is not None else None
    return None if value is None else float(value)


def index_chart(result: Result, settings: Settings, first: int, last: int,
                anchor_row: int) -> ChartSpec | None:
    """Bars of column I (this year) and K (last year) for the area rows ``first``..``last``; the
    labels are the area names of column B. Placed from column B, row ``anchor_row`` down."""
    areas = result.areas
    if not areas or last - first + 1 != len(areas):
        return None
    year = settings.year
    series = [ChartSeries(f"Năm {year}" if year else "Năm nay", f"I{first}:I{last}",
                          tuple(_pct(a.points, a.max, settings) for a in areas), color="2F5597")]
    if any(a.last_year is not None for a in areas):
        last_year = tuple(_pct(a.last_year, a.max, settings) for a in areas)
        series.append(ChartSeries(f"Năm {year - 1}" if year else "Năm trước", f"K{first}:K{last}", last_year,
                                  color="A5A5A5"))
    top = max((v for s in series for v in s.cached if v is not None), default=100.0)
    return ChartSpec(
        title="Chỉ số thành phần theo lĩnh vực (%)", categories=f"B{first}:B{last}",
        labels=tuple(a.name for a in areas), series=tuple(series),
        anchor=(f"B{anchor_row}", f"L{anchor_row + CHART_ROWS}"), axis_min=0, axis_max=max(100.0, top),
    )
