"""What `parxl paste --from` prints: the listing of a document's tables, and findings at their places."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from parxl.documents.paste import DocumentPaste, TableInfo
from parxl.findings import Finding

KIND_NAMES = {"areas": "kết quả theo lĩnh vực", "units": "kết quả các đơn vị",
              "criteria": "tiêu chí bị trừ điểm", "unknown": "không nhận ra"}


def list_tables(path: Path, as_json: bool) -> None:
    """`--list-tables`: every table of the document, its place, header, rows and kind."""
    from parxl.documents import read_tables
    from parxl.documents.paste import survey

    infos = [info for info, _ in survey(read_tables(path))]
    if as_json:
        typer.echo(json.dumps({"file": path.name, "tables": [i.to_json() for i in infos]}, ensure_ascii=False,
                              indent=2))
        return
    _print_listing(path.name, infos)


def _print_listing(name: str, infos: list[TableInfo]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Các bảng trong “{name}”")
    for header in ("Bảng", "Vị trí", "Loại", "Số dòng", "Tiêu đề"):
        table.add_column(header)
    for i in infos:
        table.add_row(str(i.number), i.where(), KIND_NAMES.get(i.kind, i.kind), str(i.rows), i.header)
    Console().print(table)
    if not infos:
        Console().print("Không tìm thấy bảng nào.")


def print_document(doc: DocumentPaste, extra: list[Finding] | None = None) -> None:
    """What was read and every finding at its place; ``extra`` are the comparison's findings (their lines
    are the table's rows too)."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    result = doc.result
    where = f"bảng {doc.table.number}" + (f" (trang {doc.table.page})" if doc.table.page else "")
    if result.kind in KIND_NAMES and result.kind != "unknown":
        console.print(f"Đọc {where} của “{doc.file}”: bảng {KIND_NAMES[result.kind]} với "
                      f"{len(result.data_rows)} dòng số liệu.")
    else:
        console.print(f"Không nhận ra bảng kết quả nào ở {where} của “{doc.file}”.")
    findings = doc.findings + list(extra or [])
    if not findings:
        console.print("Không phát hiện vấn đề nào.")
        return
    table = Table()
    for header in ("Mức độ", "Vị trí", "Nội dung"):
        table.add_column(header)
    for f in findings:
        where = doc.where(f) or ("" if f.line is None else f"dòng {f.line}")
        table.add_row(f.severity.label, where, doc.message(f))
    console.print(table)


def has_errors(doc: DocumentPaste) -> bool:
    return any(f.severity.value == "error" for f in doc.findings)
