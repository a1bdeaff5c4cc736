"""Gather ward results from workbooks, folders and pasted tables; one bad input never stops the rest."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from parxl.district.ranking import Ward

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
PARALLEL_FROM = 16  # below this, starting worker processes costs more than it saves


@dataclass
class Collected:
    wards: list[Ward] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (input, Vietnamese reason)


def expand(inputs: Iterable[Path]) -> list[Path]:
    """Files as given; folders become their workbooks (sorted), Excel lock files left out."""
    out: list[Path] = []
    for item in inputs:
        if item.is_dir():
            out += sorted(p for p in item.iterdir()  # Excel's owner files and parxl's temporary files left out
                          if p.suffix.lower() in WORKBOOK_SUFFIXES and not p.name.startswith(("~$", ".parxl-tmp-")))
        else:
            out.append(item)
    return out


def ward_from_workbook(path: Path) -> Ward:
    from parxl.workflow import check_file

    analysis = check_file(path)
    t = analysis.result.totals
    return Ward(
        unit=analysis.settings.unit or path.stem, total=t.points, total_max=t.max, appraised=t.appraised,
        survey=t.survey, index_pct=t.index_pct, classification=t.classification, last_year=t.last_year,
        deductions=analysis.result.deductions, source=path.name,
    )


def wards_from_text(text: str, label: str) -> tuple[list[Ward], list[str]]:
    """Wards of a pasted multi-unit table, and why it (or a row of it) could not be used.

    A row's total is its total, else appraisal + survey; out of 100 points the index is also the total.
    A row with only the index is ranked by it, with no total: points and percentages are never mixed in the
    averages and the change from last year.
    """
    from parxl.paste import parse_paste
    from parxl.paste.reconcile import header_maxima

    parsed = parse_paste(text)
    if parsed.kind != "units":
        from parxl.paste.render import KIND_LABELS

        what = f"đây là bảng {KIND_LABELS[parsed.kind]}" if parsed.kind in KIND_LABELS and parsed.kind != "unknown" \
            else "không nhận ra bảng kết quả nào"
        return [], [f"“{label}” không phải bảng kết quả nhiều đơn vị ({what})."]
    table_max = header_maxima(parsed._parsed).get("total_max") if parsed._parsed is not None else None
    wards, problems = [], []
    for row in parsed.data_rows:
        where = f"“{label}” dòng {row['line']}"
        total, index = row.get("total"), row.get("index_pct")
        total_max = row.get("total_max", table_max)
        if total is None and row.get("appraised") is not None:
            total = row["appraised"] + (row.get("survey") or 0)
        if total is None and index is None:
            problems.append(f"{where}: không có tổng điểm hay chỉ số.")
            continue
        if total is None and total_max == 100:
            total = index  # out of 100 points the index is the total
        wards.append(Ward(
            unit=str(row.get("unit") or row.get("name") or f"dòng {row['line']}"),
            total=total, total_max=total_max,
            appraised=row.get("appraised"), survey=row.get("survey"), index_pct=index,
            classification=str(row.get("classification") or ""), source=f"{label}, dòng {row['line']}",
        ))
    return wards, problems


def _load(path: Path) -> tuple[list[Ward], list[tuple[str, str]]]:
    """One input's wards and the reasons it was (partly) skipped; never raises."""
    try:
        if path.suffix.lower() in (".txt", ".tsv"):
            from parxl.read import read_text_file

            wards, problems = wards_from_text(read_text_file(path), path.name)
            return wards, [(path.name, p) for p in problems]
        return [ward_from_workbook(path)], []
    except Exception as err:  # noqa: BLE001 - one broken workbook must not stop a district's run
        from parxl.boundary import as_refusal

        refusal = as_refusal(err)
        if refusal is None:
            return [], [(path.name, "lỗi không mong đợi khi đọc tệp (mã lỗi: bug); hãy gửi tệp này cho người hỗ trợ.")]
        return [], [(path.name, f"{refusal} (mã lỗi: {refusal.code})")]


def collect(inputs: Iterable[Path], on_item: Callable[[str], None] | None = None,
            workers: int | None = None) -> Collected:
    """Read every input (folders expanded), in parallel on all cores when there are many."""
    return collect_files(expand(inputs), on_item, workers)


def collect_files(paths: list[Path], on_item: Callable[[str], None] | None = None,
                  workers: int | None = None) -> Collected:
    """Read files already expanded by :func:`expand`, in parallel when there are many (a district has 10 to 600)."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    result = Collected()
    if workers > 1 and len(paths) >= PARALLEL_FROM:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            outcomes = pool.map(_load, paths, chunksize=4)
            _gather(result, paths, outcomes, on_item)
    else:
        _gather(result, paths, map(_load, paths), on_item)
    return result


def _gather(result: Collected, paths: list[Path],
            outcomes: Iterable[tuple[list[Ward], list[tuple[str, str]]]],
            on_item: Callable[[str], None] | None) -> None:
    for path, (wards, skipped) in zip(paths, outcomes):
        result.wards += wards
        result.skipped += skipped
        if on_item:
            on_item(path.name)
