"""Ribbon button id -> handler. This is the module every button click imports, so it stays light:
handlers (and lxml, the parser) load only when a button actually runs, and xlwings only when
there is a real Excel to talk to.

The VBA side is one callback (``addin/parxl_ribbon.bas``) running
``import parxl.addin.dispatch as d; d.run('<control id>')`` through xlwings' RunPython.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

# control id in addin/customUI.xml -> (Vietnamese label, handler name in parxl.addin.handlers)
BUTTONS: dict[str, tuple[str, str]] = {
    "parxl_score": ("Tính điểm", "score"),
    "parxl_check": ("Kiểm tra", "check"),
    "parxl_paste": ("Dán kết quả quận", "paste_district"),
    "parxl_paste_file": ("Chọn tệp quyết định…", "paste_district_file"),
    "parxl_rank": ("Xếp hạng các đơn vị…", "rank_folder"),
    "parxl_export": ("Xuất bảng trừ điểm", "export_deductions"),
    "parxl_new": ("Tạo mẫu mới", "new_template"),
    "parxl_help": ("Hướng dẫn", "show_help"),
}
TITLE = "Chỉ số CCHC"
# The xlwings the live writer was built and tested against (Range.borders, alignments, notes are recent).
MIN_XLWINGS = (0, 37, 8)
LOG_FILE = Path(tempfile.gettempdir()) / "parxl-addin.log"


def handler_for(button_id: str) -> Callable[..., None]:
    if button_id not in BUTTONS:
        raise KeyError(f"unknown ribbon button {button_id!r}")
    handlers = importlib.import_module("parxl.addin.handlers")
    return getattr(handlers, BUTTONS[button_id][1])


def run(button_id: str, ui: Any = None, path_hex: str | None = None) -> None:
    """Run a button's handler; every failure ends as a Vietnamese message box, never a traceback.

    ``path_hex`` is a file the VBA side picked, as UTF-16 code units in hexadecimal (four digits each), so that
    no character of a Windows path can break the Python line RunPython executes.
    """
    from parxl.errors import ParxlError

    if ui is None:
        ui = XlwingsUI.from_caller()
        problem = xlwings_too_old(ui.xlwings_version)
        if problem:
            ui.alert(problem, error=True)
            return
    try:
        if path_hex is None:
            handler_for(button_id)(ui)
        else:
            handler_for(button_id)(ui, decode_path(path_hex))
    except ParxlError as err:
        ui.alert(str(err), error=True)
    except Exception as err:  # noqa: BLE001 - the officer gets a message and a log to send, not Python
        from parxl.boundary import as_refusal

        refusal = as_refusal(err)
        if refusal is not None:
            ui.alert(str(refusal), error=True)
            return
        log_path = _log(button_id)
        label = BUTTONS.get(button_id, (button_id, ""))[0]
        ui.alert(f"Lỗi không mong đợi khi chạy “{label}” (mã lỗi: bug). Bảng tính chưa bị lưu. "
                 f"Hãy gửi tệp nhật ký {log_path} cho người hỗ trợ.", error=True)


def decode_path(path_hex: str) -> Path:
    """The path the VBA file picker sent: four hex digits per UTF-16 code unit."""
    units = bytes.fromhex(path_hex.strip())
    return Path(units.decode("utf-16-be"))


def xlwings_too_old(version: str) -> str | None:
    """A Vietnamese explanation when the installed xlwings predates what parxl needs, else None."""
    parts = []
    for piece in version.split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    if tuple(parts) >= MIN_XLWINGS:
        return None
    need = ".".join(map(str, MIN_XLWINGS))
    return (f"parxl cần xlwings {need} trở lên, máy này đang có {version}. Hãy đóng Excel rồi chạy lại "
            "cai_dat.bat của bộ cài parxl (không cần Internet; tạo bộ cài bằng “parxl addin bundle”).")


def _log(button_id: str) -> Path:
    import traceback

    try:
        with LOG_FILE.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {button_id}\n{traceback.format_exc()}\n")
    except OSError:
        pass
    return LOG_FILE


class XlwingsUI:
    """``handlers.ExcelUI`` over real xlwings: the calling workbook and a few Windows actions."""

    def __init__(self, book: Any, xlwings_version: str = "") -> None:
        self.book = book
        self.xlwings_version = xlwings_version

    @classmethod
    def from_caller(cls) -> XlwingsUI:
        import xlwings as xw

        return cls(xw.Book.caller(), xw.__version__)

    def alert(self, message: str, *, error: bool = False) -> None:
        self.book.app.alert(message, title=TITLE, mode="critical" if error else "info")

    def status(self, text: str | None) -> None:
        try:
            self.book.app.status_bar = text if text else False
        except Exception:  # noqa: BLE001 - the status bar is a courtesy
            pass

    def clipboard_text(self) -> str | None:
        if sys.platform.startswith("win"):
            try:
                import win32clipboard  # pywin32 comes with xlwings on Windows

                win32clipboard.OpenClipboard()
                try:
                    return win32clipboard.GetClipboardData(win32clipboard.CF_UNICODETEXT)
                finally:
                    win32clipboard.CloseClipboard()
            except Exception:  # noqa: BLE001 - empty or non-text clipboard
                return None
        return None

    def open_folder(self, path: Path) -> None:
        if sys.platform.startswith("win"):
            os.startfile(str(path))  # type: ignore[attr-defined]
        else:
            import subprocess

            subprocess.run(["open" if sys.platform == "darwin" else "xdg-open", str(path)], check=False)

    def open_workbook(self, path: Path) -> None:
        self.book.app.books.open(str(path))
