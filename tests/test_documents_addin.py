"""The ribbon's "Chọn tệp quyết định…": the VBA file picker hands a path to Python, which reads the
decision's table and reconciles it with the open workbook like the "Kết quả quận" sheet."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parxl.addin import dispatch
from parxl.templates import template_path
from tests.support.documents import Published, to_docx
from tests.support.fake_xlwings import FakeBook, FakeUI, load_fake

REPO = Path(__file__).resolve().parent.parent


def vba_hex(path: str) -> str:
    """What HexPath in addin/parxl_ribbon.bas sends: four upper-case hex digits per UTF-16 code unit."""
    return path.encode("utf-16-be").hex().upper()


@pytest.fixture
def demo(tmp_path: Path) -> FakeBook:
    path = tmp_path / "bang_diem.xlsx"
    path.write_bytes(template_path("demo.xlsx").read_bytes())
    return load_fake(path)


def test_paths_survive_the_trip_from_vba() -> None:
    for path in (r"C:\Users\Cán bộ\Tài liệu\QĐ 7564 'kết quả' \"2023\".pdf", "/home/x/quyết định.docx",
                 "D:\\a\U0001F4C4.pdf"):
        assert str(dispatch.decode_path(vba_hex(path))) == str(Path(path))


def test_the_vba_picker_is_ascii_and_calls_python_with_the_path() -> None:
    vba = (REPO / "addin" / "parxl_ribbon.bas").read_text(encoding="ascii")
    sub = vba[vba.index("Public Sub ParxlPasteFile(control As Object)"):]
    sub = sub[:sub.index("End Sub")]
    assert "Application.GetOpenFilename(" in sub
    assert "If VarType(picked) = vbBoolean Then Exit Sub" in sub  # Cancel returns False: nothing runs
    assert "d.run('\" & control.Id & \"', path_hex='\" & HexPath(CStr(picked))" in sub
    # what the officer reads in the dialog, spelled with ChrW in the ASCII file
    assignments = re.finditer(r"^\s*(decision|title) = (.+)$", sub, re.MULTILINE)
    spelled = {m.group(1): vba_string(m.group(2)) for m in assignments}
    assert spelled == {"decision": "Quyết định", "title": "Chọn tệp quyết định"}


def vba_string(expression: str) -> str:
    """Evaluate a VBA concatenation of string literals and ChrW(&Hxxxx) calls."""
    out = []
    for literal, code in re.findall(r'"([^"]*)"|ChrW\(&H([0-9A-Fa-f]+)\)', expression):
        out.append(chr(int(code, 16)) if code else literal)
    return "".join(out)


def test_chosen_decision_fills_the_score_sheet(demo: FakeBook, tmp_path: Path) -> None:
    score_sheet = demo.sheets["Bảng điểm"]
    score_sheet.range("E30").value = None  # 1.6 not appraised yet
    table = Published(["PHỤ LỤC", "CÁC NỘI DUNG BỊ TRỪ ĐIỂM"], [
        ["Mục", "Nội dung", "Điểm tối đa", "Điểm tự đánh giá", "Điểm thẩm định", "Số điểm bị trừ"],
        ["1.6", "Thực hiện cam kết cải thiện, nâng cao các chỉ số", "1", "1", "0,8", "0,2"],
        ["1.7", "Đối thoại của Lãnh đạo UBND xã với người dân, doanh nghiệp", "1", "1", "0,5", "0,5"],
        ["", "Tổng cộng", "2", "2", "1,2", "0,7"],
    ])
    path = tmp_path / "Quyết định 'số 12'.docx"
    path.write_bytes(to_docx(table))
    ui = FakeUI(demo)
    dispatch.run("parxl_paste_file", ui, path_hex=vba_hex(str(path)))
    message, _, mode = ui.alerts[-1]
    assert mode == "info", message
    assert score_sheet.value_at("E30") == 0.8
    assert score_sheet.value_at("E31") == 0  # 1.7 already had 0: kept
    assert "Đã điền 1 ô" in message and "Quyết định 'số 12'.docx, bảng 1" in message
    assert "bảng 1, dòng 4: " in message  # 0,8 + 0,5 is not the 1,2 of the total row, placed in the document
    comparison = demo.sheets["So sánh với quận"]
    assert comparison.value_at("A4") == "1.6" and comparison.value_at("A5") == "1.7"


def test_unreadable_decision_is_a_message(demo: FakeBook, tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4 broken")
    ui = FakeUI(demo)
    dispatch.run("parxl_paste_file", ui, path_hex=vba_hex(str(path)))
    message, _, mode = ui.alerts[-1]
    assert mode == "critical" and "pdf_unreadable" in message
