"""Unit tests for parxl.xlsxpkg: sheet XML, styles, marking, replacing, package-level rules."""

from __future__ import annotations

import io
import re
import sys
import warnings
import zipfile

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from parxl.errors import BadInput, UnreadableWorkbook, UnsafeToWrite
from parxl.sheetspec import Cell, SheetSpec, Style
from parxl.xlsxpkg import OWNED_MARK, patch_workbook, read_owned_sheet_names
from parxl.xlsxpkg.sheetxml import sheet_xml, styles_in
from parxl.xlsxpkg.styles import append_styles
from tests.support import NS_MAIN, canon, children, parts, raw_entry, rewrite_zip, xml

M = f"{{{NS_MAIN}}}"
OWNED = ["Kết quả", "Chi tiết", "Tổng hợp"]
HDR = Style(bold=True, fill="DDEBF7", border=True, h_align="center", wrap=True)
NUM = Style(num_fmt="0.00", border=True, h_align="right")
PCT = Style(num_fmt='0.0"%"', color="C00000")


def user_book(*sheet_names: str, formula: bool = False) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet_names[0] if sheet_names else "Bảng điểm"
    ws["A1"], ws["B1"] = "Tiêu chí", 2.5
    if formula:
        ws["B2"] = "=B1*2"
    for name in sheet_names[1:]:
        wb.create_sheet(name)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def load(data: bytes, **kw) -> openpyxl.Workbook:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(io.BytesIO(data), **kw)


def sheet_part_xml(data: bytes, name: str) -> bytes:
    """Worksheet XML of the tab called ``name``, resolved independently of the writer."""
    p = parts(data)
    wb = xml(p["xl/workbook.xml"])
    rid = next(s for s in wb.iter(M + "sheet") if s.get("name") == name).get(
        "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    )
    rels = xml(p["xl/_rels/workbook.xml.rels"])
    target = next(r for r in rels if r.get("Id") == rid).get("Target")
    return p["xl/" + target.lstrip("/").removeprefix("xl/")]


def cells_spec(name: str = "Kết quả") -> SheetSpec:
    return SheetSpec(
        name=name,
        rows=[
            [Cell("Tiêu chí", style=HDR), Cell("Điểm", style=HDR), Cell("Tỷ lệ", style=HDR)],
            [Cell("A & B <c> \"q\" 'x'"), Cell(1.5, style=NUM), Cell(15.0, formula="B2/10*100", style=PCT)],
            [Cell("=1+1 là văn bản"), Cell(2, style=NUM), None, Cell(True)],
            [Cell("  khoảng trắng\nxuống dòng "), Cell(-0.1, style=NUM), Cell("bad\x01char\x1f")],
            [Cell("_x0041_ literal"), Cell(12345678901234), Cell(1e-7), Cell(None, style=HDR)],
            [Cell("Tổng"), Cell(3.4, formula="SUM(B2:B4)", style=NUM),
             Cell("Đạt", formula='IF(B6>3,"Đạt","Chưa đạt")'), Cell(True, formula="B6>3"),
             Cell(None, formula='""')],
            [Cell(float("nan")), Cell(""), Cell(False)],
        ],
    )


# ------------------------------------------------------------------------------- sheet XML ----


def test_cell_types_escaping_and_inline_strings():
    src = user_book("Bảng điểm")
    out = patch_workbook(src, [cells_spec()], owned_names=OWNED)
    raw = sheet_part_xml(out, "Kết quả").decode()
    assert 't="inlineStr"' in raw and ' t="s"' not in raw
    shared = {n: c for n, c in parts(out).items() if "sharedstrings" in n.lower()}
    assert shared == {n: c for n, c in parts(src).items() if "sharedstrings" in n.lower()}
    assert "<f>B2/10*100</f><v>15</v>" in raw
    assert '<f>IF(B6&gt;3,"Đạt","Chưa đạt")</f><v>Đạt</v>' in raw
    assert 't="b"><f>B6&gt;3</f><v>1</v>' in raw
    assert re.search(r'<c r="E6"( s="\d+")? t="str"><f>""</f><v></v></c>', raw)
    assert "<f>" not in raw.split('r="A3"')[1].split("</c>")[0]  # "=1+1..." stays text
    assert "_x005F_x0041_ literal" in raw
    assert "\x01" not in raw and "\x1f" not in raw
    assert 't="e"><v>#NUM!</v>' in raw  # NaN cannot be stored as a number

    ws = load(out, read_only=True)["Kết quả"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[1][0] == "A & B <c> \"q\" 'x'"
    assert values[2][0] == "=1+1 là văn bản"
    assert ws["A3"].data_type == "s"
    assert values[3][0] == "  khoảng trắng\nxuống dòng "
    assert values[3][2] == "badchar"
    assert values[2][3] is True and values[6][2] is False
    assert values[4][1] == 12345678901234 and values[4][2] == 1e-7
    assert values[6][0] == "#NUM!"
    formulas = load(out)["Kết quả"]
    assert formulas["C2"].value == "=B2/10*100"
    assert formulas["B6"].value == "=SUM(B2:B4)"
    assert formulas["A3"].value == "=1+1 là văn bản" and formulas["A3"].data_type == "s"


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BOOK = user_book()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    # openpyxl does not decode Excel's _xHHHH_ escapes, so such literals cannot round-trip through it
    texts=st.lists(st.text(max_size=40).filter(lambda t: not re.search(r"_x[0-9A-Fa-f]{4}_", t)),
                   max_size=15),
    numbers=st.lists(st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(2**53), 2**53),
                     max_size=15),
)
def test_any_text_and_number_round_trips(texts, numbers):
    rows = [[Cell(t), Cell(n)] for t, n in zip(texts, numbers)]
    rows += [[Cell(t)] for t in texts[len(numbers):]] + [[None, Cell(n)] for n in numbers[len(texts):]]
    out = patch_workbook(_BOOK, [SheetSpec(name="Kết quả", rows=rows)], owned_names=OWNED)
    ws = load(out, read_only=True)["Kết quả"]
    got = {(c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value is not None}
    want = {}
    for r, row in enumerate(rows, 1):
        for c, cell in enumerate(row, 1):
            if cell is not None and cell.value not in ("", None):
                value = _XML_ILLEGAL.sub("", cell.value) if isinstance(cell.value, str) else cell.value
                if value != "":
                    want[(r, c)] = value
    assert got == want


def test_cached_formula_values_seen_by_openpyxl_and_pandas():
    out = patch_workbook(user_book(), [cells_spec()], owned_names=OWNED)
    ws = load(out, read_only=True, data_only=True)["Kết quả"]
    assert ws["C2"].value == 15
    assert ws["B6"].value == pytest.approx(3.4)
    assert ws["C6"].value == "Đạt"
    assert ws["D6"].value is True
    df = pd.read_excel(io.BytesIO(out), sheet_name="Kết quả", header=None)
    assert df.iloc[1, 2] == 15
    assert df.iloc[5, 1] == pytest.approx(3.4)
    assert df.iloc[5, 2] == "Đạt"
    assert bool(df.iloc[5, 3]) is True
    assert df.iloc[2, 0] == "=1+1 là văn bản"
    assert ws["E6"].value is None  # formula whose result is empty text


def test_layout_and_print_setup_parsed_back():
    spec = SheetSpec(
        name="Kết quả",
        rows=[[Cell("Tiêu đề")], [Cell("STT"), Cell("Nội dung"), Cell("Điểm")],
              [Cell(1), Cell("Về bảng", link="'Bảng điểm'!B1")]],
        col_widths={1: 6, 2: 42.5, 3: 12},
        row_heights={1: 30, 10: 18},
        merges=["A1:C1"],
        freeze="B3",
        print_title_rows=(1, 2),
        landscape=True,
        fit_width=True,
        tab_color="C00000",
        hidden_gridlines=True,
    )
    out = patch_workbook(user_book(), [spec], owned_names=OWNED)
    ws = load(out)["Kết quả"]
    assert ws.column_dimensions["B"].width == 42.5 and ws.column_dimensions["A"].width == 6
    assert ws.row_dimensions[1].height == 30 and ws.row_dimensions[10].height == 18
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:C1"]
    assert ws.freeze_panes == "B3"
    assert ws.print_title_rows == "$1:$2"
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.sheet_properties.tabColor.rgb == "FFC00000"
    assert ws.sheet_view.showGridLines is False
    assert ws.page_margins.left == 0.5
    link = ws["B3"].hyperlink
    assert link.location == "'Bảng điểm'!B1" and not link.id
    assert not [n for n in parts(out) if "worksheets/_rels" in n]  # internal links need no relationship


def test_portrait_without_fit_and_no_pane():
    spec = SheetSpec(name="Kết quả", rows=[[Cell(1)]], fit_width=False)
    out = patch_workbook(user_book(), [spec], owned_names=OWNED)
    raw = sheet_part_xml(out, "Kết quả").decode()
    assert 'orientation="portrait"' in raw and "fitTo" not in raw and "<pane" not in raw


CT_WORKSHEET_ORDER = [
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
    "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate",
    "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting", "dataValidations",
    "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks",
    "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing",
    "legacyDrawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst",
]


def test_element_order_follows_ct_worksheet():
    spec = SheetSpec(
        name="Kết quả", rows=[[Cell("x", link="'Bảng điểm'!A1"), Cell(1)]], col_widths={1: 10},
        merges=["C1:D1"],
        freeze="A2", tab_color="00B050",
    )
    root = etree.fromstring(sheet_xml(spec, {Style(): 0}))
    names = [etree.QName(c).localname for c in root]
    assert names == sorted(names, key=CT_WORKSHEET_ORDER.index)
    assert names == ["sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "mergeCells",
                     "hyperlinks", "pageMargins", "pageSetup"]
    assert root.find(M + "dimension").get("ref") == "A1:B1"


@pytest.mark.parametrize(
    "bad", [{"merges": ["A1"]}, {"merges": ["A1:B2", "B2:C3"]}, {"freeze": "1A"}, {"tab_color": "red"},
            {"col_widths": {0: 5}}, {"row_heights": {1: -1}}, {"print_title_rows": (3, 1)}],
)
def test_bad_layout_values_are_refused(bad):
    spec = SheetSpec(name="Kết quả", rows=[[Cell(1)]], **bad)
    with pytest.raises(BadInput):
        patch_workbook(user_book(), [spec], owned_names=OWNED)


def test_a_row_taller_than_excel_allows_gets_excels_largest_height():
    """A reason of 1,100 characters wraps taller than 409 pt: the row is capped, the job is not refused."""
    spec = SheetSpec(name="Kết quả", rows=[[Cell("x" * 1100)], [Cell(2)]], row_heights={1: 1234.5, 2: 30})
    root = etree.fromstring(sheet_xml(spec, {Style(): 0}))
    heights = {row.get("r"): row.get("ht") for row in root.iter(M + "row")}
    assert heights == {"1": "409", "2": "30"}


def test_five_thousand_rows():
    # No timing here (a shared machine makes it flaky): bench/run_all.py measures the writer.
    styles = [Style(), Style(bold=True), Style(num_fmt="0.00", border=True)]
    rows = [
        [Cell(f"Dòng {r} – cột {c}") if c % 3 == 0
         else Cell(r * c + 0.25, style=styles[2]) if c % 3 == 1
         else Cell(float(r + c), formula=f"ROW()+{c - 1}", style=styles[1]) for c in range(10)]
        for r in range(5000)
    ]
    spec = SheetSpec(name="Chi tiết", rows=rows, freeze="A2", merges=["A1:B1"])
    src = user_book()
    out = patch_workbook(src, [spec], owned_names=OWNED)
    ws = load(out, read_only=True, data_only=True)["Chi tiết"]
    last = [c.value for c in list(ws.iter_rows(min_row=5000, max_row=5000))[0]]
    assert last[0] == "Dòng 4999 – cột 0" and last[1] == 4999.25 and last[2] == 5001.0


# ---------------------------------------------------------------------------------- styles ----


def _styles(data: bytes) -> etree._Element:
    return xml(parts(data)["xl/styles.xml"])


def test_styles_appended_deduplicated_and_stable():
    src = user_book()
    before = _styles(src)
    spec = cells_spec()
    once = patch_workbook(src, [spec], owned_names=OWNED)
    after = _styles(once)
    for tag in ("fonts", "fills", "borders", "cellXfs"):
        old, new = children(before.find(M + tag)), children(after.find(M + tag))
        assert [canon(c) for c in old] == [canon(c) for c in new[: len(old)]], tag
        assert int(after.find(M + tag).get("count")) == len(new)
    n_styles = len(styles_in([spec]))
    assert len(children(after.find(M + "cellXfs"))) == len(children(before.find(M + "cellXfs"))) + n_styles
    ids = [int(n.get("numFmtId")) for n in children(after.find(M + "numFmts"))]
    assert ids and min(ids) >= 164
    assert any(n.get("formatCode") == '0.0"%"' for n in children(after.find(M + "numFmts")))

    twice = patch_workbook(once, [spec], owned_names=OWNED)
    assert twice == once
    # A different sheet using the same styles adds no record either.
    other = SheetSpec(name="Chi tiết", rows=[[Cell("x", style=HDR), Cell(1, style=NUM)]])
    third = patch_workbook(once, [other], owned_names=OWNED)
    assert parts(third)["xl/styles.xml"] == parts(once)["xl/styles.xml"]


def test_append_styles_reuses_existing_records_and_numfmt_ids():
    styles_xml = (
        f'<styleSheet xmlns="{NS_MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="0.000"/>'
        '<numFmt numFmtId="170" formatCode="#,##0.0"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
        "<extLst><ext uri=\"{X}\"/></extLst></styleSheet>"
    ).encode()
    wanted = [Style(num_fmt="0.000"), Style(num_fmt="0.00"), Style(num_fmt="0.0#"),
              Style(font="Calibri", size=11)]
    new, ids = append_styles(styles_xml, wanted)
    root = etree.fromstring(new)
    xfs = children(root.find(M + "cellXfs"))
    assert [xfs[ids[s]].get("numFmtId") for s in wanted] == ["164", "2", "171", "0"]
    assert len(children(root.find(M + "fonts"))) == 2  # Times New Roman 12 added once, Calibri 11 reused
    assert xfs[ids[wanted[3]]].get("fontId") == "0"
    assert [etree.QName(c).localname for c in root][-1] == "extLst"
    again, ids2 = append_styles(new, wanted)
    assert again is None and ids2 == ids


def test_styles_part_created_when_missing():
    def drop_styles(name, content):
        if name == "xl/styles.xml":
            return None
        if name == "[Content_Types].xml":
            return re.sub(rb'<Override PartName="/xl/styles.xml"[^>]*/>', b"", content)
        if name == "xl/_rels/workbook.xml.rels":
            return re.sub(rb"<Relationship[^>]*/styles\"[^>]*/>", b"", content)
        return content

    src = rewrite_zip(user_book(), drop_styles)
    assert b"styles" not in parts(src)["xl/_rels/workbook.xml.rels"]
    assert "xl/styles.xml" not in parts(src)
    out = patch_workbook(src, [SheetSpec(name="Kết quả", rows=[[Cell("x", style=HDR)]])], owned_names=OWNED)
    assert "xl/styles.xml" in parts(out)
    assert load(out)["Kết quả"]["A1"].font.b is True


# ------------------------------------------------------------------------- marks, replacing ----


def test_owned_mark_written_and_read_back():
    src = user_book("Bảng điểm", "Ghi chú")
    assert read_owned_sheet_names(src) == set()
    out = patch_workbook(src, [cells_spec("Kết quả"), cells_spec("Chi tiết")], owned_names=OWNED)
    assert read_owned_sheet_names(out) == {"Kết quả", "Chi tiết"}
    wb = xml(parts(out)["xl/workbook.xml"])
    marks = [d for d in wb.iter(M + "definedName") if d.get("name") == OWNED_MARK]
    assert sorted(d.get("localSheetId") for d in marks) == ["2", "3"]
    assert all(d.get("hidden") == "1" for d in marks)
    assert [s.get("name") for s in wb.iter(M + "sheet")] == ["Bảng điểm", "Ghi chú", "Kết quả", "Chi tiết"]


def test_mark_survives_openpyxl_round_trip_and_sheet_is_replaced_in_place():
    out = patch_workbook(user_book(), [cells_spec("Kết quả")], owned_names=OWNED)
    wb = load(out)
    wb.create_sheet("Người dùng thêm")
    wb.move_sheet("Kết quả", offset=-1)  # the user drags our tab to the front
    buf = io.BytesIO()
    wb.save(buf)
    edited = buf.getvalue()
    assert read_owned_sheet_names(edited) == {"Kết quả"}

    changed = cells_spec("KẾT QUẢ")  # same sheet, other case: still ours
    changed.rows[1][1] = Cell(9.5, style=NUM)
    again = patch_workbook(edited, [changed], owned_names=OWNED)
    names = [s.get("name") for s in xml(parts(again)["xl/workbook.xml"]).iter(M + "sheet")]
    assert names == [s.get("name") for s in xml(parts(edited)["xl/workbook.xml"]).iter(M + "sheet")]
    assert names == ["Kết quả", "Bảng điểm", "Người dùng thêm"]
    assert set(parts(again)) == set(parts(edited)) - {"xl/calcChain.xml"}
    assert load(again, data_only=True)["Kết quả"]["B2"].value == 9.5


def test_user_sheet_with_same_name_is_refused():
    src = user_book("Bảng điểm", "kết quả")
    with pytest.raises(UnsafeToWrite) as err:
        patch_workbook(src, [cells_spec("Kết Quả")], owned_names=OWNED)
    assert "“kết quả”" in str(err.value) and "đổi tên" in str(err.value)


@pytest.mark.parametrize(
    "name", ["", "a" * 32, "Điểm/2024", "Kết[quả]", "Sheet?", "'quoted'", "a:b", "x*y", "a\\b"]
)
def test_invalid_sheet_names(name):
    with pytest.raises(BadInput):
        patch_workbook(user_book(), [SheetSpec(name=name)], owned_names=[name])


def test_duplicate_and_unlisted_names_refused():
    with pytest.raises(BadInput, match="trùng"):
        patch_workbook(user_book(), [SheetSpec(name="Kết quả"), SheetSpec(name="KẾT QUẢ")], owned_names=OWNED)
    with pytest.raises(BadInput, match="không nằm trong"):
        patch_workbook(user_book(), [SheetSpec(name="Khác")], owned_names=OWNED)
    patch_workbook(user_book(), [SheetSpec(name="Đ" * 31)], owned_names=["Đ" * 31])  # 31 is allowed


def test_print_titles_updated_and_removed_on_replace():
    spec = cells_spec()
    spec.print_title_rows = (1, 1)
    out = patch_workbook(user_book(), [spec], owned_names=OWNED)
    spec.print_title_rows = (1, 2)
    out2 = patch_workbook(out, [spec], owned_names=OWNED)
    titles = [d.text for d in xml(parts(out2)["xl/workbook.xml"]).iter(M + "definedName")
              if d.get("name") == "_xlnm.Print_Titles"]
    assert titles == ["'Kết quả'!$1:$2"]
    spec.print_title_rows = None
    out3 = patch_workbook(out2, [spec], owned_names=OWNED)
    assert "_xlnm.Print_Titles" not in parts(out3)["xl/workbook.xml"].decode()


# ------------------------------------------------------------------------------- package ----


def test_untouched_parts_raw_identical_and_new_entries_dated():
    src = user_book("Bảng điểm", "Phụ")
    out = patch_workbook(src, [cells_spec()], owned_names=OWNED)
    a, b = zipfile.ZipFile(io.BytesIO(src)), zipfile.ZipFile(io.BytesIO(out))
    assert b.testzip() is None
    changed = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml"}
    for info in a.infolist():
        new = b.getinfo(info.filename)
        assert (new.date_time, new.compress_type, new.external_attr) == (info.date_time, info.compress_type,
                                                                         info.external_attr)
        if info.filename not in changed:
            assert raw_entry(out, new) == raw_entry(src, info), info.filename
    added = [i for i in b.infolist() if i.filename not in a.namelist()]
    assert [i.filename for i in added] == ["xl/worksheets/sheet3.xml"]
    assert added[0].date_time == (1980, 1, 1, 0, 0, 0)
    assert b.namelist()[: len(a.namelist())] == a.namelist()


def test_calc_chain_dropped_only_when_formulas_are_written():
    calc = (b'<?xml version="1.0" encoding="UTF-8"?><calcChain xmlns="' + NS_MAIN.encode()
            + b'"><c r="B2" i="1"/></calcChain>')

    def add_chain(name, content):
        if name == "[Content_Types].xml":
            override = (b'<Override PartName="/xl/calcChain.xml" ContentType="application/'
                        b'vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/>')
            return content.replace(b"</Types>", override + b"</Types>")
        if name == "xl/_rels/workbook.xml.rels":
            return content.replace(b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.'
                                   b'openxmlformats.org/officeDocument/2006/relationships/calcChain" '
                                   b'Target="calcChain.xml"/></Relationships>')
        return content

    src = rewrite_zip(user_book(formula=True), add_chain, add={"xl/calcChain.xml": calc})
    plain = patch_workbook(src, [SheetSpec(name="Kết quả", rows=[[Cell(1)]])], owned_names=OWNED)
    assert parts(plain)["xl/calcChain.xml"] == calc
    with_formula = patch_workbook(src, [cells_spec()], owned_names=OWNED)
    p = parts(with_formula)
    assert "xl/calcChain.xml" not in p
    assert b"calcChain" not in p["[Content_Types].xml"]
    assert b"calcChain" not in p["xl/_rels/workbook.xml.rels"]
    # Replacing our own sheet drops the chain too (it may list cells of the old version).
    replaced = patch_workbook(plain, [SheetSpec(name="Kết quả", rows=[[Cell(2)]])], owned_names=OWNED)
    assert "xl/calcChain.xml" not in parts(replaced)


def _rename_sheet_part(data: bytes, old: str, new: str) -> bytes:
    def edit(name, content):
        if name in ("[Content_Types].xml", "xl/_rels/workbook.xml.rels"):
            return content.replace(old.encode(), new.encode())
        return content
    return rewrite_zip(data, edit, rename={"xl/" + old: "xl/" + new})


def test_part_names_compared_case_insensitively():
    src = _rename_sheet_part(user_book(), "worksheets/sheet1.xml", "worksheets/Sheet1.xml")
    assert "xl/worksheets/Sheet1.xml" in parts(src)
    out = patch_workbook(src, [cells_spec()], owned_names=OWNED)
    names = [n.lower() for n in parts(out)]
    assert len(names) == len(set(names))
    assert "xl/worksheets/sheet2.xml" in parts(out)
    load(out)


def test_orphan_rels_part_is_not_adopted():
    orphan = b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'
    src = rewrite_zip(user_book(), add={"xl/worksheets/_rels/sheet2.xml.rels": orphan})
    out = patch_workbook(src, [cells_spec()], owned_names=OWNED)
    assert "xl/worksheets/sheet2.xml" not in parts(out) and "xl/worksheets/sheet3.xml" in parts(out)


def test_stored_entries_stay_stored_and_prefixed_archives_still_work():
    src = user_book()
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(buf, "w") as zout:
        for info in zin.infolist():
            content = zin.read(info)
            stored = info.filename.startswith("docProps")
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            zout.writestr(info, content)
    stored = buf.getvalue()
    out = patch_workbook(stored, [cells_spec()], owned_names=OWNED)
    assert zipfile.ZipFile(io.BytesIO(out)).getinfo("docProps/app.xml").compress_type == zipfile.ZIP_STORED
    # Leading bytes shift every offset: the copier falls back to rewriting, content stays equal.
    prefixed = b"JUNK" * 10 + stored
    out2 = patch_workbook(prefixed, [cells_spec()], owned_names=OWNED)
    assert parts(out2) == parts(out)


def test_macro_workbook_keeps_vba_and_content_type():
    from tests.support import CT_MACRO_MAIN, VBA_BYTES, make_xlsm_like

    src = make_xlsm_like(user_book())
    out = patch_workbook(src, [cells_spec()], owned_names=OWNED)
    p = parts(out)
    assert p["xl/vbaProject.bin"] == VBA_BYTES
    types = xml(p["[Content_Types].xml"])
    main = [o for o in types if o.get("PartName") == "/xl/workbook.xml"]
    assert main[0].get("ContentType") == CT_MACRO_MAIN
    assert load(out, keep_vba=True).vba_archive is not None


def test_unreadable_inputs():
    with pytest.raises(UnreadableWorkbook):
        patch_workbook(b"not a zip at all", [cells_spec()], owned_names=OWNED)
    src = user_book()
    with pytest.raises(UnreadableWorkbook):
        patch_workbook(src[: len(src) // 2], [cells_spec()], owned_names=OWNED)
    no_wb = rewrite_zip(src, lambda n, c: None if n == "xl/workbook.xml" else c)
    with pytest.raises(UnreadableWorkbook, match="workbook"):
        patch_workbook(no_wb, [cells_spec()], owned_names=OWNED)


def test_strict_ooxml_is_refused():
    strict_ns = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
    strict = rewrite_zip(user_book(), lambda n, c: c.replace(NS_MAIN.encode(), strict_ns)
                         if n == "xl/workbook.xml" else c)
    with pytest.raises(UnsafeToWrite, match="Strict"):
        patch_workbook(strict, [cells_spec()], owned_names=OWNED)


_WITHOUT_PILLOW = """
import io, sys
sys.modules["PIL"] = None  # any "import PIL" now raises ImportError, as on a machine without Pillow
import openpyxl
from parxl.sheetspec import Cell, SheetSpec, Style
from parxl.xlsxpkg import patch_workbook
wb = openpyxl.Workbook()
wb.active.title = "Bảng điểm"
wb.active["A1"] = "STT"
buf = io.BytesIO()
wb.save(buf)
spec = SheetSpec(name="Kết quả", rows=[[Cell("Tổng điểm", style=Style(bold=True)), Cell(91.5)]])
out = patch_workbook(buf.getvalue(), [spec], owned_names=["Kết quả"])
ws = openpyxl.load_workbook(io.BytesIO(out))["Kết quả"]
assert (ws["A1"].value, ws["B1"].value, ws["A1"].font.b) == ("Tổng điểm", 91.5, True)
assert sys.modules["PIL"] is None
print("ok")
"""


def test_no_pillow_needed():
    """parxl writes workbooks on a machine without Pillow: proven in a fresh interpreter where importing
    PIL fails (other packages of the test run, such as pdfplumber, may have loaded it here)."""
    import os
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run([sys.executable, "-c", _WITHOUT_PILLOW], capture_output=True, text=True,
                          check=False, cwd=root, env={**os.environ, "PYTHONPATH": str(root)})
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr
    from parxl.xlsxpkg import package, sheetxml, styles

    for mod in (package, sheetxml, styles):
        assert "PIL" not in Path(mod.__file__).read_text(encoding="utf-8")
