"""The one place where any failure of a command becomes what the user reads: a Vietnamese message with a reason
code and an exit status. 2 is a refusal (bad input, unsafe write, OS refusal, usage error); 3 is a bug in
parxl, reported with a file holding the details instead of a traceback on screen.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

from parxl.errors import ParxlError, from_os_error

EXIT_REFUSED = 2
EXIT_BUG = 3
EXIT_INTERRUPTED = 130

_PARAM_LABELS = {
    "file": "tệp bảng điểm", "out": "tên tệp mới", "inputs": "bảng điểm hoặc thư mục", "folder": "thư mục",
    "output": "--output", "text": "--text", "target_rank": "--target-rank", "table": "--table",
    "fmt": "--format", "variant": "--variant", "title": "--title", "interpreter": "--interpreter",
}


def say(text: str) -> None:
    from parxl.entry import echo  # click's echo once typer is loaded; a plain write before (no typer import)

    echo(text, err=True)


def refuse(err: ParxlError) -> int:
    say(f"Lỗi: {err.message} (mã lỗi: {err.code})")
    return EXIT_REFUSED


def handle(call: Callable[[], object], argv: list[str] | None = None) -> int:
    """Run ``call`` (the typer app in non-standalone mode, or a plain command of :mod:`parxl.entry`) and turn
    every outcome into an exit status. typer is not imported here: its exceptions can only come from a
    typer already loaded."""
    try:
        result = call()
        return result if isinstance(result, int) else 0
    except ParxlError as err:
        return refuse(err)
    except KeyboardInterrupt:
        return interrupted()
    except Exception as err:  # the last line of defence for users who never see Python
        click_exc, typer_exc = sys.modules.get("typer._click.exceptions"), sys.modules.get("typer.exceptions")
        if click_exc is not None and isinstance(err, click_exc.NoArgsIsHelpError):
            err.show()
            return EXIT_REFUSED
        if click_exc is not None and isinstance(err, click_exc.ClickException):
            return refuse(ParxlError(usage_message(err, argv), code="usage"))
        if typer_exc is not None and isinstance(err, typer_exc.Abort):
            return interrupted()
        refusal = as_refusal(err)
        if refusal is not None:
            return refuse(refusal)
        if os.environ.get("PARXL_DEBUG"):
            raise
        return bug(err, argv)


def interrupted() -> int:
    say("Đã dừng theo yêu cầu; tệp không bị thay đổi.")
    return EXIT_INTERRUPTED


def as_refusal(err: BaseException) -> ParxlError | None:
    """The refusal an exception stands for: a ParxlError as it is; the operating system's refusals, memory
    exhaustion and nesting too deep to follow as Vietnamese refusals with a code; None for a bug in parxl.
    Shared by the command line, the add-in's buttons and ``rank``'s per-file reading."""
    if isinstance(err, ParxlError):
        return err
    if isinstance(err, OSError):
        return from_os_error(err, err.filename or "")
    if isinstance(err, MemoryError):
        return ParxlError("Không đủ bộ nhớ để xử lý tệp này; tệp của bạn không bị thay đổi. Hãy đóng bớt chương "
                          "trình khác hoặc chia nhỏ tệp rồi chạy lại.", code="out_of_memory")
    if isinstance(err, RecursionError):
        return ParxlError("Nội dung lồng nhau quá sâu (ví dụ công thức lồng hàng nghìn cấp) nên parxl không xử lý; "
                          "tệp của bạn không bị thay đổi.", code="too_deep")
    return None


def bug(err: BaseException, argv: list[str] | None) -> int:
    """A failure parxl did not foresee: the details go to a report file, the user reads what to do."""
    import tempfile  # only a bug needs these: not imported on every start
    import traceback
    from datetime import datetime

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    report = Path(tempfile.gettempdir()) / f"parxl-bao-loi-{stamp}-{os.getpid()}.txt"
    try:
        from parxl import __version__
    except ImportError:  # pragma: no cover
        __version__ = "?"
    try:
        report.write_text(
            f"parxl {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n"
            f"argv: {argv if argv is not None else sys.argv[1:]}\n\n"
            + "".join(traceback.format_exception(type(err), err, err.__traceback__)),
            encoding="utf-8")
        where = f" Chi tiết kỹ thuật đã ghi vào “{report}”; hãy gửi tệp đó cùng bảng tính cho người hỗ trợ."
    except OSError:
        where = " Hãy gửi bảng tính và lệnh đã chạy cho người hỗ trợ."
    say(f"Lỗi không mong đợi trong parxl (mã lỗi: bug). Tệp của bạn không bị thay đổi.{where}")
    return EXIT_BUG


def _param_name(err: object) -> str:
    param = getattr(err, "param", None)
    name = getattr(param, "name", None) or ""
    if name in _PARAM_LABELS:
        return _PARAM_LABELS[name]
    opts = getattr(param, "opts", None) or []
    return opts[0] if opts else name or "tham số"


def usage_message(err: BaseException, argv: list[str] | None = None) -> str:
    """Click's usage errors, said in Vietnamese (click's own English text is never shown)."""
    from typer._click import exceptions as click_exc

    ctx = getattr(err, "ctx", None)
    command = getattr(ctx, "command_path", None) or "parxl"
    help_hint = f" Xem hướng dẫn: {command} --help"
    if isinstance(err, click_exc.NoSuchOption):
        name = err.option_name
        args = argv if argv is not None else sys.argv[1:]
        token = next((a for a in args if a.startswith(name) and a != name), name)
        text = f"Không có tùy chọn “{token}”."
        if "." in token or "/" in token or "\\" in token:
            text += (f" Nếu đây là tên tệp bắt đầu bằng dấu gạch ngang, hãy viết “./{token}” "
                     "hoặc đặt “--” trước tên tệp.")
        return text + help_hint
    if isinstance(err, click_exc.MissingParameter):
        return f"Thiếu {_param_name(err)}." + help_hint
    if isinstance(err, click_exc.BadParameter):
        return f"Giá trị của {_param_name(err)} không hợp lệ{_expected(getattr(err, 'param', None))}." + help_hint
    if isinstance(err, click_exc.BadOptionUsage):
        return f"Tùy chọn “{err.option_name}” dùng chưa đúng (có thể thiếu giá trị đi kèm)." + help_hint
    if isinstance(err, click_exc.FileError):
        return f"Không mở được tệp “{err.filename}”." + help_hint
    message = getattr(err, "message", "") or ""
    quoted = re.findall(r"'([^']*)'", message)
    if "command" in message.lower() and quoted:
        return f"Không có lệnh “{quoted[0]}”." + help_hint
    if "argument" in message.lower() and quoted:
        return f"Thừa tham số “{quoted[0]}”." + help_hint
    return "Lệnh chưa đúng cú pháp." + help_hint


def _expected(param: object) -> str:
    """What the parameter accepts, read from its declaration (never from click's English message)."""
    import enum

    lo, hi = getattr(param, "min", None), getattr(param, "max", None)
    descriptor = getattr(param, "type_descriptor", None)
    annotation = getattr(descriptor, "annotation", None)
    if lo is not None and hi is not None:
        return f": phải là số nguyên từ {lo} đến {hi}"
    if lo is not None:
        return f": phải là số nguyên từ {lo} trở lên"
    if hi is not None:
        return f": phải là số nguyên không quá {hi}"
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return ": chọn một trong " + ", ".join(str(m.value) for m in annotation)
    if annotation is int:
        return ": phải là số nguyên"
    if annotation is float:
        return ": phải là một số"
    return ""
