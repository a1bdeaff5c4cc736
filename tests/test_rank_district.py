"""A district's real shared folder: 30 wards in two blocks, with parxl's backups, Excel's lock file, copies,
a blank template, a corrupt file and a second file of one unit. Exactly the 30 wards are ranked, by one rule,
per block; every other file is listed with its reason. Totals and ranks below are computed by hand:
total = 70 − deducted + survey (the workbooks have 70 appraisal and 30 survey points)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from parxl.soffice import find as find_soffice
from tests.support.wards import write_ward
from tests.test_cli import run

# unit: (deducted, survey, hand-computed total)
WARDS = {
    "Phường 01": ("1.5", "28", "96.5"), "Phường 02": ("2", "27.5", "95.5"), "Phường 03": ("3.25", "28.75", "95.5"),
    "Phường 04": ("4", "27", "93"), "Phường 05": ("5.5", "28.5", "93"), "Phường 06": ("6", "26", "90"),
    "Phường 07": ("5.25", "27", "91.75"), "Phường 08": ("9.67", "28", "88.33"), "Phường 09": ("7", "25", "88"),
    "Phường 10": ("10", "27", "87"), "Phường 11": ("11.5", "26.5", "85"), "Phường 12": ("12", "25", "83"),
    "Phường 13": ("14", "24", "80"), "Phường 14": ("14", "23.99", "79.99"), "Phường 15": ("16", "22", "76"),
    "Phường 16": ("18", "20", "72"), "Phường 17": ("20", "19", "69"), "Phường 18": ("30", "9", "49"),
    "Xã 01": ("3", "29", "96"), "Xã 02": ("4", "28", "94"), "Xã 03": ("6", "27", "91"), "Xã 04": ("6.5", "27.5", "91"),
    "Xã "
    "05": ("8", "26", "88"), "Xã 06": ("9", "25", "86"), "Xã 07": ("10.5", "25.5", "85"), "Xã 08": ("12", "24", "82"),
    "Xã 09": ("15", "23", "78"), "Xã 10": ("18", "22", "74"), "Xã 11": ("22", "20", "68"), "Xã 12": ("25", "18", "63"),
}
LAST_YEAR = {"Phường 01": "90", "Xã 12": "70"}  # changes: +6.5 and −7
# Each ward's own thresholds: 88.33 was "Xuất sắc" and 91.75 "Tốt" before one rule was applied.
OWN_THRESHOLDS = {"Phường 08": {"Xuất sắc": 85}, "Phường 07": {"Xuất sắc": 95}}
RANKS_PHUONG = [  # (unit, rank text, class by the one rule 90/80/70/50)
    ("Phường 01", "01/18", "Xuất sắc"), ("Phường 02", "02/18", "Xuất sắc"), ("Phường 03", "02/18", "Xuất sắc"),
    ("Phường 04", "04/18", "Xuất sắc"), ("Phường 05", "04/18", "Xuất sắc"), ("Phường 07", "06/18", "Xuất sắc"),
    ("Phường 06", "07/18", "Xuất sắc"), ("Phường 08", "08/18", "Tốt"), ("Phường 09", "09/18", "Tốt"),
    ("Phường 10", "10/18", "Tốt"), ("Phường 11", "11/18", "Tốt"), ("Phường 12", "12/18", "Tốt"),
    ("Phường 13", "13/18", "Tốt"), ("Phường 14", "14/18", "Khá"), ("Phường 15", "15/18", "Khá"),
    ("Phường 16", "16/18", "Khá"), ("Phường 17", "17/18", "Trung bình"), ("Phường 18", "18/18", "Yếu"),
]
RANKS_XA = [
    ("Xã 01", "01/12", "Xuất sắc"), ("Xã 02", "02/12", "Xuất sắc"), ("Xã 03", "03/12", "Xuất sắc"),
    ("Xã 04", "03/12", "Xuất sắc"), ("Xã 05", "05/12", "Tốt"), ("Xã 06", "06/12", "Tốt"), ("Xã 07", "07/12", "Tốt"),
    ("Xã 08", "08/12", "Tốt"), ("Xã 09", "09/12", "Khá"), ("Xã 10", "10/12", "Khá"),
    ("Xã 11", "11/12", "Trung bình"), ("Xã 12", "12/12", "Trung bình"),
]
COUNTS = {  # class counts by hand, zeros included
    "Khối phường": {"Xuất sắc": 7, "Tốt": 6, "Khá": 3, "Trung bình": 1, "Yếu": 1},
    "Khối xã": {"Xuất sắc": 4, "Tốt": 4, "Khá": 2, "Trung bình": 2, "Yếu": 0},
    "Tổng cộng": {"Xuất sắc": 11, "Tốt": 10, "Khá": 5, "Trung bình": 3, "Yếu": 1},
}
# Averages by hand: 1,512.57 / 18 = 84.0317 and 996 / 12 = 83, and 2,508.57 / 30 = 83.619 overall.
SKIPPED = {  # file -> reason code
    "Khối phường/Phường 01 (bản sao lưu 2026-11-23 161502).xlsx": "rank_backup",
    "Khối phường/parxl_sao_luu/Phường 02 (bản sao lưu 2026-11-20 080000).xlsx": "rank_backup",
    "Khối phường/Phường 03 (1).xlsx": "rank_duplicate_content",
    "Khối phường/~$Phường 05.xlsx": "rank_lock_file",
    "Khối xã/Mẫu trống.xlsx": "rank_blank_template",
    "Khối xã/Xã 02 - Copy.xlsx": "rank_duplicate_content",
    "Khối xã/Xã 03 tự chấm.xlsx": "rank_duplicate_unit",
    "Khối xã/Xã 99.xlsx": "rank_unreadable",
}
THRESHOLDS = "Xuất sắc>=90,Tốt>=80,Khá>=70,Trung bình>=50"


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory, capsys_module=None) -> Path:
    root = tmp_path_factory.mktemp("quan")
    for unit, (deducted, survey, _) in WARDS.items():
        block = "Khối phường" if unit.startswith("Phường") else "Khối xã"
        kind = "Phường" if block == "Khối phường" else "Xã"
        write_ward(root / block / f"{unit}.xlsx", unit, deducted, survey, last_year=LAST_YEAR.get(unit), kind=kind,
                   thresholds=OWN_THRESHOLDS.get(unit))
    p, x = root / "Khối phường", root / "Khối xã"
    shutil.copy(p / "Phường 01.xlsx", p / "Phường 01 (bản sao lưu 2026-11-23 161502).xlsx")
    (p / "parxl_sao_luu").mkdir()
    shutil.copy(p / "Phường 02.xlsx", p / "parxl_sao_luu" / "Phường 02 (bản sao lưu 2026-11-20 080000).xlsx")
    shutil.copy(p / "Phường 03.xlsx", p / "Phường 03 (1).xlsx")  # the same bytes
    (p / "~$Phường 05.xlsx").write_bytes(b"\x0bNguyen Van A" + b"\x00" * 40)  # Phường 05 is open in Excel
    deducted, survey, _ = WARDS["Xã 02"]
    write_ward(x / "Xã 02 - Copy.xlsx", "Xã 02", deducted, survey, kind="Xã")  # saved again: other bytes
    write_ward(x / "Xã 03 tự chấm.xlsx", "Xã 03", "2", "27", kind="Xã", appraised=False)  # the self-assessment
    good = (x / "Xã 01.xlsx").read_bytes()
    (x / "Xã 99.xlsx").write_bytes(good[: len(good) // 2])  # cut short while copying
    (x / "ghi chú.docx").write_bytes(b"not an input")
    return root


def _blank(district: Path, capsys) -> None:
    target = district / "Khối xã" / "Mẫu trống.xlsx"
    if not target.exists():
        code, _, _ = run(["new", target], capsys)  # the blank template as parxl new writes it
        assert code == 0


_RUNS: dict[tuple[str, ...], tuple[int, str, str]] = {}
_DOCX: list[bytes] = []  # the Word appendix written by the docx test, converted by the PDF test


def _rank_json(district: Path, capsys, *extra: object) -> tuple[int, dict, str]:
    """One run per set of options for the module (the folder does not change between tests)."""
    _blank(district, capsys)
    key = (str(district), *map(str, extra))
    if key not in _RUNS:
        _RUNS[key] = run(["rank", district, "--json", "--thresholds", THRESHOLDS, *extra], capsys)
    code, out, err = _RUNS[key]
    return code, json.loads(out), err


def test_exactly_the_30_wards_are_ranked_per_block_by_one_rule(district, capsys):
    code, data, err = _rank_json(district, capsys, "--block-by", "folder")
    assert code == 1  # the corrupt file was not read: that shows in the exit status
    by_block = {}
    for w in data["wards"]:
        by_block.setdefault(w["block"], []).append((w["unit"], w["rank_text"], w["classification"]))
    assert by_block == {"Khối phường": RANKS_PHUONG, "Khối xã": RANKS_XA}
    totals = {w["unit"]: Decimal(str(w["total"])) for w in data["wards"]}
    assert totals == {u: Decimal(t) for u, (_, _, t) in WARDS.items()}
    assert [w["stt"] for w in data["wards"]] == list(range(1, 19)) + list(range(1, 13))  # numbering restarts
    blocks = {b["block"]: b for b in data["blocks"]}
    assert {name: b["counts"] for name, b in blocks.items()} == COUNTS
    assert [blocks[n]["units"] for n in ("Khối phường", "Khối xã", "Tổng cộng")] == [18, 12, 30]
    assert Decimal(str(blocks["Khối phường"]["average_total"])) == Decimal("84.03")
    assert Decimal(str(blocks["Khối xã"]["average_total"])) == Decimal(83)
    assert Decimal(str(blocks["Tổng cộng"]["average_total"])) == Decimal("83.62")
    changes = {w["unit"]: w["change"] for w in data["wards"] if w["change"] is not None}
    assert changes == {"Phường 01": 6.5, "Xã 12": -7}
    # Two units of 30 know last year's total: no average change that would describe only them.
    assert [b["average_change"] for b in data["blocks"]] == [None, None, None]
    # Appraisal points by hand: 70 − deducted, summed 1,260 − 189.67 = 1,070.33 over the 18 wards (the surveys
    # add up to 442.24, and 1,070.33 + 442.24 = 1,512.57, the sum of the totals).
    assert Decimal(str(blocks["Khối phường"]["average_appraised"])) == Decimal("59.46")  # 1,070.33 / 18
    assert Decimal(str(blocks["Khối phường"]["average_survey"])) == Decimal("24.57")  # 442.24 / 18 = 24.569
    assert data["rule"]["default"] is False and data["rule"]["source"] == "tham số --thresholds"
    assert "Xếp hạng 32" not in err


def test_every_other_file_is_listed_with_its_reason(district, capsys):
    _, data, err = _rank_json(district, capsys, "--block-by", "folder")
    assert {s["input"]: s["code"] for s in data["skipped"]} == SKIPPED
    ranked = [s["file"] for s in data["sources"] if s["ranked"]]
    assert len(ranked) == 30 and all(s.count("/") == 1 for s in ranked)
    codes = [(f["code"], f["file"]) for f in data["findings"]]
    # The open workbook was read (its lock file does not stop a read-only ranking), and said so.
    assert ("rank_open_in_excel", "Khối phường/Phường 05.xlsx") in codes
    assert "Phường 05" in [w["unit"] for w in data["wards"]]
    # Duplicates name the file that was ranked instead.
    dup = {f["file"]: f["message"] for f in data["findings"] if f["code"].startswith("rank_duplicate")}
    assert "Khối phường/Phường 03.xlsx" in dup["Khối phường/Phường 03 (1).xlsx"]
    assert "Khối xã/Xã 03.xlsx" in dup["Khối xã/Xã 03 tự chấm.xlsx"]
    assert "Khối xã/Xã 02.xlsx" in dup["Khối xã/Xã 02 - Copy.xlsx"]
    assert "Xã 99.xlsx" in err and "Traceback" not in err


def test_a_ward_whose_own_thresholds_differ_gets_a_finding(district, capsys):
    _, data, _ = _rank_json(district, capsys, "--block-by", "folder")
    differ = sorted(f["file"] for f in data["findings"] if f["code"] == "rank_thresholds_differ")
    assert differ == ["Khối phường/Phường 07.xlsx", "Khối phường/Phường 08.xlsx"]
    stated = {w["unit"]: (w["stated_classification"], w["classification"]) for w in data["wards"]}
    assert stated["Phường 08"] == ("Xuất sắc", "Tốt") and stated["Phường 07"] == ("Tốt", "Xuất sắc")


def test_blocks_from_a_setting_and_from_a_list_file(district, capsys, tmp_path):
    _, by_setting, _ = _rank_json(district, capsys, "--block-by", "Loại đơn vị")
    assert [(w["block"], w["unit"], w["rank_text"]) for w in by_setting["wards"]][:2] == [
        ("Phường", "Phường 01", "01/18"), ("Phường", "Phường 02", "02/18")]
    assert [b["block"] for b in by_setting["blocks"]] == ["Phường", "Xã", "Tổng cộng"]
    listing = tmp_path / "khoi.txt"
    lines = [f"{u}\t{'Khối xã' if u.startswith('Xã') else 'Khối phường'}" for u in WARDS if u != "Xã 12"]
    listing.write_text("Đơn vị\tKhối\n" + "\n".join(lines[::-1]) + "\n", encoding="utf-8")
    _, by_list, _ = _rank_json(district, capsys, "--block-by", listing)
    # The list's order of blocks (Khối xã first: the list is reversed); a unit not listed is said, not lost.
    assert [b["block"] for b in by_list["blocks"]] == ["Khối xã", "Khối phường", "Chưa xác định khối", "Tổng cộng"]
    assert [(f["code"], f["file"]) for f in by_list["findings"] if f["code"] == "rank_no_block"] == [
        ("rank_no_block", "Khối xã/Xã 12.xlsx")]
    assert len(by_list["wards"]) == 30


def test_without_a_rule_the_default_bands_are_used_and_said(district, capsys):
    _blank(district, capsys)
    _, out, _ = run(["rank", district, "--json"], capsys)
    data = json.loads(out)
    assert data["rule"]["default"] is True and data["findings"][0]["code"] == "rank_default_rule"
    assert len(data["wards"]) == 30 and {w["rank_of"] for w in data["wards"]} == {30}  # one list without blocks


def test_the_workbook_reads_like_an_appendix(district, capsys, tmp_path):
    _blank(district, capsys)
    out = tmp_path / "phu_luc.xlsx"
    code, _, _ = run(["rank", district, "--thresholds", THRESHOLDS, "--block-by", "folder", "--output", out,
                      "--decision", "123/QĐ-UBND", "--date", "29/12/2025", "--issuer", "UBND quận Hà Đông",
                      "--area", "quận Hà Đông"], capsys)
    assert code == 1
    wb = load_workbook(out)
    assert wb.sheetnames[:3] == ["Xếp hạng", "Tệp dữ liệu", "Kiểm tra xếp hạng"]
    ws = wb["Xếp hạng"]
    assert ws["A1"].value == "PHỤ LỤC"
    assert ws["A2"].value == ("KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025 CỦA 30 ĐƠN VỊ TRÊN ĐỊA BÀN "
                              "QUẬN HÀ ĐÔNG")
    assert ws["A3"].value == "(Kèm theo Quyết định số 123/QĐ-UBND ngày 29/12/2025 của UBND quận Hà Đông)"
    header = [c.value for c in ws[5]]
    assert header == ["STT", "Đơn vị", "Điểm thẩm định", "Điểm ĐTXHH", "Tổng điểm", "Chỉ số CCHC (%)", "Xếp hạng",
                      "Xếp loại", "Tăng, giảm so với năm 2024 (điểm)"]
    assert ws.print_title_rows == "$5:$5"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize in (9, "9")
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (1, "1")
    values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(v.endswith(".xlsx") for v in values)  # file names only on their own sheet
    assert ws["A6"].value == "I. KHỐI PHƯỜNG" and ws["B7"].value == "Phường 01"
    assert "Xếp loại Yếu" in values
    files = [r[1] for r in wb["Tệp dữ liệu"].iter_rows(min_row=5, values_only=True)]
    assert set(SKIPPED) <= set(files) and len(files) == 30 + len(SKIPPED)
    checks = [(r[2], r[4]) for r in wb["Kiểm tra xếp hạng"].iter_rows(min_row=4, values_only=True)]
    assert set(SKIPPED.items()) <= set(checks)
    assert ("Khối phường/Phường 08.xlsx", "rank_thresholds_differ") in checks


def test_the_docx_is_a_decree_30_appendix(district, capsys, tmp_path):
    from docx import Document
    from docx.oxml.ns import qn

    _blank(district, capsys)
    out = tmp_path / "phu_luc.docx"
    code, _, _ = run(["rank", district, "--thresholds", THRESHOLDS, "--block-by", "folder", "--output", out,
                      "--decision", "123/QĐ-UBND", "--date", "29/12/2025", "--issuer", "UBND quận Hà Đông"], capsys)
    assert code == 1
    _DOCX.append(out.read_bytes())
    doc = Document(str(out))
    lines = [p.text for p in doc.paragraphs if p.text]
    assert lines[0] == "PHỤ LỤC" and "NĂM 2025" in lines[1]
    assert lines[2] == "(Kèm theo Quyết định số 123/QĐ-UBND ngày 29/12/2025 của UBND quận Hà Đông)"
    section = doc.sections[0]
    assert section.page_width > section.page_height  # A4 landscape
    ranked, counts = doc.tables
    assert ranked.rows[0].cells[0].text == "STT"
    assert ranked.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    texts = [c.text for row in ranked.rows for c in row.cells]
    assert "II. KHỐI XÃ" in texts and "Bình quân chung" in texts and not any(".xlsx" in t for t in texts)
    assert [c.text for c in counts.rows[-1].cells] == ["Xếp loại Yếu", "1", "0", "1"]
    assert any("Xuất sắc: từ 90" in line for line in lines)


@pytest.mark.libreoffice
@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
def test_the_pdf_prints_on_a4_landscape_with_the_header_on_every_page(district, capsys, tmp_path):
    from parxl.exporting.pdf import docx_to_pdf

    if not _DOCX:
        test_the_docx_is_a_decree_30_appendix(district, capsys, tmp_path)
    out = tmp_path / "phu_luc.pdf"  # the PDF is the Word appendix above, converted by LibreOffice
    out.write_bytes(docx_to_pdf(_DOCX[0]))
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", data)
    assert box is not None and round(float(box.group(1))) == 842 and round(float(box.group(2))) == 595
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                              check=True).stdout
        pages = text.split("\f")[:-1]
        assert len(pages) >= 2 and "PHỤ LỤC" in pages[0]
        ranked = [page for page in pages if re.search(r"\d\d/1[28]\b", page)]
        assert len(ranked) >= 2 and all("STT" in page and "Xếp loại" in page for page in ranked)  # repeated
        assert "96,50" in pages[0] and ".xlsx" not in text
