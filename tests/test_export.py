"""`parxl export`: the appendices as Word, Excel and PDF files, read back with python-docx, openpyxl and
LibreOffice. Golden values come from seed 004 and the demo workbook."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from parxl import soffice
from parxl.exporting import export_table
from parxl.numbers import format_vn, parse_number, parse_pair, round_dp
from parxl.soffice import find as find_soffice
from parxl.templates import template_path
from parxl.workflow import check_file, score_file
from tests.test_cli import SEED_004, run

ATTACHED = "(Kèm theo Báo cáo số 20/BC-UBND ngày 27/02/2024 của UBND Phường 1)"
DEDUCTION_HEADER = ["Mục", "Nội dung\nLĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm tối đa", "Điểm tự đánh giá",
                    "Điểm thẩm định", "Số điểm bị trừ", "Ghi chú\n(Lý do giảm điểm)", "Trách nhiệm bộ phận phụ trách"]


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "bang_diem.xlsx"
    shutil.copyfile(template_path("demo.xlsx"), path)
    score_file(path)
    return path


@pytest.fixture(scope="module")
def files(workbook) -> dict[str, Path]:
    """Every table in .docx and .xlsx, plus seed 000's deduction layout, exported once."""
    out = {}
    for table in ("deductions", "summary", "tasks"):
        for fmt in ("docx", "xlsx"):
            out[f"{table}.{fmt}"] = export_table(workbook, table, fmt).path
    out["short.docx"] = export_table(workbook, "deductions", "docx", workbook.with_name("ngan.docx"), "rut-gon").path
    return out


def grid(path: Path) -> list[list[str]]:
    table = Document(path).tables[0]
    return [[cell.text for cell in row.cells] for row in table.rows]


def runs(document) -> list:
    found = [r for p in document.paragraphs for r in p.runs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found += [r for p in cell.paragraphs for r in p.runs]
    return found


def number(text: str) -> float:
    return float(parse_number(text))


# --------------------------------------------------------------------------------- documents ----


def test_deduction_docx_golden(files):
    doc = Document(files["deductions.docx"])
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [20, 20, 30, 15]
    titles = [p for p in doc.paragraphs if p.text]
    assert [p.text for p in titles] == ["PHỤ LỤC", "TỔNG HỢP CÁC NỘI DUNG THỰC HIỆN CẢI CÁCH HÀNH CHÍNH BỊ TRỪ "
                                        "ĐIỂM NĂM 2023", ATTACHED]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in titles)
    assert titles[0].runs[0].bold and titles[1].runs[0].bold and titles[2].runs[0].italic
    assert titles[0].runs[0].font.size == Pt(14)

    rows = grid(files["deductions.docx"])
    assert rows[0] == DEDUCTION_HEADER
    body, total = rows[1:-1], rows[-1]
    groups = [r for r in body if len(set(r[1:])) == 1]
    assert [(r[0], r[1]) for r in groups] == [
        ("1", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"),
        ("3", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH VÀ THỰC HIỆN CƠ CHẾ MỘT CỬA, MỘT CỬA LIÊN THÔNG"),
        ("4", "CẢI CÁCH TỔ CHỨC BỘ MÁY"), ("7", "XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ")]
    items = [r for r in body if r not in groups]
    assert len(items) == 16 and [r[0] for r in items] == list(SEED_004)
    for row, expected in zip(items, SEED_004.values()):
        assert tuple(number(t) for t in row[2:6]) == pytest.approx(expected)
    assert items[0][2:6] == ["2,00", "2,00", "1,91", "0,09"]  # decimal comma, the places the sheet shows
    assert items[0][6] == "Hoàn thành 44/46 nhiệm vụ, đạt 95,68%"
    assert total[:6] == ["Tổng cộng", "Tổng cộng", "20,00", "18,50", "11,00", "9,00"]


def test_document_structure_fonts_borders_and_repeated_header(files):
    for name in ("deductions.docx", "summary.docx", "tasks.docx", "short.docx"):
        doc = Document(files[name])
        assert all(r.font.name == "Times New Roman" for r in runs(doc)), name
        assert all(r._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Times New Roman" for r in runs(doc))
        table = doc.tables[0]
        cells = [r for row in table.rows for cell in row.cells for p in cell.paragraphs for r in p.runs]
        assert {r.font.size for r in cells} == {Pt(12)}, name
        header = table.rows[0]._tr.trPr
        assert header.find(qn("w:tblHeader")) is not None, name  # repeated on every page
        assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:]), name
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert {el.get(qn("w:val")) for el in borders} == {"single"} and len(borders) == 6, name
        section = doc.sections[0]
        assert sorted((round(section.page_width.mm), round(section.page_height.mm))) == [210, 297], name
        grid_total = sum(int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol")))
        usable = section.page_width - section.left_margin - section.right_margin
        assert abs(grid_total * 635 - usable) < Mm(2), name  # the table fills the text width (twips -> EMU)


def test_numbers_are_right_aligned(files):
    table = Document(files["deductions.docx"]).tables[0]
    item = table.rows[2]  # 1.1.3
    assert [c.paragraphs[0].alignment for c in item.cells[2:6]] == [WD_ALIGN_PARAGRAPH.RIGHT] * 4
    assert item.cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT


def test_every_exported_number_is_the_computed_one(workbook, files):
    analysis = check_file(workbook)
    result, s = analysis.result, analysis.settings

    def vn(value: Decimal, trim: bool = False) -> str:
        # Numbers keep the places of their cell's format ("2,00"); "x/y" pairs are text in the sheet ("10,21/14").
        return format_vn(round_dp(value, s.places, s.rounding), s.places, trim=trim)

    items = [r for r in grid(files["deductions.docx"])[1:-1] if len(set(r[1:])) > 1]
    for row, d in zip(items, result.deductions, strict=True):
        assert row[:6] == [d.code, d.name, vn(d.max), vn(d.self), vn(d.appraised), vn(d.deducted)]

    summary = grid(files["summary.docx"])
    for row, a in zip(summary[1:-1], result.areas, strict=True):
        assert row[:4] == [a.code, a.name, f"{vn(a.points, True)}/{vn(a.max, True)}", vn(a.index_pct)]
    t = result.totals
    assert summary[-1][2:] == [f"{vn(t.points, True)}/{vn(t.max, True)}", vn(t.index_pct), "+" + vn(t.change)]

    deducted = {d.code: vn(d.deducted) for d in result.deductions}
    tasks = grid(files["tasks.docx"])
    assert tasks[0][-1] == "Số điểm có thể lấy lại"  # the empty status column is left out of the document
    assert {r[1]: r[-1] for r in tasks[1:-1]} == deducted
    assert tasks[-1][-1] == vn(sum((d.deducted for d in result.deductions), Decimal(0)))

    short = grid(files["short.docx"])
    pairs = [r[2] for r in short[1:-1] if len(set(r)) > 1]
    assert pairs == [f"{vn(d.points, True)}/{vn(d.max, True)}" for d in result.deductions]
    assert [parse_pair(p) for p in pairs][2] == (Decimal("0.5"), Decimal(2))


def test_summary_and_short_layouts(files):
    doc = Document(files["summary.docx"])
    assert doc.sections[0].orientation == WD_ORIENT.PORTRAIT
    rows = grid(files["summary.docx"])
    assert rows[0] == ["TT", "Nội dung", "Điểm thẩm định/Điểm tối đa", "Chỉ số thành phần (%)",
                       "Tăng/giảm so với năm 2022 (điểm)"]
    assert len(rows) == 11 and rows[-1][:3] == ["CHỈ SỐ CCHC (Tổng cộng)", "CHỈ SỐ CCHC (Tổng cộng)", "91/100"]
    assert rows[-1][3:] == ["91,00", "+9,18"]

    short = Document(files["short.docx"])
    assert short.sections[0].orientation == WD_ORIENT.PORTRAIT
    rows = grid(files["short.docx"])
    assert rows[0] == ["TT", "Nội dung tiêu chí", "Điểm thẩm định", "Nguyên nhân", "Trách nhiệm tham mưu"]
    assert rows[1] == ["I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"] * 5  # the area heading spans the table
    assert rows[2][:3] == ["1", "1.1.3. Mức độ thực hiện kế hoạch CCHC", "1,91/2"]
    assert rows[-1][:4] == ["Tổng cộng", "Tổng cộng", "11/20", "Số điểm bị trừ: 9"]


def test_task_export_carries_the_officers_edits(workbook, tmp_path):
    path = tmp_path / "da_sua.xlsx"
    shutil.copyfile(workbook, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Phân công nhiệm vụ"]
    ws["C6"], ws["E6"], ws["F6"] = "Đăng ký 02 sáng kiến CCHC", "Các bộ phận chuyên môn", "Tháng 9/2024"
    sheet = wb["Bảng điểm"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "1.7")
    sheet.cell(row, 5, 1)  # the district restores 1.7 before the next run
    wb.save(path)
    written = export_table(path, "tasks", "docx").path
    rows = grid(written)
    assert rows[0][-1] == "Tình trạng"  # shown now that a row carries a status
    assert rows[1][:6] == ["1", "1.5.4", "Đăng ký 02 sáng kiến CCHC",
                           "Công chức phụ trách CCHC và công chức chuyên môn", "Các bộ phận chuyên môn", "Tháng 9/2024"]
    restored = next(r for r in rows if r[1] == "1.7")
    assert restored[-2:] == ["0,00", "Không còn bị trừ điểm"]
    assert rows[-1][-2] == "8,00"


# ------------------------------------------------------------------------------------- xlsx ----


def test_xlsx_export_is_the_workbook_sheet_print_ready(workbook, files):
    ours = openpyxl.load_workbook(workbook, data_only=True)
    for table, sheet in (("deductions", "Phụ lục trừ điểm"), ("summary", "Tổng hợp lĩnh vực"),
                         ("tasks", "Phân công nhiệm vụ")):
        wb = openpyxl.load_workbook(files[f"{table}.xlsx"], data_only=True)
        assert wb.sheetnames == [sheet]
        ws = wb[sheet]
        assert list(ws.iter_rows(values_only=True)) == list(ours[sheet].iter_rows(values_only=True)), table
        margins = ws.page_margins
        sides = (margins.top, margins.bottom, margins.left, margins.right)
        assert [round(v * 25.4) for v in sides] == [20, 20, 30, 15]
        assert int(ws.page_setup.paperSize) == 9 and ws.print_title_rows == "$5:$5"  # A4
        assert ws.page_setup.orientation == ("portrait" if table == "summary" else "landscape")
        wb.close()
    ours.close()
    frame = pd.read_excel(files["deductions.xlsx"], header=None)
    assert frame.iloc[-1, 2:6].tolist() == [20, 18.5, 11, 9]


# -------------------------------------------------------------------------------------- CLI ----


def test_cli_export_default_name_and_workbook_untouched(workbook, tmp_path, capsys):
    path = tmp_path / "bd.xlsx"
    shutil.copyfile(workbook, path)
    before = path.read_bytes()
    code, out, _ = run(["export", path, "--table", "summary", "--format", "docx"], capsys)
    assert code == 0 and "Đã xuất" in out
    assert (tmp_path / "bd_tong_hop_linh_vuc.docx").exists()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bd.xlsx", "bd_tong_hop_linh_vuc.docx"]


@pytest.mark.parametrize("args", [["--format", "xlsx", "--output", "{wb}"], ["--format", "docx", "--output", "x.pdf"],
                                  ["--format", "rtf"], ["--table", "tatca"]])
def test_cli_export_refusals(workbook, tmp_path, capsys, args):
    path = tmp_path / "bd.xlsx"
    shutil.copyfile(workbook, path)
    before = path.read_bytes()
    code, _, err = run(["export", path, *[str(a).replace("{wb}", str(path)) for a in args]], capsys)
    assert code == 2 and "Traceback" not in err
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["bd.xlsx"]


def test_pdf_without_libreoffice_says_so_in_vietnamese(workbook, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PARXL_SOFFICE", str(tmp_path / "khong_co_soffice"))
    assert find_soffice() is None
    code, _, err = run(["export", workbook, "--format", "pdf", "--output", tmp_path / "pl.pdf"], capsys)
    assert code == 2 and "LibreOffice" in err and "--format docx" in err
    assert not (tmp_path / "pl.pdf").exists()


def test_export_import_stays_light():
    code = "import sys, parxl.cli; print([m for m in ('docx', 'openpyxl', 'lxml') if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# ------------------------------------------------------------------------------ LibreOffice ----

needs_soffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed")


def to_pdf(paths: list[Path], outdir: Path) -> list[Path]:
    """All files through one LibreOffice run (a throw-away profile), as PDF."""
    soffice.convert(str(find_soffice()), paths, "pdf", outdir)
    return [outdir / f"{p.stem}.pdf" for p in paths]


def pages_text(pdf: Path) -> list[str] | None:
    if not shutil.which("pdftotext"):
        return None
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


@pytest.mark.libreoffice
@needs_soffice
def test_libreoffice_opens_every_export(files, tmp_path):
    docs = [files[k] for k in ("deductions.docx", "summary.docx", "tasks.docx", "short.docx")]
    books = [files[k] for k in ("deductions.xlsx", "summary.xlsx", "tasks.xlsx")]
    renamed = []
    for p in books:  # distinct stems: LibreOffice names its output after the input
        target = tmp_path / f"{p.stem}_bang.xlsx"
        shutil.copyfile(p, target)
        renamed.append(target)
    pdfs = to_pdf(docs + renamed, tmp_path / "pdf")
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF"), pdf
        box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", data)
        landscape = float(box.group(1)) > float(box.group(2))
        assert landscape == ("tong_hop" not in pdf.stem and pdf.stem != "ngan"), pdf
    pages = pages_text(pdfs[0])
    if pages is not None:
        assert len(pages) >= 2
        for page in pages:  # the header row is repeated on every page
            assert "Mục" in page and "Lý do giảm điểm" in page
        assert "Tổng cộng" in pages[-1] and "18,50" in pages[-1]


@pytest.mark.libreoffice
@needs_soffice
def test_cli_pdf(workbook, tmp_path, capsys):
    target = tmp_path / "phu_luc.pdf"
    code, out, _ = run(["export", workbook, "--table", "deductions", "--format", "pdf", "--output", target], capsys)
    assert code == 0 and target.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout
        assert "PHỤ LỤC" in text and ATTACHED in " ".join(text.split())


# ------------------------------------------------------------- page numbers, properties, PDF choice ----


def test_documents_number_their_pages_and_name_title_and_author(files):
    for name in ("deductions.docx", "summary.docx", "tasks.docx", "short.docx"):
        doc = Document(files[name])
        footer = doc.sections[0].footer.paragraphs[0]
        instructions = [el.text.strip() for el in footer._p.iter(qn("w:instrText"))]
        assert instructions == ["PAGE", "NUMPAGES"], name
        assert footer.text.startswith("Trang ") and "/" in footer.text, name
        props = doc.core_properties
        assert props.author == "UBND Phường 1" and props.last_modified_by == "UBND Phường 1", name
        assert "python-docx" not in (props.author + props.last_modified_by + props.comments + props.title)
        assert props.title.startswith("PHỤ LỤC") or props.title.isupper(), name
    assert Document(files["deductions.docx"]).core_properties.title == (
        "PHỤ LỤC – TỔNG HỢP CÁC NỘI DUNG THỰC HIỆN CẢI CÁCH HÀNH CHÍNH BỊ TRỪ ĐIỂM NĂM 2023")


class FakeConverter:
    def __init__(self, name: str, available: bool) -> None:
        self.name, self._available, self.calls = name, available, 0

    def available(self) -> bool:
        return self._available

    def convert(self, docx: bytes) -> bytes:
        self.calls += 1
        assert docx[:2] == b"PK"  # the Word document itself is handed over
        return b"%PDF-1.7 " + self.name.encode()


@pytest.mark.parametrize(("word", "office", "chosen"), [
    (True, True, "Microsoft Word"), (False, True, "LibreOffice"), (True, False, "Microsoft Word")])
def test_pdf_goes_through_word_first_then_libreoffice(workbook, tmp_path, word, office, chosen):
    converters = [FakeConverter("Microsoft Word", word), FakeConverter("LibreOffice", office)]
    written = export_table(workbook, "deductions", "pdf", tmp_path / "pl.pdf", converters=converters)
    assert written.converter == chosen and written.path.read_bytes() == b"%PDF-1.7 " + chosen.encode()
    assert [c.calls for c in converters] == [int(chosen == c.name) for c in converters]


def test_pdf_with_neither_word_nor_libreoffice_writes_nothing(workbook, tmp_path):
    from parxl.errors import ParxlError

    converters = [FakeConverter("Microsoft Word", False), FakeConverter("LibreOffice", False)]
    with pytest.raises(ParxlError) as err:
        export_table(workbook, "deductions", "pdf", tmp_path / "pl.pdf", converters=converters)
    assert err.value.code == "libreoffice_missing" and "Word" in str(err.value)
    assert not (tmp_path / "pl.pdf").exists() and converters[0].calls == converters[1].calls == 0


def test_cli_says_which_program_made_the_pdf(workbook, tmp_path, capsys, monkeypatch):
    from parxl.exporting import pdf

    monkeypatch.setattr(pdf, "default_converters", lambda: [FakeConverter("Microsoft Word", True)])
    code, out, _ = run(["export", workbook, "--format", "pdf", "--output", tmp_path / "pl.pdf"], capsys)
    assert code == 0 and "Microsoft Word" in out and (tmp_path / "pl.pdf").exists()


class FakeWord:
    """The few COM members WordConverter uses; ExportAsFixedFormat writes the file like Word."""

    def __init__(self, fail: bool = False) -> None:
        self.fail, self.calls = fail, []
        self.Documents = self

    def Open(self, path, confirm, read_only, add_to_recent):  # noqa: N802
        self.calls.append(("Open", Path(path).suffix, read_only, add_to_recent))
        return self

    def ExportAsFixedFormat(self, path, fmt):  # noqa: N802
        self.calls.append(("Export", Path(path).suffix, fmt))
        if self.fail:
            raise RuntimeError("COM error")
        Path(path).write_bytes(b"%PDF word")

    def Close(self, save):  # noqa: N802
        self.calls.append(("Close", save))

    def Quit(self, save):  # noqa: N802
        self.calls.append(("Quit", save))


def test_word_converter_exports_with_words_own_pdf_and_always_quits():
    from parxl.exporting.pdf import WD_EXPORT_PDF, ConversionFailed, WordConverter

    word = FakeWord()
    converter = WordConverter(dispatch=lambda prog_id: word)
    assert converter.available() and converter.convert(b"PK docx") == b"%PDF word"
    assert word.calls == [("Open", ".docx", True, False), ("Export", ".pdf", WD_EXPORT_PDF), ("Close", 0),
                          ("Quit", 0)]
    broken = FakeWord(fail=True)
    with pytest.raises(ConversionFailed):
        WordConverter(dispatch=lambda prog_id: broken).convert(b"PK docx")
    assert broken.calls[-2:] == [("Close", 0), ("Quit", 0)]
    assert not WordConverter(platform="linux").available()


@pytest.mark.libreoffice
@needs_soffice
def test_rendered_pages_show_trang_x_of_y(files, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    (pdf,) = to_pdf([files["deductions.docx"]], tmp_path)
    pages = pages_text(pdf)
    assert len(pages) >= 2
    for n, page in enumerate(pages, 1):
        assert f"Trang {n}/{len(pages)}" in " ".join(page.split()), n
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "trang")],
                       check=True)
        assert (tmp_path / "trang-1.png").stat().st_size > 1000
