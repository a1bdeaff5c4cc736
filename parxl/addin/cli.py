"""``parxl addin build|install``: a typer sub-app. Only typer is imported here; the work is lazy."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Xây dựng và cài đặt add-in Excel “Chỉ số CCHC”.",
    rich_markup_mode=None,
)


@app.command()
def build(
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Tệp add-in sẽ tạo (mặc định parxl.xlam; dự phòng: parxl.addin.xlam)."),
    interpreter: str | None = typer.Option(
        None, "--interpreter", help="Đường dẫn python.exe ghi vào cấu hình của add-in (mặc định: không ghi)."),
    fallback: bool = typer.Option(
        False, "--fallback", help="Phương án dự phòng: mẫu add-in của xlwings, một nút “Tính điểm”."),
) -> None:
    """Tạo tệp add-in .xlam (thẻ “Chỉ số CCHC” và các hàm PARXL_…) từ mã nguồn, không cần Excel."""
    from parxl.addin.build import FALLBACK_FILE, build_addin, build_fallback
    from parxl.errors import BadInput

    output = output or Path(FALLBACK_FILE if fallback else "parxl.xlam")
    if output.suffix.lower() != ".xlam":
        # An add-in is an .xlam; any other name is more likely an officer's workbook typed by mistake.
        raise BadInput(f"Tệp add-in “{output.name}” phải có đuôi .xlam.", path=str(output), code="bad_suffix")
    if fallback:
        result = build_fallback(output, interpreter)
        typer.echo(f"Đã tạo add-in dự phòng: {result.path} (mã VBA của xlwings {result.xlwings_version}, "
                   "một nút “Tính điểm”).")
        if result.path.name != FALLBACK_FILE:
            typer.echo(f"Kèm tệp {result.path.with_suffix('.py').name}: nút bấm cần tệp này, hãy luôn để hai tệp "
                       "cùng một thư mục.")
        return
    result = build_addin(output, interpreter)
    typer.echo(f"Đã tạo add-in: {result.path} ({len(result.modules)} mô-đun VBA, xlwings {result.xlwings_version}).")


@app.command()
def install(
    fallback: bool = typer.Option(False, "--fallback", help="Cài add-in dự phòng (một nút “Tính điểm”)."),
    xlstart: Path | None = typer.Option(
        None, "--xlstart", help="Thư mục khởi động của Excel (mặc định %APPDATA%\\Microsoft\\Excel\\XLSTART)."),
    settings_folder: Path | None = typer.Option(
        None, "--settings-folder", help="Thư mục cấu hình (mặc định %USERPROFILE%\\.parxl)."),
) -> None:
    """Cài add-in cho người dùng Windows hiện tại và ghi cấu hình Python của add-in."""
    from parxl.addin.install import install as run_install

    code, report = run_install(fallback=fallback, xlstart=xlstart, settings_folder=settings_folder)
    typer.echo(report, err=code != 0)
    if code:
        raise typer.Exit(code)


@app.command()
def bundle(
    output: Path = typer.Option(Path("parxl_cai_dat"), "--output", "-o",
                                help="Thư mục (hoặc tệp .zip) bộ cài sẽ tạo, để chép vào USB."),
    wheelhouse: Path | None = typer.Option(
        None, "--wheelhouse", help="Lấy thư viện từ thư mục wheel có sẵn thay vì tải từ PyPI."),
) -> None:
    """Tạo bộ cài không cần Internet cho máy Windows của phường: thư viện cho Python 3.11–3.13 (64-bit và
    32-bit), cai_dat.bat, go_cai_dat.bat và hướng dẫn."""
    from parxl.addin.bundle import make_bundle

    if wheelhouse is None:
        typer.echo("Đang tải thư viện cho Windows 64-bit và 32-bit, Python 3.11–3.13 (cần Internet)…")
    out, wheels = make_bundle(output, wheelhouse)
    typer.echo(f"Đã tạo bộ cài: {out} ({len(wheels)} tệp thư viện). Chép cả thư mục vào USB; trên máy của "
               "phường, đóng Excel và bấm đúp cai_dat.bat.")
