"""An appendix as a Word document laid out by the rules for administrative documents (Nghị định
30/2020/NĐ-CP): A4, Times New Roman, the margins, "PHỤ LỤC" and the table title in bold, the italic
"(Kèm theo …)" line, a bordered table whose header row repeats on every page, landscape when wide."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument  # the class; docx.Document is its factory
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor
from docx.styles.style import CharacterStyle
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from parxl.exporting.layout import DocCell, DocTable, doc_table, drop_empty_columns
from parxl.sheetspec import SheetSpec

FONT = "Times New Roman"
PAGE = (Mm(210), Mm(297))  # A4, portrait
# Nghị định 30/2020: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
TITLE_PT, SUBTITLE_PT, TABLE_PT, FOOTER_PT = 14, 14, 12, 11
_PADDING_MM = 4.6  # Word's default cell margins (1.9 mm each side) and a little air
# CT_TblPr children that come after tblBorders (ECMA-376 §17.4.60).
_AFTER_BORDERS = {qn(t) for t in ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                                  "w:tblDescription", "w:tblPrChange")}
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def _font(run_or_style: Run | CharacterStyle, size: float, *, bold: bool = False, italic: bool = False) -> None:
    """Times New Roman for every script: Word picks the east-Asian/complex font for some Vietnamese letters."""
    font = run_or_style.font
    font.name, font.size, font.bold, font.italic = FONT, Pt(size), bold, italic
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _setup_page(document: DocxDocument, landscape: bool) -> None:
    section = document.sections[0]
    width, height = PAGE
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    for side, value in MARGINS.items():
        setattr(section, f"{side}_margin", value)
    section.header_distance = section.footer_distance = Mm(10)


def _paragraph(document: DocxDocument, text: str, size: float, *, bold: bool = False, italic: bool = False,
               after: float = 0) -> None:
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(0)
    p.paragraph_format.space_after = Pt(after)
    _font(p.add_run(text), size, bold=bold, italic=italic)


def _row_flags(row: _Row, header: bool) -> None:
    """Header rows repeat on every page; no row is split across two pages."""
    tr_pr = row._tr.get_or_add_trPr()
    for tag, wanted in (("w:cantSplit", True), ("w:tblHeader", header)):
        if wanted:
            el = OxmlElement(tag)
            el.set(qn("w:val"), "true")
            tr_pr.append(el)


def _borders(table: Table) -> None:
    """Thin single borders on every edge, placed where CT_TblPr wants them (Word checks the order)."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            el.set(qn(f"w:{key}"), value)
        borders.append(el)
    successor = next((child for child in tbl_pr if child.tag in _AFTER_BORDERS), None)
    if successor is None:
        tbl_pr.append(borders)
    else:
        successor.addprevious(borders)


def _table_width(table: Table, width_twips: int) -> None:
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
    if tbl_w is not None:
        tbl_w.set(qn("w:type"), "dxa")
        tbl_w.set(qn("w:w"), str(width_twips))


def _fill(cell: _Cell, content: DocCell, header: bool) -> None:
    style = content.style
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_before = Pt(1)
    paragraph.paragraph_format.space_after = Pt(1)
    align = "center" if header else ("right" if content.is_number else (style.h_align or "left"))
    paragraph.alignment = _ALIGN.get(align, WD_ALIGN_PARAGRAPH.LEFT)
    lines = content.text.split("\n")
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        _font(run, TABLE_PT, bold=header or style.bold, italic=style.italic)
        if style.color and not header:
            run.font.color.rgb = RGBColor.from_string(style.color.upper())
        if i < len(lines) - 1:
            run.add_break()


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) with a placeholder result; Word and LibreOffice compute it when laying out."""
    for kind, text in (("begin", None), ("instr", f" {instruction} "), ("separate", None), ("text", "1"),
                       ("end", None)):
        run = paragraph.add_run()
        _font(run, FOOTER_PT)
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)


def _page_numbers(document: DocxDocument) -> None:
    """"Trang x/y" centred in the footer of every page."""
    footer = document.sections[0].footer
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run("Trang "), FOOTER_PT)
    _field(paragraph, "PAGE")
    _font(paragraph.add_run("/"), FOOTER_PT)
    _field(paragraph, "NUMPAGES")


def _properties(document: DocxDocument, title: str, author: str) -> None:
    """File › Properties: the appendix title and the unit as author (python-docx's template says
    "python-docx" otherwise)."""
    props = document.core_properties
    props.title = title[:255]
    props.subject = "Chỉ số cải cách hành chính"
    props.author = props.last_modified_by = author[:255]
    props.comments = props.keywords = props.category = ""
    props.revision = 1


def document_title(table: DocTable) -> str:
    """The bold title lines ("PHỤ LỤC", "TỔNG HỢP …") as one line."""
    return " – ".join(line.text for line in table.titles if not line.style.italic) or "Phụ lục"


def build_docx(spec: SheetSpec, optional_columns: tuple[str, ...] = (), author: str | None = None) -> bytes:
    """The appendix held by ``spec`` as .docx bytes; ``optional_columns`` (by header) are left out when empty.
    ``author`` (the unit's name from "Cấu hình") goes into the document's properties."""
    table_data = drop_empty_columns(doc_table(spec), optional_columns)
    document = Document()
    _properties(document, document_title(table_data), author or "")
    _page_numbers(document)
    normal = document.styles["Normal"]
    _font(normal, 13)
    normal.paragraph_format.space_after = Pt(0)
    _setup_page(document, table_data.landscape)
    for i, line in enumerate(table_data.titles):
        last = i == len(table_data.titles) - 1
        if line.style.italic:
            _paragraph(document, line.text, SUBTITLE_PT, italic=True, after=12 if last else 0)
        else:
            _paragraph(document, line.text, TITLE_PT, bold=True, after=12 if last else 0)
    _table(document, table_data)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _word_mm(word: str) -> float:
    """Rough printed width of a word at 12 pt Times New Roman (capitals are wider)."""
    return sum(2.9 if ch.isupper() else 2.2 for ch in word)


def column_widths(data: DocTable, usable_mm: float) -> list[float]:
    """Widths in mm: the sheet's proportions, but never so narrow that a word ("3.13.3", "STT") breaks;
    the room this takes comes from the wide text columns."""
    n = len(data.widths)
    need = [0.0] * n
    spanned = {(r, c) for r1, c1, r2, c2 in data.merges if c2 > c1 for r in range(r1, r2 + 1)
               for c in range(c1, c2 + 1)}
    for r, row in enumerate(data.rows):
        for c, cell in enumerate(row):
            if (r, c) in spanned or not cell.text:
                continue
            longest = max((_word_mm(word) for word in cell.text.split()), default=0.0)
            if r < len(data.header):  # a header wraps onto three lines at most
                longest = max(longest, max(_word_mm(line) for line in cell.text.split("\n")) / 3)
            bold = cell.style.bold or r < len(data.header)
            need[c] = max(need[c], longest * (1.1 if bold else 1) + _PADDING_MM)
    total = sum(data.widths)
    widths = [max(usable_mm * w / total, min(need[c], usable_mm / 3)) for c, w in enumerate(data.widths)]
    excess = sum(widths) - usable_mm
    if excess > 0:
        slack = [max(0.0, w - need[c]) for c, w in enumerate(widths)]
        room = sum(slack)
        widths = [w - (excess * s / room if room else excess / n) for w, s in zip(widths, slack)]
    return widths


def _table(document: DocxDocument, data: DocTable) -> None:
    rows = data.rows
    n_cols = len(data.widths)
    table = document.add_table(rows=len(rows), cols=n_cols)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # a fixed layout: the widths below, not Word's guess from the content
    _borders(table)
    section = document.sections[0]
    page_width, left, right = section.page_width, section.left_margin, section.right_margin
    assert page_width is not None and left is not None and right is not None  # _setup_page set them
    usable = Length(page_width - left - right).mm
    widths = [Mm(w) for w in column_widths(data, usable)]
    for c, column in enumerate(table.columns):
        column.width = widths[c]
    _table_width(table, sum(w.twips for w in widths))
    for r, row in enumerate(table.rows):
        _row_flags(row, r < len(data.header))
        for c, cell in enumerate(row.cells):
            cell.width = widths[c]
    # Merge first, then write: a merged cell keeps the text of its top-left cell only.
    for r1, c1, r2, c2 in data.merges:
        table.cell(r1, c1).merge(table.cell(r2, c2))
    merged_away = {(r, c) for r1, c1, r2, c2 in data.merges
                   for r in range(r1, r2 + 1) for c in range(c1, c2 + 1) if (r, c) != (r1, c1)}
    for r, values in enumerate(rows):
        for c, content in enumerate(values):
            if (r, c) not in merged_away:
                _fill(table.cell(r, c), content, r < len(data.header))
