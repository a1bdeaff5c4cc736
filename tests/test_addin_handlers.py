"""The add-in's Python layer on a fake of the xlwings objects it uses: dispatcher, handlers, live writer,
finding notes, install helpers and the typer sub-app."""

from __future__ import annotations

import subprocess
import sys
import types
from decimal import Decimal
from pathlib import Path, PureWindowsPath

import pytest
from typer.testing import CliRunner

from parxl.addin import dispatch, handlers, install, live
from parxl.addin.udfs import FUNCTIONS
from parxl.analyse import analyse
from parxl.cli import app
from parxl.findings import finding
from parxl.read import a1
from parxl.render import OWN_SHEETS, SCORE_SHEETS
from parxl.sheetspec import Cell, SheetSpec, Style
from parxl.templates import template_path
from parxl.workflow import own_sheets
from parxl.xlsxpkg import read_owned_sheet_names
from tests.support.book import make_book
from tests.support.fake_xlwings import FakeBook, FakeUI, cell_values, load_fake

DEMO = template_path("demo.xlsx")
SCORE_SHEET = "Bảng điểm"


@pytest.fixture
def demo(tmp_path: Path) -> FakeBook:
    """The demo workbook open in "Excel", saved in a folder of its own."""
    path = tmp_path / "bang_diem.xlsx"
    path.write_bytes(DEMO.read_bytes())
    return load_fake(path)


def expected_cells(spec: SheetSpec) -> dict[str, tuple[object, str | None]]:
    """What Excel holds once the spec is written: the spec's text and numbers, formulas with "=" (the fake,
    like a file without cached values, does not calculate them)."""
    out = {}
    for r, row in enumerate(spec.rows, 1):
        for c, cell in enumerate(row, 1):
            if cell is None or (cell.value is None and not cell.formula):
                continue
            if cell.formula or cell.link:
                out[a1(r, c)] = (None, str(live.cell_input(cell)))
            else:
                out[a1(r, c)] = (cell.value, None)  # exactly the spec's value: no text became a number
    return out


# ------------------------------------------------------------------------------------ Tính điểm


def test_score_writes_the_cli_sheets_into_the_open_book(demo: FakeBook) -> None:
    ui = FakeUI(demo)
    dispatch.run("parxl_score", ui)
    # Exactly the sheets the CLI writes, in its order, cell for cell (same analysis, same render).
    file_analysis = analyse(DEMO.read_bytes(), DEMO.name)
    specs = own_sheets(file_analysis)
    assert [s.name for s in demo.sheets] == [SCORE_SHEET, "Cấu hình", *(spec.name for spec in specs)]
    for spec in specs:
        sheet = demo.sheets[spec.name]
        got, want = cell_values(sheet), expected_cells(spec)
        if spec.name == "Kiểm tra":  # its subtitle names the file: demo.xlsx there, the open book here
            assert got.pop("A2")[0].startswith("Tệp “bang_diem.xlsx”") and want.pop("A2")
        assert got == want
        assert all(type(got[ref][0]) is type(value) for ref, (value, _) in want.items())
        assert sheet.merges == spec.merges
        assert sheet.col_widths == spec.col_widths
        assert live.is_owned(sheet)
    deductions = demo.sheets["Phụ lục trừ điểm"]
    assert deductions.value_at("A7") == "1.1.3"  # a code stays text, not the number 1.13
    assert deductions.formula_at("F7") == "=ROUND(C7-E7,2)"
    assert deductions.range("F7").number_format == "0.00"
    assert deductions.range("A5").fmt("font.bold") is True
    assert deductions.range("A5").fmt("color") == "#DDEBF7"
    assert deductions.range("A5").fmt("borders.line_style") == "continuous"
    results = demo.sheets["Kết quả"]
    charts = list(results.charts)
    assert len(charts) == sum(len(spec.charts) for spec in specs) == 1
    chart_spec = next(spec for spec in specs if spec.charts).charts[0]
    assert charts[0].title == chart_spec.title
    values = [s.values for s in chart_spec.series]
    assert charts[0].source.replace("$", "") == ",".join([chart_spec.categories, *values])
    assert charts[0].options["chart_type"] == "bar_clustered"
    assert [s.name for s in charts[0].series] == [s.name for s in chart_spec.series]
    message, _, mode = ui.alerts[-1]
    assert mode == "info"
    assert "91,00/100,00" in message and "Tốt" in message and "16 tiêu chí" in message and "9,00 điểm" in message
    assert demo.active_sheet == "Kết quả"
    assert ui.statuses[-1] is None


def test_score_reads_the_live_cells_like_the_file(demo: FakeBook) -> None:
    """Live analysis = CLI analysis of the same cells; an unsaved edit in the open book counts."""
    live_analysis, _ = handlers.analyse_book(demo)
    file_analysis = analyse(DEMO.read_bytes(), DEMO.name)
    key = [(f.code, f.sheet, f.cell) for f in file_analysis.findings]
    assert [(f.code, f.sheet, f.cell) for f in live_analysis.findings] == key
    assert live_analysis.result.totals.points == file_analysis.result.totals.points == Decimal("91.00")
    assert [d.code for d in live_analysis.result.deductions] == [d.code for d in file_analysis.result.deductions]
    # The officer types 2 instead of 1,91 for 1.1.3 and does not save.
    demo.sheets[SCORE_SHEET].range("E13").value = 2
    edited, _ = handlers.analyse_book(demo)
    assert "1.1.3" not in [d.code for d in edited.result.deductions]
    assert "text_number" not in [f.code for f in edited.findings]


def test_findings_become_notes_without_touching_formats(demo: FakeBook) -> None:
    score_sheet = demo.sheets[SCORE_SHEET]
    score_sheet.range("B13").add_note("Ghi chú của cán bộ")
    score_sheet.range("E13").add_note("Cán bộ: đã hỏi lại Phòng Nội vụ")
    formats_before = score_sheet.format_writes
    ui = FakeUI(demo)
    handlers.score(ui)
    assert score_sheet.format_writes == formats_before  # no fill, no font, nothing but notes
    e13 = score_sheet.range("E13").note.text
    assert e13.startswith("Cán bộ: đã hỏi lại Phòng Nội vụ\n\n[parxl]\n") and "1,91" in e13
    assert score_sheet.range("B13").note.text == "Ghi chú của cán bộ"
    assert score_sheet.range("E128").note.text.startswith("[parxl]\nLỗi: Dòng tổng cộng")
    # The officer fixes 1.1.3; on the next run parxl's part of the note goes, theirs stays.
    score_sheet.range("E13").value = 1.91
    handlers.score(ui)
    assert score_sheet.range("E13").note.text == "Cán bộ: đã hỏi lại Phòng Nội vụ"
    # The total row now adds up (parxl recomputes the formulas Excel would), so its note goes too.
    assert score_sheet.range("E128").note is None
    # A re-run replaces parxl's own notes instead of stacking them.
    handlers.score(ui)
    assert score_sheet.range("E63").note.text.count("[parxl]") == 1
    assert [s.name for s in demo.sheets].count("Kết quả") == 1


def test_notes_of_fixed_cells_disappear() -> None:
    sheet = FakeBook().sheets.add("S")
    sheet.range("C5").add_note("[parxl]\nLỗi: cũ")
    f = finding("negative", sheet="S", cell="D7", value=-1)
    assert live.mark_findings(sheet, [f]) == 1
    assert sheet.range("C5").note is None
    assert sheet.range("D7").note.text.startswith("[parxl]\nLỗi: Điểm không được âm")


def test_a_users_sheet_with_parxls_name_is_never_overwritten(demo: FakeBook) -> None:
    mine = demo.sheets.add("Kết quả")
    mine.range("A1").value = "Bảng của tôi"
    ui = FakeUI(demo)
    dispatch.run("parxl_score", ui)
    message, _, mode = ui.alerts[-1]
    assert mode == "critical" and "do người dùng tạo" in message and "“Kết quả”" in message
    assert mine.value_at("A1") == "Bảng của tôi"
    assert "Kiểm tra" not in [s.name for s in demo.sheets]  # refused before anything was written


def test_owned_sheets_from_a_file_written_by_the_cli_are_reused(tmp_path: Path) -> None:
    """A workbook scored by the CLI carries the _parxl mark; the add-in recognises its sheets."""
    from parxl.workflow import score_file

    path = tmp_path / "scored.xlsx"
    path.write_bytes(DEMO.read_bytes())
    score_file(path)
    assert read_owned_sheet_names(path.read_bytes()) == set(SCORE_SHEETS)
    book = load_fake(path)
    for sheet in book.sheets:
        if sheet.name in OWN_SHEETS:
            sheet.names.add("_parxl", '="parxl"')  # the fake loader does not read defined names
    handlers.score(FakeUI(book))
    assert [s.name for s in book.sheets].count("Kết quả") == 1


def test_officers_task_edits_survive_a_rerun(demo: FakeBook) -> None:
    from parxl.render import TASKS_SHEET

    handlers.score(FakeUI(demo))
    tasks = demo.sheets[TASKS_SHEET]
    header = next(r for (r, c), v in tasks.cells.items() if v.value == "Đơn vị chủ trì")
    lead_col = next(c for (r, c), v in tasks.cells.items() if r == header and v.value == "Đơn vị chủ trì")
    tasks.range((header + 1, lead_col)).value = "Công an phường"
    handlers.score(FakeUI(demo))
    assert demo.sheets[TASKS_SHEET].range((header + 1, lead_col)).value == "Công an phường"


# ------------------------------------------------------------------------------------ Kiểm tra


def test_check_selects_the_first_problem_cell(demo: FakeBook) -> None:
    ui = FakeUI(demo)
    dispatch.run("parxl_check", ui)
    names = [s.name for s in demo.sheets]
    assert "Kiểm tra" in names and "Kết quả" not in names
    assert demo.selection == (SCORE_SHEET, "E9")  # errors first, in sheet order
    assert "3 lỗi" in ui.alerts[-1][0] and "Bảng điểm!E9" in ui.alerts[-1][0]


def test_check_on_a_clean_book_says_so() -> None:
    rows = [["1", "Lĩnh vực 1", 2, 2, 2, "Có", None, None], ["1.1", "Tiêu chí", 2, 2, 2, "Có", None, None],
            [None, "Tổng cộng", 2, 2, 2]]
    book = FakeBook.from_xlsx(make_book(rows, settings={"Tên đơn vị": "Phường 1", "Tổng điểm tối đa": 2}))
    ui = FakeUI(book)
    handlers.check(ui)
    assert book.active_sheet == "Kiểm tra"


def test_no_score_sheet_is_a_vietnamese_message() -> None:
    book = FakeBook()
    book.sheets.add("Sheet1").range("A1").value = "Xin chào"
    ui = FakeUI(book)
    dispatch.run("parxl_score", ui)
    assert ui.alerts[-1][2] == "critical" and "Không tìm thấy bảng chấm điểm" in ui.alerts[-1][0]


# --------------------------------------------------------------------------- the live writer


def test_text_that_excel_would_coerce_stays_text() -> None:
    sheet = FakeBook().sheets.add("S")
    texts = ["1.1", "02/17", "=SUM(A1)", "+5", "-", "TRUE", "#N/A", "95,68%", "1e5", "Tiêu chí 1.1", "'quoted"]
    spec = SheetSpec("S", rows=[[Cell(t) for t in texts]])
    live.write_sheet(sheet, spec)
    assert [sheet.range((1, c)).value for c in range(1, len(texts) + 1)] == texts


def test_links_and_formulas_go_in_with_the_block_write() -> None:
    book = FakeBook()
    sheet = book.sheets.add("S")
    spec = SheetSpec("S", rows=[[Cell("C12", link="'Bảng điểm'!C12"), Cell(3, formula="1+2"), Cell('a "b"')]])
    live.write_sheet(sheet, spec)
    assert sheet.formula_at("A1") == '=HYPERLINK("#\'Bảng điểm\'!C12","C12")'
    assert sheet.formula_at("B1") == "=1+2"
    assert sheet.value_at("C1") == 'a "b"'


def test_styles_are_applied_as_few_multi_area_ranges() -> None:
    bold = Style(bold=True, border=True)
    rows = [[Cell(i, style=bold) for i in range(8)] for _ in range(40)]
    rows[10] = [Cell("x")] * 8
    spec = SheetSpec("S", rows=rows)
    areas = live.style_areas(spec)
    assert {a.address for a in areas[bold]} == {"A1:H10", "A12:H40"}
    assert [a.address for a in areas[Style()]] == ["A11:H11"]
    book = FakeBook()
    sheet = book.sheets.add("S")
    book.app.calls = 0
    live.write_sheet(sheet, spec)
    assert book.app.calls <= 12  # one block write, base font, two style groups
    assert sheet.range("H40").fmt("font.bold") is True and sheet.range("A11").fmt("font.bold") is None


def test_long_area_lists_are_split_for_excel() -> None:
    areas = [live.Area(r, 1, r, 1) for r in range(1, 200, 2)]
    chunks = list(live.join_areas(areas))
    assert all(len(c) <= 255 for c in chunks)
    assert ",".join(chunks).count(",") == len(areas) - 1


def test_reading_normalises_excel_numbers() -> None:
    sheet = FakeBook().sheets.add("S")
    sheet.range("B2").value = [[1.0, "1,91", None], [2.5, True, "'x"]]
    sheet.range("D3").value = "=B2+1"
    grid = live.read_grid(sheet)
    assert grid.value(2, 2) == 1 and isinstance(grid.value(2, 2), int)
    assert grid.value(2, 3) == "1,91" and grid.value(3, 2) == 2.5 and grid.value(3, 4) is None
    assert grid.cells[(3, 4)].formula == "B2+1"


# ----------------------------------------------------------------------------- other buttons


def test_new_template_is_a_copy_opened_beside_the_workbook(demo: FakeBook, tmp_path: Path) -> None:
    ui = FakeUI(demo)
    dispatch.run("parxl_new", ui)
    dispatch.run("parxl_new", ui)
    first, second = (Path(p) for p in demo.app.books.opened)
    assert first == tmp_path / "Bảng điểm CCHC mới.xlsx" and second.name == "Bảng điểm CCHC mới (2).xlsx"
    assert first.read_bytes() == template_path("blank.xlsx").read_bytes()


def test_export_without_the_export_feature_explains(demo: FakeBook, monkeypatch: pytest.MonkeyPatch) -> None:
    """A trimmed install without parxl.exporting: the button says what is missing."""
    monkeypatch.setitem(sys.modules, "parxl.exporting", types.ModuleType("parxl.exporting"))
    ui = FakeUI(demo)
    dispatch.run("parxl_export", ui)
    assert ui.alerts[-1][2] == "critical" and "parxl export" in ui.alerts[-1][0]


def test_export_writes_the_docx_next_to_the_workbook(demo: FakeBook, tmp_path: Path) -> None:
    from docx import Document

    demo.sheets[SCORE_SHEET].range("E13").value = 2  # unsaved: 1.1.3 no longer loses points
    ui = FakeUI(demo)
    dispatch.run("parxl_export", ui)
    target = tmp_path / "bang_diem_phu_luc_tru_diem.docx"
    assert ui.alerts[-1][2] == "info" and "15 tiêu chí" in ui.alerts[-1][0], ui.alerts[-1]
    assert ui.folders == [tmp_path]
    texts = {cell.text for table in Document(str(target)).tables for row in table.rows for cell in row.cells}
    assert "1.5.4" in texts and "1.1.3" not in texts  # the live cells, not the saved file
    # Word has the document open: nothing is written, the officer is told why.
    (tmp_path / "~$ng_diem_phu_luc_tru_diem.docx").write_bytes(b"owner")
    before = target.read_bytes()
    dispatch.run("parxl_export", ui)
    assert ui.alerts[-1][2] == "critical" and "đang mở trong Word" in ui.alerts[-1][0]
    assert target.read_bytes() == before


def test_export_of_an_unsaved_book_asks_to_save_first() -> None:
    book = FakeBook.from_xlsx(DEMO.read_bytes(), "Book1", "Book1")
    ui = FakeUI(book)
    dispatch.run("parxl_export", ui)
    assert "Hãy lưu bảng tính" in ui.alerts[-1][0]


def test_paste_fills_empty_score_cells_and_keeps_different_ones(demo: FakeBook) -> None:
    score_sheet = demo.sheets[SCORE_SHEET]
    score_sheet.range("E30").value = None  # 1.6 not appraised yet
    district = demo.sheets.add("Kết quả quận")
    district.range("A1").value = [
        ["Mục", "Nội dung", "Điểm tối đa", "Điểm tự đánh giá", "Điểm thẩm định", "Số điểm bị trừ"],
        ["1.6", "Thực hiện cam kết cải thiện, nâng cao các chỉ số", 1, 1, 0.8, 0.2],
        ["1.7", "Đối thoại của Lãnh đạo UBND xã với người dân, doanh nghiệp", 1, 1, 0.5, 0.5],
        ["Tổng cộng", None, 2, 2, 1.3, 0.7],
    ]
    ui = FakeUI(demo)
    dispatch.run("parxl_paste", ui)
    assert score_sheet.value_at("E30") == 0.8  # empty: filled with the district's score
    assert score_sheet.value_at("E31") == 0  # 1.7 already had 0: the district's 0.5 is not written over it
    assert "Đã điền 1 ô" in ui.alerts[-1][0]
    comparison = demo.sheets["So sánh với quận"]
    assert comparison.value_at("A4") == "1.6" and comparison.value_at("A5") == "1.7"


def test_paste_reconciles_with_the_paste_library(demo: FakeBook, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pasted table is read and checked, and its findings are noted on their rows."""
    import parxl.paste

    district = demo.sheets.add("Kết quả quận")
    district.range("A1").value = [
        ["TT", "Nội dung", "Điểm thẩm định/Điểm tối đa"],
        [1, "Công tác chỉ đạo, điều hành", "8,3/10"],
        [2, "Cải cách thể chế", "6/7"],
        [None, "Tổng cộng", "15,3/17"],
    ]
    ui = FakeUI(demo)
    dispatch.run("parxl_paste", ui)
    message = ui.alerts[-1][0]
    assert message.startswith("Đã đọc kết quả theo lĩnh vực: 2 dòng;"), message
    expected = parxl.paste.parse_cells(handlers.district_source(demo))
    noted = {f"A{f.line}" for f in expected.findings if f.line}
    assert "A4" in noted  # 8,3 + 6 is not the 15,3 of the total row
    assert {n.location.address.replace("$", "") for n in district.notes} == noted


def test_paste_with_nothing_to_read_explains() -> None:
    ui = FakeUI(FakeBook.from_xlsx(DEMO.read_bytes()), clipboard=None)
    dispatch.run("parxl_paste", ui)
    assert "Kết quả quận" in ui.alerts[-1][0] and ui.alerts[-1][2] == "critical"


def test_help_lists_every_button_and_function() -> None:
    ui = FakeUI(FakeBook())
    dispatch.run("parxl_help", ui)
    text = ui.alerts[-1][0]
    assert all(label in text for label, _ in dispatch.BUTTONS.values())
    assert all(f.__name__ in text for f in FUNCTIONS)


# ---------------------------------------------------------------------------------- dispatcher


def test_every_button_has_a_handler() -> None:
    for button_id in dispatch.BUTTONS:
        assert callable(dispatch.handler_for(button_id))
    with pytest.raises(KeyError):
        dispatch.handler_for("parxl_unknown")


def test_unexpected_errors_become_a_message_and_a_log(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(dispatch, "LOG_FILE", tmp_path / "parxl-addin.log")
    monkeypatch.setattr(handlers, "show_help", lambda ui: 1 / 0)
    ui = FakeUI(FakeBook())
    dispatch.run("parxl_help", ui)
    message, _, mode = ui.alerts[-1]
    assert mode == "critical" and "Lỗi không mong đợi khi chạy “Hướng dẫn”" in message and "(mã lỗi: bug)" in message
    assert "ZeroDivisionError" not in message  # Python's text goes to the log only
    assert "ZeroDivisionError" in (tmp_path / "parxl-addin.log").read_text(encoding="utf-8")


def test_the_real_ui_talks_to_xlwings_objects(demo: FakeBook) -> None:
    ui = dispatch.XlwingsUI(demo)
    ui.alert("Xin chào")
    ui.status("đang chạy")
    assert demo.app.alerts[-1] == ("Xin chào", "Chỉ số CCHC", "info")
    assert demo.app.status_bar == "đang chạy"
    ui.status(None)
    assert demo.app.status_bar is False


def test_button_modules_import_light() -> None:
    """A click imports the dispatcher first; parxl's CLI imports the addin sub-app on every start."""
    code = ("import sys, parxl.addin.dispatch, parxl.addin.cli; "
            "heavy = [m for m in ('xlwings', 'pandas', 'lxml', 'parxl.analyse', 'parxl.addin.handlers') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1]).stdout.strip()
    assert out == "[]"


# -------------------------------------------------------------------------------------- install


def test_install_off_windows_explains_and_exits_2() -> None:
    code, report = install.install(platform="linux")
    assert code == 2
    assert "chỉ chạy trên Windows" in report and "XLSTART" in report and "INTERPRETER_WIN" in report
    result = CliRunner().invoke(app, ["addin", "install"])
    if sys.platform.startswith("win"):
        pytest.skip("this checks the non-Windows branch")
    assert result.exit_code == 2


def test_install_plan_paths_and_config() -> None:
    plan = install.make_plan(r"C:\Users\an\AppData\Roaming", r"C:\Users\an", r"C:\Python311\python.exe")
    assert plan.addin_path == PureWindowsPath(r"C:\Users\an\AppData\Roaming\Microsoft\Excel\XLSTART\parxl.xlam")
    assert plan.config_path == PureWindowsPath(r"C:\Users\an\.parxl\parxl.conf")
    assert plan.config_text == ('"INTERPRETER_WIN","C:\\Python311\\python.exe"\r\n'
                                '"ADD_WORKBOOK_TO_PYTHONPATH","false"\r\n')


def test_install_helpers() -> None:
    short = {r"C:\Users\Nguyễn Văn An\py\python.exe": r"C:\Users\NGUYNV~1\py\python.exe"}
    assert install.ansi_safe(r"C:\Python311\python.exe", 1252, short.get) == r"C:\Python311\python.exe"
    assert install.ansi_safe(r"C:\Users\Nguyễn Văn "
                             r"An\py\python.exe", 1252, short.get) == r"C:\Users\NGUYNV~1\py\python.exe"
    assert install.ansi_safe(r"C:\Users\Nguyễn\python.exe", 1252, lambda p: "") == r"C:\Users\Nguyễn\python.exe"
    assert install.console_python(r"C:\Py\pythonw.exe") == r"C:\Py\python.exe"
    assert install.console_python(r"C:\Py\python.exe") == r"C:\Py\python.exe"


def test_cli_build(tmp_path: Path) -> None:
    out = tmp_path / "dist" / "parxl.xlam"
    result = CliRunner().invoke(app, ["addin", "build", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file() and "Đã tạo add-in" in result.output


def test_an_old_xlwings_is_explained() -> None:
    assert dispatch.xlwings_too_old("0.37.8") is None and dispatch.xlwings_too_old("1.0.0") is None
    message = dispatch.xlwings_too_old("0.30.10")
    assert message is not None and "0.37.8" in message and "0.30.10" in message


def test_plan_b_runs_the_whole_pipeline(demo: FakeBook, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fallback add-in's one button runs ``import parxl.addin; parxl.addin.main()``."""
    import parxl.addin

    ui = FakeUI(demo)
    monkeypatch.setattr(dispatch.XlwingsUI, "from_caller", classmethod(lambda cls: ui))
    ui.xlwings_version = "0.37.8"
    parxl.addin.main()
    assert {"Kiểm tra", "Kết quả", "Phụ lục trừ điểm"} <= {s.name for s in demo.sheets}
