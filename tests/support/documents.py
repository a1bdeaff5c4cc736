"""Build published results tables as Word, web page, Excel and (through LibreOffice) PDF files for tests.

A table is given as the text an officer would paste (tab-separated, caption lines above the header) plus
the merges of its header; every format is built from that one source so their readings can be compared.
"""

from __future__ import annotations

import csv
import html
import io
from dataclasses import dataclass, field
from pathlib import Path

from parxl import soffice


@dataclass
class Published:
    caption: list[str]
    rows: list[list[str]]  # header rows then body rows, blanks where a merged cell continues
    # r1, c1, r2, c2 (0-based, inclusive)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    header_rows: int = 1

    @property
    def width(self) -> int:
        return max(len(r) for r in self.rows)

    def tab_text(self, caption: bool = True) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="\t", lineterminator="\n")
        for line in (self.caption if caption else []):
            buf.write(line + "\n")
        for row in self.rows:
            writer.writerow(row + [""] * (self.width - len(row)))
        return buf.getvalue()


def from_tab_text(text: str, merges: list[tuple[int, int, int, int]] = (), header_rows: int = 1) -> Published:  # type: ignore[assignment]
    rows = list(csv.reader(io.StringIO(text), delimiter="\t"))
    first = next(i for i, r in enumerate(rows) if len(r) > 2)
    caption = [r[0] for r in rows[:first] if r and r[0].strip()]
    body = [r for r in rows[first:] if any(c.strip() for c in r)]
    width = max(len(r) for r in body)
    return Published(caption, [r + [""] * (width - len(r)) for r in body], list(merges), header_rows)


# ------------------------------------------------------------------------------------------ Word


def to_docx(table: Published, *, landscape: bool = False, borders: bool = True, repeat_header: bool = True,
            page_furniture: bool = False, font_pt: float = 11, col_widths_cm: list[float] | None = None,
            row_height_cm: float | None = None, before: list[Published] = (),  # type: ignore[assignment]
            font: str = "Times New Roman") -> bytes:
    """The table in a Word document (A4, Times New Roman), optionally after other tables. ``row_height_cm``
    (a minimum) makes a table run over pages whatever fonts the machine substitutes."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = font
    style.font.size = Pt(font_pt)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    if page_furniture:
        section.header.paragraphs[0].text = "UBND QUẬN HÀ ĐÔNG - KẾT QUẢ CHỈ SỐ CCHC NĂM 2023"
        p = section.footer.paragraphs[0]
        p.add_run("Trang ")
        _field(p, "PAGE", OxmlElement, qn)
    for t in [*before, table]:
        for line in t.caption:
            doc.add_paragraph(line)
        _add_table(doc, t, borders=borders, repeat_header=repeat_header, widths=col_widths_cm,
                   row_height=row_height_cm if t is table else None)
        doc.add_paragraph("")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _field(paragraph, code: str, oxml_element, qn) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = oxml_element("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == code:
            el = oxml_element("w:instrText")
            el.text = code
        else:
            el = oxml_element("w:t")
            el.text = text
        run._r.append(el)


def _add_table(doc, t: Published, *, borders: bool, repeat_header: bool, widths: list[float] | None,
               row_height: float | None = None) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    table = doc.add_table(rows=len(t.rows), cols=t.width)
    if borders:
        table.style = doc.styles["Table Grid"]
    for r, row in enumerate(t.rows):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            lines = text.split("\n")
            cell.paragraphs[0].text = lines[0]
            for more in lines[1:]:
                cell.add_paragraph(more)
        if row_height and r >= t.header_rows:
            height = OxmlElement("w:trHeight")
            height.set(qn("w:val"), str(int(Cm(row_height).twips)))
            height.set(qn("w:hRule"), "atLeast")
            table.rows[r]._tr.get_or_add_trPr().append(height)
        if repeat_header and r < t.header_rows:
            tr_pr = table.rows[r]._tr.get_or_add_trPr()
            el = OxmlElement("w:tblHeader")
            el.set(qn("w:val"), "true")
            tr_pr.append(el)
    for r1, c1, r2, c2 in t.merges:
        text = t.rows[r1][c1]
        merged = table.cell(r1, c1).merge(table.cell(r2, c2))
        merged.text = text  # merge() joins the texts of the covered cells; keep the first one's
    if widths:  # LibreOffice lays out by the grid columns, Word by the cell widths: set both
        table.autofit = False
        for col, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
            col.set(qn("w:w"), str(int(Cm(w).twips)))
        for c, w in enumerate(widths):
            for row in table.rows:
                row.cells[c].width = Cm(w)


# -------------------------------------------------------------------------------------- web page


def to_html(table: Published, *, layout_frame: bool = True) -> bytes:
    """A saved portal page: the table inside a layout table, with th, rowspan/colspan, <br> and &nbsp;."""
    covered = {(r, c) for r1, c1, r2, c2 in table.merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)
               if (r, c) != (r1, c1)}
    spans = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in table.merges}
    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>Quyết định</title></head><body>"]
    if layout_frame:
        out.append("<table class='layout'><tr><td><a href='/'>Trang chủ</a></td><td>")
    for line in table.caption:
        out.append(f"<p><b>{html.escape(line)}</b></p>")
    out.append("<table border='1'>")
    for r, row in enumerate(table.rows):
        tag = "th" if r < table.header_rows else "td"
        out.append("<tr>")
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            attrs = (f" rowspan='{rs}'" if rs > 1 else "") + (f" colspan='{cs}'" if cs > 1 else "")
            body = "<br>".join(html.escape(x).replace(" ", "&nbsp;", 1) for x in text.split("\n"))
            out.append(f"<{tag}{attrs}><span>{body}</span></{tag}>")
        out.append("</tr>")
    out.append("</table>")
    if layout_frame:
        out.append("</td></tr></table>")
    out.append("</body></html>")
    return "\n".join(out).encode("utf-8")


# ------------------------------------------------------------------------------------------ Excel


def to_xlsx(table: Published, numbers: bool = True) -> bytes:
    """An Excel annex: caption rows, then the table with merged header cells; numbers typed as numbers."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    for i, line in enumerate(table.caption, 1):
        ws.cell(row=i, column=1, value=line)
    top = len(table.caption) + 1
    for r, row in enumerate(table.rows):
        for c, text in enumerate(row):
            if text == "":
                continue
            cell = ws.cell(row=top + r, column=c + 1, value=text)
            if numbers and r >= table.header_rows:
                cell.value, fmt = _typed(text)
                if fmt:
                    cell.number_format = fmt
    for r1, c1, r2, c2 in table.merges:
        ws.merge_cells(start_row=top + r1, start_column=c1 + 1, end_row=top + r2, end_column=c2 + 1)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _typed(text: str) -> tuple[object, str | None]:
    """“58,42” → 58.42 as a number cell; “86,52%” → 0.8652 shown as a percentage, as Excel stores it;
    other texts (“15/17”, names) stay text. Returns the value and its number format."""
    percent = text.endswith("%") and text[:-1].replace(",", "").replace(".", "").isdigit()
    body = text[:-1] if percent else text
    plain = body.replace(".", "").replace(",", ".") if "," in body else body
    try:
        value: object = int(plain) if plain.isdigit() and not plain.startswith("0") else float(plain)
    except ValueError:
        return text, None
    if percent:
        places = len(plain.partition(".")[2])
        return float(plain) / 100, "0." + "0" * places + "%" if places else "0%"
    return value, None


# -------------------------------------------------------------------------------------------- PDF


def docx_to_pdf(docx_files: dict[str, bytes], outdir: Path) -> dict[str, Path]:
    """Render Word files to PDF with LibreOffice in one run (a throw-away profile)."""
    program = soffice.find()
    if program is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    src = outdir / "src"
    src.mkdir(exist_ok=True)
    paths = []
    for name, data in docx_files.items():
        (src / f"{name}.docx").write_bytes(data)
        paths.append(src / f"{name}.docx")
    proc = soffice.convert(program, paths, "pdf", outdir)
    out = {name: outdir / f"{name}.pdf" for name in docx_files}
    missing = [n for n, p in out.items() if not p.exists()]
    if missing:
        raise AssertionError(f"LibreOffice did not render {missing}: {proc.stdout}\n{proc.stderr}")
    return out


__all__ = ["Published", "docx_to_pdf", "from_tab_text", "to_docx", "to_html", "to_xlsx"]
