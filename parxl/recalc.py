"""``--recalc``: let LibreOffice recalculate a COPY of the workbook, and score the copy's results.

For formulas parxl does not evaluate itself. LibreOffice runs headless with a throw-away user profile set
to recalculate every formula on load (otherwise it would keep the stored results). The user's file is
only read; parxl's sheets are still written into the user's own bytes, so nothing else in it changes.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from parxl import soffice
from parxl.errors import ParxlError

if TYPE_CHECKING:
    from parxl.analyse import Analysis
    from parxl.workflow import ScoreOutcome


class RecalcUnavailable(ParxlError):
    """LibreOffice is not installed, or could not recalculate the copy."""

    code = "recalc_unavailable"


def recalculated(path: Path) -> bytes:
    """The bytes of a copy of ``path`` recalculated by LibreOffice; ``path`` itself is only read."""
    program = soffice.find()
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
        out = work / "out"
        try:
            soffice.convert(program, [source], "xlsx", out, recalc=True)
        except soffice.Timeout:
            raise RecalcUnavailable(f"LibreOffice chưa tính xong tệp “{path.name}” sau {soffice.TIMEOUT_S} giây; "
                                    "đã dừng. Tệp của bạn không bị thay đổi.", path=str(path)) from None
        result = out / "bang_diem.xlsx"
        if not result.exists():
            raise RecalcUnavailable(f"LibreOffice không tính lại được tệp “{path.name}”. Hãy mở tệp bằng Excel, "
                                    "lưu lại rồi chạy lại không có --recalc.", path=str(path))
        return result.read_bytes()


def check_recalculated(path: Path) -> Analysis:
    """``check`` on LibreOffice's results for a copy of ``path``."""
    from parxl.analyse import analyse
    from parxl.workflow import load

    _, owned = load(path)
    return analyse(recalculated(path), path.name, owned)


def score_recalculated(path: Path, output: Path | None = None, *, variant: str = "day-du") -> ScoreOutcome:
    """``score`` on LibreOffice's results; parxl's sheets go into the user's own bytes, as without it."""
    from parxl.analyse import analyse
    from parxl.safe_save import workbook_lock
    from parxl.workflow import load, write_scored

    with workbook_lock(path if output is None else output):  # as score_file: a concurrent paste is never lost
        data, owned = load(path)
        analysis = analyse(recalculated(path), path.name, owned)
        return write_scored(path, data, owned, analysis, output, variant=variant)
