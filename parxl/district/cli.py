"""`parxl rank`: rank a district's or province's units from their workbooks, folders of them, or pasted tables."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from decimal import Decimal

    from parxl.district.ranking import Ranking

EXIT_FINDINGS = 1  # an input could not be read or compared: the ranking may miss a unit
SHOW_PROGRESS_FROM = 6  # more than a handful of files


class _Progress:
    """A rich progress bar on stderr, started on the first file read when there are enough of them."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, done: int, total: int, _name: str) -> None:  # the OnItem interface
        if not self.enabled or total < SHOW_PROGRESS_FROM:
            return
        if self.bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("Đang đọc bảng điểm"), BarColumn(), MofNCompleteColumn(),
                                TimeRemainingColumn(), console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("", total=total)
        self.bar.update(self.task, completed=done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def rank(
    inputs: list[Path] | None = typer.Argument(None, help="Bảng điểm của các đơn vị (.xlsx), thư mục chứa chúng (kể cả "
                                                  "thư mục con), hoặc tệp .txt chứa bảng kết quả đã dán."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Ghi bảng xếp hạng ra tệp .xlsx, .docx hoặc "
                                                                        ".pdf (theo đuôi tệp hoặc --format)."),
    fmt: str | None = typer.Option(None, "--format", "-f", help="xlsx (mọi trang), docx hoặc pdf (phụ lục theo "
                                                                   "Nghị định 30/2020; pdf cần LibreOffice)."),
    thresholds: str | None = typer.Option(None, "--thresholds", help="Ngưỡng xếp loại chung, ví dụ "
                                             "“Xuất sắc>=90,Tốt>=80,Khá>=70,Trung bình>=50”."),
    settings: Path | None = typer.Option(None, "--settings", help="Tệp .xlsx có trang “Cấu hình” của quận/tỉnh: "
                                            "ngưỡng, cách làm tròn, năm, số và ngày quyết định, cơ quan ban hành."),
    rounding: str | None = typer.Option(None, "--rounding", help="lam-tron (làm tròn) hoặc cat-bo (cắt bỏ)."),
    places: int | None = typer.Option(None, "--places", help="Số chữ số thập phân (mặc định 2)."),
    block_by: str | None = typer.Option(None, "--block-by", help="Xếp hạng theo khối: tên một thiết lập trong "
                                           "trang Cấu hình (ví dụ “Loại đơn vị”), “folder” (thư mục cấp 1; "
                                           "“folder:2” cấp 2) hoặc tệp danh sách “đơn vị<Tab>khối”."),
    year: int | None = typer.Option(None, "--year", help="Năm đánh giá (mặc định: năm ghi trong các bảng điểm)."),
    area: str = typer.Option("", "--area", help="Địa bàn, ví dụ “quận Hà Đông”."),
    decision: str = typer.Option("", "--decision", help="Số quyết định, ví dụ “7564/QĐ-UBND”."),
    date: str = typer.Option("", "--date", help="Ngày quyết định, ví dụ “29/12/2025”."),
    issuer: str = typer.Option("", "--issuer", help="Cơ quan ban hành, ví dụ “UBND quận Hà Đông”."),
    target_rank: int = typer.Option(5, "--target-rank", min=1, help="Thứ hạng mục tiêu, ví dụ 5 (top 5)."),
    as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON."),
    title: str = typer.Option("", "--title", help="Thay dòng tiêu đề dưới chữ “PHỤ LỤC”."),
    document: Path | None = typer.Option(None, "--from", help="Tệp quyết định đã công bố (.docx, .pdf, .xlsx, .html, "
                                                                 ".mhtml): xếp hạng theo bảng kết quả trong tệp."),
    table_no: int | None = typer.Option(None, "--table", min=1, help="Số thứ tự của bảng trong tệp quyết định."),
) -> None:
    """Xếp hạng các đơn vị theo một quy định chung (đồng điểm thì đồng hạng), theo khối nếu có; bỏ qua bản sao
    lưu, tệp tạm, tệp trùng và bảng điểm trống (ghi rõ lý do); ghi phụ lục kèm quyết định. Trả mã 1 nếu có tệp
    không đọc được."""
    import sys

    from parxl.district.api import rank as rank_units
    from parxl.errors import BadInput

    out_format = _format(output, fmt)
    sources: list[object] = list(inputs or [])
    if output is not None:
        _refuse_input_as_output(output, [*(inputs or []), *([document] if document is not None else [])])
    if document is not None:
        from parxl.documents import read_tables
        from parxl.documents.paste import choose

        sources.append(choose(read_tables(document), "rank", table_no, label=document.name))
    elif table_no is not None:
        raise BadInput("--table chỉ dùng cùng --from (tệp quyết định).")
    if not sources:
        raise BadInput("Hãy cho các bảng điểm, thư mục chứa chúng, bảng kết quả đã dán (.txt) hoặc --from "
                       "tệp quyết định.")
    progress = _Progress(enabled=not as_json and sys.stderr.isatty())
    try:
        ranking = rank_units(
            sources, target_rank=target_rank, thresholds=thresholds, settings=settings, rounding=rounding,
            places=places, block_by=block_by, year=year, area=area, decision=decision, date=date, issuer=issuer,
            title=title, on_item=progress, exclude=[output] if output is not None else [])
    finally:
        progress.close()
    if ranking.frame.empty:
        reasons = "; ".join(f"{s.name}: {s.reason}" for s in ranking.sources if not s.ranked)
        raise BadInput(f"Không có đơn vị nào để xếp hạng. {reasons}" if reasons else
                       "Không có đơn vị nào để xếp hạng (thư mục trống hoặc không có tệp .xlsx).")
    if output is not None:
        _write(ranking, output, out_format)
    if as_json:
        from parxl.district.render import ranking_json

        typer.echo(json.dumps(ranking_json(ranking), ensure_ascii=False, indent=2))
    else:
        _print(ranking, output)
    _report(ranking)
    if ranking.errors:
        raise typer.Exit(EXIT_FINDINGS)


def _format(output: Path | None, fmt: str | None) -> str:
    from parxl.district.document import FORMATS
    from parxl.errors import BadInput

    chosen = (fmt or (output.suffix.lower().lstrip(".") if output is not None else "xlsx")).lower()
    if chosen not in FORMATS:
        raise BadInput(f"Định dạng “{chosen}” không có; chọn một trong: {', '.join(FORMATS)}.")
    if output is not None and output.suffix.lower() != f".{chosen}":
        raise BadInput(f"Tệp xếp hạng “{output.name}” phải có đuôi .{chosen}.")
    return chosen


def _write(ranking: Ranking, output: Path, fmt: str) -> None:
    from parxl.district.document import ranking_document

    content = ranking_document(ranking, fmt)
    if fmt == "xlsx":
        from parxl.safe_save import save_atomic

        save_atomic(output, content, output)
        return
    from parxl.errors import WorkbookLocked
    from parxl.safe_save import write_atomic

    write_atomic(output, content,
                 locked=WorkbookLocked(f"Tệp “{output}” đang mở trong Word hoặc Excel; hãy đóng tệp rồi chạy lại.",
                                       path=str(output)),
                 denied=WorkbookLocked(f"Không ghi được tệp “{output}” (tệp đang mở hoặc không có quyền ghi); "
                                       "hãy đóng tệp rồi chạy lại.", path=str(output)))


def _refuse_input_as_output(output: Path, inputs: list[Path]) -> None:
    """The ranking is a new workbook: it must never replace a ward's workbook or a pasted table it reads."""
    from parxl.errors import UnsafeToWrite

    def same(a: Path, b: Path) -> bool:
        try:
            return a.exists() and b.exists() and a.samefile(b)
        except OSError:
            return False

    def ward_in(folder: Path) -> bool:
        """An existing workbook inside an input folder, other than an earlier ranking parxl wrote there."""
        if not (folder.is_dir() and output.is_file() and output.resolve().is_relative_to(folder.resolve())):
            return False
        try:
            from parxl.district.collect import only_parxl_sheets
            from parxl.read import WorkbookReader
            from parxl.xlsxpkg import read_owned_sheet_names

            data = output.read_bytes()
            return not only_parxl_sheets(WorkbookReader(data, output.name).sheet_names, read_owned_sheet_names(data))
        except Exception:  # noqa: BLE001 - a file parxl cannot read is not replaced either
            return True

    for item in inputs:
        if same(output, item) or output.resolve() == item.resolve() or ward_in(item):
            raise UnsafeToWrite(f"Tệp xếp hạng “{output}” trùng với tệp đầu vào “{item.name}”; parxl không ghi đè "
                                "bảng điểm của phường/xã. Hãy chọn tên tệp khác.", path=str(output),
                                code="output_is_input")


def _print(ranking: Ranking, output: Path | None) -> None:
    from rich.console import Console
    from rich.table import Table

    from parxl.district.ranking import missing
    from parxl.numbers import format_vn

    console = Console()
    rule = ranking.rule

    def show(value: Decimal | None) -> str:
        return "" if missing(value) else format_vn(rule.round(value), rule.places, trim=False)

    needed_col = "needed_index" if ranking.metric == "index" else "needed_points"
    needed_head = (f"Chỉ số cần thêm để vào top {ranking.target_rank} (điểm %)" if ranking.metric == "index"
                   else f"Tổng điểm cần thêm để vào top {ranking.target_rank} (điểm)")
    for block in ranking.blocks:
        part = ranking.frame[ranking.frame["block"] == block]
        table = Table(title=(f"{block}: " if block else "") + f"xếp hạng {len(part)} đơn vị theo "
                      f"{ranking.metric_label}")
        for header in ("Hạng", "Đơn vị", "Tổng điểm", "Chỉ số (%)", "Xếp loại", needed_head):
            table.add_column(header)
        for _, item in part.iterrows():
            table.add_row(item["rank_text"], item["unit"], show(item["total"]), show(item["index_pct"]),
                          item["classification"], show(item[needed_col]) if item[needed_col] else "")
        console.print(table)
    counts = ", ".join(f"{label}: {n}" for label, n in ranking.classification_counts.items())
    console.print(f"Chỉ số trung bình: {show(ranking.average_index)}%. Xếp loại — {counts}.")
    console.print(rule.describe())
    if output is not None:
        console.print(f"Đã ghi bảng xếp hạng vào: {output}")


def _report(ranking: Ranking) -> None:
    """Warnings, errors and skipped inputs on stderr (also with --json, whose stdout stays pure JSON)."""
    from rich.console import Console

    err = Console(stderr=True)
    for f in ranking.findings:
        if f.severity.value != "info":
            where = dict(f.params).get("file", "")
            err.print(f"{f.severity.label}: " + (f"“{where}”: " if where else "") + f.message, highlight=False)
    skipped = [s for s in ranking.sources if not s.ranked]
    if skipped:
        err.print(f"Không xếp hạng {len(skipped)} tệp (xem trang “Tệp dữ liệu” của bảng xếp hạng):", highlight=False)
        for s in skipped:
            err.print(f"  Bỏ qua “{s.name}”: {s.reason}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("rank")(rank)
