"""`parxl paste`: read the district's published table, reconcile it, and write it into the workbook."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

import typer

if TYPE_CHECKING:
    from parxl.findings import Finding
    from parxl.paste import PasteResult
    from parxl.paste.workbook import PasteOutcome

EXIT_FINDINGS = 1


def _read_text(source: str) -> str:
    """``-`` is standard input; an existing file is read; anything else is the pasted text itself.

    Files and standard input are decoded as Notepad saves them (UTF-8 with or without BOM, UTF-16 with BOM);
    other encodings and binary files are refused with advice, and so is anything larger than a pasted table."""
    from parxl.read import MAX_PASTE_BYTES, decode_bounded, read_text_file

    if source == "-":
        stream = getattr(sys.stdin, "buffer", None)  # None: a text stream without bytes (tests, embedded use)
        data = stream.read(MAX_PASTE_BYTES + 1) if stream is not None else \
            sys.stdin.read(MAX_PASTE_BYTES + 1).encode("utf-8")
        return decode_bounded(data, "bàn phím")
    try:
        is_file = len(source) < 260 and "\n" not in source and Path(source).is_file()
    except (OSError, ValueError):
        is_file = False
    if is_file:
        return read_text_file(Path(source))
    return decode_bounded(source.encode("utf-8", "surrogatepass"), "--text")


def paste(
    file: Path | None = typer.Argument(None, help="Bảng điểm của đơn vị (.xlsx). Bỏ trống để chỉ đọc và kiểm tra phần "
                                                  "dán."),
    text: str | None = typer.Option(None, "--text", help="Phần dán: đường dẫn tệp văn bản, “-” để đọc từ bàn phím/ống "
                                                           "lệnh, hoặc chính nội dung. Bỏ trống để đọc trang “Kết quả "
                                                           "quận”."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Ghi đè điểm thẩm định, lý do đã có nếu khác số liệu "
                                                              "quận."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Ghi ra tệp khác thay vì ghi đè tệp gốc."),
    as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON."),
    columns: str | None = typer.Option(None, "--columns", help="Chỉ định cột thay cho tiêu đề, ví dụ "
                                          "“1=rank,2=unit,5=total” hoặc “Điểm chung=total”; “3=skip” để bỏ cột."),
    document: Path | None = typer.Option(None, "--from", help="Đọc thẳng bảng trong tệp quyết định đã công bố (.docx, "
                                                                 ".pdf, .xlsx, .html, .mhtml) thay vì phần dán."),
    table_no: int | None = typer.Option(None, "--table", min=1, help="Số thứ tự của bảng cần đọc trong tệp "
                                                                        "quyết định (xem --list-tables)."),
    list_tables: bool = typer.Option(False, "--list-tables", help="Liệt kê các bảng có trong tệp quyết định."),
) -> None:
    """Đọc bảng kết quả quận đã dán, kiểm tra từng con số, so sánh và ghi điểm thẩm định vào bảng điểm."""
    from parxl.errors import BadInput

    if document is not None:
        if text is not None:
            raise BadInput("Hãy dùng một trong hai: --text (phần dán) hoặc --from (tệp quyết định).")
        _paste_document(file, document, table_no, list_tables, overwrite, output, as_json, columns)
        return
    if list_tables or table_no is not None:
        raise BadInput("--list-tables và --table chỉ dùng cùng --from (tệp quyết định).")
    if file is None:
        if text is None:
            raise BadInput("Hãy cho phần dán bằng --text (tệp văn bản, “-”, hoặc nội dung), hoặc cho tên bảng điểm.")
        from parxl.paste import parse_paste

        result = parse_paste(_read_text(text), columns=columns)
        if as_json:
            typer.echo(json.dumps(_json(result), ensure_ascii=False, indent=2))
        else:
            _print_findings(result, result.findings)
        if not result.understood:
            raise typer.Exit(EXIT_FINDINGS)
        return
    from parxl.paste.workbook import paste_file

    outcome = paste_file(file, _read_text(text) if text is not None else None, overwrite=overwrite, output=output,
                         columns=columns)
    if not as_json:
        _print_findings(outcome.pasted, outcome.findings)
    _written(outcome, _json(outcome.pasted) if as_json else None)


def _json(result: PasteResult) -> dict[str, object]:
    """The JSON of `paste --json`: the result's, without its groups."""
    return {k: v for k, v in result.to_json().items() if k != "groups"}


def _written(outcome: PasteOutcome, data: dict[str, object] | None) -> None:
    """After a write: ``data`` as JSON with the comparison's findings and the cells written; else where it went."""
    if data is not None:
        data["findings"] = cast(list, data["findings"]) + [f.to_dict() for f in outcome.plan.findings]
        data["written"] = dict(outcome.plan.cell_values)
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        typer.echo(f"Đã ghi {len(outcome.plan.cell_values)} ô vào bảng điểm; kết quả ở: {outcome.path}")
        if outcome.backup:
            typer.echo(f"Bản sao lưu tệp gốc: {outcome.backup}")
    if not outcome.pasted.understood:  # as without a workbook
        raise typer.Exit(EXIT_FINDINGS)


def _paste_document(file: Path | None, document: Path, table_no: int | None, list_tables: bool,
                    overwrite: bool, output: Path | None, as_json: bool, columns: str | None) -> None:
    """`--from`: the decision's own table instead of a paste; every finding shown at its place in the file."""
    from parxl.documents import read_tables
    from parxl.documents.cli import has_errors, print_document
    from parxl.documents.cli import list_tables as show_tables
    from parxl.documents.paste import DocumentPaste, cells_of, choose

    if list_tables:
        show_tables(document, as_json)
        return
    doc = choose(read_tables(document), "paste", table_no, label=document.name)
    if file is None:
        if as_json:
            typer.echo(json.dumps(doc.to_json(), ensure_ascii=False, indent=2))
        else:
            print_document(doc)
        if has_errors(doc) or not doc.result.understood:
            raise typer.Exit(EXIT_FINDINGS)
        return
    from parxl.paste.workbook import paste_file

    outcome = paste_file(file, None, overwrite=overwrite, output=output, columns=columns, cells=cells_of(doc.table))
    doc = DocumentPaste(doc.file, doc.table, outcome.pasted, doc.cross)
    if not as_json:
        print_document(doc, outcome.plan.findings)
    _written(outcome, doc.to_json() if as_json else None)


def _print_findings(result: PasteResult, findings: list[Finding]) -> None:
    from rich.console import Console
    from rich.table import Table

    from parxl.paste.render import KIND_LABELS, SOURCES

    console = Console()
    if result.kind != "unknown":
        console.print(f"Nhận ra bảng {KIND_LABELS[result.kind]} với {len(result.data_rows)} dòng số liệu.")
        if result.column_map:
            shown = "; ".join(f"cột {c['column']} “{c['header']}” → {c['role'] or 'không dùng'}"
                              + ("" if c["source"] == "header" else f" ({SOURCES[str(c['source'])]})")
                              for c in result.column_map)
            console.print(f"Đọc các cột: {shown}.")
    else:
        console.print("Không nhận ra bảng kết quả nào trong phần dán.")
    if not findings:
        console.print("Không phát hiện vấn đề nào.")
        return
    table = Table("Mức độ", "Dòng", "Nội dung")
    for f in findings:
        table.add_row(f.severity.label, "" if f.line is None else str(f.line), f.message)
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("paste")(paste)
