"""The ranking as a decision attaches it (sheets for a workbook, the same sheet for Word and PDF) and as JSON.

The appendix sheet holds no file names: those are on the "Tệp dữ liệu" sheet with what became of every
input; findings on "Kiểm tra xếp hạng"; what each unit needs for the target rank on a sheet of its own.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from parxl.district.ranking import TOTAL_LABEL, Ranking, missing
from parxl.numbers import to_json_number, to_roman
from parxl.render.common import (
    BASE,
    CENTER,
    GROUP,
    HEADER,
    SUBTITLE,
    TEXT,
    TITLE,
    fit_row_heights,
    num_style,
    number,
    text,
)
from parxl.sheetspec import Cell, SheetSpec, Style

RANKING_SHEET = "Xếp hạng"
SOURCES_SHEET = "Tệp dữ liệu"
FINDINGS_SHEET = "Kiểm tra xếp hạng"
TARGET_SHEET = "Mục tiêu xếp hạng"
CRITERIA_SHEET = "Tiêu chí cần cải thiện"
TOP_CRITERIA = 5
HEADER_ROW = 5  # PHỤ LỤC, title, "(Kèm theo …)", a blank row, then the header
# Nghị định 30/2020: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
MARGINS_MM = (20.0, 20.0, 30.0, 15.0)
NOTE = replace(BASE, italic=True)
BOLD_NUMBER_ROW = replace(TEXT, bold=True)

# column key -> (header, width); the optional ones are left out when no unit has a figure for them
_COLUMNS = (
    ("stt", "STT", 6), ("unit", "Đơn vị", 28), ("appraised", "Điểm thẩm định", 11), ("survey", "Điểm ĐTXHH", 11),
    ("total", "Tổng điểm", 11), ("index_pct", "Chỉ số CCHC (%)", 11), ("rank_text", "Xếp hạng", 10),
    ("classification", "Xếp loại", 14), ("change", "Tăng, giảm so với năm trước (điểm)", 16),
)
_OPTIONAL = ("appraised", "survey", "total", "index_pct", "change")


def _columns(ranking: Ranking) -> list[tuple[str, str, int]]:
    frame = ranking.frame
    out = []
    for key, header, width in _COLUMNS:
        if key in _OPTIONAL and all(missing(v) for v in frame[key]):
            continue
        if key == "change" and ranking.heading.year:
            header = f"Tăng, giảm so với năm {ranking.heading.year - 1} (điểm)"
        out.append((key, header, width))
    return out


def appendix_sheet(ranking: Ranking) -> SheetSpec:
    """PHỤ LỤC, its title and "(Kèm theo Quyết định …)", the ranked table (blocks as headed groups, an
    average row per block and overall), then the counts of every class per block and the rule applied."""
    rule, heading = ranking.rule, ranking.heading
    columns = _columns(ranking)
    keys = [k for k, _, _ in columns]
    width = len(columns)
    last = _letter(width)
    pts, signed = num_style(rule.places), num_style(rule.places, signed=True)
    avg, avg_signed = num_style(rule.places, bold=True), num_style(rule.places, bold=True, signed=True)
    rows: list[list[Cell | None]] = [
        [text("PHỤ LỤC", TITLE)],
        [text(heading.title_line(len(ranking.frame)), replace(TITLE, wrap=True))],
        [text(heading.attachment_line(), SUBTITLE)],
        [],
        [text(h, HEADER) for _, h, _ in columns],
    ]
    merges = [f"A1:{last}1", f"A2:{last}2", f"A3:{last}3"]
    frame = ranking.frame
    for b, block in enumerate(ranking.blocks, 1):
        part = frame[frame["block"] == block]
        if ranking.has_blocks:
            heading_row: list[Cell | None] = [text(f"{to_roman(b)}. {block.upper()}", GROUP)]
            rows.append(heading_row + [text("", GROUP)] * (width - 1))
            merges.append(f"A{len(rows)}:{last}{len(rows)}")
        for _, item in part.iterrows():
            cells: list[Cell | None] = []
            for key in keys:
                value = item[key]
                if key in ("stt", "rank_text", "classification"):
                    cells.append(text(value, CENTER))
                elif key == "unit":
                    cells.append(text(value))
                else:
                    cells.append(number(rule.round(value), signed if key == "change" else pts))
            rows.append(cells)
        if ranking.has_blocks:
            rows.append(_average_row(ranking, block, "Bình quân khối", keys, avg, avg_signed))
    rows.append(_average_row(ranking, TOTAL_LABEL, "Bình quân chung" if ranking.has_blocks else "Bình quân",
                             keys, avg, avg_signed))
    rows.append([])
    heights: dict[int, float] = {}
    _append_counts(rows, merges, heights, ranking)
    rows.append([])
    for line in notes(ranking):
        rows.append([text(line, replace(NOTE, wrap=True))])
        merges.append(f"A{len(rows)}:{last}{len(rows)}")
    spec = SheetSpec(
        RANKING_SHEET, rows=rows, merges=merges, col_widths={i: w for i, (_, _, w) in enumerate(columns, 1)},
        freeze=f"C{HEADER_ROW + 1}", print_title_rows=(HEADER_ROW, HEADER_ROW), landscape=True,
        margins_mm=MARGINS_MM, row_heights=heights,
    )
    return fit_row_heights(spec)


def _average_row(ranking: Ranking, block: str, label: str, keys: list[str], style: Style,
                 signed: Style) -> list[Cell | None]:
    row = ranking.summary_frame.loc[block]
    figures = {"appraised": row["average_appraised"], "survey": row["average_survey"], "total": row["average_total"],
               "index_pct": row["average_index"], "change": row["average_change"]}
    cells: list[Cell | None] = []
    for key in keys:
        if key == "unit":
            cells.append(text(label, BOLD_NUMBER_ROW))
        elif key in figures:
            cells.append(number(ranking.rule.round(figures[key]), signed if key == "change" else style))
        else:
            cells.append(text("", BOLD_NUMBER_ROW))
    return cells


def counts_table(ranking: Ranking) -> tuple[list[str], list[list[object]]]:
    """Header and rows of the class counts: a row per class (zeros included), a column per block and overall."""
    summary = ranking.summary_frame
    names = [b for b in summary.index if b != TOTAL_LABEL]
    header = ["Nội dung", *names, "Chung" if names else "Số đơn vị"]
    order = [*names, TOTAL_LABEL]
    rows: list[list[object]] = [["Số đơn vị", *[int(summary.loc[b, "units"]) for b in order]]]
    rows += [[f"Xếp loại {c}", *[int(summary.loc[b, c]) for b in order]] for c in ranking.rule.classes]
    return header, rows


def _append_counts(rows: list[list[Cell | None]], merges: list[str], heights: dict[int, float],
                   ranking: Ranking) -> None:
    """The counts table below the ranked table, its label spanning columns A:B."""
    header, body = counts_table(ranking)
    rows.append([text("SỐ ĐƠN VỊ THEO XẾP LOẠI", replace(BASE, bold=True))])
    head: list[Cell | None] = [text(header[0], HEADER), text("", HEADER)]
    rows.append(head + [text(h, HEADER) for h in header[1:]])
    merges.append(f"A{len(rows)}:B{len(rows)}")
    heights[len(rows)] = 33.0  # block names wrap onto two lines in the narrow figure columns
    for row in body:
        label: list[Cell | None] = [text(row[0], TEXT), text("", TEXT)]
        rows.append(label + [text(v, CENTER) for v in row[1:]])
        merges.append(f"A{len(rows)}:B{len(rows)}")


def notes(ranking: Ranking) -> list[str]:
    lines = [ranking.rule.describe(),
             f"Xếp hạng theo {ranking.metric_label}"
             + (" trong từng khối" if ranking.has_blocks else "") + "; “02/17” là hạng 2 trong 17 đơn vị."]
    if ranking.rule.default:
        lines.append("Chưa có quy định xếp loại riêng của địa phương (tham số --thresholds hoặc tệp --settings): "
                     "bảng dùng ngưỡng mặc định của parxl, cần đối chiếu trước khi ban hành.")
    return lines


def sources_sheet(ranking: Ranking) -> SheetSpec:
    rows: list[list[Cell | None]] = [
        [text("CÁC TỆP ĐÃ ĐỌC ĐỂ XẾP HẠNG", TITLE)],
        [text(f"{sum(s.ranked for s in ranking.sources)} tệp được xếp hạng, "
              f"{sum(not s.ranked for s in ranking.sources)} tệp không xếp hạng", SUBTITLE)],
        [],
        [text(h, HEADER) for h in ("STT", "Tệp", "Kết quả", "Đơn vị", "Lý do không xếp hạng")],
    ]
    for i, source in enumerate(ranking.sources, 1):
        rows.append([text(i, CENTER), text(source.name), text("Đã xếp hạng" if source.ranked else "Không xếp hạng",
                                                                CENTER),
                     text(", ".join(source.units)), text(source.reason)])
    return fit_row_heights(SheetSpec(SOURCES_SHEET, rows=rows, merges=["A1:E1", "A2:E2"],
                                     col_widths={1: 6, 2: 40, 3: 16, 4: 28, 5: 60}, freeze="A5",
                                     print_title_rows=(4, 4), landscape=True))


def findings_sheet(ranking: Ranking) -> SheetSpec:
    rows: list[list[Cell | None]] = [
        [text("KIỂM TRA KHI XẾP HẠNG", TITLE)],
        [text(f"Quy định xếp loại lấy từ: {ranking.rule.source}. {ranking.rule.describe()}",
              replace(SUBTITLE, wrap=True))],
        [text(h, HEADER) for h in ("STT", "Mức độ", "Tệp", "Nội dung", "Mã")],
    ]
    for i, f in enumerate(ranking.findings, 1):
        rows.append([text(i, CENTER), text(f.severity.label, CENTER), text(dict(f.params).get("file", "")),
                     text(f.message), text(f.code)])
    if not ranking.findings:
        rows.append([text("", CENTER), text("", CENTER), text(""), text("Không có vấn đề nào."), text("")])
    return fit_row_heights(SheetSpec(FINDINGS_SHEET, rows=rows, merges=["A1:E1", "A2:E2"],
                                     col_widths={1: 6, 2: 11, 3: 34, 4: 70, 5: 22}, freeze="A4",
                                     print_title_rows=(3, 3), landscape=True))


def target_sheet(ranking: Ranking) -> SheetSpec:
    """What each unit needs to share the target rank of its block, in index points and in total points,
    each column naming its measure."""
    rule, n = ranking.rule, ranking.target_rank
    pts = num_style(rule.places)
    metric = "Chỉ số CCHC (%)" if ranking.metric == "index" else "Tổng điểm"
    headers = ("Khối", "Đơn vị", "Xếp hạng", metric, f"Chỉ số cần thêm để vào top {n} (điểm phần trăm)",
               f"Tổng điểm cần thêm để vào top {n} (điểm)")
    rows: list[list[Cell | None]] = [
        [text(f"MỤC TIÊU XẾP HẠNG: VÀO NHÓM {n} ĐƠN VỊ DẪN ĐẦU" + (" CỦA KHỐI" if ranking.has_blocks else ""),
              TITLE)],
        [text(f"Xếp hạng theo {ranking.metric_label}; chỉ số (điểm phần trăm) và tổng điểm (điểm) ở hai cột riêng.",
              SUBTITLE)],
        [], [text(h, HEADER) for h in headers],
    ]
    for _, item in ranking.frame.iterrows():
        rows.append([text(item["block"]), text(item["unit"]), text(item["rank_text"], CENTER),
                     number(item["score"], pts), number(rule.round(item["needed_index"]), pts),
                     number(rule.round(item["needed_points"]), pts)])
    rows.append([])
    rows.append([text("Chỉ số (điểm phần trăm) = tổng điểm × 100 / tổng điểm tối đa của đơn vị; hai cột chỉ bằng "
                      "nhau khi tổng điểm tối đa là 100.", NOTE)])
    return fit_row_heights(SheetSpec(TARGET_SHEET, rows=rows, merges=["A1:F1", "A2:F2"],
                                     col_widths={1: 18, 2: 30, 3: 10, 4: 12, 5: 18, 6: 18}, freeze="C5",
                                     print_title_rows=(4, 4), landscape=True))


def criteria_sheet(ranking: Ranking) -> SheetSpec:
    rule = ranking.rule
    pts = num_style(rule.places)
    rows: list[list[Cell | None]] = [
        [text("CÁC TIÊU CHÍ CÓ THỂ LẤY LẠI NHIỀU ĐIỂM NHẤT", TITLE)], [],
        [text(h, HEADER) for h in ("Đơn vị", "Mã", "Tiêu chí", "Điểm tối đa", "Điểm đạt", "Có thể lấy lại (điểm)",
                                    "Lý do", "Trách nhiệm")],
    ]
    for position, ward in enumerate(ranking.wards):
        for d in ranking.recoverable(position)[:TOP_CRITERIA]:
            rows.append([text(ward.unit), text(d.code, CENTER), text(d.name), number(rule.round(d.max), pts),
                         number(rule.round(d.points), pts), number(rule.round(d.deducted), pts), text(d.reason),
                         text(d.responsible)])
    return fit_row_heights(SheetSpec(CRITERIA_SHEET, rows=rows, merges=["A1:H1"],
                                     col_widths={1: 24, 2: 8, 3: 40, 4: 10, 5: 10, 6: 12, 7: 34, 8: 24},
                                     freeze="A4", print_title_rows=(3, 3), landscape=True))


def ranking_sheets(ranking: Ranking) -> list[SheetSpec]:
    """Every sheet of the ranking workbook, the appendix first."""
    sheets = [appendix_sheet(ranking), sources_sheet(ranking), findings_sheet(ranking),
              target_sheet(ranking)]
    if any(w.deductions for w in ranking.wards):
        sheets.append(criteria_sheet(ranking))
    return sheets


def _letter(col: int) -> str:
    from parxl.read import col_letter

    return col_letter(col)


def _n(value: Decimal | None, ranking: Ranking) -> int | float | None:
    return None if missing(value) else to_json_number(ranking.rule.round(value))


def ranking_json(ranking: Ranking) -> dict[str, object]:
    """The whole ranking as JSON: figures rounded by the rule, everything the sheets show."""
    rule, h = ranking.rule, ranking.heading
    summary = ranking.summary_frame
    return {
        "rule": {"thresholds": [[label, to_json_number(bound)] for label, bound in rule.thresholds],
                 "rounding": rule.rounding.value, "places": rule.places, "source": rule.source,
                 "default": rule.default},
        "metric": ranking.metric,
        "target_rank": ranking.target_rank,
        "heading": {"year": h.year, "area": h.area, "decision": h.decision, "date": h.date, "issuer": h.issuer,
                    "title": h.title_line(len(ranking.frame)), "attachment": h.attachment_line()},
        "wards": [
            {"block": item["block"], "stt": int(item["stt"]), "unit": item["unit"], "rank": int(item["rank"]),
             "rank_of": int(item["rank_of"]), "rank_text": item["rank_text"], "total": _n(item["total"], ranking),
             "total_max": _n(item["total_max"], ranking), "appraised": _n(item["appraised"], ranking),
             "survey": _n(item["survey"], ranking), "index_pct": _n(item["index_pct"], ranking),
             "score": _n(item["score"], ranking), "classification": item["classification"],
             "stated_classification": item["stated_classification"], "last_year": _n(item["last_year"], ranking),
             "change": _n(item["change"], ranking), "needed_index": _n(item["needed_index"], ranking),
             "needed_points": _n(item["needed_points"], ranking), "source": item["source"],
             "recoverable": [{"code": d.code, "name": d.name, "deducted": _n(d.deducted, ranking), "reason": d.reason,
                              "responsible": d.responsible} for d in ranking.recoverable(i)[:TOP_CRITERIA]]}
            for i, (_, item) in enumerate(ranking.frame.iterrows())
        ],
        "blocks": [
            {"block": str(b), "units": int(row["units"]),
             "counts": {c: int(row[c]) for c in rule.classes},
             "average_appraised": _n(row["average_appraised"], ranking),
             "average_survey": _n(row["average_survey"], ranking),
             "average_index": _n(row["average_index"], ranking), "average_total": _n(row["average_total"], ranking),
             "average_change": _n(row["average_change"], ranking)}
            for b, row in summary.iterrows()
        ],
        "classification_counts": ranking.classification_counts,
        "average_index": _n(ranking.average_index, ranking),
        "average_total": _n(ranking.average_total, ranking),
        "findings": [{**f.to_dict(), "file": dict(f.params).get("file", "")} for f in ranking.findings],
        "sources": [{"file": s.name, "ranked": s.ranked, "units": list(s.units), "code": s.code, "reason": s.reason}
                    for s in ranking.sources],
        "skipped": [{"input": s.name, "code": s.code, "reason": s.reason} for s in ranking.sources if not s.ranked],
    }
