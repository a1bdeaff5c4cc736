"""Where the bundled workbooks are: inside the installed package, or in the source tree."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def template_path(name: str) -> Path:
    """``name`` is "demo.xlsx" or "blank.xlsx"."""
    for folder in (_HERE / "_templates", _HERE.parent / "workbook_templates"):
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(name)
