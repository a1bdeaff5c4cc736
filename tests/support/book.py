"""Build small score-sheet workbooks for tests (fresh workbooks made with openpyxl, returned as bytes)."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from openpyxl import Workbook

HEADERS = ("STT", "Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá", "Điểm thẩm định",
           "Tài liệu kiểm chứng", "Ghi chú", "Trách nhiệm")


def make_book(rows: Sequence[Sequence[object]], headers: Sequence[str] = HEADERS, *, title_rows: int = 2,
              sheet: str = "Bảng điểm", settings: dict[str, object] | None = None,
              extra_sheets: Sequence[str] = ()) -> bytes:
    """A workbook whose score sheet has ``title_rows`` title lines, one header row, then ``rows``."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for i in range(title_rows):
        ws.cell(row=i + 1, column=1, value=f"Dòng tiêu đề {i + 1}")
    header_row = title_rows + 1
    for c, h in enumerate(headers, 1):
        ws.cell(row=header_row, column=c, value=h)
    for r, values in enumerate(rows, header_row + 1):
        for c, v in enumerate(values, 1):
            if v is not None:
                ws.cell(row=r, column=c, value=v)
    if settings is not None:
        cfg = wb.create_sheet("Cấu hình")
        cfg.append(["Thiết lập", "Giá trị"])
        for key, value in settings.items():
            cfg.append([key, value])
    for name in extra_sheets:
        wb.create_sheet(name)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def header_row(title_rows: int = 2) -> int:
    return title_rows + 1
