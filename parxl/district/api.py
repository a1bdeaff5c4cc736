"""``rank(sources, **options) -> Ranking``: the whole district ranking as one call, for the CLI, the add-in
and analysts in Python.

    >>> from parxl.district import rank
    >>> r = rank("STT\\tĐơn vị\\tTổng điểm\\n1\\tPhường A\\t91,5\\n2\\tPhường B\\t85\\n3\\tPhường C\\t91,5\\n")
    >>> r.table[["unit", "rank_text", "classification"]].values.tolist()
    [['Phường A', '01/03', 'Xuất sắc'], ['Phường C', '01/03', 'Xuất sắc'], ['Phường B', '03/03', 'Tốt']]
    >>> r.metric, r.rule.default
    ('total', True)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, cast

from parxl.district.blocks import assign_blocks
from parxl.district.collect import Item, Loaded, OnItem, discover, read_all, units_from_paste
from parxl.district.config import Heading, choose_rule
from parxl.district.ranking import Ranking, rank_wards
from parxl.district.select import select

if TYPE_CHECKING:
    from parxl.documents.paste import DocumentPaste
    from parxl.paste import PasteResult

Source = str | Path | object  # a path, a folder, pasted text, or a parxl.paste.PasteResult


def status_reporter(status: Callable[[str | None], None], every: int = 1) -> OnItem:
    """An ``on_item`` for a status bar (the add-in passes its ``ui.status``): "parxl: đang đọc 12/300 bảng điểm…",
    updated every ``every`` files and on the last one."""
    def report(done: int, total: int, _name: str) -> None:  # the OnItem interface; a status bar shows no names
        if done == total or done % every == 0:
            status(f"parxl: đang đọc {done}/{total} bảng điểm…")

    return report


def _split(sources: Source | Iterable[Source]) -> tuple[list[Path], list[tuple[str, object]]]:
    """Paths (and folders) apart from tables already in memory (pasted text or PasteResult)."""
    items: list[object] = [sources] if isinstance(sources, (str, Path)) or hasattr(sources, "data_rows") \
        else list(sources)  # type: ignore[call-overload]
    paths: list[Path] = []
    tables: list[tuple[str, object]] = []
    for i, source in enumerate(items, 1):
        if isinstance(source, Path):
            paths.append(source)
        elif isinstance(source, str) and ("\n" in source or "\t" in source):
            tables.append((f"bảng dán {i}", source))
        elif isinstance(source, str):
            paths.append(Path(source))
        elif hasattr(source, "data_rows"):
            tables.append((f"bảng dán {i}", source))
        elif hasattr(source, "result") and hasattr(source, "file"):  # a table read from a decision file
            tables.append((str(source.file), source))
        else:
            from parxl.errors import BadInput

            raise BadInput(f"Nguồn thứ {i} không phải đường dẫn, thư mục hay bảng đã dán ({type(source).__name__}).")
    return paths, tables


def _load_table(label: str, table: object) -> Loaded:
    from parxl.paste import parse_paste

    # Tables are told apart by their attributes (see _split), which mypy cannot follow: hence the casts.
    if hasattr(table, "result") and hasattr(table, "file"):
        from parxl.documents.rank import row_source

        document = cast("DocumentPaste", table)
        wards, notes, skip = units_from_paste(document.result, label, lambda line: row_source(document, line))
    else:
        parsed = parse_paste(table) if isinstance(table, str) else cast("PasteResult", table)
        wards, notes, skip = units_from_paste(parsed, label)
    return Loaded(Item(Path(label), label, (), "paste"), wards=tuple(wards), findings=tuple(notes), skip=skip)


def rank(sources: Source | Iterable[Source], *, target_rank: int = 5, thresholds: str | None = None,
         settings: str | Path | None = None, rounding: str | None = None, places: int | None = None,
         block_by: str | None = None, year: int | None = None, area: str = "", decision: str = "",
         date: str = "", issuer: str = "", title: str = "", on_item: OnItem | None = None,
         workers: int | None = None, exclude: Iterable[str | Path] = ()) -> Ranking:
    """Rank the units of ``sources`` by one rule, within blocks.

    ``sources``: workbook paths (str or Path), folders (walked, subfolders too), files of pasted text
    (.txt), pasted text itself, or :class:`parxl.paste.PasteResult` objects; one or a list.
    ``thresholds`` ("Xuất sắc>=90,Tốt>=80,…") and ``settings`` (a workbook with a "Cấu hình" sheet) give
    the one rule; ``rounding`` ("lam-tron"/"cat-bo") and ``places`` override its rounding. ``block_by``:
    a setting label ("Loại đơn vị"), ``"folder"``/``"folder:N"``, or a list file "unit → block".
    ``year``, ``area``, ``decision``, ``date``, ``issuer``, ``title``: the decision's heading (over the
    settings file's). ``on_item(done, total, name)`` is called after each input is read. ``exclude``:
    files never read (the output file). Inputs that cannot be used become findings, never exceptions.
    """
    if target_rank < 1:
        from parxl.errors import BadInput

        raise BadInput("Thứ hạng mục tiêu phải từ 1 trở lên.")
    rule, from_settings = choose_rule(thresholds, Path(settings) if settings else None, rounding, places)
    heading = Heading(year=year, area=area, decision=decision, date=date, issuer=issuer, title=title)
    heading = heading.merged(from_settings)
    paths, tables = _split(sources)
    # The settings workbook and a block list may sit in the folder of the wards: they are not wards.
    configuration = [Path(p) for p in (settings, block_by) if p and Path(p).suffix and Path(p).is_file()]
    found = discover(paths, [*map(Path, exclude), *configuration])
    collected = read_all(found, on_item, workers)
    collected.loaded += [_load_table(label, table) for label, table in tables]
    chosen = select(collected, rule, heading.year)
    if heading.year is None and chosen.year is not None:
        heading = replace(heading, year=chosen.year)
    blocks, order, block_findings = assign_blocks(chosen.wards, block_by)
    return rank_wards(chosen.wards, target_rank, rule, blocks=order, block_of=blocks, heading=heading,
                      findings=[*chosen.findings, *block_findings], sources=chosen.sources)
