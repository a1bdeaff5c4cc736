"""The ranking appendix as Word (Nghị định 30/2020 layout, by the appendix exporter) or PDF (LibreOffice).

The ranked table comes from the very sheet the workbook holds; the counts table and the rule applied follow
it, so the attached document says everything the sheet says, and no file name.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import replace
from decimal import Decimal
from io import BytesIO

from parxl.district.ranking import Ranking
from parxl.district.render import HEADER_ROW, MARGINS_MM, appendix_sheet, counts_table
from parxl.numbers import format_vn
from parxl.render.common import CENTER, HEADER, TEXT, TITLE, text
from parxl.sheetspec import Cell, SheetSpec

FORMATS = ("xlsx", "docx", "pdf")
NOTE_PT = 12


def _appendix_table_only(ranking: Ranking) -> SheetSpec:
    """The appendix sheet up to the end of its ranked table (what follows is added below as its own parts)."""
    spec = appendix_sheet(ranking)
    end = HEADER_ROW
    while end < len(spec.rows) and any(c is not None and c.style.border for c in spec.rows[end]):
        end += 1
    return SheetSpec(spec.name, rows=[[_as_text(c) for c in row] for row in spec.rows[:end]],
                     col_widths=spec.col_widths,
                     merges=[m for m in spec.merges if _last_row(m) <= end],
                     print_title_rows=spec.print_title_rows, landscape=True, margins_mm=MARGINS_MM)


def _last_row(merge: str) -> int:
    """The last row of a merged range such as "A5:F7"."""
    return int("".join(ch for ch in merge.split(":")[-1] if ch.isdigit()))


def _as_text(cell: Cell | None) -> Cell | None:
    """Numbers as published: every decimal place kept ("96,50", "+6,50"), serial numbers and counts centred.
    (The exporter trims trailing zeros, which a ranking table does not do.)"""
    if cell is None or isinstance(cell.value, bool) or not isinstance(cell.value, (int, float)):
        return cell
    fmt = cell.style.num_fmt or ""
    if not fmt:
        return replace(cell, value=str(cell.value))
    places = len(fmt.split(";")[0].partition(".")[2])
    value = Decimal(repr(cell.value)) if isinstance(cell.value, float) else Decimal(cell.value)
    shown = format_vn(value, places, trim=False)
    if fmt.startswith("+") and value > 0:
        shown = "+" + shown
    return replace(cell, value=shown, style=replace(cell.style, num_fmt=None, h_align="right"))


def _counts_spec(ranking: Ranking) -> SheetSpec:
    header, body = counts_table(ranking)
    rows: list[list[Cell | None]] = [[text("SỐ ĐƠN VỊ THEO XẾP LOẠI", TITLE)], [text(h, HEADER) for h in header]]
    for r in body:
        first: list[Cell | None] = [text(r[0], TEXT)]
        rows.append(first + [text(str(v), CENTER) for v in r[1:]])
    widths: dict[int, float] = {1: 30, **{c: 12 for c in range(2, len(header) + 1)}}
    return SheetSpec("Số đơn vị", rows=rows, col_widths=widths, print_title_rows=(2, 2), landscape=True)


def ranking_docx(ranking: Ranking) -> bytes:
    """PHỤ LỤC with its title and "(Kèm theo …)" line, the ranked table (header repeated on every page),
    the counts of every class per block, and the rule applied."""
    from docx import Document
    from docx.shared import Pt

    from parxl.district.render import notes
    from parxl.exporting.docx import build_docx

    document = Document(BytesIO(build_docx(_appendix_table_only(ranking))))
    counts = Document(BytesIO(build_docx(_counts_spec(ranking))))
    body = document.element.body
    section = body[-1]  # sectPr stays last
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_after = Pt(6)
    for paragraph in counts.paragraphs:
        paragraph.paragraph_format.keep_with_next = True  # the counts title stays with its table
    for element in list(counts.element.body):
        if element.tag.endswith("}sectPr"):
            continue
        section.addprevious(deepcopy(element))
    for line in notes(ranking):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(6)
        run = paragraph.add_run(line)
        run.italic = True
        run.font.size = Pt(NOTE_PT)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def ranking_document(ranking: Ranking, fmt: str) -> bytes:
    """The ranking as ``fmt``: "xlsx" (every sheet), "docx" or "pdf" (the appendix)."""
    if fmt == "xlsx":
        from parxl.district.render import ranking_sheets
        from parxl.xlsxpkg.fresh import new_workbook

        return new_workbook(ranking_sheets(ranking))
    if fmt == "docx":
        return ranking_docx(ranking)
    if fmt == "pdf":
        from parxl.exporting.pdf import docx_to_pdf

        return docx_to_pdf(ranking_docx(ranking))
    from parxl.errors import BadInput

    raise BadInput(f"Định dạng “{fmt}” không có; chọn một trong: {', '.join(FORMATS)}.")
