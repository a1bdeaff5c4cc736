"""The district's ranking as sheets and as JSON."""

from __future__ import annotations

from parxl.district.ranking import Ranking
from parxl.numbers import Rounding, round_dp, to_json_number
from parxl.render.common import (CENTER, HEADER, LABEL, SUBTITLE, TITLE, fit_row_heights, num_style, number,
                                 text)
from parxl.sheetspec import Cell, SheetSpec

RANKING_SHEET = "Xếp hạng"
CRITERIA_SHEET = "Tiêu chí cần cải thiện"
TOP_CRITERIA = 5


def ranking_sheets(ranking: Ranking, title: str, places: int = 2, mode: Rounding = Rounding.HALF_UP) -> list[SheetSpec]:
    pts, signed = num_style(places), num_style(places, signed=True)

    def r(value):  # noqa: ANN001, ANN202 - Decimal | None in, rounded Decimal | None out
        return None if value is None else round_dp(value, places, mode)

    headers = ("STT", "Đơn vị", "Điểm thẩm định", "Điểm ĐTXHH", "Tổng điểm", "Chỉ số (%)", "Xếp hạng",
               "Xếp loại", "Tăng/giảm so với năm trước", f"Cần thêm để vào top {ranking.target_rank}", "Nguồn")
    rows: list[list[Cell | None]] = [[text(title, TITLE)], [text(f"{len(ranking.rows)} đơn vị", SUBTITLE)], [],
                                     [text(h, HEADER) for h in headers]]
    for i, item in enumerate(ranking.rows, 1):
        w = item.ward
        rows.append([text(i, CENTER), text(w.unit), number(r(w.appraised), pts), number(r(w.survey), pts),
                     number(r(w.total), pts), number(r(w.index_pct), pts), text(item.notation, CENTER),
                     text(w.classification, CENTER), number(r(w.change), signed),
                     number(r(item.needed_for_target), pts), text(w.source)])
    rows.append([])
    rows.append([None, text("Điểm trung bình", LABEL), None, None, number(r(ranking.average_total), pts),
                 number(r(ranking.average_index), pts)])
    for label, count in sorted(ranking.classification_counts.items()):
        rows.append([None, text(f"Số đơn vị xếp loại {label}", LABEL), text(count, CENTER)])
    main = fit_row_heights(SheetSpec(
        RANKING_SHEET, rows=rows, merges=["A1:K1", "A2:K2"],
        col_widths={1: 6, 2: 28, 3: 11, 4: 11, 5: 11, 6: 11, 7: 10, 8: 12, 9: 14, 10: 14, 11: 24},
        freeze="C5", print_title_rows=(4, 4), landscape=True,
    ))
    crit_rows: list[list[Cell | None]] = [
        [text("CÁC TIÊU CHÍ CÓ THỂ LẤY LẠI NHIỀU ĐIỂM NHẤT", TITLE)], [],
        [text(h, HEADER) for h in ("Đơn vị", "Mã", "Tiêu chí", "Điểm tối đa", "Điểm đạt", "Có thể lấy lại",
                                    "Lý do", "Trách nhiệm")],
    ]
    for item in ranking.rows:
        for d in item.recoverable[:TOP_CRITERIA]:
            crit_rows.append([text(item.ward.unit), text(d.code, CENTER), text(d.name), number(r(d.max), pts),
                              number(r(d.points), pts), number(r(d.deducted), pts), text(d.reason),
                              text(d.responsible)])
    detail = fit_row_heights(SheetSpec(
        CRITERIA_SHEET, rows=crit_rows, merges=["A1:H1"],
        col_widths={1: 24, 2: 8, 3: 40, 4: 10, 5: 10, 6: 12, 7: 34, 8: 24},
        freeze="A4", print_title_rows=(3, 3), landscape=True,
    ))
    return [main, detail]


def ranking_json(ranking: Ranking, skipped: list[tuple[str, str]], places: int = 2,
                 mode: Rounding = Rounding.HALF_UP) -> dict[str, object]:
    def n(value):  # noqa: ANN001, ANN202
        return None if value is None else to_json_number(round_dp(value, places, mode))

    return {
        "target_rank": ranking.target_rank,
        "wards": [
            {"unit": it.ward.unit, "rank": it.rank, "rank_text": it.notation, "total": n(it.ward.total),
             "total_max": n(it.ward.total_max), "appraised": n(it.ward.appraised), "survey": n(it.ward.survey),
             "index_pct": n(it.ward.index_pct), "classification": it.ward.classification,
             "change": n(it.ward.change), "needed_for_target": n(it.needed_for_target), "source": it.ward.source,
             "recoverable": [{"code": d.code, "name": d.name, "deducted": n(d.deducted), "reason": d.reason,
                              "responsible": d.responsible} for d in it.recoverable[:TOP_CRITERIA]]}
            for it in ranking.rows
        ],
        "classification_counts": ranking.classification_counts,
        "average_index": n(ranking.average_index),
        "average_total": n(ranking.average_total),
        "skipped": [{"input": name, "reason": reason} for name, reason in skipped],
    }
