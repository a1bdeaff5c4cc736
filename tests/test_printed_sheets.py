"""What an officer reads and prints: the demo copy scored, its sheets as the file holds them, and the pages
LibreOffice prints from them (with a Vietnamese and an English region, to show which part depends on it)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from parxl import soffice
from parxl.findings import TEMPLATES
from parxl.render import SCORE_SHEETS
from parxl.render.findings_sheet import CODE_COLUMN
from tests.support.libreoffice import needs_libreoffice, soffice_path
from tests.test_cli import run

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    from typer.testing import CliRunner

    from parxl.cli import app

    result = CliRunner().invoke(app, ["demo", str(folder / "parxl_demo")])
    assert result.exit_code == 0, result.output
    (folder / "output.txt").write_text(result.output, encoding="utf-8")
    return folder / "parxl_demo" / "bang_diem_vi_du.xlsx"


def sheet_xml(path: Path, name: str) -> etree._Element:
    wb = openpyxl.load_workbook(path)
    index = wb.sheetnames.index(name)
    zf = zipfile.ZipFile(path)
    rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    book = etree.fromstring(zf.read("xl/workbook.xml"))
    rid = book.find(f"{MAIN}sheets")[index].get(
        "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return etree.fromstring(zf.read("xl/" + target.lstrip("/").removeprefix("xl/")))


def test_findings_sheet_names_the_copy_and_hides_the_codes(demo: Path) -> None:
    ws = openpyxl.load_workbook(demo)["Kiểm tra"]
    assert "bang_diem_vi_du.xlsx" in ws["A2"].value and "demo.xlsx" not in ws["A2"].value
    assert ws.column_dimensions["H"].hidden and CODE_COLUMN == 8
    assert ws["H5"].value == "parent_score_mismatch"  # kept in the file (and in --json), not shown
    shown_headers = [ws.cell(4, c).value for c in range(1, 8)]
    assert "Mã kỹ thuật" not in shown_headers and not any("_" in str(h) for h in shown_headers)
    # Values and expectations are labels: Vietnamese text, whatever the PC's region.
    assert [ws.cell(5, c).value for c in (4, 5, 6)] == ["E9", "8,3", "10,21"]
    assert [ws.cell(8, c).value for c in (4, 5, 6)] == ["E13", "1,91", "1,91"]


def test_no_english_and_no_dot_decimals_in_the_labels(demo: Path) -> None:
    wb = openpyxl.load_workbook(demo)
    # The officials' own words (reasons, responsibilities) are quoted as written, dots and all.
    theirs = {c.value for n in wb.sheetnames if n not in SCORE_SHEETS for row in wb[n].iter_rows() for c in row
              if isinstance(c.value, str) and len(c.value) > 8}
    for name in SCORE_SHEETS:
        ws = wb[name]
        hidden = {c for c, dim in ws.column_dimensions.items() if dim.hidden}
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str) or cell.column_letter in hidden or cell.data_type == "f":
                    continue
                text = cell.value
                if any(quoted in text for quoted in theirs):
                    continue
                english = re.search(r"\b(top|total|score|error|warning)\b", text, re.IGNORECASE)
                assert not english, (name, cell.coordinate)
                assert not any(code in text for code in TEMPLATES), (name, cell.coordinate)  # no technical codes
                # A decimal with a dot ("81.82"); criteria codes ("1.1.3", "3.11.1") are dotted on purpose.
                assert not re.search(r"(?<![\d.])\d+\.\d{2}(?![\d.])", text), (name, cell.coordinate, text)
    results = wb["Kết quả"]
    settings = {results.cell(r, 2).value: results.cell(r, 3).value for r in range(1, results.max_row + 1)}
    assert settings["Tổng điểm năm trước"] == "81,82"
    assert settings["Mục tiêu xếp hạng"] == "nhóm 5 đơn vị dẫn đầu"


def test_results_page_two_has_its_own_header_not_the_area_tables(demo: Path) -> None:
    root = sheet_xml(demo, "Kết quả")
    wb = openpyxl.load_workbook(demo)
    ws = wb["Kết quả"]
    breaks = [int(b.get("id")) for b in root.iter(f"{MAIN}brk")]
    settings_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "Thiết lập đã dùng")
    assert breaks == [settings_row - 1]
    book = etree.fromstring(zipfile.ZipFile(demo).read("xl/workbook.xml"))
    titles = [d for d in book.iter(f"{MAIN}definedName") if d.get("name") == "_xlnm.Print_Titles"]
    index = wb.sheetnames.index("Kết quả")
    assert not [d for d in titles if d.get("localSheetId") == str(index)]  # no header repeated on page 2


def test_demo_output_explains_what_it_planted(demo: Path) -> None:
    output = (demo.parents[1] / "output.txt").read_text(encoding="utf-8")
    notes = output[output.index("VÍ DỤ"):]
    for cell in ("E13", "E9", "E10", "E128", "E63", "E64", "E70", "E67", "C9"):
        assert re.search(rf"\b{cell}\b", notes), cell
    assert "mã " not in notes  # every finding of the example is a planted one
    assert "Xuất sắc ≥ 95" in notes and "91,00" in notes and "Tốt" in notes


def test_fixing_the_planted_text_number_clears_the_three_errors(demo: Path, tmp_path: Path, capsys) -> None:
    fixed = tmp_path / "da_sua.xlsx"
    shutil.copyfile(demo, fixed)
    wb = openpyxl.load_workbook(fixed)
    wb["Bảng điểm"]["E13"] = 1.91
    wb.save(fixed)
    code, out, _ = run(["check", fixed, "--json"], capsys)
    import json

    findings = json.loads(out)["findings"]
    assert code == 0 and not [f for f in findings if f["severity"] == "error"]


# ------------------------------------------------------------------------------- printed pages


def printed_pages(path: Path, outdir: Path, lang: str) -> list[str]:
    soffice.convert(str(soffice_path()), [path], "pdf", outdir, env={**os.environ, "LANG": lang, "LC_ALL": lang})
    pdf = outdir / (path.stem + ".pdf")
    assert pdf.exists()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:-1]


@needs_libreoffice
def test_printed_results_sheet_in_a_vietnamese_and_an_english_region(demo: Path, tmp_path: Path) -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    only = tmp_path / "ket_qua.xlsx"
    wb = openpyxl.load_workbook(demo)
    for name in wb.sheetnames:
        if name not in ("Kết quả", "Kiểm tra", "Tổng hợp lĩnh vực"):
            del wb[name]
    wb.save(only)  # a test copy: just three sheets, to keep the render short
    title = wb["Tổng hợp lĩnh vực"]["A2"].value
    for lang, comma in (("vi_VN.UTF-8", True), ("en_US.UTF-8", False)):
        pages = printed_pages(only, tmp_path / lang, lang)
        findings = [p for p in pages if "KẾT QUẢ KIỂM TRA" in p]
        results = [i for i, p in enumerate(pages) if "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH" in p]
        assert findings and results
        page1, page2 = pages[results[0]], pages[results[0] + 1]
        assert "parent_score_mismatch" not in findings[0] and "10,21" in findings[0]  # labels: always a comma
        assert "CHỈ SỐ CCHC" in page1 and "Điểm thẩm định" in page1
        assert page2.split()[0:4] == ["Thiết", "lập", "đã", "dùng"]  # its own header on top, not the area table's
        assert "Điểm ĐTXHH" not in page2 and "81,82" in page2
        # A long appendix title wraps inside the page instead of being cut at both ends.
        summary = next(p for p in pages if "PHỤ LỤC" in p)
        assert " ".join(title.split()) in " ".join(summary.split()[: len(title.split()) + 3])
        # Numbers stay numbers (Excel computes with them): shown with the region's decimal separator.
        assert ("61,00" in page1) == comma and ("61.00" in page1) == (not comma)
