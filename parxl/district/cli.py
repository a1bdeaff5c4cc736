"""`parxl rank`: rank a district's wards from their workbooks, a folder of them, or a pasted table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer


def rank(
    inputs: list[Path] | None = typer.Argument(None, help="Bảng điểm của các phường/xã (.xlsx), thư mục chứa "
                                                             "chúng, hoặc tệp .txt chứa bảng kết quả đã dán."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Ghi bảng xếp hạng ra tệp .xlsx."),
    target_rank: int = typer.Option(5, "--target-rank", min=1, help="Thứ hạng mục tiêu, ví dụ 5 (top 5 của quận)."),
    as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON."),
    title: str = typer.Option("BẢNG XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH", "--title", help="Tiêu đề bảng xếp hạng."),
    document: Path | None = typer.Option(None, "--from", help="Tệp quyết định đã công bố (.docx, .pdf, .xlsx, "
                                                                 ".html, .mhtml): xếp hạng theo bảng kết quả trong tệp."),
    table_no: int | None = typer.Option(None, "--table", min=1, help="Số thứ tự của bảng trong tệp quyết định."),
) -> None:
    """Xếp hạng các phường/xã (đồng điểm thì đồng hạng), đếm xếp loại, tính điểm cần thêm để vào nhóm dẫn đầu."""
    from rich.console import Console
    from rich.progress import Progress

    from parxl.district.collect import collect_files, expand
    from parxl.district.ranking import rank_wards
    from parxl.district.render import ranking_json, ranking_sheets
    from parxl.errors import BadInput

    files = expand(inputs or [])
    if not files and document is None:
        raise BadInput("Không có tệp nào để xếp hạng (thư mục trống hoặc không có tệp .xlsx).")
    console = Console(stderr=True)
    with Progress(console=console, transient=True, disable=as_json or len(files) < 5) as progress:
        task = progress.add_task("Đang đọc bảng điểm", total=len(files))
        collected = collect_files(files, on_item=lambda _name: progress.advance(task))
    if document is not None:
        from parxl.documents import read_tables
        from parxl.documents.paste import choose
        from parxl.documents.rank import wards_from_document

        wards, problems = wards_from_document(choose(read_tables(document), "rank", table_no, label=document.name))
        collected.wards += wards
        collected.skipped += [(document.name, p) for p in problems]
    for name, reason in collected.skipped:
        console.print(f"Bỏ qua “{name}”: {reason}")
    if not collected.wards:
        raise BadInput("Không đọc được đơn vị nào để xếp hạng.")
    ranking = rank_wards(collected.wards, target_rank)
    if output is not None:
        from parxl.safe_save import save_atomic
        from parxl.xlsxpkg.fresh import new_workbook

        if output.suffix.lower() != ".xlsx":
            raise BadInput("Tệp xếp hạng phải có đuôi .xlsx.")
        save_atomic(output, new_workbook(ranking_sheets(ranking, title)), output)
    if as_json:
        typer.echo(json.dumps(ranking_json(ranking, collected.skipped), ensure_ascii=False, indent=2))
        return
    _print(ranking, Console())
    if output is not None:
        Console().print(f"Đã ghi bảng xếp hạng vào: {output}")


def _print(ranking, console) -> None:  # noqa: ANN001
    from rich.table import Table

    from parxl.numbers import show as show_number

    def show(value):  # noqa: ANN001, ANN202
        return show_number(value, 2, trim=False)

    table = Table(title=f"Xếp hạng {len(ranking.rows)} đơn vị")
    for header in ("Hạng", "Đơn vị", "Tổng điểm", "Chỉ số (%)", "Xếp loại", f"Cần thêm (top {ranking.target_rank})"):
        table.add_column(header)
    for item in ranking.rows:
        table.add_row(item.notation, item.ward.unit, show(item.ward.total), show(item.ward.index_pct),
                      item.ward.classification, show(item.needed_for_target) if item.needed_for_target else "")
    console.print(table)
    counts = ", ".join(f"{label}: {n}" for label, n in sorted(ranking.classification_counts.items()))
    console.print(f"Chỉ số trung bình: {show(ranking.average_index)}%. Xếp loại — {counts}.")


def register(app: typer.Typer) -> None:
    app.command("rank")(rank)
