"""The Python step of the offline installer (``cai_dat.py`` in a bundle made by ``parxl addin bundle``).

``cai_dat.bat`` only finds a Python 3.11+ and runs this file with it; everything else happens here, so
that it can be tested without Windows:

1. a virtual environment for parxl in the user's profile (made once, reused on updates);
2. parxl and its libraries installed from the bundle's ``wheels`` folder, never from the Internet;
3. ``parxl addin install`` run by that environment's own Python, which builds the add-in with its own
   interpreter path and xlwings version and puts it in Excel's start-up folder (XLSTART).

``go_cai_dat.bat`` runs ``cai_dat.py --go`` to remove all of it. Running the bundle again updates.

This module uses the standard library only: it runs before anything is installed. What differs on a
real Windows PC (the folders, whether Excel is running) sits behind ``Machine``; tests give a fake one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

MIN_PYTHON = (3, 11)
MANIFEST = "bundle.json"
WHEELS = "wheels"
ADDIN_FILES = ("parxl.xlam", "parxl.addin.xlam")
# Outcome codes (the .bat shows the message; tests compare the code).
OK, NO_WHEELS, OLD_PYTHON, EXCEL_OPEN, PIP_FAILED, ADDIN_FAILED = 0, 10, 11, 12, 13, 14


class Machine(Protocol):
    """What the installer needs to know about the PC it runs on."""

    def env_dir(self) -> Path: ...
    def xlstart_dir(self) -> Path: ...
    def settings_dir(self) -> Path: ...
    def env_python(self, env: Path) -> Path: ...
    def make_env(self, env: Path) -> None: ...
    def excel_running(self) -> bool: ...


class WindowsMachine:
    """The ward PC: %USERPROFILE%\\parxl-env, %APPDATA%\\Microsoft\\Excel\\XLSTART, %USERPROFILE%\\.parxl."""

    def __init__(self, environ: dict[str, str] | None = None) -> None:
        self.environ = dict(os.environ if environ is None else environ)

    def _home(self) -> Path:
        return Path(self.environ.get("USERPROFILE") or Path.home())

    def env_dir(self) -> Path:
        return self._home() / "parxl-env"

    def xlstart_dir(self) -> Path:
        appdata = self.environ.get("APPDATA") or str(self._home() / "AppData" / "Roaming")
        return Path(appdata) / "Microsoft" / "Excel" / "XLSTART"

    def settings_dir(self) -> Path:
        return self._home() / ".parxl"

    def env_python(self, env: Path) -> Path:
        return env / "Scripts" / "python.exe"

    def make_env(self, env: Path) -> None:
        subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)

    def excel_running(self) -> bool:
        try:
            out = subprocess.run(["tasklist", "/FI", "IMAGENAME eq EXCEL.EXE", "/NH"], capture_output=True,
                                 text=True, check=False).stdout
        except OSError:
            return False
        return "excel.exe" in out.lower()


@dataclass
class Outcome:
    code: int
    lines: list[str] = field(default_factory=list)
    updated: bool = False

    def say(self, text: str) -> None:
        self.lines.append(text)
        print(text, flush=True)


def _run(cmd: Sequence[str | Path], outcome: Outcome) -> bool:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PIP_INDEX_URL")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"  # offline: no "new pip available" lookups
    try:
        proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, env=env, check=False,
                              encoding="utf-8", errors="replace")
    except OSError as err:  # the environment's python.exe is missing or blocked (antivirus)
        outcome.say(f"Chi tiết lỗi: không chạy được {cmd[0]} ({err.strerror or err}).")
        return False
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-8:]
        outcome.say("Chi tiết lỗi:\n    " + "\n    ".join(detail))
        return False
    return True


def install(bundle: Path, machine: Machine, python_version: tuple[int, int] = sys.version_info[:2]) -> Outcome:
    """Install or update parxl and its add-in from ``bundle``; never touches the Internet."""
    outcome = Outcome(OK)
    wheels = bundle / WHEELS
    manifest = bundle / MANIFEST
    if not wheels.is_dir() or not manifest.is_file():
        outcome.code = NO_WHEELS
        outcome.say("Không thấy thư mục “wheels” hoặc tệp bundle.json cạnh cai_dat.py: hãy chép nguyên cả thư mục "
                    "bộ cài (không chỉ tệp .bat) từ USB vào máy rồi chạy lại cai_dat.bat.")
        return outcome
    info = json.loads(manifest.read_text(encoding="utf-8"))
    if python_version < MIN_PYTHON:
        outcome.code = OLD_PYTHON
        outcome.say(f"Python {python_version[0]}.{python_version[1]} quá cũ: parxl cần Python 3.11 trở lên. "
                    "Hãy cài Python 3.11 (xem HUONG_DAN.txt) rồi chạy lại cai_dat.bat.")
        return outcome
    if machine.excel_running():
        outcome.code = EXCEL_OPEN
        outcome.say("Excel đang mở. Hãy lưu và đóng hết các cửa sổ Excel rồi chạy lại cai_dat.bat.")
        return outcome
    env = machine.env_dir()
    python = machine.env_python(env)
    outcome.updated = python.exists()
    if python.exists() and subprocess.run([str(python), "-c", "pass"], capture_output=True, check=False).returncode:
        # The Python this environment was made from is gone (uninstalled, upgraded): make it again.
        shutil.rmtree(env, ignore_errors=True)
    if not python.exists():
        outcome.say(f"Tạo môi trường Python riêng cho parxl: {env}")
        machine.make_env(env)
    outcome.say(f"Cài parxl {info.get('version', '')} và các thư viện từ bộ cài (không cần Internet)…")
    pip: list[str | Path] = [python, "-m", "pip", "install", "--no-index", "--find-links", wheels, "--quiet"]
    # --upgrade brings every library to the bundle's version; the second call reinstalls parxl itself even
    # when the version number did not change (a rebuilt bundle of the same version).
    if not (_run([*pip, "--upgrade", "parxl[excel]"], outcome)
            and _run([*pip, "--force-reinstall", "--no-deps", "parxl"], outcome)):
        outcome.code = PIP_FAILED
        outcome.say("Không cài được parxl từ thư mục “wheels”. Bộ cài có thể thiếu bản dành cho phiên bản Python "
                    "này; hãy báo người chuẩn bị bộ cài (ghi rõ phiên bản Python ở trên).")
        return outcome
    xlstart, settings = machine.xlstart_dir(), machine.settings_dir()
    if not _run([python, "-m", "parxl", "addin", "install", "--xlstart", xlstart, "--settings-folder", settings],
                outcome):
        outcome.code = ADDIN_FAILED
        outcome.say("Đã cài parxl nhưng chưa tạo được add-in Excel (xem chi tiết ở trên).")
        return outcome
    outcome.say(("Đã cập nhật" if outcome.updated else "Đã cài") + f" add-in: {xlstart / ADDIN_FILES[0]}")
    outcome.say("Mở Excel: thẻ “Chỉ số CCHC” sẽ xuất hiện. Gỡ bỏ: chạy go_cai_dat.bat.")
    return outcome


def remove(machine: Machine) -> Outcome:
    """Remove the add-in, its settings and parxl's environment (what ``install`` created, nothing else)."""
    outcome = Outcome(OK)
    if machine.excel_running():
        outcome.code = EXCEL_OPEN
        outcome.say("Excel đang mở. Hãy lưu và đóng hết các cửa sổ Excel rồi chạy lại go_cai_dat.bat.")
        return outcome
    for name in ADDIN_FILES:
        path = machine.xlstart_dir() / name
        if path.exists():
            path.unlink()
            outcome.say(f"Đã xóa add-in: {path}")
    for folder in (machine.settings_dir(), machine.env_dir()):
        if folder.exists():
            shutil.rmtree(folder)
            outcome.say(f"Đã xóa thư mục: {folder}")
    outcome.say("Đã gỡ parxl. Các bảng điểm của bạn không bị động tới.")
    return outcome


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8", errors="replace")  # the .bat switched the console to UTF-8
    machine = WindowsMachine()
    outcome = remove(machine) if "--go" in args else install(Path(__file__).resolve().parent, machine)
    return outcome.code


if __name__ == "__main__":
    sys.exit(main())
