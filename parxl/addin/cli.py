"""``parxl addin build|install``: a typer sub-app. Only typer is imported here; the work is lazy."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Xây dựng và cài đặt add-in Excel “Chỉ số CCHC”.",
    rich_markup_mode=None,
)


@app.command()
def build(
    output: Path = typer.Option(Path("parxl.xlam"), "--output", "-o", help="Tệp add-in sẽ tạo."),
    interpreter: Optional[str] = typer.Option(
        None, "--interpreter", help="Đường dẫn python.exe ghi vào cấu hình của add-in (mặc định: không ghi)."),
    fallback: bool = typer.Option(
        False, "--fallback", help="Phương án dự phòng: mẫu add-in của xlwings, một nút “Tính điểm” (tệp parxl.addin.xlam)."),
) -> None:
    """Tạo tệp add-in .xlam (thẻ “Chỉ số CCHC” và các hàm PARXL_…) từ mã nguồn, không cần Excel."""
    from parxl.addin.build import build_addin, build_fallback
    from parxl.errors import BadInput

    if output.suffix.lower() != ".xlam":
        # An add-in is an .xlam; any other name is more likely an officer's workbook typed by mistake.
        raise BadInput(f"Tệp add-in “{output.name}” phải có đuôi .xlam.", path=str(output), code="bad_suffix")
    if fallback:
        result = build_fallback(output, interpreter)
        typer.echo(f"Đã tạo add-in dự phòng: {result.path} (mã VBA của xlwings {result.xlwings_version}, "
                   "một nút “Tính điểm”).")
        return
    result = build_addin(output, interpreter)
    typer.echo(f"Đã tạo add-in: {result.path} ({len(result.modules)} mô-đun VBA, xlwings {result.xlwings_version}).")


@app.command()
def install(
    fallback: bool = typer.Option(False, "--fallback", help="Cài add-in dự phòng (một nút “Tính điểm”)."),
) -> None:
    """Cài add-in cho người dùng Windows hiện tại và ghi cấu hình Python của add-in."""
    from parxl.addin.install import install as run_install

    code, report = run_install(fallback=fallback)
    typer.echo(report, err=code != 0)
    if code:
        raise typer.Exit(code)
