"""An appendix as PDF: the Word document converted by LibreOffice headless, when it is installed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from parxl.errors import ParxlError

TIMEOUT_S = 180
_CANDIDATES = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
MISSING = ("Chưa tìm thấy LibreOffice nên chưa xuất được tệp PDF. Hãy cài LibreOffice (miễn phí) rồi chạy lại; "
           "hoặc xuất tệp Word bằng “--format docx” rồi mở bằng Word và chọn Tệp › Lưu thành › PDF.")


class LibreOfficeMissing(ParxlError):
    """PDF export needs LibreOffice (soffice), which is not installed."""

    code = "libreoffice_missing"


class ConversionFailed(ParxlError):
    code = "conversion_failed"


def find_soffice() -> str | None:
    """The soffice program: $PARXL_SOFFICE, then PATH, then the usual install folders."""
    env = os.environ.get("PARXL_SOFFICE")
    if env:
        return env if Path(env).exists() else None
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return found or next((c for c in _CANDIDATES if Path(c).exists()), None)


def docx_to_pdf(docx: bytes) -> bytes:
    """Convert a Word document with a throw-away LibreOffice profile (so a LibreOffice the user has
    open, or its settings, cannot interfere)."""
    soffice = find_soffice()
    if soffice is None:
        raise LibreOfficeMissing(MISSING)
    with tempfile.TemporaryDirectory(prefix="parxl-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "phu_luc.docx"
        source.write_bytes(docx)
        cmd = [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", "pdf", "--outdir", str(folder), str(source)]
        try:
            returncode, detail = _run(cmd)
        except OSError as err:
            raise LibreOfficeMissing(MISSING) from err
        result = folder / "phu_luc.pdf"
        if not result.exists():
            raise ConversionFailed(f"LibreOffice không chuyển được sang PDF ({detail or f'mã {returncode}'}).")
        return result.read_bytes()


def _run(cmd: list[str]) -> tuple[int, str]:
    """Run soffice in its own process group, so that a hung run is killed with the soffice.bin it starts."""
    posix = os.name == "posix"
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=posix)
    try:
        out, err = proc.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        if posix:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
        proc.communicate()
        raise ConversionFailed(f"LibreOffice không chuyển xong sang PDF sau {TIMEOUT_S} giây; hãy thử lại.") from exc
    return proc.returncode, (err or out or "").strip()[:300]
