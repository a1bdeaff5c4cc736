"""`parxl paste`: read the district's published table, reconcile it, and write it into the workbook."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

EXIT_FINDINGS = 1


def _read_text(source: str) -> str:
    """``-`` is standard input; an existing file is read; anything else is the pasted text itself.

    Files and standard input are decoded as Notepad saves them (UTF-8 with or without BOM, UTF-16 with BOM);
    other encodings and binary files are refused with advice, and so is anything larger than a pasted table."""
    from parxl.read import MAX_PASTE_BYTES, decode_bounded, read_text_file

    if source == "-":
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:  # a text stream without bytes underneath (tests, embedded use)
            return decode_bounded(sys.stdin.read(MAX_PASTE_BYTES + 1).encode("utf-8"), "bàn phím")
        return decode_bounded(stream.read(MAX_PASTE_BYTES + 1), "bàn phím")
    candidate = Path(source)
    try:
        is_file = len(source) < 260 and "\n" not in source and candidate.is_file()
    except (OSError, ValueError):
        is_file = False
    if is_file:
        return read_text_file(candidate)
    return decode_bounded(source.encode("utf-8", "surrogatepass"), "--text")


def paste(
    file: Optional[Path] = typer.Argument(None, help="Bảng điểm của đơn vị (.xlsx). Bỏ trống để chỉ đọc và kiểm tra phần dán."),
    text: Optional[str] = typer.Option(None, "--text", help="Phần dán: đường dẫn tệp văn bản, “-” để đọc từ bàn phím/"
                                                           "ống lệnh, hoặc chính nội dung. Bỏ trống để đọc trang “Kết quả quận”."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Ghi đè điểm thẩm định, lý do đã có nếu khác số liệu quận."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Ghi ra tệp khác thay vì ghi đè tệp gốc."),
    as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON."),
    columns: Optional[str] = typer.Option(None, "--columns", help="Chỉ định cột thay cho tiêu đề, ví dụ "
                                          "“1=rank,2=unit,5=total” hoặc “Điểm chung=total”; “3=skip” để bỏ cột."),
) -> None:
    """Đọc bảng kết quả quận đã dán, kiểm tra từng con số, so sánh và ghi điểm thẩm định vào bảng điểm."""
    from parxl.errors import BadInput

    if file is None:
        if text is None:
            raise BadInput("Hãy cho phần dán bằng --text (tệp văn bản, “-”, hoặc nội dung), hoặc cho tên bảng điểm.")
        from parxl.paste import parse_paste

        result = parse_paste(_read_text(text), columns=columns)
        if as_json:
            data = result.to_json()
            typer.echo(json.dumps({k: data[k] for k in ("kind", "rows", "findings", "columns", "columns_override")},
                                  ensure_ascii=False, indent=2))
        else:
            _print_findings(result.kind, len(result.data_rows), result.findings, result.column_map)
        if not result.understood:
            raise typer.Exit(EXIT_FINDINGS)
        return
    from parxl.paste.workbook import paste_file

    outcome = paste_file(file, _read_text(text) if text is not None else None, overwrite=overwrite, output=output,
                         columns=columns)
    if as_json:
        data = outcome.pasted.to_json()
        typer.echo(json.dumps({
            "kind": data["kind"], "rows": data["rows"],
            "findings": data["findings"] + [f.to_dict() for f in outcome.plan.findings],
            "columns": data["columns"], "columns_override": data["columns_override"],
            "written": {cell: value for cell, value in outcome.plan.cell_values.items()},
        }, ensure_ascii=False, indent=2, default=str))
        return
    _print_findings(outcome.pasted.kind, len(outcome.pasted.data_rows), outcome.findings, outcome.pasted.column_map)
    typer.echo(f"Đã ghi {len(outcome.plan.cell_values)} ô vào bảng điểm; kết quả ở: {outcome.path}")
    if outcome.backup:
        typer.echo(f"Bản sao lưu tệp gốc: {outcome.backup}")


def _print_findings(kind: str, rows: int, findings: list, column_map: list | None = None) -> None:  # noqa: ANN001
    from rich.console import Console
    from rich.table import Table

    from parxl.paste.render import KIND_LABELS

    console = Console()
    if kind in KIND_LABELS and kind != "unknown":
        console.print(f"Nhận ra bảng {KIND_LABELS[kind]} với {rows} dòng số liệu.")
        if column_map:
            shown = "; ".join(f"cột {c['column']} “{c['header']}” → {c['role'] or 'không dùng'}"
                              + (" (theo chỉ định)" if c["source"] == "override" else "")
                              + (" (theo số liệu)" if c["source"] == "data" else "")
                              for c in column_map)
            console.print(f"Đọc các cột: {shown}.")
    else:
        console.print("Không nhận ra bảng kết quả nào trong phần dán.")
    if not findings:
        console.print("Không phát hiện vấn đề nào.")
        return
    table = Table()
    for header in ("Mức độ", "Dòng", "Nội dung"):
        table.add_column(header)
    for f in findings:
        table.add_row(f.severity.label, "" if f.line is None else str(f.line), f.message)
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("paste")(paste)
