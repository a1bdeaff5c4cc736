"""Export an appendix (deductions, area summary, task assignment) as a file to attach to the report:
.docx (python-docx), a standalone .xlsx, or .pdf through LibreOffice. The workbook is only read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from parxl.errors import BadInput, UnsafeToWrite, WorkbookLocked
from parxl.sheetspec import SheetSpec

if TYPE_CHECKING:
    from parxl.exporting.pdf import Converted, Converter

TABLES = ("deductions", "summary", "tasks")
FORMATS = ("docx", "xlsx", "pdf")
FILE_LABELS = {"deductions": "phu_luc_tru_diem", "summary": "tong_hop_linh_vuc", "tasks": "phan_cong_nhiem_vu"}


def table_spec(data: bytes, label: str, owned: set[str], table: str, variant: str = "day-du") -> SheetSpec:
    """The sheet parxl would write for ``table``; the task table keeps the officers' edits in the workbook."""
    return _table_and_unit(data, label, owned, table, variant)[0]


def _table_and_unit(data: bytes, label: str, owned: set[str], table: str,
                    variant: str = "day-du") -> tuple[SheetSpec, str | None]:
    """``table_spec`` and the unit's name from "Cấu hình" (the author of an exported document)."""
    from parxl.analyse import analyse
    from parxl.render import summary_sheet, tasks_sheet
    from parxl.workflow import deduction_appendix, previous_tasks

    if table not in TABLES:
        raise BadInput(f"Bảng “{table}” không có; chọn một trong: {', '.join(TABLES)}.")
    analysis = analyse(data, label, owned)
    unit = analysis.settings.unit
    if table == "deductions":
        return deduction_appendix(analysis, variant), unit
    if table == "summary":
        return summary_sheet(analysis.result, analysis.settings), unit
    return tasks_sheet(analysis.result, analysis.settings, previous_tasks(data, owned)), unit


# Columns the sheet keeps for its own bookkeeping; a document leaves them out while they are empty.
OPTIONAL_COLUMNS = ("Tình trạng",)


def render(spec: SheetSpec, fmt: str, author: str | None = None) -> bytes:
    """The file content of ``spec`` in format ``fmt``; ``author`` (the unit) goes into a document's properties."""
    if fmt == "docx":
        from parxl.exporting.docx import build_docx

        return build_docx(spec, OPTIONAL_COLUMNS, author)
    if fmt == "xlsx":
        from parxl.exporting.xlsx import build_xlsx

        return build_xlsx(spec)
    if fmt == "pdf":
        return render_pdf(spec, author=author).pdf
    raise BadInput(f"Định dạng “{fmt}” không có; chọn một trong: {', '.join(FORMATS)}.")


def render_pdf(spec: SheetSpec, converters: Sequence[Converter] | None = None,
               author: str | None = None) -> Converted:
    """``spec`` as PDF through Word or LibreOffice (``pdf.choose``), with the name of the one used."""
    from parxl.exporting.docx import build_docx
    from parxl.exporting.pdf import to_pdf

    return to_pdf(build_docx(spec, OPTIONAL_COLUMNS, author), converters)


def default_output(workbook: Path, table: str, fmt: str) -> Path:
    """``bang_diem_phu_luc_tru_diem.docx`` beside the workbook (ASCII: e-office systems mangle accents)."""
    return workbook.with_name(f"{workbook.stem}_{FILE_LABELS[table]}.{fmt}")


@dataclass(frozen=True)
class Exported:
    path: Path
    converter: str | None = None  # for PDF: "Microsoft Word" or "LibreOffice"


def export_table(workbook: Path, table: str, fmt: str, output: Path | None = None,
                 variant: str = "day-du", converters: Sequence[Converter] | None = None) -> Exported:
    """Read ``workbook``, build ``table`` and write it as ``fmt``; returns the path written (and, for a PDF,
    the program that made it)."""
    from parxl.workflow import load

    if fmt not in FORMATS:
        raise BadInput(f"Định dạng “{fmt}” không có; chọn một trong: {', '.join(FORMATS)}.")
    workbook = Path(workbook)
    target = Path(output) if output is not None else default_output(workbook, table, fmt)
    if target.suffix.lower() != f".{fmt}":
        raise BadInput(f"Tệp xuất “{target.name}” phải có đuôi .{fmt} cho định dạng {fmt}.")
    data, owned = load(workbook)
    if target.exists() and target.resolve() == workbook.resolve():
        raise UnsafeToWrite(f"Tệp xuất trùng với bảng điểm “{workbook.name}”; hãy chọn tên tệp khác.")
    spec, author = _table_and_unit(data, workbook.name, owned, table, variant)
    if fmt == "pdf":
        converted = render_pdf(spec, converters, author)
        _write(target, converted.pdf)
        return Exported(target, converted.converter)
    _write(target, render(spec, fmt, author))
    return Exported(target)


def _write(target: Path, content: bytes) -> None:
    """Write atomically; refuse while Word or Excel has the file open (its ~$ owner file is there)."""
    from parxl.safe_save import write_atomic

    write_atomic(target, content,
                 locked=WorkbookLocked(f"Tệp “{target}” đang mở trong Word hoặc Excel; hãy đóng tệp rồi chạy lại.",
                                       path=str(target)),
                 denied=WorkbookLocked(f"Không ghi được tệp “{target}” (tệp đang mở hoặc không có quyền ghi); "
                                       "hãy đóng tệp rồi chạy lại.", path=str(target)))
