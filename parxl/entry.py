"""The command line's entry point and the bodies of ``check`` and ``score``.

The everyday calls, ``parxl check FILE [--json]`` and ``parxl score FILE [-o FILE] [--json] [--variant V]``,
run here without importing typer (15-20 ms of CPU that such a command does not need). Every other call (help,
``--recalc``, the other commands, repeated or unusual options, anything typer would refuse) goes to the typer
app in :mod:`parxl.cli` unchanged, so its words, refusals and exit codes stay typer's.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from decimal import Decimal

    from parxl.analyse import Analysis

EXIT_FINDINGS = 1  # errors (check), totals not computed (score), or parts of the workbook left unread

# The plain calls: flags, and options that take the next argument, per command.
_FLAGS = {"check": {"--json": "as_json"}, "score": {"--json": "as_json"}}
_VALUED = {"check": {}, "score": {"-o": "output", "--output": "output", "--variant": "variant"}}
# Characters click expands on Windows (user, variables, wildcards) or reads specially: typer's path decides.
_SPECIAL = frozenset("*?[~$%=")


def echo(text: str, *, err: bool = False) -> None:
    """A line on standard output (or error), flushed, as click's ``echo`` writes plain text; click's own once
    typer is loaded (it rewraps streams that would refuse Vietnamese, which the plain path never meets)."""
    typer = sys.modules.get("typer")
    if typer is not None:
        typer.echo(text, err=err)
        return
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        return
    stream.write(text + "\n")
    stream.flush()


def plain_call(argv: Sequence[str]) -> Callable[[], int] | None:
    """The job of a plain ``check`` or ``score`` call, or None when typer must read the arguments."""
    if not argv or argv[0] not in _FLAGS or not _plain_streams():
        return None
    name, flags, valued = argv[0], _FLAGS[argv[0]], _VALUED[argv[0]]
    found: dict[str, object] = {}
    files: list[str] = []
    tokens = iter(argv[1:])
    for token in tokens:
        if _SPECIAL.intersection(token):
            return None
        if flags.get(token) is not None and flags[token] not in found:
            found[flags[token]] = True
        elif valued.get(token) is not None and valued[token] not in found:
            value = next(tokens, None)
            if not value or value.startswith("-") or _SPECIAL.intersection(value):
                return None
            found[valued[token]] = value
        elif token and not token.startswith("-"):
            files.append(token)
        else:
            return None
    if len(files) != 1:
        return None
    file, as_json = Path(files[0]), bool(found.get("as_json", False))
    if name == "check":
        return lambda: check_command(file, as_json=as_json)
    output = found.get("output")
    variant = str(found.get("variant", "day-du"))
    return lambda: score_command(file, Path(str(output)) if output is not None else None, as_json=as_json,
                                 variant=variant)


def _plain_streams() -> bool:
    """Standard output and error that take Vietnamese as they are (click rewraps an ASCII stream)."""
    import codecs

    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if stream is None or not encoding or codecs.lookup(encoding).name == "ascii":
            return False
    return True


def run(argv: list[str] | None = None, *, exiting: bool = False) -> int:
    """Run the command line and return its exit status. The one boundary: every failure becomes a Vietnamese
    message with a reason code; 2 for a refusal, 3 only for a bug in parxl (with a report file).

    ``exiting``: the process ends with this command (the ``parxl`` program itself, not a caller in Python)."""
    from parxl.boundary import handle

    # Everything imported so far lives as long as the process: keep it out of the collector's passes.
    gc.freeze()
    job = plain_call(sys.argv[1:] if argv is None else argv)
    if job is None:
        from parxl.cli import run_typer

        return run_typer(argv)
    if not exiting:
        return handle(job, argv)
    # The job pauses the collector anyway; kept paused to the end, and what the job leaves behind (the
    # criteria tree is made of cycles: 50 ms to collect at 20,000 rows) is frozen rather than collected
    # and freed object by object at exit, moments before the process returns all its memory at once.
    gc.disable()
    code = handle(job, argv)
    gc.freeze()
    return code


def main() -> None:
    """Entry point of the ``parxl`` program: Vietnamese messages for every failure, never a traceback
    (PARXL_DEBUG=1 shows one)."""
    sys.exit(run(exiting=True))


# ------------------------------------------------------------------------------- the commands ----


def score_command(file: Path, output: Path | None, *, as_json: bool, variant: str, recalc: bool = False) -> int:
    """``parxl score``: check, score and write parxl's sheets; 1 when the totals could not be computed or parts
    of the workbook were left unread."""
    from parxl.workflow import score_file

    if recalc:
        from parxl.recalc import score_recalculated

        outcome = score_recalculated(file, output, variant=variant)
    else:
        outcome = score_file(file, output, variant=variant)
    if as_json:
        from parxl.api import Report

        print_json(Report(outcome.analysis, outcome.path, outcome.backup).to_dict())
    else:
        summary(outcome.analysis, outcome.path, outcome.backup)
    # Written, but the totals are not final or rest on a workbook not wholly read: say so in the status.
    return EXIT_FINDINGS if outcome.analysis.result.totals.uncomputed or outcome.analysis.unread else 0


def check_command(file: Path, *, as_json: bool, recalc: bool = False) -> int:
    """``parxl check``: the findings, nothing written; 1 when there are errors or parts left unread."""
    from parxl.workflow import check_file

    if recalc:
        from parxl.recalc import check_recalculated

        analysis = check_recalculated(file)
    else:
        analysis = check_file(file)
    if as_json:
        from parxl.api import Report

        print_json(Report(analysis).to_dict())
    else:
        title = f"Kiểm tra “{file.name}”"
        headers = ("Mức độ", "Ô", "Nội dung")
        rows = [(item.severity.label, f"{item.sheet}!{item.cell}" if item.cell else item.sheet, item.message)
                for item in analysis.findings]
        if not rows:
            echo("Không phát hiện vấn đề nào.")
        elif not styled():
            echo(plain_table(title, headers, rows))
        else:
            from rich.console import Console
            from rich.table import Table

            table = Table(title=title)
            for header in headers:
                table.add_column(header)
            for row in rows:
                table.add_row(*row)
            Console().print(table)
    return EXIT_FINDINGS if analysis.errors or analysis.unread else 0


def print_json(data: object) -> None:
    import json  # only --json needs it: not imported on every start

    echo(json.dumps(data, ensure_ascii=False, indent=2))


def styled() -> bool:
    """Rich's boxed tables only on a terminal; a pipe or a file gets plain aligned text (and skips importing
    rich, a fifth of a short command's start-up)."""
    return sys.stdout.isatty()


def plain_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]],
                right: frozenset[int] = frozenset()) -> str:
    """A title and columns aligned with spaces, a dashed rule under the headers; ``right`` columns flush right."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return "\n".join([title, line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def summary(analysis: Analysis, path: Path | None = None, backup: Path | None = None) -> None:
    """The score table and what it rests on, printed after ``score`` and ``demo``."""
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
    if analysis.unread:
        lines.append(f"[bold]Có {len(analysis.unread)} chỗ parxl không đọc được[/bold] (ô, dòng, cột, trang hoặc "
                     "thiết lập; xem trang “Kiểm tra”): kết quả có thể thiếu phần đó.")
    if path is not None:
        lines.append(f"Đã ghi kết quả vào: {path}")
    if backup is not None:
        lines.append(f"Bản sao lưu tệp gốc: {backup}")
    if not styled():
        echo(plain_table(title, headers, rows, right=frozenset({2, 3, 4})))
        for text in lines:
            echo(text.replace("[bold]", "").replace("[/bold]", ""))
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
