"""Tables of a Word document (.docx), cell by cell: merged cells (gridSpan, vMerge), multi-line cells, and the
paragraphs just above each table (its caption), read from the document's XML through python-docx."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from io import BytesIO
from typing import Any

from parxl.documents.model import DocTable, Place, UnreadableDocument, join_lines, span_grid
from parxl.findings import Finding, finding

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CAPTION_LINES = 3  # paragraphs above a table kept as its caption (title, "theo 08 nội dung", …)


def read_word(data: bytes, label: str) -> list[DocTable]:
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        document = docx.Document(BytesIO(data))
    except (PackageNotFoundError, ValueError, KeyError, OSError, zipfile.BadZipFile) as err:
        raise UnreadableDocument(f"Không mở được tệp Word “{label}”: tệp bị hỏng hoặc không phải .docx.",
                                 "docx_unreadable", path=label) from err
    tables: list[DocTable] = []
    recent: list[str] = []
    for block in _blocks(document.element.body):
        if block.tag == W + "p":
            text = _paragraph_text(block)
            if text:
                recent = (recent + [text])[-CAPTION_LINES:]
        else:
            tables.append(_table(block, len(tables) + 1, recent))
            recent = []
    return tables


def _blocks(container: Any) -> Iterator[Any]:
    """Paragraphs and tables in reading order. A layout table (at most two rows, holding other tables: a
    frame around the content, as in a document converted from a web page) gives its contents instead."""
    for child in container.iterchildren(W + "p", W + "tbl", W + "sdt"):
        if child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _blocks(content)
        elif child.tag == W + "tbl" and _is_layout(child):
            for tc in child.iter(W + "tc"):
                if tc.getparent().getparent() is child:  # cells of this table, not of the tables inside
                    yield from _blocks(tc)
        else:
            yield child


def _is_layout(tbl: Any) -> bool:
    rows = tbl.findall(W + "tr")
    cells = [tc for tr in rows for tc in tr.findall(W + "tc")]
    return len(rows) <= 2 and any(tc.find(W + "tbl") is not None for tc in cells)


def _paragraph_text(p: object) -> str:
    parts: list[str] = []
    for node in p.iter(W + "t", W + "tab", W + "br", W + "cr"):  # type: ignore[attr-defined]
        if node.tag == W + "t":
            parts.append(node.text or "")
        elif node.tag == W + "tab":
            parts.append("\t")
        else:
            parts.append("\n")
    text = "".join(parts).replace("\xa0", " ")
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()


def _cell_text(tc: object) -> tuple[str, bool]:
    """The cell's paragraphs joined by line breaks, and whether it holds a nested table (not read)."""
    lines: list[str] = []
    nested = False
    for child in tc.iterchildren():  # type: ignore[attr-defined]
        if child.tag == W + "p":
            text = _paragraph_text(child)
            if text:
                lines.append(text)
        elif child.tag == W + "tbl":
            nested = True
        elif child.tag == W + "sdt":  # content controls wrap paragraphs
            lines += [t for t in (_paragraph_text(p) for p in child.iter(W + "p")) if t]
    return join_lines(lines), nested


def _table(tbl: object, number: int, caption: list[str]) -> DocTable:
    cells: list[list[tuple[str | None, int, int]]] = []
    open_merges: dict[int, list[int]] = {}  # grid column -> [row index of the merge start, its cell index]
    findings: list[Finding] = []
    nested_at: list[tuple[int, int]] = []
    for r, tr in enumerate(tbl.iterchildren(W + "tr")):  # type: ignore[attr-defined]
        row: list[tuple[str | None, int, int]] = []
        col = _int(tr.find(f"{W}trPr/{W}gridBefore"), 0)
        if col:
            row.append((None, col, 1))
        for tc in tr.iterchildren(W + "tc", W + "sdt"):
            for cell in ([tc] if tc.tag == W + "tc" else list(tc.iter(W + "tc"))):
                pr = cell.find(W + "tcPr")
                span = _int(None if pr is None else pr.find(W + "gridSpan"), 1)
                vmerge = None if pr is None else pr.find(W + "vMerge")
                text, nested = _cell_text(cell)
                if nested:
                    nested_at.append((r + 1, col + 1))
                continues = vmerge is not None and vmerge.get(W + "val", "continue") == "continue"
                if continues and col in open_merges:
                    start_row, start_idx = open_merges[col]
                    text0, span0, rows0 = cells[start_row][start_idx]
                    cells[start_row][start_idx] = (text0, span0, rows0 + 1)
                    if text:  # a continuation cell that holds text of its own is kept, not lost
                        cells[start_row][start_idx] = (join_lines([text0 or "", text]), span0, rows0 + 1)
                    col += span
                    continue
                if vmerge is not None:
                    open_merges[col] = [r, len(row)]
                else:
                    open_merges.pop(col, None)
                row.append((text or None, span, 1))
                col += span
        cells.append(row)
    grid = span_grid(cells)
    width = max((len(r) for r in grid), default=0)
    lead = [[line] + [None] * (width - 1) for line in caption] if width else []
    grid = lead + [r + [None] * (width - len(r)) for r in grid]
    places = [[Place(number, None, None)] * width for _ in lead]
    places += [[Place(number, r, c) for c in range(1, width + 1)]
               for r in range(1, len(grid) - len(lead) + 1)]
    for row_no, col_no in nested_at:
        findings.append(finding("doc_nested_table", value=Place(number, row_no, col_no).describe(),
                                line=row_no + len(lead)))
    return DocTable(number, grid, places, findings=findings)


def _int(el: object, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(W + "val"))  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return default
