"""``parxl addin install``: the add-in where Excel opens it for this Windows user, with its settings.

What it does on Windows:
1. builds ``parxl.xlam`` from the xlwings installed beside this Python (the add-in's VBA names the
   xlwings DLL by version, so building here keeps the two in step), with this Python as interpreter;
2. puts it in the user's Excel start-up folder ``%APPDATA%\\Microsoft\\Excel\\XLSTART`` (a trusted
   location: Excel opens it at every start without a macro warning);
3. writes ``%USERPROFILE%\\.parxl\\parxl.conf``, the per-user settings file xlwings' add-in code reads.

VBA reads paths in the system's ANSI code page; a path with Vietnamese letters (C:\\Users\\Nguyễn…)
would arrive garbled, so such a path is written in its 8.3 short form.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

from parxl.addin.build import (
    FALLBACK_FILE,
    PROJECT_NAME,
    BuildError,
    build_addin,
    config_settings,
    fallback_package,
    xlwings_version,
)

ADDIN_FILE = PROJECT_NAME + ".xlam"
EXIT_UNSUPPORTED = 2


@dataclass(frozen=True)
class InstallPlan:
    addin_path: PureWindowsPath
    config_path: PureWindowsPath
    interpreter: str
    config_text: str


def config_text(interpreter: str) -> str:
    """The settings file in xlwings' format: one ``"KEY","value"`` pair per line."""
    return "".join(f'"{key}","{value}"\r\n' for key, value in config_settings(interpreter))


def ansi_safe(path: str, code_page: int, short_path: Callable[[str], str] | None) -> str:
    """``path`` if VBA can read it in the ANSI code page, else its short (8.3) form when available."""
    try:
        path.encode(f"cp{code_page}")
        return path
    except (UnicodeEncodeError, LookupError):
        pass
    if short_path is not None:
        short = short_path(path)
        if short:
            return short
    return path


def make_plan(appdata: str, userprofile: str, interpreter: str, addin_file: str = ADDIN_FILE) -> InstallPlan:
    addin = PureWindowsPath(appdata, "Microsoft", "Excel", "XLSTART", addin_file)
    config = PureWindowsPath(userprofile, "." + PROJECT_NAME, PROJECT_NAME + ".conf")
    return InstallPlan(addin, config, interpreter, config_text(interpreter))


def console_python(executable: str) -> str:
    """python.exe rather than pythonw.exe: xlwings hides the console window itself."""
    path = PureWindowsPath(executable)
    if path.name.lower() == "pythonw.exe":
        return str(path.with_name("python.exe"))
    return executable


def xlwings_dll_found(interpreter: str, version: str) -> bool:
    """Where xlwings' VBA looks for its DLL: beside python.exe, or one folder up (a virtualenv)."""
    folder = Path(interpreter).parent
    names = [f"xlwings64-{version}.dll", f"xlwings32-{version}.dll"]
    return any((d / n).is_file() for d in (folder, folder.parent) for n in names)


def explain(plan: InstallPlan) -> str:
    return (
        "Lệnh “parxl addin install” chỉ chạy trên Windows (máy có Excel). Trên Windows, lệnh sẽ:\n"
        f"  1. tạo add-in {plan.addin_path.name} từ xlwings đang cài, dùng Python: {plan.interpreter}\n"
        f"  2. chép add-in vào thư mục khởi động của Excel: {plan.addin_path}\n"
        f"  3. ghi tệp cấu hình {plan.config_path} với nội dung:\n"
        + "".join(f"       {line}\n" for line in plan.config_text.splitlines())
        + "Để cài trên máy của phường (kể cả không có Internet), hãy tạo bộ cài bằng “parxl addin bundle” "
        "trên máy này, chép thư mục bộ cài vào USB và chạy cai_dat.bat trên máy Windows."
    )


def _short_path_windows(path: str) -> str:
    import ctypes

    buf = ctypes.create_unicode_buffer(1024)
    length = ctypes.windll.kernel32.GetShortPathNameW(path, buf, len(buf))  # type: ignore[attr-defined]
    return buf.value if 0 < length < len(buf) else ""


def _ansi_code_page() -> int:
    import ctypes

    return int(ctypes.windll.kernel32.GetACP())  # type: ignore[attr-defined]


def install(platform: str = sys.platform, *, fallback: bool = False, xlstart: Path | None = None,
            settings_folder: Path | None = None) -> tuple[int, str]:
    """(exit code, Vietnamese report). Off Windows without explicit folders: code 2 and what it would do.

    ``fallback`` installs plan B (``parxl addin build --fallback``) instead of the full add-in.
    ``xlstart`` and ``settings_folder`` replace the Windows defaults (the offline installer passes them).
    """
    addin_file = FALLBACK_FILE if fallback else ADDIN_FILE
    windows = platform.startswith("win")
    if not windows and (xlstart is None or settings_folder is None):
        home = os.environ.get("USERPROFILE") or r"C:\Users\<tên người dùng>"
        appdata = os.environ.get("APPDATA") or str(PureWindowsPath(home, "AppData", "Roaming"))
        return EXIT_UNSUPPORTED, explain(make_plan(appdata, home, r"C:\...\python.exe", addin_file))
    code_page = _ansi_code_page() if windows else 1252
    interpreter = ansi_safe(console_python(sys.executable), code_page, _short_path_windows if windows else None)
    if xlstart is not None and settings_folder is not None:
        target, config = Path(xlstart) / addin_file, Path(settings_folder) / (PROJECT_NAME + ".conf")
        text = config_text(interpreter)
    else:
        plan = make_plan(os.environ["APPDATA"], os.environ["USERPROFILE"], interpreter, addin_file)
        target, config, text = Path(plan.addin_path), Path(plan.config_path), plan.config_text
    target.parent.mkdir(parents=True, exist_ok=True)
    # Built under a temporary name, then moved: a half-written add-in never sits in XLSTART. The name
    # does not end in .xl*, so Excel would not try to open it at start-up either.
    staging = target.with_name(target.name + ".moi")
    if fallback:
        staging.write_bytes(fallback_package(interpreter))
    else:
        build_addin(staging, interpreter)
    try:
        os.replace(staging, target)
    except PermissionError as exc:
        staging.unlink(missing_ok=True)
        raise BuildError(f"Không ghi được {target}: Excel đang mở add-in. Hãy đóng hết Excel rồi chạy lại.") from exc
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(text, encoding=f"cp{code_page}", errors="replace", newline="")
    report = [f"Đã cài add-in: {target}", f"Đã ghi cấu hình: {config}", f"Python dùng cho add-in: {interpreter}"]
    version = xlwings_version()
    if windows and not xlwings_dll_found(interpreter, version):
        report.append(f"Cảnh báo: không thấy tệp xlwings64-{version}.dll cạnh Python; add-in sẽ không chạy được. "
                      "Hãy chạy lại cai_dat.bat của bộ cài parxl (cài lại xlwings vào đúng môi trường Python này).")
    report.append("Mở lại Excel: thẻ “Chỉ số CCHC” sẽ xuất hiện trên thanh công cụ.")
    return 0, "\n".join(report)
