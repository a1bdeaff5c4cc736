"""Gather ward results from workbooks, folders and pasted tables; one bad input never stops the rest."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from parxl.district.ranking import Ward
from parxl.errors import ParxlError

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
            out += sorted(p for p in item.iterdir()
                          if p.suffix.lower() in WORKBOOK_SUFFIXES and not p.name.startswith("~$"))
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
    """Wards of a pasted multi-unit table, and why it could not be used when it cannot."""
    from parxl.paste import parse_paste

    parsed = parse_paste(text)
    if parsed.kind != "units":
        return [], [f"“{label}” không phải bảng kết quả nhiều đơn vị (nhận ra dạng “{parsed.kind}”)."]
    wards, problems = [], []
    for row in parsed.data_rows:
        total = row.get("total")
        if total is None and row.get("appraised") is not None:
            total = row["appraised"] + (row.get("survey") or 0)
        if total is None and row.get("index_pct") is None:
            problems.append(f"“{label}” dòng {row['line']}: không có tổng điểm hay chỉ số.")
            continue
        wards.append(Ward(
            unit=str(row.get("unit") or row.get("name") or f"dòng {row['line']}"),
            total=total if total is not None else row["index_pct"], total_max=row.get("total_max"),
            appraised=row.get("appraised"), survey=row.get("survey"), index_pct=row.get("index_pct"),
            classification=str(row.get("classification") or ""), source=f"{label}, dòng {row['line']}",
        ))
    return wards, problems


def _load(path: Path) -> tuple[list[Ward], list[tuple[str, str]]]:
    """One input's wards and the reasons it was (partly) skipped; never raises."""
    try:
        if path.suffix.lower() in (".txt", ".tsv"):
            wards, problems = wards_from_text(path.read_text(encoding="utf-8-sig"), path.name)
            return wards, [(path.name, p) for p in problems]
        return [ward_from_workbook(path)], []
    except ParxlError as err:
        return [], [(path.name, str(err))]
    except Exception as err:  # noqa: BLE001 - one broken workbook must not stop a district's run
        return [], [(path.name, f"lỗi không mong đợi khi đọc tệp ({type(err).__name__}: {err})")]


def collect(inputs: Iterable[Path], on_item: Callable[[str], None] | None = None,
            workers: int | None = None) -> Collected:
    """Read every input, in parallel on all cores when there are many (a district has 10 to 600)."""
    paths = expand(inputs)
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
