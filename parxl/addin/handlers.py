"""What each ribbon button does to the open workbook. Nothing is saved: the officer decides that.

Handlers see Excel only through ``ExcelUI`` (the workbook plus a few window actions) and the xlwings
object model used by ``live``; ``dispatch.XlwingsUI`` is the real implementation and the tests pass a
fake. The analysis is the CLI's: the same parser, validation and scoring, fed with the live cells
(so unsaved edits count, and a workbook that was never saved works too).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from parxl.addin import live
from parxl.analyse import Analysis
from parxl.errors import NoScoreSheet
from parxl.findings import Severity, count_by_severity
from parxl.numbers import fold, show
from parxl.render import DISTRICT_INPUT_SHEET as DISTRICT_SHEET

TITLE = "Chỉ số CCHC"
NEW_BOOK_NAME = "Bảng điểm CCHC mới"
RANKING_BOOK_NAME = "Xếp hạng Chỉ số CCHC"


class ExcelUI(Protocol):
    """The slice of Excel a handler needs besides the workbook's own objects."""

    book: Any  # the workbook the button was pressed in (xlwings Book)

    def alert(self, message: str, *, error: bool = False) -> None: ...
    def status(self, text: str | None) -> None: ...
    def clipboard_text(self) -> str | None: ...
    def open_folder(self, path: Path) -> None: ...
    def open_workbook(self, path: Path) -> None: ...


# --------------------------------------------------------------------------------------- analysis


def analyse_book(book: Any) -> tuple[Analysis, set[str]]:
    owned = live.owned_sheet_names(book)
    from parxl.analyse import analyse_reader

    return analyse_reader(live.LiveReader(book), owned), owned


# ---------------------------------------------------------------------------------------- buttons


def live_tasks(book: Any, owned: set[str]) -> list[Any] | None:
    """The task sheet parxl wrote earlier, as the officers edited it (their edits survive a re-run)."""
    from parxl.render import TASKS_SHEET, read_tasks

    name = next((n for n in owned if fold(n) == fold(TASKS_SHEET)), None)
    return None if name is None else read_tasks(live.read_grid(book.sheets[name]))


def score(ui: ExcelUI) -> None:
    """Tính điểm: validate, score, write every sheet the CLI writes, mark findings in the score sheet."""
    from parxl.render import RESULTS_SHEET
    from parxl.workflow import own_sheets

    book = ui.book
    ui.status("parxl: đang tính điểm…")
    try:
        analysis, owned = analyse_book(book)
        sheets = own_sheets(analysis, tasks=live_tasks(book, owned))
        live.write_sheets(book, sheets, owned)
        marked = live.mark_findings(book.sheets[analysis.sheet.sheet], analysis.findings)
        book.sheets[RESULTS_SHEET].activate()
    finally:
        ui.status(None)
    ui.alert(score_summary(analysis, marked))


def check(ui: ExcelUI) -> None:
    """Kiểm tra: validation only (the Kiểm tra sheet and notes), then select the first problem cell."""
    from parxl.render import findings_sheet
    from parxl.render.findings_sheet import NAME as FINDINGS

    book = ui.book
    ui.status("parxl: đang kiểm tra…")
    try:
        analysis, owned = analyse_book(book)
        live.write_sheets(book, [findings_sheet(analysis.findings, analysis.label)], owned)
        marked = live.mark_findings(book.sheets[analysis.sheet.sheet], analysis.findings)
        first = live.first_problem(analysis.findings, {s.name for s in book.sheets} - owned - {FINDINGS})
        if first is not None:
            target = book.sheets[first.sheet]
            target.activate()
            target.range(first.cell).select()
        else:
            book.sheets[FINDINGS].activate()
    finally:
        ui.status(None)
    ui.alert(check_summary(analysis, marked, first))


def paste_district(ui: ExcelUI) -> None:
    """Dán kết quả quận: read the "Kết quả quận" sheet (or the clipboard) and reconcile it.

    Reading, reconciling and planning are ``parxl.paste.workbook.workbook_paste``'s, as for `parxl paste`;
    each finding is noted on its row of the "Kết quả quận" sheet, the district's figures go into the
    score sheet's empty cells, and the normalised table and the comparison are written.
    """
    book = ui.book
    cells = district_source(book)
    text = None if cells else ui.clipboard_text()
    if not cells and not (text and text.strip()):
        ui.alert(f"Chưa có kết quả để đọc. Hãy dán bảng kết quả của quận vào trang “{DISTRICT_SHEET}” "
                 "(hoặc sao chép bảng đó) rồi bấm lại nút “Dán kết quả quận”, hoặc bấm “Chọn tệp quyết định…” "
                 "để đọc thẳng tệp Word, PDF, Excel hay trang web của quyết định.", error=True)
        return
    try:
        analysis: Analysis | None = analyse_book(book)[0]
    except NoScoreSheet:  # a district office reconciles a results table without a score sheet
        analysis = None
    source: Any = cells if cells else text
    lines: list[str] = []
    from parxl.paste.workbook import workbook_paste

    outcome = workbook_paste(source, analysis)
    live.write_sheets(book, outcome.sheets)
    written, kept = write_cell_values(book, outcome.cell_values)
    findings = outcome.findings
    if written:
        lines.append(f"Đã điền {written} ô còn trống trong bảng điểm.")
    if kept:
        lines.append(f"{kept} ô đã có số khác nên được giữ nguyên (xem trang đối chiếu).")
    kind, rows = outcome.kind, len(outcome.rows)
    if cells:
        sheet = next(s for s in book.sheets if fold(s.name) == fold(DISTRICT_SHEET))
        live.mark_findings(sheet, [_on_row(f, sheet.name) for f in findings])
    ui.alert(paste_summary(kind, rows, findings, lines))


def paste_district_file(ui: ExcelUI, path: Path) -> None:
    """Chọn tệp quyết định…: the table of the published decision the officer picked (Word, PDF, Excel, web
    page), read with its cells and reconciled like the "Kết quả quận" sheet; findings name their place in the
    file (page, table, row) since the file itself is not in the workbook."""
    from parxl.documents import read_tables
    from parxl.documents.paste import cells_of, choose
    from parxl.paste.workbook import workbook_paste

    book = ui.book
    ui.status("parxl: đang đọc tệp quyết định…")
    try:
        doc = choose(read_tables(path), "paste", label=path.name)
        try:
            analysis: Analysis | None = analyse_book(book)[0]
        except NoScoreSheet:
            analysis = None
        outcome = workbook_paste(cells_of(doc.table), analysis)
        live.write_sheets(book, outcome.sheets)
        written, kept = write_cell_values(book, outcome.cell_values)
    finally:
        ui.status(None)
    findings = doc.table.findings + outcome.findings + [f for f, _ in doc.cross]
    lines = [f"Tệp: {path.name}, bảng {doc.table.number}" + (f" (trang {doc.table.page})" if doc.table.page else "")
             + "."]
    if written:
        lines.append(f"Đã điền {written} ô còn trống trong bảng điểm.")
    if kept:
        lines.append(f"{kept} ô đã có số khác nên được giữ nguyên (xem trang đối chiếu).")
    ui.alert(paste_summary(outcome.kind, len(outcome.rows), findings, lines, where=doc.where, message=doc.message))


_KINDS = {"areas": "kết quả theo lĩnh vực", "units": "kết quả của các đơn vị",
          "criteria": "các tiêu chí bị trừ điểm", "unknown": "không nhận ra bảng"}


def _on_row(f: Any, sheet: str) -> Any:
    """A paste finding placed on its row of the "Kết quả quận" sheet (line n is row n there)."""
    import dataclasses

    if f.cell or not getattr(f, "line", None):
        return f
    return dataclasses.replace(f, sheet=sheet, cell=f"A{f.line}")


def paste_summary(kind: str, rows: int, findings: list[Any], lines: list[str], *,
                  where: Callable[[Any], str] | None = None, message: Callable[[Any], str] | None = None) -> str:
    """The message box after a paste; ``where``/``message`` place findings in a decision file instead."""
    counts = count_by_severity(findings)
    out = [f"Đã đọc {_KINDS.get(kind, kind)}: {rows} dòng; {counts[Severity.ERROR]} lỗi, "
           f"{counts[Severity.WARNING]} cảnh báo, {counts[Severity.INFO]} thông tin."]
    for f in findings[:6]:
        if where is not None and message is not None:
            place = where(f)
            out.append(f"• {place + ': ' if place else ''}{message(f)}")
            continue
        at = f"dòng {f.line}: " if getattr(f, "line", None) else ""
        out.append(f"• {at}{f.message}")
    if len(findings) > 6 and where is not None:
        out.append(f"… và {len(findings) - 6} điều khác (xem trang đối chiếu).")
    elif len(findings) > 6:
        out.append(f"… và {len(findings) - 6} điều khác (xem ghi chú [parxl] trên trang “{DISTRICT_SHEET}”).")
    return "\n".join(out + lines)


def export_deductions(ui: ExcelUI) -> None:
    """Xuất bảng trừ điểm: the deduction appendix as .docx beside the workbook, then open its folder.

    The document is ``parxl.exporting``'s (the same as ``parxl export --table deductions --format docx``),
    built from the live cells: the saved file is not read, so unsaved edits count and Excel's lock on
    the open workbook is no obstacle.
    """
    book = ui.book
    folder = book_folder(book)
    if folder is None:
        ui.alert("Hãy lưu bảng tính vào một thư mục trên máy trước (Tệp → Lưu), rồi bấm lại: "
                 "tệp phụ lục được ghi cạnh bảng tính.", error=True)
        return
    try:
        from parxl.exporting import default_output, render
    except ImportError:
        ui.alert(_missing("xuất phụ lục ra tệp Word", "parxl export"), error=True)
        return
    from parxl.workflow import deduction_appendix

    analysis, _ = analyse_book(book)
    if not analysis.result.deductions:
        ui.alert("Không có tiêu chí nào bị trừ điểm, nên không có bảng trừ điểm để xuất.")
        return
    output = default_output(folder / Path(book.name).name, "deductions", "docx")
    write_file(output, render(deduction_appendix(analysis), "docx", analysis.settings.unit))
    ui.open_folder(output.parent)
    ui.alert(f"Đã xuất bảng trừ điểm ({len(analysis.result.deductions)} tiêu chí) ra tệp:\n{output}")


def write_file(target: Path, content: bytes) -> None:
    """Write through a temporary file and an atomic rename; refuse while Word has the target open."""
    from parxl.errors import WorkbookLocked
    from parxl.safe_save import write_atomic

    write_atomic(target, content,
                 locked=WorkbookLocked(f"Tệp “{target.name}” đang mở trong Word. Hãy đóng tệp đó rồi bấm lại."),
                 denied=WorkbookLocked(f"Không ghi được “{target.name}”: tệp đang được mở. Hãy đóng tệp rồi bấm lại."))


def new_template(ui: ExcelUI) -> None:
    """Tạo mẫu mới: a copy of the blank 8-area score sheet, opened in Excel."""
    from parxl.templates import template_path

    folder = book_folder(ui.book) or default_folder()
    from parxl.safe_save import write_new

    target = unique_path(folder, NEW_BOOK_NAME, ".xlsx")
    write_new(target, template_path("blank.xlsx").read_bytes())  # never over anything, not even a dangling link
    ui.open_workbook(target)
    ui.alert(f"Đã tạo bảng điểm trống theo khung 8 lĩnh vực tại:\n{target}\n"
             "Nhập điểm rồi bấm “Tính điểm”.")


def rank_folder(ui: ExcelUI, folder: Path) -> None:
    """Xếp hạng các đơn vị…: rank the score sheets in the folder the officer picked (subfolders too), by one
    rule, within blocks by subfolder when there are any; the ranking is a new workbook in that folder,
    opened in Excel. The status bar counts the workbooks read."""
    from parxl.district.api import rank, status_reporter
    from parxl.district.document import ranking_document
    from parxl.safe_save import write_new

    ui.status("parxl: đang tìm các bảng điểm…")
    try:
        ranking = rank([folder], on_item=status_reporter(ui.status),
                       block_by="folder" if any(p.is_dir() for p in folder.iterdir()) else None)
        if ranking.frame.empty:
            reasons = "; ".join(f"{s.name}: {s.reason}" for s in ranking.sources if not s.ranked)
            ui.alert(f"Không có đơn vị nào để xếp hạng trong thư mục “{folder}”." + (f" {reasons}" if reasons else ""),
                     error=True)
            return
        target = unique_path(folder, RANKING_BOOK_NAME, ".xlsx")
        write_new(target, ranking_document(ranking, "xlsx"))
    finally:
        ui.status(None)
    ui.open_workbook(target)
    skipped = [s for s in ranking.sources if not s.ranked]
    lines = [f"Đã xếp hạng {len(ranking.frame)} đơn vị"
             + (f" trong {len(ranking.blocks)} khối" if len(ranking.blocks) > 1 else "") + f", ghi vào:\n{target}",
             ranking.rule.describe()]
    if skipped:
        lines.append(f"Không xếp hạng {len(skipped)} tệp (lý do ở trang “Tệp dữ liệu”).")
    ui.alert("\n".join(lines), error=bool(ranking.errors))


def show_help(ui: ExcelUI) -> None:
    """Hướng dẫn: what each button and worksheet function does."""
    ui.alert(help_text())


# ----------------------------------------------------------------------------------------- pieces


def _show(value: Decimal | None, analysis: Analysis) -> str:
    s = analysis.settings
    return show(value, s.places, s.rounding, trim=False)


def score_summary(analysis: Analysis, marked: int) -> str:
    t = analysis.result.totals
    deducted = sum((d.deducted for d in analysis.result.deductions), Decimal(0))
    counts = count_by_severity(analysis.findings)
    basis = "điểm thẩm định" if analysis.result.basis == "appraised" else "điểm tự đánh giá"
    lines = [
        f"Tổng điểm: {_show(t.points, analysis)}/{_show(t.max, analysis)} (tính theo {basis}).",
        f"Chỉ số CCHC: {_show(t.index_pct, analysis)}%. Xếp loại: {t.classification}.",
        f"Bị trừ điểm: {len(analysis.result.deductions)} tiêu chí, tổng {_show(deducted, analysis)} điểm.",
        f"Kiểm tra: {counts[Severity.ERROR]} lỗi, {counts[Severity.WARNING]} cảnh báo, "
        f"{counts[Severity.INFO]} thông tin" + (f"; {marked} ô có ghi chú [parxl]." if marked else "."),
        "Đã ghi các trang của parxl (Kiểm tra, Kết quả, các phụ lục). Tệp chưa được lưu: bấm Lưu nếu muốn giữ.",
    ]
    return "\n".join(lines)


def check_summary(analysis: Analysis, marked: int, first: Any) -> str:
    counts = count_by_severity(analysis.findings)
    lines = [f"Kiểm tra: {counts[Severity.ERROR]} lỗi, {counts[Severity.WARNING]} cảnh báo, "
             f"{counts[Severity.INFO]} thông tin."]
    if first is not None:
        lines.append(f"Ô đầu tiên cần xem: {first.sheet}!{first.cell} — {first.message}")
    if marked:
        lines.append(f"{marked} ô trong bảng điểm có ghi chú [parxl]; danh sách đầy đủ ở trang Kiểm tra.")
    if not analysis.findings:
        lines.append("Không phát hiện vấn đề nào.")
    return "\n".join(lines)


def district_source(book: Any) -> list[list[object]] | None:
    """The cells of the "Kết quả quận" sheet, row by row, or None when there is no such sheet."""
    sheet = next((s for s in book.sheets if fold(s.name) == fold(DISTRICT_SHEET)), None)
    if sheet is None:
        return None
    grid = live.read_grid(sheet)
    if not grid.cells:
        return None
    rows, cols = grid.max_row, grid.max_col
    return [[grid.value(r, c) for c in range(1, cols + 1)] for r in range(1, rows + 1)]


def write_cell_values(book: Any, values: dict[tuple[str, str], object]) -> tuple[int, int]:
    """Fill empty cells only; a cell already holding a different value is kept. (written, kept)."""
    written = kept = 0
    for (sheet_name, cell), value in values.items():
        rng = book.sheets[sheet_name].range(cell)
        current = rng.value
        if current is None or (isinstance(current, str) and not current.strip()):
            rng.value = live.text_input(value) if isinstance(value, str) else value
            written += 1
        elif current != value:
            kept += 1
    return written, kept


def book_folder(book: Any) -> Path | None:
    """The local folder of a saved workbook; None for a new book or one only on SharePoint/OneDrive web."""
    fullname = str(getattr(book, "fullname", "") or "")
    if "://" in fullname:
        return None
    path = Path(fullname)
    return path.parent if path.is_absolute() and path.parent.is_dir() else None


def default_folder() -> Path:
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


def unique_path(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem.suffix``, or ``stem (2).suffix`` … when taken: nothing is ever overwritten."""
    candidate = folder / f"{stem}{suffix}"
    n = 2
    while os.path.lexists(candidate):
        candidate = folder / f"{stem} ({n}){suffix}"
        n += 1
    return candidate


def _missing(what: str, command: str) -> str:
    return (f"Bản parxl đang cài chưa có chức năng {what} cho add-in. Hãy cập nhật parxl "
            f"(hoặc dùng lệnh “{command}” trong cửa sổ lệnh).")


def help_text() -> str:
    from parxl.addin.dispatch import BUTTONS

    buttons = {
        "parxl_score": "kiểm tra bảng điểm, tính điểm từng lĩnh vực và tổng, ghi các trang Kiểm tra, Kết quả, "
                       "Phụ lục trừ điểm, Tổng hợp lĩnh vực, Phân công nhiệm vụ; ô có vấn đề được ghi chú [parxl].",
        "parxl_check": "chỉ kiểm tra, ghi trang Kiểm tra và chọn ô đầu tiên cần sửa.",
        "parxl_paste": f"đọc bảng kết quả quận đã dán vào trang “{DISTRICT_SHEET}” (hoặc đang sao chép), "
                       "đối chiếu với bảng điểm và điền điểm thẩm định của quận vào các ô còn trống.",
        "parxl_paste_file": "chọn tệp quyết định đã công bố (Word, PDF, Excel, trang web đã lưu), đọc thẳng bảng "
                            "kết quả trong tệp và đối chiếu như nút “Dán kết quả quận”.",
        "parxl_rank": "dành cho Phòng/Sở Nội vụ: chọn thư mục chứa bảng điểm của các đơn vị (mỗi thư mục con là "
                      "một khối), xếp hạng theo một quy định chung và mở bảng xếp hạng vừa ghi vào thư mục đó.",
        "parxl_export": "xuất Phụ lục trừ điểm ra tệp Word cạnh bảng tính.",
        "parxl_new": "tạo bảng điểm trống theo khung 8 lĩnh vực.",
        "parxl_help": "hiện hướng dẫn này.",
    }
    lines = ["Các nút trên thẻ “Chỉ số CCHC”:"]
    lines += [f"• {label}: {buttons.get(button_id, '')}" for button_id, (label, _) in BUTTONS.items()]
    lines += [
        "",
        "Hàm dùng trong ô (gõ =PARXL_ rồi chọn; dấu ngăn cách tham số là “;” hoặc “,” tùy máy):",
        "• PARXL_TYLE(tử số; mẫu số; điểm tối đa; [chỉ tiêu %]) — điểm theo tỷ lệ.",
        "• PARXL_CHAM(tử số; mẫu số; điểm tối đa; cách chấm) — điểm theo cách chấm ghi bằng chữ.",
        "• PARXL_BAC(tỷ lệ; bảng bậc) — điểm theo bậc, ví dụ “>=90%: 2; >=70%: 1; còn lại: 0”.",
        "• PARXL_CHISO(điểm; tối đa) — chỉ số thành phần (%).",
        "• PARXL_TRU(tối đa; thẩm định) — số điểm bị trừ.",
        "• PARXL_XEPLOAI(chỉ số; [ngưỡng]) — Xuất sắc / Tốt / Khá / Trung bình / Yếu.",
        "• PARXL_HANG(giá trị; vùng) — thứ hạng, bằng điểm thì cùng hạng.",
        "• PARXL_SO(ô chữ) — đọc số nhập dạng chữ như “1,91”.",
        "Hàm trả cả một bảng (tự tràn xuống các ô bên dưới):",
        "• PARXL_BANG_TRU(vùng bảng điểm; [vùng Cấu hình]) — các tiêu chí bị trừ điểm và dòng tổng cộng.",
        "• PARXL_BANG_LINHVUC(vùng bảng điểm; [vùng Cấu hình]) — tổng hợp theo lĩnh vực và Chỉ số CCHC.",
        "• PARXL_BANG_KIEMTRA(vùng bảng điểm) — kết quả kiểm tra: mức độ, ô, mã, nội dung.",
        "• PARXL_BANG_XEPHANG(vùng đã dán; [hạng mục tiêu]) — xếp hạng các đơn vị trong bảng quận đã dán.",
        "Excel 2016 (không có mảng động): PARXL_BANG_TRU_2016, PARXL_BANG_LINHVUC_2016, "
        "PARXL_BANG_KIEMTRA_2016, PARXL_BANG_XEPHANG_2016 ghi kết quả ra vùng vừa đủ.",
        "",
        "parxl không tự lưu tệp: kết quả nằm trong bảng tính đang mở, bấm Lưu nếu muốn giữ.",
    ]
    return "\n".join(lines)
