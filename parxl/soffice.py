"""LibreOffice headless, for the two jobs parxl hands to it: a PDF of an exported document (where Word is not
there) and a recalculated copy of a workbook (``--recalc``). The tests use it as the independent engine too.

Every run gets a throw-away user profile, so a LibreOffice the user has open, or its settings, cannot
interfere; and it runs in its own process group, so a hung run is stopped with the soffice.bin it starts.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

CANDIDATES = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
TIMEOUT_S = 300
# OOXMLRecalcMode / ODFRecalcMode 0: always recalculate when a file is loaded. Without it LibreOffice keeps
# the stored results of an .xlsx, and a check of stored results against it would pass by construction.
RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
</oor:items>
"""


class Timeout(Exception):
    """LibreOffice did not finish in time; it was stopped."""


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def detail(self) -> str:
        """What LibreOffice said, shortened for a message."""
        return (self.stderr or self.stdout or "").strip()[:300]


def find() -> str | None:
    """The soffice program: $PARXL_SOFFICE (when it exists), then PATH, then the usual install folders."""
    env = os.environ.get("PARXL_SOFFICE")
    if env:
        return env if Path(env).exists() else None
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return found or next((c for c in CANDIDATES if Path(c).exists()), None)


def convert(program: str, sources: Sequence[Path], fmt: str, outdir: Path, *, recalc: bool = False,
            timeout: float = TIMEOUT_S, env: dict[str, str] | None = None) -> Run:
    """``soffice --convert-to fmt`` of ``sources`` into ``outdir`` (outputs named ``<stem>.<fmt>``);
    ``recalc`` recalculates every formula on load; ``env`` replaces the environment (a test renders under
    another locale). Raises :class:`Timeout`, or OSError when the program cannot be started."""
    with tempfile.TemporaryDirectory(prefix="parxl-soffice-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        if recalc:
            (user / "registrymodifications.xcu").write_text(RECALC_PROFILE, encoding="utf-8")
        cmd = [program, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
               "--nolockcheck", *(["--calc"] if recalc else []), "--convert-to", fmt, "--outdir", str(outdir),
               *map(str, sources)]
        return _run(cmd, timeout, env)


def _run(cmd: list[str], timeout: float, env: dict[str, str] | None) -> Run:
    posix = os.name == "posix"
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=posix,
                            env=env)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if posix:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
        proc.communicate()
        raise Timeout(f"LibreOffice did not finish within {timeout:g} s") from None
    return Run(proc.returncode, out, err)
