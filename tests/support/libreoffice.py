"""Run LibreOffice headless to open, recalculate and re-save workbooks in tests.

Each call uses a throw-away user profile (so parallel runs and the developer's own LibreOffice
settings do not interfere) configured to recalculate every formula on load: without that,
LibreOffice keeps the cached values of .xlsx files and a check of our cached values would pass by
construction.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest

_CANDIDATES = [
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
]
# 0 = always recalculate on load (ScRecalcOptions::RECALC_ALWAYS), for OOXML and ODF files.
_PROFILE_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
</oor:items>
"""
TIMEOUT_S = 300


def soffice_path() -> str | None:
    """Path of the soffice binary, or None when LibreOffice is not installed."""
    env = os.environ.get("PARXL_SOFFICE")
    if env and Path(env).exists():
        return env
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    return next((c for c in _CANDIDATES if Path(c).exists()), None)


def recalc_copies(paths: Sequence[Path], outdir: Path) -> list[Path]:
    """Open every workbook in one soffice run, recalculate, save as .xlsx into ``outdir``.

    Returns the output paths in input order; a file LibreOffice could not open has no output and
    raises AssertionError naming it. Input stems must be distinct (outputs are named ``<stem>.xlsx``).
    """
    soffice = soffice_path()
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    paths = [Path(p).resolve() for p in paths]
    stems = [p.stem for p in paths]
    if len(set(stems)) != len(stems):
        raise ValueError("input file names must have distinct stems")
    outdir = Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    if any(p.parent == outdir and p.suffix.lower() == ".xlsx" for p in paths):
        raise ValueError("inputs must not live in outdir (the output would overwrite them)")
    with tempfile.TemporaryDirectory(prefix="parxl-lo-profile-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(_PROFILE_XCU, encoding="utf-8")
        cmd = [
            soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
            "--nolockcheck", "--calc", "--convert-to", "xlsx", "--outdir", str(outdir), *map(str, paths),
        ]
        proc = _run(cmd)
    outputs = [outdir / f"{p.stem}.xlsx" for p in paths]
    missing = [str(p) for p, out in zip(paths, outputs) if not out.exists()]
    if missing:
        raise AssertionError(
            f"LibreOffice did not convert {missing} (rc={proc.returncode}): {proc.stdout}\n{proc.stderr}"
        )
    return outputs


def _run(cmd: list[str]) -> subprocess.CompletedProcess:
    """Run soffice in its own process group so a hung run can be killed with all its children
    (the soffice script starts soffice.bin as a child)."""
    posix = os.name == "posix"
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=posix)
    try:
        out, err = proc.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        if posix:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
        out, err = proc.communicate()
        raise AssertionError(f"LibreOffice did not finish within {TIMEOUT_S}s: {err}") from None
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def recalc_copy(path: Path, outdir: Path) -> Path:
    """One workbook through LibreOffice (see recalc_copies); returns the recalculated .xlsx."""
    return recalc_copies([path], outdir)[0]


def needs_libreoffice(obj):
    """Mark a test (function or class) as needing LibreOffice and skip it when soffice is absent."""
    obj = pytest.mark.libreoffice(obj)
    return pytest.mark.skipif(
        soffice_path() is None, reason="LibreOffice (soffice) is not installed; install it to run this check"
    )(obj)
