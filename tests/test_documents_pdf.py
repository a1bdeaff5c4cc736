"""PDFs rendered by LibreOffice from the Word decisions: a real text layer and layout. Ruled and unruled
tables, wrapped cells, a table running over pages with its header repeated, landscape pages, and a page
header and footer that must not become rows."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from parxl.documents import read_tables
from parxl.documents.paste import choose
from parxl.paste import parse_paste
from tests.support.documents import docx_to_pdf, to_docx
from tests.support.libreoffice import soffice_path
from tests.test_documents import assert_hadong, comparable, published

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) is not installed")]

APPENDIX = [1.5, 6, 1.5, 1.8, 1.8, 1.8, 6.5, 4.5]  # A4 landscape


def _docs() -> dict[str, tuple[str, bytes]]:
    units, errors = published("units_hadong_tab"), published("units_hadong_errors")
    appendix, areas = published("seed004_appendix_tab"), published("seed000_areas_tab")
    return {
        # equal columns: names and headers wrap; tall rows: the table runs over two pages with any font
        "units": ("units_hadong_tab", to_docx(units, row_height_cm=1.4)),
        "errors": ("units_hadong_errors", to_docx(errors, landscape=True)),
        "areas": ("seed000_areas_tab", to_docx(areas, col_widths_cm=[1, 6, 2.5, 2.5, 2.5, 2.5])),
        "appendix": ("seed004_appendix_tab", to_docx(appendix, landscape=True, page_furniture=True,
                                                     col_widths_cm=APPENDIX, row_height_cm=1.2)),
        "narrow": ("units_hadong_tab", to_docx(units, font_pt=14, page_furniture=True,
                                               col_widths_cm=[1.0, 4.5, 1.6, 1.6, 1.6, 1.6, 1.6, 1.6])),
        "unruled": ("units_hadong_tab", to_docx(units, borders=False, page_furniture=True,
                                                row_height_cm=1.4)),
        # narrow first column and a row cut by the page break, without rules: the cut row's last words
        # ("sắc", "%") come under the repeated header on the next page
        "unruled_split": ("units_hadong_tab", to_docx(units, borders=False, page_furniture=True, font_pt=13,
                                                      col_widths_cm=[1.0, 4.2, 2, 2, 1.8, 2, 1.8, 2.2])),
        "two": ("units_hadong_tab", to_docx(units, before=[areas])),
    }


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, Path]]:
    docs = _docs()
    out = docx_to_pdf({k: data for k, (_, data) in docs.items()}, tmp_path_factory.mktemp("pdf"))
    return {k: (docs[k][0], out[k]) for k in docs}


@pytest.mark.parametrize("key", ["units", "errors", "areas", "appendix", "narrow", "unruled", "unruled_split",
                                 "two"])
def test_pdf_reads_like_the_pasted_text(pdfs: dict[str, tuple[str, Path]], key: str) -> None:
    name, path = pdfs[key]
    pasted = parse_paste(published(name).tab_text())
    doc = choose(read_tables(path), "paste", label=path.name)
    assert doc.result.kind == pasted.kind
    assert comparable(doc.result.rows) == comparable(pasted.rows)
    assert [f.code for f in doc.result.findings] == [f.code for f in pasted.findings]


def test_units_pdf_every_number_and_pages(pdfs: dict[str, tuple[str, Path]]) -> None:
    tables = read_tables(pdfs["units"][1])
    assert len(tables) == 1
    table = tables[0]
    assert (table.page, table.last_page) == (1, 2)  # one table over two pages
    assert [f.code for f in table.findings] == ["doc_header_repeated"]
    doc = choose(tables, "rank", label="units.pdf")
    assert_hadong(doc.result.rows)
    total = next(r for r in doc.result.rows if r.get("role") == "total")
    assert total["appraised"] == Decimal("1043.17")
    from parxl.documents.rank import wards_from_document

    wards, problems = wards_from_document(doc)
    assert problems == [] and len(wards) == 17
    assert wards[0].source == "units.pdf, dòng 2 (trang 1, bảng 1)"  # row 1 is the header
    last = wards[-1]  # Yết Kiêu, after the page break: counted on its page, below the repeated header
    assert last.unit == "Phường Yết Kiêu" and last.source.endswith("(trang 2, bảng 1)")


def test_narrow_cells_rejoin_wrapped_numbers(pdfs: dict[str, tuple[str, Path]]) -> None:
    doc = choose(read_tables(pdfs["narrow"][1]), "rank")
    assert_hadong(doc.result.rows)
    texts = [c or "" for row in doc.table.grid for c in row[1:]]
    assert not any("Trang" in c or "UBND QUẬN" in c for c in texts)


def test_landscape_appendix_over_pages_with_header_and_footer(pdfs: dict[str, tuple[str, Path]]) -> None:
    doc = choose(read_tables(pdfs["appendix"][1]), "paste")
    table = doc.table
    assert table.last_page is not None and table.last_page > table.page
    assert sum(f.code == "doc_header_repeated" for f in table.findings) == table.last_page - table.page
    rows = doc.result.data_rows
    assert [r["code"] for r in rows] == ["1.1.3", "1.5.3", "1.5.4", "1.6", "1.7", "3.11.1", "3.11.2",
                                         "3.12.1", "3.12.2", "3.13.2", "3.13.3", "4.4", "7.1.4", "7.2",
                                         "7.3.1", "7.3.2"]
    deducted = ("0.09", "1", "1.5", "0.2", "1", "0.04", "0.01", "0.9", "0.68", "0.06", "0.13", "1", "1", "1",
                "0.31", "0.08")
    assert [r["deducted"] for r in rows] == [Decimal(x) for x in deducted]
    total = next(r for r in doc.result.rows if r.get("role") == "total")
    assert (total["max"], total["self"], total["appraised"], total["deducted"]) == (
        Decimal(20), Decimal("18.5"), Decimal(11), Decimal(9))
    texts = " ".join(c or "" for row in table.grid for c in row)
    assert not re.search(r"Trang \d", texts) and "UBND QUẬN HÀ ĐÔNG -" not in texts
    # a finding on the second page is placed there
    pages = {doc.place_of(f.line).page for f in doc.result.findings if f.code == "paste_ratio_other_rounding"}
    assert pages - {table.page}


def test_unruled_table_columns_from_positions(pdfs: dict[str, tuple[str, Path]]) -> None:
    doc = choose(read_tables(pdfs["unruled"][1]), "rank")
    assert [f.code for f in doc.table.findings] == ["doc_columns_guessed", "doc_header_repeated"]
    assert (doc.table.page, doc.table.last_page) == (1, 2)  # running title and page numbers were not rows
    assert_hadong(doc.result.rows)


def test_two_tables_in_one_pdf(pdfs: dict[str, tuple[str, Path]]) -> None:
    tables = read_tables(pdfs["two"][1])
    assert len(tables) == 2
    assert choose(tables, "paste", 1).result.kind == "areas"
    assert choose(tables, "rank").table.number == 2


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_turned_pages_are_read_the_right_way(pdfs: dict[str, tuple[str, Path]], tmp_path: Path,
                                             turn: int) -> None:
    """A scanner or printer driver may store a landscape page as a portrait one with /Rotate."""
    import pypdfium2

    source = pypdfium2.PdfDocument(str(pdfs["units"][1]))
    for page in source:
        page.set_rotation(turn)
    turned = tmp_path / f"turned{turn}.pdf"
    source.save(str(turned))
    source.close()
    doc = choose(read_tables(turned), "rank")
    assert_hadong(doc.result.rows)
    assert (doc.table.page, doc.table.last_page) == (1, 2)


def test_a_scanned_page_inside_a_text_pdf_is_said(pdfs: dict[str, tuple[str, Path]], tmp_path: Path) -> None:
    """Page 2 of the units table replaced by a scan: the rows it held cannot be read, and parxl says so."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(pdfs["units"][1]))
    pdf.del_page(1)
    pdf.new_page(595, 842)  # no text: as a scanned page would be
    partly = tmp_path / "partly_scanned.pdf"
    pdf.save(str(partly))
    pdf.close()
    (table,) = read_tables(partly)
    assert [(f.code, dict(f.params)["page"]) for f in table.findings] == [("doc_page_without_text", 2)]
