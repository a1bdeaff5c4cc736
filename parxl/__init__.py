"""parxl: chấm điểm Chỉ số CCHC trong chính bảng Excel của cán bộ.

The public API, for notebooks and programs::

    score(source, *, output=None, write=True, variant="day-du") -> Report
    check(source) -> Report
    read_paste(text_or_path) -> PasteResult
    rank(sources, **options) -> Ranking
    new(path) -> Path
    export(source, table="deductions", format="docx", output=None) -> Path

Errors that stop the work are ``ParxlError`` subclasses with a stable ``code``.

Kept import-light on purpose: the CLI and the Excel add-in import this package on every click, so every
name here is imported on first use (module ``__getattr__``), and openpyxl, lxml, pandas and xlwings only by
the modules that need them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> (module, attribute)
_LAZY: dict[str, tuple[str, str]] = {
    "score": ("parxl.api", "score"),
    "check": ("parxl.api", "check"),
    "read_paste": ("parxl.api", "read_paste"),
    "new": ("parxl.api", "new"),
    "export": ("parxl.api", "export"),
    "Report": ("parxl.api", "Report"),
    "PasteResult": ("parxl.api", "PasteResult"),
    "rank": ("parxl.district", "rank"),
    "Ranking": ("parxl.district", "Ranking"),
    "Finding": ("parxl.findings", "Finding"),
    "ParxlError": ("parxl.errors", "ParxlError"),
    "UnreadableWorkbook": ("parxl.errors", "UnreadableWorkbook"),
    "WorkbookLocked": ("parxl.errors", "WorkbookLocked"),
    "UnsafeToWrite": ("parxl.errors", "UnsafeToWrite"),
    "NoScoreSheet": ("parxl.errors", "NoScoreSheet"),
    "BadInput": ("parxl.errors", "BadInput"),
}

__all__ = [  # grouped as the docstring lists them, not sorted
    "score", "check", "read_paste", "rank", "new", "export", "Report", "PasteResult", "Ranking", "Finding",
    "ParxlError", "UnreadableWorkbook", "WorkbookLocked", "UnsafeToWrite", "NoScoreSheet", "BadInput",
]

if TYPE_CHECKING:  # what type checkers and editors see; at run time __getattr__ imports on first use
    from parxl.api import PasteResult as PasteResult
    from parxl.api import Report as Report
    from parxl.api import check as check
    from parxl.api import export as export
    from parxl.api import new as new
    from parxl.api import read_paste as read_paste
    from parxl.api import score as score
    from parxl.errors import BadInput as BadInput
    from parxl.errors import NoScoreSheet as NoScoreSheet
    from parxl.errors import ParxlError as ParxlError
    from parxl.errors import UnreadableWorkbook as UnreadableWorkbook
    from parxl.errors import UnsafeToWrite as UnsafeToWrite
    from parxl.errors import WorkbookLocked as WorkbookLocked
    from parxl.findings import Finding as Finding


def __getattr__(name: str) -> Any:
    """Import a public name on first use (``parxl.rank`` resolves to ``parxl.district.rank``)."""
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'parxl' has no attribute {name!r}")
    module = importlib.import_module(target[0])
    try:
        value = getattr(module, target[1])
    except AttributeError:
        raise AttributeError(f"parxl.{name} is not available: {target[0]} has no {target[1]!r}") from None
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public API (what ``dir(parxl)`` shows)."""
    return sorted([*_LAZY, "__version__"])
