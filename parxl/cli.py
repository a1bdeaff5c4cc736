"""Command line: ``parxl score|check|new|demo`` here, and ``export``, ``paste``, ``rank``, ``addin`` from
their features' own modules, imported only when run. Thin: every command calls the library and prints. The
plain calls of ``check`` and ``score`` run in :mod:`parxl.entry` without importing this module (nor typer).

Heavy imports happen inside the commands so that ``parxl --help`` stays fast.
"""

# ruff: noqa: B008  (typer declares parameters in argument defaults)
from __future__ import annotations

import gc
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import typer
from typer._click import Context, HelpFormatter
from typer._click.utils import make_default_short_help
from typer.core import TyperGroup

from parxl.entry import check_command, score_command, summary

# The words click and typer write around parxl's own help texts, said in Vietnamese (the one place).
_HEADINGS = {"Options": "Tùy chọn", "Arguments": "Tham số", "Commands": "Lệnh"}
_HELP_WORDS = {"Show this message and exit.": "Hiện hướng dẫn này rồi thoát."}
_BRACKETS = re.compile(r"\[(default: |required\])")
_BRACKET_WORDS = {"default: ": "[mặc định: ", "required]": "[bắt buộc]"}
# Value placeholders: typer names them after Python types ("<path>", "{file}"); an officer reads what to type.
_VALUE_WORDS = {"path": "TỆP", "list[Path]": "TỆP…", "str": "CHỮ", "int": "SỐ", "int range": "SỐ", "float": "SỐ"}
_ARGUMENT_WORDS = {"file": "TỆP", "out": "TỆP_MỚI", "folder": "THƯ_MỤC", "inputs": "TỆP"}
_PLACEHOLDER = re.compile(r"<([^<>|]+)>|\{([a-z_]+)\}|\[([a-z_]+)\](\.\.\.)?")


class VietnameseHelp(HelpFormatter):
    """Click's help layout with its own words in Vietnamese."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = args.replace("[OPTIONS]", "[TÙY CHỌN]").replace("COMMAND [ARGS]...", "LỆNH [THAM SỐ]...")
        super().write_usage(prog, _placeholders(args), "Cách dùng: " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_HEADINGS.get(heading, heading))

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(_term(term), _help_words(text)) for term, text in rows], col_max, col_spacing)


def _term(term: str) -> str:
    """An argument's row shows what to type ("TỆP"), not its Python name ("file <path>")."""
    name, _, rest = term.partition(" ")
    if name.removesuffix("...") in _ARGUMENT_WORDS and rest:
        return _placeholders(rest)
    return _placeholders(term)


def _placeholders(text: str) -> str:
    """"<path>" → "TỆP", "{file}" → "TỆP", "[folder]" → "[THƯ_MỤC]"; choices ("<docx|xlsx|pdf>") stay."""
    def word(m: re.Match[str]) -> str:
        value, required, optional, more = m.groups()
        if value is not None:
            return _VALUE_WORDS.get(value, m.group(0))
        name = required or optional
        shown = _ARGUMENT_WORDS.get(name, name.upper())
        return shown if required else f"[{shown}]{more or ''}"

    return _PLACEHOLDER.sub(word, text)


def _help_words(text: str) -> str:
    text = _HELP_WORDS.get(text, text)
    return _BRACKETS.sub(lambda m: _BRACKET_WORDS[m.group(1)], text)


Context.formatter_class = VietnameseHelp  # every command's context, sub-commands included

# Commands that live beside their feature, loaded only when run (their packages import pandas, lxml...):
# name -> (module, attribute: a ``register(app)`` function or a typer sub-app, help as the module
# declares it; a test keeps the two equal).
_LAZY: dict[str, tuple[str, str, str]] = {
    "export": ("parxl.exporting.cli", "register",
               "Xuất phụ lục (trừ điểm, tổng hợp lĩnh vực, phân công nhiệm vụ) ra tệp Word, Excel hoặc PDF\n"
               "để đính kèm báo cáo."),
    "paste": ("parxl.paste.cli", "register",
              "Đọc bảng kết quả quận đã dán, kiểm tra từng con số, so sánh và ghi điểm thẩm định vào "
              "bảng điểm."),
    "rank": ("parxl.district.cli", "register",
             "Xếp hạng các đơn vị theo một quy định chung (đồng điểm thì đồng hạng), theo khối nếu có; "
             "bỏ qua bản sao\nlưu, tệp tạm, tệp trùng và bảng điểm trống (ghi rõ lý do); ghi phụ lục kèm "
             "quyết định. Trả mã 1 nếu có tệp\nkhông đọc được."),
    "addin": ("parxl.addin.cli", "app", "Xây dựng và cài đặt add-in Excel “Chỉ số CCHC”."),
}


def load_command(name: str) -> Any:
    """The click command of a lazily registered feature (imports its module)."""
    import importlib

    from typer.main import get_command

    module, attribute, _help = _LAZY[name]
    target = getattr(importlib.import_module(module), attribute)
    if isinstance(target, typer.Typer):
        return get_command(target)
    holder = typer.Typer(add_completion=False, rich_markup_mode=None)
    target(holder)
    return get_command(holder)


class LazyGroup(TyperGroup):
    """parxl's command group: feature commands are imported only when run, values are converted without
    typer's pydantic path where the conversion is plain."""

    def list_commands(self, ctx: Context) -> list[str]:
        names = super().list_commands(ctx)
        return names + [name for name in _LAZY if name not in names]

    def get_command(self, ctx: Context, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in _LAZY:
            command = load_command(cmd_name)
            self.add_command(command, cmd_name)
        if command is not None:
            plain_coercion(command, ctx)
        return command

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        plain_coercion(self, ctx)
        return super().parse_args(ctx, args)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            command = self.commands.get(name)
            if command is None:
                rows.append((name, make_default_short_help(_LAZY[name][2], limit)))
            elif not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


_MISSING = object()
_INTEGER = re.compile(r"[+-]?\d+")


class PlainCoercion:
    """typer 0.29 converts every value through a pydantic TypeAdapter (pydantic costs about 60 ms to import);
    the plain values parxl's commands take are converted here. Anything else, and every value that would be
    refused, goes to typer's own conversion, so results and refusals stay typer's."""

    def __init__(self, param: Any, convert: Callable[[Any], Any]) -> None:
        self._param = param
        self._convert = convert
        self._typer: Any = None

    def coerce(self, value: Any, param: Any, ctx: Context) -> Any:
        if value is None:
            return () if param.multiple or param.nargs == -1 else None
        converted = self._convert(value)
        if converted is not _MISSING:
            return converted
        if self._typer is None:
            from typer._coercion import build_runtime_param

            self._typer = build_runtime_param(self._param.type_descriptor)
        return self._typer.coerce(value, param=param, ctx=ctx)


def _converter(annotation: Any, info: Any) -> Callable[[Any], Any] | None:
    """A converter for the annotations parxl uses; None leaves the parameter to typer."""
    import enum
    import types
    import typing

    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        others = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _converter(others[0], info) if len(others) == 1 else None
    if origin is list:
        item = _converter(typing.get_args(annotation)[0], info)
        if item is None:
            return None

        def convert_list(value: Any) -> Any:
            if not isinstance(value, (list, tuple)):
                return _MISSING
            items = [item(v) for v in value]
            return _MISSING if any(v is _MISSING for v in items) else items

        return convert_list
    if annotation is bool:
        return lambda value: value if isinstance(value, bool) else _MISSING
    if annotation is str:
        return lambda value: value if isinstance(value, str) else _MISSING
    if annotation is Path:
        if any(getattr(info, flag, False) for flag in ("exists", "resolve_path", "writable")):
            return None
        return lambda value: Path(value) if isinstance(value, (str, Path)) else _MISSING
    if annotation is int:
        low, high = getattr(info, "min", None), getattr(info, "max", None)

        def convert_int(value: Any) -> Any:
            if isinstance(value, str) and _INTEGER.fullmatch(value):
                value = int(value)
            if type(value) is not int or (low is not None and value < low):
                return _MISSING
            if high is not None and value > high:
                return _MISSING
            return value

        return convert_int
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        members = {member.value: member for member in annotation}

        def convert_enum(value: Any) -> Any:
            if isinstance(value, annotation):
                return value
            return members.get(value, _MISSING) if isinstance(value, str) else _MISSING

        return convert_enum
    return None


def plain_coercion(command: Any, ctx: Context) -> None:
    """Install the plain conversion on a command's parameters, its help option and its sub-commands'."""
    for param in command.get_params(ctx):
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", 1) is not None:
            continue
        convert = _converter(descriptor.annotation, descriptor.parameter_info)
        if convert is not None:
            param._runtime_param = PlainCoercion(param, convert)
    for sub in getattr(command, "commands", {}).values():
        plain_coercion(sub, ctx)


app = typer.Typer(
    cls=LazyGroup,
    add_completion=False,
    no_args_is_help=True,
    help="parxl: kiểm tra và tính điểm Chỉ số CCHC ngay trong bảng Excel của đơn vị.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

EXIT_REFUSED = 2  # the file could not be read or written safely
RECALC_HELP = ("Tính lại mọi công thức bằng LibreOffice (trên một bản sao, tệp gốc giữ nguyên) rồi mới kiểm tra; "
               "dùng khi tệp chưa từng được mở bằng Excel hoặc có hàm parxl chưa tự tính được.")


def _fail(message: str) -> Exception:
    """A refusal of the command line's own (printed with its code by the boundary)."""
    from parxl.errors import BadInput

    return BadInput(message)


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
    code = score_command(file, output, as_json=as_json, variant=variant, recalc=recalc)
    if code:
        raise typer.Exit(code)


@app.command()
def check(
    file: Path = typer.Argument(..., help="Tệp bảng điểm (.xlsx hoặc .xlsm)."),
    as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON."),
    recalc: bool = typer.Option(False, "--recalc", help=RECALC_HELP),
) -> None:
    """Chỉ kiểm tra bảng điểm, không ghi gì vào tệp. Trả mã 1 nếu có lỗi hoặc có cột, dòng, trang, thiết lập
    không đọc được."""
    code = check_command(file, as_json=as_json, recalc=recalc)
    if code:
        raise typer.Exit(code)


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
    summary(outcome.analysis, outcome.path, outcome.backup)
    typer.echo("\n" + demo_notes(outcome.analysis))


def run(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit status (see :func:`parxl.entry.run`)."""
    from parxl.entry import run as run_entry

    return run_entry(argv)


def run_typer(argv: list[str] | None = None) -> int:
    """Run the typer app inside the boundary: the calls :mod:`parxl.entry` does not run itself."""
    from parxl.boundary import handle

    gc.freeze()  # everything imported so far lives as long as the process: out of the collector's passes
    return handle(lambda: app(args=argv, prog_name="parxl", standalone_mode=False), argv)


def main() -> None:
    """Entry point: Vietnamese messages for every failure, never a traceback (PARXL_DEBUG=1 shows one)."""
    sys.exit(run())
