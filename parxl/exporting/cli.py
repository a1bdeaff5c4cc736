"""``parxl export``: one appendix as .docx, .xlsx or .pdf. Only typer is imported here (``--help`` stays fast)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer


class Table(str, Enum):
    deductions = "deductions"
    summary = "summary"
    tasks = "tasks"


class Format(str, Enum):
    docx = "docx"
    xlsx = "xlsx"
    pdf = "pdf"


class Variant(str, Enum):
    full = "day-du"
    short = "rut-gon"


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export(
        file: Path = typer.Argument(..., help="Tệp bảng điểm (.xlsx hoặc .xlsm); tệp chỉ được đọc, không bị sửa."),
        table: Table = typer.Option(
            Table.deductions, "--table", "-t",
            help="Bảng cần xuất: deductions (phụ lục các tiêu chí bị trừ điểm), summary (kết quả theo lĩnh vực, "
                 "tăng/giảm so với năm trước), tasks (phân công nhiệm vụ, gồm nội dung cán bộ đã sửa)."),
        fmt: Format = typer.Option(
            Format.docx, "--format", "-f",
            help="Định dạng: docx (Word, theo thể thức Nghị định 30/2020), xlsx (Excel), pdf (qua Microsoft Word "
                 "trên Windows, hoặc LibreOffice)."),
        output: Path | None = typer.Option(
            None, "--output", "-o",
            help="Tên tệp xuất; mặc định đặt cạnh bảng điểm, ví dụ bang_diem_phu_luc_tru_diem.docx."),
        variant: Variant = typer.Option(
            Variant.full, "--variant",
            help="Mẫu phụ lục trừ điểm: 004 (đầy đủ: điểm tối đa, tự đánh giá, thẩm định, số điểm bị trừ) hoặc "
                 "000 (rút gọn: điểm thẩm định dạng x/y, nguyên nhân, trách nhiệm tham mưu)."),
    ) -> None:
        """Xuất phụ lục (trừ điểm, tổng hợp lĩnh vực, phân công nhiệm vụ) ra tệp Word, Excel hoặc PDF
        để đính kèm báo cáo."""
        from parxl.exporting import export_table

        written = export_table(file, table.value, fmt.value, output, variant.value)
        how = f" (đã xuất PDF bằng {written.converter})" if written.converter else ""
        typer.echo(f"Đã xuất: {written.path}{how}")
