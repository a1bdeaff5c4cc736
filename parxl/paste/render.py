"""Sheets for a pasted district table: the table as parxl read it, and its comparison with the workbook."""

from __future__ import annotations

from decimal import Decimal

from parxl.findings import Finding
from parxl.numbers import Rounding
from parxl.paste import PasteResult
from parxl.paste.compare import PastePlan
from parxl.render import COMPARISON_SHEET, DISTRICT_TABLE_SHEET
from parxl.render.common import CENTER, HEADER, SUBTITLE, TEXT, TITLE, fit_row_heights, num_style, rounded, text
from parxl.sheetspec import Cell, SheetSpec, Style

_COLUMNS = (  # field, header
    ("line", "Dòng"), ("group", "Nhóm"), ("block", "Khối"), ("code", "Mã"), ("stt", "STT"), ("unit", "Đơn vị"),
    ("name", "Nội dung"),
    ("label", "Dòng tổng"), ("max", "Điểm tối đa"), ("self", "Điểm tự đánh giá"), ("appraised", "Điểm thẩm định"),
    ("appraised_max", "Tối đa thẩm định"), ("survey", "Điểm ĐTXHH"), ("survey_max", "Tối đa ĐTXHH"),
    ("total", "Tổng điểm"), ("total_max", "Tổng tối đa"), ("deducted", "Số điểm bị trừ"), ("index_pct", "Chỉ số (%)"),
    ("change", "Tăng/giảm"), ("rank", "Xếp hạng"), ("classification", "Xếp loại"), ("reason", "Lý do"),
    ("responsible", "Trách nhiệm"),
)
_HEADERS = dict(_COLUMNS)  # a role of the column map is the row field it fills
KIND_LABELS = {  # what a pasted table is, for people: "Nhận ra bảng kết quả các đơn vị ..."
    "areas": "kết quả theo lĩnh vực", "units": "kết quả các đơn vị", "criteria": "các tiêu chí bị trừ điểm",
    "unknown": "chưa nhận ra được",
}


_CENTERED = ("line", "group", "code", "stt", "rank", "classification")


def _number(value: Decimal | None, style: Style) -> Cell:
    """A figure to two decimals, as the district's tables print them."""
    return Cell(value=rounded(value, 2, Rounding.HALF_UP), style=style)


def table_sheet(pasted: PasteResult) -> SheetSpec:
    present = [(f, h) for f, h in _COLUMNS if any(f in row for row in pasted.rows)]
    pts = num_style(2)
    rows: list[list[Cell | None]] = [
        [text(f"BẢNG KẾT QUẢ CỦA QUẬN ĐÃ ĐỌC ({KIND_LABELS.get(pasted.kind, pasted.kind).upper()})", TITLE)],
        [text("Mỗi dòng ghi số dòng trong phần đã dán, để đối chiếu.", SUBTITLE)], [],
        [text(h, HEADER) for _, h in present],
    ]
    rows += [[_number(v, pts) if isinstance(v := row.get(f), Decimal) else text(v, CENTER if f in _CENTERED else TEXT)
              for f, _ in present] for row in pasted.rows]
    rows += _map_rows(pasted)
    widths: dict[int, float] = {i: (40 if f in ("name", "reason", "responsible", "unit") else 10)
                                for i, (f, _) in enumerate(present, 1)}
    return fit_row_heights(SheetSpec(DISTRICT_TABLE_SHEET, rows=rows, col_widths=widths, freeze="A5",
                                     print_title_rows=(4, 4), landscape=True))


SOURCES = {"header": "theo tiêu đề", "data": "theo số liệu", "override": "theo chỉ định"}


def _map_rows(pasted: PasteResult) -> list[list[Cell | None]]:
    """The column map under the table: each column of the paste, its header, and what it was read as."""
    if not pasted.column_map:
        return []
    out: list[list[Cell | None]] = [[], [text("CÁC CỘT CỦA PHẦN DÁN", HEADER)]]
    if pasted.override:
        out.append([text(f"Chỉ định cột của người dùng: {pasted.override}", SUBTITLE)])
    out.append([text(h, HEADER) for h in ("Cột", "Tiêu đề", "Đọc là", "Căn cứ")])
    for c in pasted.column_map:
        role = c["role"]
        out.append([text(c["column"], CENTER), text(str(c["header"] or "")),
                    text(_HEADERS.get(str(role), str(role)) if role else "không dùng", CENTER),
                    text(SOURCES.get(str(c["source"]), str(c["source"])), CENTER)])
    return out


def comparison_sheet(plan: PastePlan, findings: list[Finding]) -> SheetSpec:
    pts, signed = num_style(2), num_style(2, signed=True)
    rows: list[list[Cell | None]] = [
        [text("SO SÁNH SỐ LIỆU QUẬN CÔNG BỐ VỚI BẢNG ĐIỂM CỦA ĐƠN VỊ", TITLE)], [],
        [text(h, HEADER) for h in ("Mã", "Nội dung", "Điểm tối đa", "Tự đánh giá", "Thẩm định (bảng điểm)",
                                    "Quận công bố", "Chênh lệch", "Dòng", "Ghi chú")],
    ]
    rows += [[text(c.code, CENTER), text(c.name), _number(c.maximum, pts), _number(c.own_self, pts),
              _number(c.own_appraised, pts), _number(c.district, pts), _number(c.difference, signed),
              text(c.line, CENTER), text(c.note or None)] for c in plan.comparisons]
    rows += [[], [text("Các vấn đề phát hiện", HEADER), None, None, None, None, None, None,
                  text("Dòng", HEADER), text("Nội dung", HEADER)]]
    start = len(rows)
    rows += [[text(f.severity.label, CENTER), None, None, None, None, None, None, text(f.line, CENTER),
              text(f.message)] for f in findings]
    merges = ["A1:I1", f"A{start}:G{start}"] + [f"A{r}:G{r}" for r in range(start + 1, len(rows) + 1)]
    if not findings:
        rows.append([text("Không phát hiện vấn đề nào.")])
    return fit_row_heights(SheetSpec(
        COMPARISON_SHEET, rows=rows, merges=merges,
        col_widths={1: 8, 2: 44, 3: 10, 4: 11, 5: 12, 6: 11, 7: 11, 8: 7, 9: 60},
        freeze="A4", print_title_rows=(3, 3), landscape=True,
    ))
