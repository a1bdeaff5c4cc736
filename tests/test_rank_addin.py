"""The ribbon's "Xếp hạng các đơn vị…": the VBA folder picker hands a folder to Python, which ranks the score
sheets in it by one rule, counts the files read in the status bar, and opens the ranking it wrote there."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from parxl.addin import dispatch
from parxl.templates import template_path
from tests.support.fake_xlwings import FakeUI, load_fake
from tests.support.wards import write_ward
from tests.test_documents_addin import REPO, vba_hex, vba_string


def officer_ui(tmp_path: Path) -> FakeUI:
    book = tmp_path / "dang_mo.xlsx"  # the workbook the officer happens to have open (RunPython needs one)
    book.write_bytes(template_path("blank.xlsx").read_bytes())
    return FakeUI(load_fake(book))


def test_the_vba_folder_picker_is_ascii_and_calls_python_with_the_folder() -> None:
    vba = (REPO / "addin" / "parxl_ribbon.bas").read_text(encoding="ascii")
    sub = vba[vba.index("Public Sub ParxlRankFolder(control As Object)"):]
    sub = sub[:sub.index("End Sub")]
    assert "If Not ParxlChecks.ParxlReady() Then Exit Sub" in sub
    assert "Application.FileDialog(4)" in sub and "If picker.Show <> -1 Then Exit Sub" in sub
    assert "path_hex='\" & HexPath(CStr(picker.SelectedItems(1)))" in sub
    title = next(line for line in sub.splitlines() if line.strip().startswith("title = "))
    assert vba_string(title.split("=", 1)[1]) == "Chọn thư mục bảng điểm"
    ui_xml = (REPO / "addin" / "customUI.xml").read_text(encoding="utf-8")
    assert 'id="parxl_rank"' in ui_xml and 'onAction="ParxlRibbon.ParxlRankFolder"' in ui_xml


def test_a_folder_in_two_blocks_is_ranked_into_a_new_workbook(tmp_path: Path) -> None:
    folder = tmp_path / "Bảng điểm 2025"
    # totals = 70 − deducted + survey, worked out by hand: 91.5, 85, 88, 70
    write_ward(folder / "Khối phường" / "a.xlsx", "Phường A", "8.5", "30")
    write_ward(folder / "Khối phường" / "b.xlsx", "Phường B", "10", "25")
    write_ward(folder / "Khối xã" / "c.xlsx", "Xã C", "7", "25")
    write_ward(folder / "Khối xã" / "d.xlsx", "Xã D", "20", "20")
    (folder / "Khối xã" / "~$d.xlsx").write_bytes(b"owner")  # d.xlsx is open in Excel: still read
    ui = officer_ui(tmp_path)

    dispatch.run("parxl_rank", ui, path_hex=vba_hex(str(folder)))

    message, _, mode = ui.alerts[-1]
    assert mode == "info", message
    assert message.startswith("Đã xếp hạng 4 đơn vị trong 2 khối")
    assert "parxl: đang đọc 4/4 bảng điểm…" in ui.statuses and ui.statuses[-1] is None
    written = folder / "Xếp hạng Chỉ số CCHC.xlsx"
    assert ui.book.app.books.opened == [str(written)]  # opened for the officer
    ws = load_workbook(written, data_only=True)["Xếp hạng"]
    rows = {(r[1], r[-2]) for r in ws.iter_rows(values_only=True) if r[1] in ("Phường A", "Phường B", "Xã C", "Xã D")}
    assert rows == {("Phường A", "01/02"), ("Phường B", "02/02"), ("Xã C", "01/02"), ("Xã D", "02/02")}

    dispatch.run("parxl_rank", ui, path_hex=vba_hex(str(folder)))  # again: a second file, the first one kept
    assert ui.book.app.books.opened[-1] != str(written) and written.exists()
    assert len(list(folder.glob("Xếp hạng Chỉ số CCHC*.xlsx"))) == 2
    assert ui.alerts[-1][0].startswith("Đã xếp hạng 4 đơn vị")  # its own earlier ranking is not a unit


def test_an_empty_folder_is_a_message_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "trống"
    folder.mkdir()
    ui = officer_ui(tmp_path)
    dispatch.run("parxl_rank", ui, path_hex=vba_hex(str(folder)))
    message, _, mode = ui.alerts[-1]
    assert mode == "critical" and "Không có đơn vị nào để xếp hạng" in message
    assert list(folder.iterdir()) == []
