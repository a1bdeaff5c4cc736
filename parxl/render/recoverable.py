"""The few criteria that would bring back the most points, as a short block on the results sheet."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from parxl.model import Deduction, Result, Settings, most_recoverable_first
from parxl.numbers import ZERO, round_dp, show
from parxl.render.common import BASE, CENTER, HEADER, LABEL, num_style, number, sheet_ref, text
from parxl.render.findings_sheet import LINK
from parxl.sheetspec import Cell

ITALIC = replace(BASE, italic=True, wrap=True)
_COUNT_WORDS = {1: "Một", 2: "Hai", 3: "Ba", 4: "Bốn", 5: "Năm"}


def top_recoverable(result: Result, n: int = 3) -> list[Deduction]:
    """The ``n`` deductions with the most points to recover; ties keep the score sheet's order."""
    return most_recoverable_first(result.deductions)[:n]


def recoverable_block(rows: list[list[Cell | None]], merges: list[str], result: Result, settings: Settings,
                      score_sheet: str | None, n: int = 3) -> None:
    """Append the block (title, a small table, one closing sentence) to ``rows``, columns A to K."""
    top = top_recoverable(result, n)
    if not top:
        return
    places, mode = settings.places, settings.rounding

    def shown(value: Decimal) -> str:
        return show(value, places, mode)

    r = len(rows) + 1
    count = _COUNT_WORDS.get(len(top), str(len(top)))
    rows.append([None, text(f"{count} tiêu chí có thể lấy lại nhiều điểm nhất", LABEL)])
    merges.append(f"B{r}:K{r}")
    r += 1
    rows.append([text("Tiêu chí", HEADER), None, text("Có thể lấy lại (điểm)", HEADER),
                 text("Lý do bị trừ điểm", HEADER), None, None, None, text("Trách nhiệm", HEADER), None, None, None])
    merges += [f"A{r}:B{r}", f"D{r}:G{r}", f"H{r}:K{r}"]
    pts = num_style(places)
    for item in top:
        r = len(rows) + 1
        # The link sits on the short code: LibreOffice does not wrap the text of a hyperlinked cell.
        link = sheet_ref(score_sheet, f"A{item.row}") if score_sheet else None
        rows.append([text(item.code, LINK if link else CENTER, link=link), text(item.name),
                     number(round_dp(item.deducted, places, mode), pts),
                     text(item.reason), text(None), text(None), text(None),
                     text(item.responsible), text(None), text(None), text(None)])
        merges += [f"D{r}:G{r}", f"H{r}:K{r}"]
    gain = sum((d.deducted for d in top), ZERO)
    r = len(rows) + 1
    rows.append([None, text(f"Khắc phục {count.lower()} tiêu chí này, tổng điểm có thể tăng thêm {shown(gain)} điểm "
                            f"(lên {shown(result.totals.points + gain)} điểm).", ITALIC)])
    merges.append(f"B{r}:K{r}")
