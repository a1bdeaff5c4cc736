"""Which files are units, and what each says: folders walked, parxl's backups and Excel's lock files left
out, workbooks read (even while open in Excel: reading is safe), pasted tables read with their blocks.
One bad input never stops the rest; every input ends up listed with what became of it.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from parxl.district.ranking import Ward
from parxl.errors import ParxlError, WorkbookLocked
from parxl.findings import Finding, finding
from parxl.numbers import Rounding, fold

if TYPE_CHECKING:
    from decimal import Decimal

    from parxl.analyse import SheetSource
    from parxl.paste import PasteResult

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb")  # the last two are listed as unreadable, with advice
TEXT_SUFFIXES = (".txt", ".tsv")
BACKUP_FOLDER = "parxl_sao_luu"  # where parxl keeps backups of the workbooks it writes
PARALLEL_FROM = 16  # below this, starting worker processes costs more than it saves
_COPY = re.compile(r"^(?P<base>.+?)(?:\s*\(\d+\)|\s+-\s+(?:copy|bản sao)(?:\s*\(\d+\))?)$", re.IGNORECASE)
_COPY_PREFIX = re.compile(r"^(?:copy of|bản sao của)\s+(?P<base>.+)$")

_BLOCK_NUMBER = re.compile(r"^\s*(?:[IVXLC]+|[A-Z]|\d+)\s*[.)]\s+")

OnItem = Callable[[int, int, str], None]  # (done, total, input name): for a progress bar or a status bar


@dataclass(frozen=True)
class Item:
    """One input to read. ``shown``: its path relative to the folder it was found in (or its name)."""

    path: Path
    shown: str
    folders: tuple[str, ...] = ()
    kind: str = "workbook"  # "workbook" | "text"


@dataclass(frozen=True)
class SourceFile:
    """One input as the output lists it: ranked (with its units) or skipped (with the reason's code)."""

    name: str
    ranked: bool
    units: tuple[str, ...] = ()
    code: str = ""  # the finding that explains a skip
    reason: str = ""  # Vietnamese


@dataclass(frozen=True)
class Loaded:
    """What one input gave, before units are checked against each other and against the rule."""

    item: Item
    wards: tuple[Ward, ...] = ()
    findings: tuple[Finding, ...] = ()
    skip: Finding | None = None  # why the whole input is not ranked
    digest: str = ""  # of the bytes
    fingerprint: str = ""  # of the scores read: a copy saved again by Excel has other bytes, the same scores
    blank: bool = False
    appraised: bool = False  # has appraisal scores (preferred over a self-assessed copy of the same unit)
    unit_given: bool = True
    year: int | None = None
    thresholds: tuple[tuple[str, object], ...] | None = None  # its own, when its settings give them
    rounding: tuple[Rounding, int] | None = None  # its own, when its settings give them


@dataclass
class Found:
    items: list[Item] = field(default_factory=list)  # to read
    skipped: list[tuple[Item, Finding]] = field(default_factory=list)  # found but never read


@dataclass
class Collected:
    loaded: list[Loaded] = field(default_factory=list)
    skipped: list[tuple[Item, Finding]] = field(default_factory=list)  # found but never read


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def unit_key(unit: str) -> str:
    """Names equal up to case, spacing, Unicode form and a leading "UBND" are one unit."""
    key = " ".join(nfc(unit).casefold().split())
    return key.removeprefix("ubnd ")


def copy_base(stem: str) -> str | None:
    """"Phường A (1)", "Phường A - Copy", "Bản sao của Phường A" -> "Phường A"; None for other names."""
    name = nfc(stem).strip()
    match = _COPY.match(name) or _COPY_PREFIX.match(name.casefold())
    if match is None:
        return None
    base = match.group("base")
    return name[len(name) - len(base):] if match.re is _COPY_PREFIX else base


def is_backup_name(name: str) -> bool:
    from parxl.safe_save import BACKUP_LABEL

    return f"({BACKUP_LABEL}" in nfc(name).casefold()


def _is_lock_or_temp(name: str) -> bool:
    return name.startswith(("~$", "~", ".~lock.", ".parxl-tmp-"))


def discover(inputs: Iterable[Path], exclude: Iterable[Path] = ()) -> Found:
    """Inputs as given; folders walked (sorted, subfolders too), parxl's backups and Excel's lock and
    temporary files set aside with their reason. ``exclude``: files never read (the output itself)."""
    excluded = {_same(p) for p in exclude}
    out = Found()
    items = out.items
    for given in inputs:
        given = Path(given)
        if given.is_dir():
            for path in sorted(given.rglob("*"), key=lambda p: [nfc(part).casefold() for part in p.parts]):
                if not path.is_file() or _same(path) in excluded:
                    continue
                rel = path.relative_to(given)
                if any(part.startswith(".") and not _is_lock_or_temp(part) for part in rel.parts[:-1]):
                    continue  # hidden folders (version control, sync tools) are not the officers'
                folders = tuple(nfc(p) for p in rel.parts[:-1])
                item = Item(path, "/".join(nfc(p) for p in rel.parts), folders)
                if path.suffix.lower() not in WORKBOOK_SUFFIXES:
                    continue  # notes, PDFs and Word files beside the workbooks are not inputs
                if any(fold(part) == BACKUP_FOLDER for part in folders):
                    out.skipped.append((item, finding("rank_backup", file=item.shown)))
                elif _is_lock_or_temp(path.name):
                    out.skipped.append((item, finding("rank_lock_file", file=item.shown)))
                elif is_backup_name(path.name):
                    out.skipped.append((item, finding("rank_backup", file=item.shown)))
                else:
                    items.append(item)
        elif _same(given) not in excluded:
            kind = "text" if given.suffix.lower() in TEXT_SUFFIXES else "workbook"
            item = Item(given, nfc(given.name), (), kind)
            if kind == "workbook" and _is_lock_or_temp(given.name):
                out.skipped.append((item, finding("rank_lock_file", file=item.shown)))
            elif kind == "workbook" and is_backup_name(given.name):
                out.skipped.append((item, finding("rank_backup", file=item.shown)))
            else:
                items.append(item)
    return out


def _same(path: Path) -> Path:
    try:
        return Path(path).resolve()
    except OSError:
        return Path(path).absolute()


def read_all(found: Found, on_item: OnItem | None = None, workers: int | None = None) -> Collected:
    """Read every input found, in parallel on all cores when there are many (a district has 10 to 600)."""
    items = found.items
    workers = workers if workers is not None else (os.cpu_count() or 1)
    total = len(items)
    loaded: list[Loaded] = []

    def gather(outcomes: Iterable[Loaded]) -> None:
        for done, outcome in enumerate(outcomes, 1):
            loaded.append(outcome)
            if on_item is not None:
                on_item(done, total, outcome.item.shown)

    if workers > 1 and total >= PARALLEL_FROM:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            gather(pool.map(load, items, chunksize=4))
    else:
        gather(map(load, items))
    return Collected(loaded, list(found.skipped))


def load(item: Item) -> Loaded:
    """One input's units and findings; never raises for a bad input."""
    try:
        if item.kind == "text":
            return _load_text(item)
        return _load_workbook(item)
    except Exception as err:  # noqa: BLE001 - one broken workbook must not stop a district's run
        from parxl.boundary import as_refusal

        refusal = as_refusal(err)
        reason = (f"{_reason(refusal)} (mã lỗi: {refusal.code})" if refusal is not None else
                  "tệp có nội dung parxl không đọc được; hãy mở bằng Excel, lưu lại rồi chạy lại.")
        return Loaded(item, skip=finding("rank_unreadable", value=reason, file=item.shown))


def _reason(err: ParxlError) -> str:
    """The error's message without the file name it starts with (the output names the file already)."""
    text = str(err)
    match = re.match(r"^Không đọc được tệp “[^”]*”:\s*", text)
    return text[match.end():] if match else text


def only_parxl_sheets(sheet_names: Iterable[str], owned: set[str]) -> bool:
    """A workbook made of parxl's own sheets only (an earlier ranking), not a unit's score sheet."""
    return bool(owned) and set(sheet_names) <= owned


def _load_workbook(item: Item) -> Loaded:
    from parxl.analyse import analyse_reader
    from parxl.model import RowKind
    from parxl.read import WorkbookReader
    from parxl.safe_save import check_workbook_path, lock_file
    from parxl.xlsxpkg import read_owned_sheet_names

    path = item.path
    notes: list[Finding] = []
    try:
        check_workbook_path(path)
    except WorkbookLocked:
        owners = (lock_file(path), path.with_name("~$" + path.name[2:]))
        if not any(p.exists() for p in owners):
            raise
        notes.append(finding("rank_open_in_excel", file=item.shown))  # reading a saved file is safe
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    reader = WorkbookReader(data, path.name)
    owned = read_owned_sheet_names(data)
    if only_parxl_sheets(reader.sheet_names, owned):
        return Loaded(item, skip=finding("rank_own_output", file=item.shown), digest=digest)
    analysis = analyse_reader(reader, owned)
    s, t = analysis.settings, analysis.result.totals
    fields = _settings_fields(reader)
    unit_given = bool(s.unit)
    unit = s.unit or copy_base(path.stem) or nfc(path.stem)
    if not unit_given:
        notes.append(finding("rank_unit_from_file_name", value=unit, file=item.shown))
    if analysis.errors:
        notes.append(finding("rank_score_errors", value=len(analysis.errors), file=item.shown, unit=unit))
    leaves = [r for r in analysis.sheet.leaves() if r.kind is not RowKind.SURVEY]
    scored = [r for r in analysis.sheet.leaves() if r.self is not None or r.appraised is not None]
    blank = not scored and not s.survey_points
    ward = Ward(
        unit=unit, total=t.points, total_max=t.max, appraised=t.appraised, survey=t.survey,
        index_pct=t.index_pct, classification=t.classification, last_year=t.last_year,
        deductions=tuple(analysis.result.deductions), source=item.shown, folders=item.folders, fields=fields,
    )
    fingerprint = hashlib.sha256(repr((
        unit_key(unit), s.year, [(r.code, r.max, r.self, r.appraised, r.na) for r in analysis.sheet.rows],
        s.survey_points)).encode("utf-8")).hexdigest()
    return Loaded(
        item, wards=(ward,), findings=tuple(notes), digest=digest, fingerprint=fingerprint, blank=blank,
        appraised=any(r.appraised is not None for r in leaves), unit_given=unit_given, year=s.year,
        thresholds=None if "thresholds" in s.defaults else s.thresholds,
        rounding=None if {"rounding", "places"} <= s.defaults else (s.rounding, s.places),
    )


def _settings_fields(reader: SheetSource) -> tuple[tuple[str, str], ...]:
    """Every label/value pair of the "Cấu hình" sheet, labels folded (for ``--block-by`` a setting)."""
    from parxl.numbers import format_vn
    from parxl.parse.settings import find_settings_sheet

    name = find_settings_sheet(reader.sheet_names)
    if name is None:
        return ()
    grid = reader.grid(name)
    out = []
    for r in range(1, grid.max_row + 1):
        label, value = grid.value(r, 1), grid.value(r, 2)
        if isinstance(label, str) and label.strip() and value not in (None, ""):
            shown = format_vn(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)
            out.append((fold(label).rstrip(": "), nfc(shown.strip())))
    return tuple(out)


def _load_text(item: Item) -> Loaded:
    from parxl.read import read_text_file

    text = read_text_file(item.path)  # read once; the same text twice is the same digest whatever its encoding
    wards, notes, skip = units_from_text(text, item.shown)
    return Loaded(item, wards=tuple(wards), findings=tuple(notes), skip=skip,
                  digest=hashlib.sha256(text.encode("utf-8")).hexdigest())


def units_from_text(text: str, label: str) -> tuple[list[Ward], list[Finding], Finding | None]:
    """Units of a pasted multi-unit table, with the block each row is under (its group heading, or the
    ``block`` a row carries); findings for rows that cannot be ranked; a finding when it is not such a table.

    A row's total is its total, else appraisal + survey; out of 100 points the index is also the total. A
    row with only the index is ranked by it, with no total: points and percentages are never mixed.
    """
    from parxl.paste import parse_paste

    return units_from_paste(parse_paste(text), label)


def wards_from_text(text: str, label: str) -> tuple[list[Ward], list[str]]:
    """The units of a pasted table and, in Vietnamese, why it (or a row of it) cannot be ranked (the contract
    worksheet functions rely on; :func:`units_from_text` gives the findings themselves)."""
    wards, notes, skip = units_from_text(text, label)
    return wards, [f.message for f in ([skip] if skip else []) + notes]


def units_from_paste(parsed: PasteResult, label: str, where: Callable[[int], str] | None = None,
                     ) -> tuple[list[Ward], list[Finding], Finding | None]:
    """The same from a :class:`parxl.paste.PasteResult` already read (text or cells). ``where`` names a
    row's place (for a table read from a decision file: its page and table)."""
    if parsed.kind != "units":
        from parxl.paste.render import KIND_LABELS

        what = f"đây là bảng {KIND_LABELS[parsed.kind]}" if parsed.kind in KIND_LABELS and parsed.kind != "unknown" \
            else "không nhận ra bảng kết quả nào"
        return [], [], finding("rank_not_units_table", value=what, file=label)
    from parxl.paste import NOT_UNDERSTOOD
    from parxl.paste.model import row_figure, row_line

    table_max = _header_total_max(parsed)
    group_names = {str(g["group"]): str(g.get("name") or g["group"]) for g in parsed.groups}
    wards, notes = [], []
    # a line or cell the reader could not place: a unit may be missing or misread, so the ranking says so
    unread = [f for f in parsed.findings if f.code in NOT_UNDERSTOOD and f.line is not None]
    if unread:
        notes.append(finding("rank_paste_unread", value=len(unread), line=unread[0].line, file=label,
                             expected=unread[0].message))
    for row in parsed.data_rows:
        line = row_line(row)
        unit = str(row.get("unit") or row.get("name") or f"dòng {line}")
        total, index = row_figure(row, "total"), row_figure(row, "index_pct")
        total_max = cast("Decimal | None", row.get("total_max", table_max))
        appraised, survey = row_figure(row, "appraised"), row_figure(row, "survey")
        if total is None and appraised is not None:
            total = appraised + (survey or 0)
        if total is None and index is None:
            notes.append(finding("rank_row_without_score", unit=unit, line=line, file=label))
            continue
        if total is None and total_max == 100:
            total = index  # out of 100 points the index is the total
        last_year, change = row_figure(row, "previous"), row_figure(row, "change")
        if last_year is None and change is not None and total is not None:
            last_year = total - change
        # The heading's own numbering ("I.", "B.") goes: the appendix numbers its blocks itself.
        block = _BLOCK_NUMBER.sub("", str(row.get("block") or ""))
        if not block and row.get("group") is not None:
            block = group_names.get(str(row["group"]), str(row["group"]))
        wards.append(Ward(
            unit=unit, total=total, total_max=total_max, appraised=appraised, survey=survey,
            index_pct=index, classification=str(row.get("classification") or ""), last_year=last_year,
            source=where(line) if where else f"{label}, dòng {line}", block=str(block or ""), published=True,
        ))
    return wards, notes, None


def _header_total_max(parsed: PasteResult) -> Decimal | None:
    """The maximum a header states for the total ("Tổng điểm (100)")."""
    from parxl.paste.reconcile import header_maxima

    return header_maxima(parsed._parsed).get("total_max") if parsed._parsed is not None else None


def collect(inputs: Iterable[Path], on_item: OnItem | None = None, workers: int | None = None) -> Collected:
    """Find and read every input (folders walked)."""
    return read_all(discover(inputs), on_item, workers)
