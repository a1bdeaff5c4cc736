"""parxl as a library: score or check a workbook, read a pasted table, create and export, with frozen results.

Tables come as pandas DataFrames with exact values: every number is a ``Decimal`` in an ``object`` column,
unrounded, exactly as parxl computed it. :meth:`Report.to_dict` (the JSON of ``parxl score --json``) is
made from the same records, with each number rounded by the workbook's rule (``Cấu hình``: places and
half-up or truncation). pandas is imported only when a table is asked for.

Errors that stop the work are :class:`parxl.ParxlError` subclasses with a stable ``code``
(``unreadable``, ``locked``, ``unsafe``, ``no_score_sheet``, ``bad_input``); problems inside a workbook are
never exceptions: they are findings.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Union

from parxl import report as _records
from parxl.errors import BadInput, UnsafeToWrite

if TYPE_CHECKING:
    import pandas as pd

    from parxl.analyse import Analysis
    from parxl.findings import Finding
    from parxl.paste import PasteResult as _RawPaste

Source = Union[str, "os.PathLike[str]", bytes, bytearray, IO[bytes]]
"""A workbook: a path (``str`` or ``Path``), its bytes, or a binary file object opened for reading."""

DEFAULT_LABEL = "bang_diem.xlsx"  # how a workbook given as bytes is named in messages and sheets


def _frame(records: list[dict[str, object]], columns: tuple[str, ...]) -> pd.DataFrame:
    """A DataFrame of ``records`` with ``columns`` in order; object dtype so that Decimals stay exact."""
    import pandas as pd

    return pd.DataFrame.from_records(records, columns=list(columns)).astype(object)


# ------------------------------------------------------------------------------------------ Report


@dataclass(frozen=True, repr=False)
class Report:
    """What parxl found and computed in one workbook. Frozen; the tables are new DataFrames on each access.

    ``path``/``backup``: where :func:`score` wrote the scored workbook and the copy of the original it kept
    (``None`` for :func:`check` or ``write=False``). ``analysis``: the underlying
    :class:`parxl.analyse.Analysis` (score sheet as read, settings, result), for code that needs more.
    """

    analysis: Analysis = field(repr=False)
    path: Path | None = None
    backup: Path | None = None

    def __repr__(self) -> str:
        return (f"Report(label={self.label!r}, unit={self.unit!r}, total={self.total!r}, "
                f"classification={self.classification!r}, findings={len(self.analysis.findings)}, "
                f"path={self.path!r})")

    # --- single values
    @property
    def label(self) -> str:
        """The workbook's file name (or ``bang_diem.xlsx`` for bytes)."""
        return self.analysis.label

    @property
    def sheet(self) -> str:
        """The name of the score sheet parxl read."""
        return self.analysis.sheet.sheet

    @property
    def unit(self) -> str:
        """The unit's name from the settings sheet ("" when not given)."""
        return self.analysis.settings.unit

    @property
    def year(self) -> int | None:
        """The year of the assessment, from the settings or the sheet's title."""
        return self.analysis.settings.year

    @property
    def basis(self) -> str:
        """``"appraised"`` when the points come from the appraisal column, ``"self"`` otherwise."""
        return self.analysis.result.basis

    @property
    def total(self) -> Decimal:
        """Total points (the PAR index's points), exact."""
        return self.analysis.result.totals.points

    @property
    def index_pct(self) -> Decimal:
        """The PAR index in %, exact."""
        return self.analysis.result.totals.index_pct

    @property
    def classification(self) -> str:
        """Xuất sắc, Tốt, Khá, Trung bình or Yếu."""
        return self.analysis.result.totals.classification

    @property
    def totals(self) -> dict[str, object]:
        """max, self, appraised, survey, points, index_pct, classification, change: exact values."""
        return _records.totals_record(self.analysis)

    @property
    def deductions_total(self) -> dict[str, Decimal]:
        """Sums of the deduction table's max, self, appraised and deducted columns, exact."""
        return _records.deductions_total(self.analysis)  # type: ignore[return-value]

    @property
    def valid(self) -> bool:
        """True when no finding is an error (warnings and notes allowed)."""
        return not self.analysis.errors

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings with severity ``error``."""
        return tuple(self.analysis.errors)

    @property
    def finding_codes(self) -> tuple[str, ...]:
        """The codes of every finding, in report order (errors first)."""
        return tuple(f.code for f in self.analysis.findings)

    # --- tables
    @property
    def areas(self) -> pd.DataFrame:
        """One row per area (the survey block last): code, name, max, self, appraised, points, index_pct,
        survey, change, row."""
        return _frame(_records.area_records(self.analysis), _records.AREA_COLUMNS)

    @property
    def criteria(self) -> pd.DataFrame:
        """Every coded row of the score sheet: code, name, kind, level, row, max, self, appraised, na, leaf,
        index_pct."""
        return _frame(_records.criterion_records(self.analysis), _records.CRITERION_COLUMNS)

    @property
    def deductions(self) -> pd.DataFrame:
        """Criteria that lost points: code, name, area_code, row, max, self, appraised, points, deducted,
        reason, responsible."""
        return _frame(_records.deduction_records(self.analysis), _records.DEDUCTION_COLUMNS)

    @property
    def findings(self) -> pd.DataFrame:
        """Every finding: code, severity, sheet, cell, line, value, expected, message (Vietnamese)."""
        return _frame(_records.finding_records(self.analysis), _records.FINDING_COLUMNS)

    def rounded(self, value: Decimal) -> Decimal:
        """``value`` rounded by the workbook's rule, as the sheets and the JSON show it."""
        return _records.rounder(self.analysis)(value)  # type: ignore[return-value]

    # --- serialisation
    def to_dict(self) -> dict[str, object]:
        """The JSON contract of ``parxl score --json``: the same records, numbers rounded by the workbook's
        rule (whole numbers as ``int``)."""
        return _records.report_dict(self.analysis)

    def to_json(self, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text (UTF-8 characters kept)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


# -------------------------------------------------------------------------------------- PasteResult


@dataclass(frozen=True, repr=False)
class PasteResult:
    """A table pasted from a PDF, a Word file, a web page or Excel, read and checked. Frozen.

    ``kind``: ``"areas"``, ``"units"``, ``"criteria"`` or ``"unknown"``. ``raw``: the
    :class:`parxl.paste.PasteResult` it wraps.
    """

    raw: _RawPaste

    def __repr__(self) -> str:
        return (f"PasteResult(kind={self.kind!r}, rows={len(self.raw.rows)}, "
                f"findings={len(self.raw.findings)})")

    @property
    def kind(self) -> str:
        """``"areas"`` (one unit per area), ``"units"`` (a district), ``"criteria"`` or ``"unknown"``."""
        return self.raw.kind

    @property
    def columns(self) -> tuple[str, ...]:
        """The fields of the table's header, in order."""
        return tuple(self.raw.columns)

    @property
    def valid(self) -> bool:
        """True when no finding is an error."""
        return not any(f.severity.value == "error" for f in self.raw.findings)

    @property
    def finding_codes(self) -> tuple[str, ...]:
        """The codes of every finding, by line."""
        return tuple(f.code for f in self.raw.findings)

    @property
    def rows(self) -> pd.DataFrame:
        """One row per table row (totals and averages too, with ``role``): ``line`` first, then the fields
        the table has; numbers are exact Decimals, a missing field is ``None``."""
        records = [{k: v for k, v in r.items() if k != "cells"} for r in self.raw.rows]
        columns: list[str] = []
        for record in records:
            columns += [k for k in record if k not in columns]
        if "role" not in columns:
            columns.insert(1, "role")
        return _frame(records, tuple(columns))

    @property
    def findings(self) -> pd.DataFrame:
        """Every finding: code, severity, line, value, expected, message."""
        records = [{"code": f.code, "severity": f.severity.value, "line": f.line, "value": f.value,
                    "expected": f.expected, "message": f.message} for f in self.raw.findings]
        return _frame(records, ("code", "severity", "line", "value", "expected", "message"))

    def to_dict(self) -> dict[str, object]:
        """The JSON of ``parxl paste --json``: kind, rows, findings, groups."""
        return self.raw.to_json()

    def to_json(self, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


# ---------------------------------------------------------------------------------------- functions


@dataclass(frozen=True)
class _Opened:
    data: bytes
    label: str
    owned: set[str]
    path: Path | None


def _open(source: Source) -> _Opened:
    """The workbook's bytes (after the file checks, for a path) and the sheets parxl wrote into it before."""
    from parxl.xlsxpkg import read_owned_sheet_names

    if isinstance(source, (str, os.PathLike)):
        from parxl.workflow import load

        path = Path(source)
        data, owned = load(path)
        return _Opened(data, path.name, owned, path)
    if isinstance(source, (bytes, bytearray, memoryview)):
        data, label = bytes(source), DEFAULT_LABEL
    elif hasattr(source, "read"):
        data = source.read()
        if not isinstance(data, bytes):
            raise BadInput("Tệp bảng điểm phải được mở ở chế độ nhị phân (open(…, \"rb\")).")
        label = Path(str(getattr(source, "name", "") or DEFAULT_LABEL)).name
    else:
        raise BadInput(f"Không hiểu nguồn bảng điểm kiểu {type(source).__name__}: cần đường dẫn, bytes hoặc "
                       "tệp mở ở chế độ nhị phân.")
    return _Opened(data, label, read_owned_sheet_names(data), None)


def check(source: Source) -> Report:
    """Validate and score ``source`` without writing anything.

    >>> import parxl
    >>> try:
    ...     parxl.check(b"not a workbook")
    ... except parxl.ParxlError as err:
    ...     print(err.code)
    unreadable
    """
    from parxl.analyse import analyse

    opened = _open(source)
    return Report(analyse(opened.data, opened.label, opened.owned))


def score(source: Source, *, output: str | os.PathLike[str] | None = None, write: bool = True,
          variant: str = "day-du") -> Report:
    """Validate and score ``source``; unless ``write=False``, write parxl's sheets into it (or into
    ``output``) through the safe save (atomic, with a backup of any file replaced).

    ``variant``: the deduction appendix's layout, ``"day-du"`` (all columns) or ``"rut-gon"`` (short). A
    workbook given as bytes or a file object is written only to ``output``.
    """
    from parxl.analyse import analyse
    from parxl.workflow import deduction_appendix, write_scored

    opened = _open(source)
    analysis = analyse(opened.data, opened.label, opened.owned)
    if not write:
        deduction_appendix(analysis, variant)  # a wrong variant fails the same way with or without writing
        return Report(analysis)
    target = opened.path
    if target is None:
        if output is None:
            raise BadInput("Bảng điểm đưa vào dạng bytes: hãy cho biết nơi ghi (output=…) "
                           "hoặc dùng write=False.")
        target = Path(output)
    outcome = write_scored(target, opened.data, opened.owned, analysis,
                           None if output is None else Path(output), variant=variant)
    return Report(analysis, outcome.path, outcome.backup)


def read_paste(text_or_path: str | os.PathLike[str] | Sequence[Sequence[object]], *, places: int = 2,
               truncate: bool = False) -> PasteResult:
    """Read and check a results table pasted as text, a ``.txt``/``.tsv`` file, or rows of cells.

    ``places`` and ``truncate``: the rounding the district used (2 decimals, half-up by default).

    >>> import parxl
    >>> pasted = parxl.read_paste("TT\\tNội dung\\tĐiểm thẩm định/Điểm tối đa\\n"
    ...                           "1\\tChỉ đạo điều hành\\t18/20\\n")
    >>> pasted.kind
    'areas'
    >>> pasted.rows[["line", "name", "appraised", "appraised_max"]].to_dict("records")
    [{'line': 2, 'name': 'Chỉ đạo điều hành', 'appraised': Decimal('18'), 'appraised_max': Decimal('20')}]
    """
    from parxl.numbers import Rounding
    from parxl.paste import parse_cells, parse_paste

    rounding = Rounding.TRUNCATE if truncate else Rounding.HALF_UP
    if isinstance(text_or_path, (list, tuple)):
        cells = [list(row) for row in text_or_path]
        return PasteResult(parse_cells(cells, rounding=rounding, places=places))
    if isinstance(text_or_path, str) and not _is_text_file(text_or_path):
        text = text_or_path
    elif isinstance(text_or_path, (str, os.PathLike)):
        text = _read_text(Path(text_or_path))
    else:
        raise BadInput(f"Không hiểu phần dán kiểu {type(text_or_path).__name__}: cần văn bản, đường dẫn "
                       "hoặc danh sách các dòng ô.")
    return PasteResult(parse_paste(text, rounding=rounding, places=places))


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as err:
        raise BadInput(f"Không tìm thấy tệp “{path}”.", path=str(path)) from err
    except (UnicodeDecodeError, IsADirectoryError) as err:
        raise BadInput(f"Tệp “{path}” không phải văn bản UTF-8.", path=str(path)) from err


def _is_text_file(value: str) -> bool:
    """A one-line string naming a text file (pasted text always has a line break)."""
    return "\n" not in value and "\t" not in value and Path(value).suffix.lower() in (".txt", ".tsv", ".csv")


def new(path: str | os.PathLike[str]) -> Path:
    """Create a blank score sheet (the 8-area framework of 2024–2030) at ``path``; never overwrites.

    >>> import parxl, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> parxl.new(folder / "bang_diem_2025.xlsx").name
    'bang_diem_2025.xlsx'
    >>> try:
    ...     parxl.new(folder / "bang_diem_2025.xlsx")
    ... except parxl.ParxlError as err:
    ...     print(err.code)
    unsafe
    """
    import shutil

    from parxl.templates import template_path

    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise BadInput("Tên tệp mẫu mới phải có đuôi .xlsx.", path=str(target))
    if target.exists():
        raise UnsafeToWrite(f"Tệp “{target}” đã có; parxl không ghi đè. Hãy chọn tên khác.", path=str(target))
    if not target.parent.is_dir():
        raise BadInput(f"Không có thư mục “{target.parent}”. Hãy tạo thư mục đó hoặc chọn nơi ghi khác.",
                       path=str(target))
    shutil.copyfile(template_path("blank.xlsx"), target)
    return target


def export(source: str | os.PathLike[str], table: str = "deductions", format: str = "docx",  # noqa: A002
           output: str | os.PathLike[str] | None = None, *, variant: str = "day-du") -> Path:
    """Write one appendix of the workbook at ``source`` as a file; the workbook is only read.

    ``table``: ``"deductions"``, ``"summary"`` or ``"tasks"``; ``format``: ``"docx"``, ``"xlsx"`` or ``"pdf"``
    (PDF through Microsoft Word on Windows, else LibreOffice). ``output`` defaults to a file beside the
    workbook. Returns the path written.
    """
    from parxl.exporting import TABLES, export_table

    if not isinstance(source, (str, os.PathLike)):
        raise BadInput("Xuất phụ lục cần đường dẫn tới bảng điểm.")
    if table not in TABLES:
        raise BadInput(f"Bảng “{table}” không có; chọn một trong: {', '.join(TABLES)}.")
    return export_table(Path(source), table, format, None if output is None else Path(output), variant).path


__all__ = ["PasteResult", "Report", "Source", "check", "export", "new", "read_paste", "score"]
