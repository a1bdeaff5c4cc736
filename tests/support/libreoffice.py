"""Run LibreOffice headless to open, recalculate and re-save workbooks in tests, through parxl's own
:mod:`parxl.soffice` (a throw-away profile set to recalculate every formula on load: without that,
LibreOffice keeps the cached values of .xlsx files and a check of our cached values would pass by
construction)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from parxl import soffice


def soffice_path() -> str | None:
    """Path of the soffice binary, or None when LibreOffice is not installed."""
    return soffice.find()


def recalc_copies(paths: Sequence[Path], outdir: Path) -> list[Path]:
    """Open every workbook in one soffice run, recalculate, save as .xlsx into ``outdir``.

    Returns the output paths in input order; a file LibreOffice could not open has no output and
    raises AssertionError naming it. Input stems must be distinct (outputs are named ``<stem>.xlsx``).
    """
    program = soffice_path()
    if program is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    paths = [Path(p).resolve() for p in paths]
    stems = [p.stem for p in paths]
    if len(set(stems)) != len(stems):
        raise ValueError("input file names must have distinct stems")
    outdir = Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    if any(p.parent == outdir and p.suffix.lower() == ".xlsx" for p in paths):
        raise ValueError("inputs must not live in outdir (the output would overwrite them)")
    try:
        proc = soffice.convert(program, paths, "xlsx", outdir, recalc=True)
    except soffice.Timeout as err:
        raise AssertionError(str(err)) from None
    outputs = [outdir / f"{p.stem}.xlsx" for p in paths]
    missing = [str(p) for p, out in zip(paths, outputs) if not out.exists()]
    if missing:
        raise AssertionError(
            f"LibreOffice did not convert {missing} (rc={proc.returncode}): {proc.stdout}\n{proc.stderr}"
        )
    return outputs


def recalc_copy(path: Path, outdir: Path) -> Path:
    """One workbook through LibreOffice (see recalc_copies); returns the recalculated .xlsx."""
    return recalc_copies([path], outdir)[0]


def needs_libreoffice(obj):
    """Mark a test (function or class) as needing LibreOffice and skip it when soffice is absent."""
    obj = pytest.mark.libreoffice(obj)
    return pytest.mark.skipif(
        soffice_path() is None, reason="LibreOffice (soffice) is not installed; install it to run this check"
    )(obj)
