"""Command line: ``parxl score|check|new|demo`` here, and ``export``, ``paste``, ``rank``, ``addin`` from
their features' own modules, imported only when run. Thin: every command calls the library and prints.

Heavy imports happen inside the commands so that ``parxl --help`` stays fast.
"""

# ruff: noqa: B008  (typer declares parameters in argument defaults)
from __future__ import annotations

import gc
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from typer._click import Context, HelpFormatter
from typer._click.utils import make_default_short_help
from typer.core import TyperGroup

if TYPE_CHECKING:
    from decimal import Decimal

    from parxl.analyse import Analysis

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

EXIT_FINDINGS = 1  # check found errors
EXIT_REFUSED = 2  # the file could not be read or written safely
RECALC_HELP = ("Tính lại mọi công thức bằng LibreOffice (trên một bản sao, tệp gốc giữ nguyên) rồi mới kiểm tra; "
               "dùng khi tệp chưa từng được mở bằng Excel hoặc có hàm parxl chưa tự tính được.")


def _fail(message: str) -> Exception:
    """A refusal of the command line's own (printed with its code by the boundary)."""
    from parxl.errors import BadInput

    return BadInput(message)


def _print_json(data: object) -> None:
    import json  # only --json needs it: not imported on every start

    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _styled() -> bool:
    """Rich's boxed tables only on a terminal; a pipe or a file gets plain aligned text (and skips importing
    rich, a fifth of a short command's start-up)."""
    return sys.stdout.isatty()


def _plain_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]],
                 right: frozenset[int] = frozenset()) -> str:
    """A title and columns aligned with spaces, a dashed rule under the headers; ``right`` columns flush right."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return "\n".join([title, line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def _summary(analysis: Analysis, path: Path | None = None, backup: Path | None = None) -> None:
    from parxl.findings import Severity, count_by_severity
    from parxl.numbers import show as show_number
    from parxl.render.results import UNCOMPUTED

    s, result = analysis.settings, analysis.result

    def show(value: Decimal | None) -> str:
        return show_number(value, s.places, s.rounding, trim=False)

    title = f"Chỉ số CCHC {s.unit or analysis.label}" + (f" năm {s.year}" if s.year else "")
    headers = ("TT", "Nội dung", "Điểm", "Tối đa", "Chỉ số (%)")
    rows = [[area.code, area.name + (f" ({UNCOMPUTED})" if area.uncomputed else ""), show(area.points),
             show(area.max), show(area.index_pct)] for area in result.areas]
    t = result.totals
    rows.append(["", "CHỈ SỐ CCHC" + (f" ({UNCOMPUTED})" if t.uncomputed else ""), show(t.points), show(t.max),
                 show(t.index_pct)])
    counts = count_by_severity(analysis.findings)
    lines: list[str] = []
    if t.uncomputed:
        lines.append(f"[bold]Tổng điểm {UNCOMPUTED}[/bold]: bảng điểm có công thức parxl không tính được (ô và "
                     "tên hàm ở trang “Kiểm tra”); các con số trên chưa phải kết quả cuối cùng. Hãy mở tệp bằng "
                     "Excel, lưu lại rồi chạy lại, hoặc thêm --recalc nếu máy có LibreOffice.")
    classification = UNCOMPUTED if t.uncomputed else t.classification
    lines.append(f"Xếp loại: [bold]{classification}[/bold]. Tính theo: "
                 f"{'điểm thẩm định' if result.basis == 'appraised' else 'điểm tự đánh giá'}. Bị trừ "
                 f"{len(result.deductions)} tiêu chí, tổng "
                 f"{show(sum((d.deducted for d in result.deductions), t.max * 0))} điểm.")
    lines.append(f"Kiểm tra: {counts[Severity.ERROR]} lỗi, {counts[Severity.WARNING]} cảnh báo, "
                 f"{counts[Severity.INFO]} thông tin.")
    if path is not None:
        lines.append(f"Đã ghi kết quả vào: {path}")
    if backup is not None:
        lines.append(f"Bản sao lưu tệp gốc: {backup}")
    if not _styled():
        typer.echo(_plain_table(title, headers, rows, right=frozenset({2, 3, 4})))
        for text in lines:
            typer.echo(text.replace("[bold]", "").replace("[/bold]", ""))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=title)
    for header, justify in zip(headers, ("center", "left", "right", "right", "right"), strict=True):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for row in rows[:-1]:
        table.add_row(*row)
    table.add_row(*rows[-1], style="bold")
    console.print(table)
    for text in lines:
        console.print(text)


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
    if outcome.analysis.result.totals.uncomputed:  # written, but the totals are not final: say so in the status
        raise typer.Exit(EXIT_FINDINGS)


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
        title = f"Kiểm tra “{file.name}”"
        headers = ("Mức độ", "Ô", "Nội dung")
        rows = [(item.severity.label, f"{item.sheet}!{item.cell}" if item.cell else item.sheet, item.message)
                for item in analysis.findings]
        if not rows:
            typer.echo("Không phát hiện vấn đề nào.")
        elif not _styled():
            typer.echo(_plain_table(title, headers, rows))
        else:
            from rich.console import Console
            from rich.table import Table

            table = Table(title=title)
            for header in headers:
                table.add_column(header)
            for row in rows:
                table.add_row(*row)
            Console().print(table)
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


def run(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit status. The one boundary: every failure becomes a Vietnamese
    message with a reason code; 2 for a refusal, 3 only for a bug in parxl (with a report file)."""
    from parxl.boundary import handle

    # Everything imported so far lives as long as the process: keep it out of the collector's passes.
    gc.freeze()
    return handle(lambda: app(args=argv, prog_name="parxl", standalone_mode=False), argv)


def main() -> None:
    """Entry point: Vietnamese messages for every failure, never a traceback (PARXL_DEBUG=1 shows one)."""
    sys.exit(run())
