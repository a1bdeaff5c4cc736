"""``--recalc``: let LibreOffice recalculate a COPY of the workbook, and score the copy's results.

For formulas parxl does not evaluate itself. LibreOffice runs headless with a throw-away user profile set
to recalculate every formula on load (otherwise it would keep the stored results). The user's file is
only read; parxl's sheets are still written into the user's own bytes, so nothing else in it changes.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from parxl.errors import ParxlError

if TYPE_CHECKING:
    from parxl.analyse import Analysis
    from parxl.workflow import ScoreOutcome

TIMEOUT_S = 300
_CANDIDATES = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
# OOXMLRecalcMode / ODFRecalcMode 0: always recalculate when a file is loaded.
_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
</oor:items>
"""


class RecalcUnavailable(ParxlError):
    """LibreOffice is not installed, or could not recalculate the copy."""

    code = "recalc_unavailable"


def soffice() -> str | None:
    """The LibreOffice program (PARXL_SOFFICE wins), or None."""
    env = os.environ.get("PARXL_SOFFICE")
    if env and Path(env).exists():
        return env
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return found or next((c for c in _CANDIDATES if Path(c).exists()), None)


def recalculated(path: Path) -> bytes:
    """The bytes of a copy of ``path`` recalculated by LibreOffice; ``path`` itself is only read."""
    program = soffice()
    if program is None:
        raise RecalcUnavailable(
            "Tùy chọn --recalc cần LibreOffice để tính lại công thức, nhưng máy này chưa cài LibreOffice. "
            "Hãy cài LibreOffice (https://vi.libreoffice.org), hoặc mở tệp bằng Excel, lưu lại rồi chạy lại "
            "không có --recalc.", path=str(path))
    with tempfile.TemporaryDirectory(prefix="parxl-recalc-") as tmp:
        work = Path(tmp)
        source = work / "in" / ("bang_diem" + path.suffix.lower())
        source.parent.mkdir()
        shutil.copyfile(path, source)
        (work / "profile" / "user").mkdir(parents=True)
        (work / "profile" / "user" / "registrymodifications.xcu").write_text(_PROFILE, encoding="utf-8")
        out = work / "out"
        cmd = [program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--calc", "--convert-to", "xlsx", "--outdir", str(out), str(source)]
        _run(cmd, path)
        result = out / "bang_diem.xlsx"
        if not result.exists():
            raise RecalcUnavailable(f"LibreOffice không tính lại được tệp “{path.name}”. Hãy mở tệp bằng Excel, "
                                    "lưu lại rồi chạy lại không có --recalc.", path=str(path))
        return result.read_bytes()


def _run(cmd: list[str], path: Path) -> None:
    """soffice in its own process group, so that a hung run is stopped with its children."""
    posix = os.name == "posix"
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=posix)
    try:
        proc.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        if posix:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
        proc.communicate()
        raise RecalcUnavailable(f"LibreOffice chưa tính xong tệp “{path.name}” sau {TIMEOUT_S} giây; đã dừng. "
                                "Tệp của bạn không bị thay đổi.", path=str(path)) from None


def check_recalculated(path: Path) -> Analysis:
    """``check`` on LibreOffice's results for a copy of ``path``."""
    from parxl.analyse import analyse
    from parxl.workflow import load

    _, owned = load(path)
    return analyse(recalculated(path), path.name, owned)


def score_recalculated(path: Path, output: Path | None = None, *, variant: str = "day-du") -> ScoreOutcome:
    """``score`` on LibreOffice's results; parxl's sheets go into the user's own bytes, as without it."""
    from parxl.analyse import analyse
    from parxl.workflow import load, write_scored

    data, owned = load(path)
    analysis = analyse(recalculated(path), path.name, owned)
    return write_scored(path, data, owned, analysis, output, variant=variant)
