"""Command line: ``parxl score|check|new|demo`` here, and ``export``, ``paste``, ``rank``, ``addin`` from their
features' own modules. Thin: every command calls the library and prints.

Heavy imports happen inside the commands so that ``parxl --help`` stays fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from decimal import Decimal

    from parxl.analyse import Analysis

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="parxl: kiểm tra và tính điểm Chỉ số CCHC ngay trong bảng Excel của đơn vị.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

EXIT_FINDINGS = 1  # check found errors
EXIT_REFUSED = 2  # the file could not be read or written safely
RECALC_HELP = ("Tính lại mọi công thức bằng LibreOffice (trên một bản sao, tệp gốc giữ nguyên) rồi mới kiểm tra; "
               "dùng khi tệp chưa từng được mở bằng Excel hoặc có hàm parxl chưa tự tính được.")


def _fail(message: str) -> Exception:
    """A refusal of the command line's own (printed with its code by the boundary)."""
    from parxl.errors import BadInput

    return BadInput(message)


def _print_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _summary(analysis: Analysis, path: Path | None = None, backup: Path | None = None) -> None:
    from rich.console import Console
    from rich.table import Table

    from parxl.findings import Severity, count_by_severity
    from parxl.numbers import show as show_number

    s, result = analysis.settings, analysis.result

    def show(value: Decimal | None) -> str:
        return show_number(value, s.places, s.rounding, trim=False)

    console = Console()
    title = f"Chỉ số CCHC {s.unit or analysis.label}" + (f" năm {s.year}" if s.year else "")
    table = Table(title=title)
    for header, justify in (("TT", "center"), ("Nội dung", "left"), ("Điểm", "right"), ("Tối đa", "right"),
                            ("Chỉ số (%)", "right")):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for area in result.areas:
        table.add_row(area.code, area.name, show(area.points), show(area.max), show(area.index_pct))
    t = result.totals
    table.add_row("", "CHỈ SỐ CCHC", show(t.points), show(t.max), show(t.index_pct), style="bold")
    console.print(table)
    counts = count_by_severity(analysis.findings)
    console.print(f"Xếp loại: [bold]{t.classification}[/bold]. Tính theo: "
                  f"{'điểm thẩm định' if result.basis == 'appraised' else 'điểm tự đánh giá'}. Bị trừ "
                  f"{len(result.deductions)} tiêu chí, tổng "
                  f"{show(sum((d.deducted for d in result.deductions), t.max * 0))} điểm.")
    console.print(f"Kiểm tra: {counts[Severity.ERROR]} lỗi, {counts[Severity.WARNING]} cảnh báo, "
                  f"{counts[Severity.INFO]} thông tin.")
    if path is not None:
        console.print(f"Đã ghi kết quả vào: {path}")
    if backup is not None:
        console.print(f"Bản sao lưu tệp gốc: {backup}")


@app.command()
def score(
    file: Path = typer.Argument(..., help="Tệp bảng điểm (.xlsx hoặc .xlsm)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Ghi ra tệp khác thay vì ghi đè tệp gốc."),
    as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON."),
    variant: str = typer.Option("day-du", "--variant", help="Mẫu phụ lục trừ điểm: day-du (đủ cột) hoặc rut-gon."),
    recalc: bool = typer.Option(False, "--recalc", help=RECALC_HELP),
) -> None:
    """Kiểm tra, tính điểm và ghi các trang Kiểm tra, Kết quả, Phụ lục trừ điểm, Tổng hợp lĩnh vực,
    Phân công nhiệm vụ vào bảng tính (các trang khác giữ nguyên)."""
    from parxl.workflow import score_file

    if recalc:
        from parxl.recalc import score_recalculated

        outcome = score_recalculated(file, output, variant=variant)
    else:
        outcome = score_file(file, output, variant=variant)
    if as_json:
        from parxl.api import Report

        _print_json(Report(outcome.analysis, outcome.path, outcome.backup).to_dict())
    else:
        _summary(outcome.analysis, outcome.path, outcome.backup)


@app.command()
def check(
    file: Path = typer.Argument(..., help="Tệp bảng điểm (.xlsx hoặc .xlsm)."),
    as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON."),
    recalc: bool = typer.Option(False, "--recalc", help=RECALC_HELP),
) -> None:
    """Chỉ kiểm tra bảng điểm, không ghi gì vào tệp. Trả mã 1 nếu có lỗi."""
    from parxl.workflow import check_file

    if recalc:
        from parxl.recalc import check_recalculated

        analysis = check_recalculated(file)
    else:
        analysis = check_file(file)
    if as_json:
        from parxl.api import Report

        _print_json(Report(analysis).to_dict())
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"Kiểm tra “{file.name}”")
        for header in ("Mức độ", "Ô", "Nội dung"):
            table.add_column(header)
        for item in analysis.findings:
            table.add_row(item.severity.label, f"{item.sheet}!{item.cell}" if item.cell else item.sheet, item.message)
        Console().print(table if analysis.findings else "Không phát hiện vấn đề nào.")
    if analysis.errors:
        raise typer.Exit(EXIT_FINDINGS)


@app.command()
def new(out: Path = typer.Argument(..., help="Tên tệp mẫu mới, ví dụ bang_diem_2025.xlsx.")) -> None:
    """Tạo bảng điểm trống theo khung 8 lĩnh vực (giai đoạn 2024–2030)."""
    from parxl.safe_save import write_new
    from parxl.templates import template_path

    if out.suffix.lower() != ".xlsx":
        raise _fail("Tên tệp mẫu mới phải có đuôi .xlsx.")
    write_new(out, template_path("blank.xlsx").read_bytes())
    typer.echo(f"Đã tạo bảng điểm trống: {out}")


@app.command()
def demo(folder: Path = typer.Argument(Path("parxl_demo"), help="Thư mục chứa tệp ví dụ.")) -> None:
    """Chép bảng điểm ví dụ vào thư mục, tính điểm và in tóm tắt."""
    from parxl.demo import demo_notes
    from parxl.errors import UnsafeToWrite, from_os_error
    from parxl.templates import template_path
    from parxl.workflow import score_file

    if folder.exists() and not folder.is_dir():
        raise UnsafeToWrite(f"“{folder}” đã có và không phải thư mục; hãy chọn tên thư mục khác.",
                            path=str(folder), code="output_not_folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise from_os_error(err, folder) from err
    # An earlier example that the user may have edited is replaced only through the safe save (with a backup).
    # The analysis is labelled with the copy's name, so the "Kiểm tra" sheet names the file the user opens.
    target = folder / "bang_diem_vi_du.xlsx"
    outcome = score_file(template_path("demo.xlsx"), target, label=target.name)
    _summary(outcome.analysis, outcome.path, outcome.backup)
    typer.echo("\n" + demo_notes(outcome.analysis))


def _register_subcommands() -> None:
    """Commands that live beside their feature; each of these modules imports typer only."""
    from parxl.addin.cli import app as addin_app
    from parxl.district.cli import register as register_rank
    from parxl.export.cli import register as register_export
    from parxl.paste.cli import register as register_paste

    register_export(app)
    register_paste(app)
    register_rank(app)
    app.add_typer(addin_app, name="addin", help="Xây dựng và cài đặt add-in Excel “Chỉ số CCHC”.")


_register_subcommands()


def run(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit status. The one boundary: every failure becomes a Vietnamese
    message with a reason code; 2 for a refusal, 3 only for a bug in parxl (with a report file)."""
    from parxl.boundary import handle

    return handle(lambda: app(args=argv, prog_name="parxl", standalone_mode=False), argv)


def main() -> None:
    """Entry point: Vietnamese messages for every failure, never a traceback (PARXL_DEBUG=1 shows one)."""
    sys.exit(run())
