"""The streaming sheet reader gives, cell by cell, the grid of the element-tree reader it replaced.

The reference below is that earlier reader (lxml iterparse over elements), kept here as an oracle
independent of the code under test. It runs over the shared fidelity corpus (skipped when absent),
the bundled templates, workbooks built here with openpyxl, and a hand-written sheet with every
feature the reader must keep (shared formulas, rich and phonetic text, inline strings, booleans,
errors, hidden rows, merges, cells without an address). Also: the refusals that make it safe.
"""

from __future__ import annotations

import io
import zipfile
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from openpyxl.formula.translate import Translator

from parxl.errors import UnreadableWorkbook
from parxl.read import Grid, RawCell, WorkbookReader
from parxl.sheetstream import read_sheet
from tests.support import FIDELITY_DIR, REPO, built_workbooks, corpus_files

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
M = "{" + NS + "}"


# ------------------------------------------------------------------------- reference reader ----


def _ref(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha()).upper()
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int("".join(ch for ch in ref if ch.isdigit())), col


def _a1(row: int, col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


def _text(elem) -> str:
    return "".join(t.text or "" for t in elem.iter(M + "t") if t.getparent().tag != M + "rPh")


def reference_grid(data: bytes, strings: list[str], name: str, max_rows: int | None = None) -> Grid:
    grid = Grid(name)
    shared: dict[str, tuple[str, int, int]] = {}
    for _, el in etree.iterparse(BytesIO(data), events=("end",), tag=(M + "c", M + "row", M + "mergeCell"),
                                 huge_tree=True):
        if el.tag == M + "row":
            if el.get("hidden") in ("1", "true"):
                grid.hidden_rows.add(int(el.get("r", "0")))
            if max_rows is not None and int(el.get("r", "0")) >= max_rows:
                break
            el.clear()
            continue
        if el.tag == M + "mergeCell":
            first, _, last = el.get("ref", "").partition(":")
            if first and last:
                grid.merges.append((*_ref(first), *_ref(last)))
            continue
        if el.get("r") is None:
            continue
        row, col = _ref(el.get("r"))
        formula = None
        f = el.find(M + "f")
        if f is not None:
            text = f.text or ""
            if f.get("t") == "shared":
                if text:
                    shared[f.get("si", "")] = (text, row, col)
                elif f.get("si", "") in shared:
                    master, r0, c0 = shared[f.get("si", "")]
                    text = Translator("=" + master, origin=_a1(r0, c0)).translate_formula(_a1(row, col))[1:]
            formula = text or None
        kind, value = el.get("t", "n"), None
        v = el.find(M + "v")
        if kind == "inlineStr":
            inline = el.find(M + "is")
            value = _text(inline) if inline is not None else None
        elif v is not None and v.text is not None:
            if kind == "s":
                value = strings[int(v.text)]
            elif kind in ("str", "e"):
                value = v.text
            elif kind == "b":
                value = v.text == "1"
            else:
                try:
                    number = float(v.text)
                    value = int(number) if number.is_integer() and "." not in v.text and "E" not in v.text.upper() \
                        else number
                except ValueError:
                    value = v.text
        if value is not None or formula:
            grid.cells[(row, col)] = RawCell(value, formula)
        el.clear()
    return grid


def assert_same(new: Grid, old: Grid) -> None:
    assert new.cells.keys() == old.cells.keys()
    for key, cell in old.cells.items():
        got = new.cells[key]
        assert (got.value, got.formula) == (cell.value, cell.formula), key
        assert type(got.value) is type(cell.value), key  # 1 == 1.0 == True: the type must match too
    assert new.merges == old.merges
    assert new.hidden_rows == old.hidden_rows


def compare_workbook(data: bytes) -> int:
    """Compare every worksheet, whole and sniffed; returns the number of cells compared."""
    reader = WorkbookReader(data, "x")
    strings = reader.shared_strings()
    count = 0
    for name in reader.sheet_names:
        part = reader._read(reader.sheet_parts[name])
        assert_same(reader.grid(name), reference_grid(part, strings, name))
        assert_same(read_sheet(part, Grid(name), strings, 3), reference_grid(part, strings, name, 3))
        count += len(reader.grid(name).cells)
    return count


# --------------------------------------------------------------------------------- the cases ----


@pytest.mark.skipif(not FIDELITY_DIR.is_dir(), reason=f"fidelity corpus not found at {FIDELITY_DIR}")
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_same_grid_on_the_corpus(path: Path) -> None:
    compare_workbook(path.read_bytes())


@pytest.mark.parametrize("name", ["demo.xlsx", "blank.xlsx"])
def test_same_grid_on_the_templates(name: str) -> None:
    assert compare_workbook((REPO / "workbook_templates" / name).read_bytes()) > 0


def test_same_grid_on_built_workbooks() -> None:
    for data in built_workbooks().values():
        compare_workbook(data)


def test_same_grid_on_a_generated_score_sheet() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Bảng điểm"
    ws.append(["STT", "Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá", "Điểm thẩm định", "Ghi chú"])
    for i in range(1, 400):
        ws.append([f"1.{i}", f"Tiêu chí {i} & <đặc biệt>", 1, 0.75 if i % 3 else 1, i % 2 == 0, None])
    ws["C401"] = "=SUM(C2:C400)"
    ws.row_dimensions[7].hidden = True
    ws.merge_cells("A402:F402")
    out = io.BytesIO()
    wb.save(out)
    assert compare_workbook(out.getvalue()) >= 399 * 5


SHEET = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:worksheet xmlns:x="{NS}"><x:sheetData>
<x:row r="1"><x:c r="A1" t="s"><x:v>1</x:v></x:c><x:c r="B1"><x:v>2.5</x:v></x:c><x:c r="C1"><x:v>7</x:v></x:c>
<x:c r="D1" t="b"><x:v>1</x:v></x:c><x:c r="E1" t="e"><x:v>#DIV/0!</x:v></x:c><x:c r="F1"><x:v>1E3</x:v></x:c></x:row>
<x:row r="2" hidden="1"><x:c r="A2"><x:f t="shared" ref="A2:A4" si="0">B1*2</x:f><x:v>5</x:v></x:c>
<x:c r="B2" t="inlineStr"><x:is><x:r><x:t xml:space="preserve">Lĩnh </x:t></x:r><x:r><x:t>vực</x:t></x:r>
<x:rPh sb="0" eb="1"><x:t>IGNORED</x:t></x:rPh></x:is></x:c>
<x:c r="C2" t="str"><x:f>"a"&amp;"b"</x:f><x:v>ab</x:v></x:c>
<x:c r="D2" s="3"/><x:c t="s"><x:v>0</x:v></x:c><x:c r="E2" t="d"><x:v>2024-05-01T00:00:00</x:v></x:c></x:row>
<x:row r="3"><x:c r="A3"><x:f t="shared" si="0"/><x:v>6</x:v></x:c><x:c r="$B$3"><x:v>45413</x:v></x:c></x:row>
<x:row r="4" hidden="true"><x:c r="A4"><x:f t="shared" si="0"/></x:c><x:c r="B4"><x:v>0.1</x:v></x:c></x:row>
</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="B5:C6"/></x:mergeCells></x:worksheet>""".encode()


def test_every_feature_read_by_hand() -> None:
    grid = read_sheet(SHEET, Grid("S"), ["không", "Tiêu chí"])
    expected = {
        (1, 1): RawCell("Tiêu chí"), (1, 2): RawCell(2.5), (1, 3): RawCell(7), (1, 4): RawCell(True),
        (1, 5): RawCell("#DIV/0!"), (1, 6): RawCell(1000.0),
        (2, 1): RawCell(5, "B1*2"), (2, 2): RawCell("Lĩnh vực"), (2, 3): RawCell("ab", '"a"&"b"'),
        (2, 5): RawCell("2024-05-01T00:00:00"),
        (3, 1): RawCell(6, "B2*2"), (3, 2): RawCell(45413), (4, 1): RawCell(None, "B3*2"), (4, 2): RawCell(0.1),
    }
    assert grid.cells == expected
    assert [type(grid.cells[k].value) for k in ((1, 3), (1, 4), (1, 6))] == [int, bool, float]
    assert grid.hidden_rows == {2, 4}
    assert grid.merges == [(5, 2, 6, 3)]
    assert_same(grid, reference_grid(SHEET, ["không", "Tiêu chí"], "S"))
    sniffed = read_sheet(SHEET, Grid("S"), ["không", "Tiêu chí"], max_rows=2)
    assert sorted(sniffed.cells) == [(1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (2, 1), (2, 2), (2, 3), (2, 5)]
    assert sniffed.merges == [] and sniffed.hidden_rows == {2}


def _sheet(body: str, prolog: str = "") -> bytes:
    return f'<?xml version="1.0"?>{prolog}<worksheet xmlns="{NS}"><sheetData>{body}</sheetData></worksheet>'.encode()


@pytest.mark.parametrize("data, code", [
    (_sheet('<row r="1"><c r="A1"><v>1</v></c></row>',
            '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;">]>'), "xml_doctype"),
    (_sheet('<row r="1"><c r="A1"><v>1</v></c></row>', '<!DOCTYPE w SYSTEM "http://example.com/x.dtd">'),
     "xml_doctype"),
    (_sheet('<row r="1048577"><c r="A1048577"><v>1</v></c></row>'), "bad_row_ref"),
    (_sheet('<row r="1"><c r="XFE1"><v>1</v></c></row>'), "cell_out_of_range"),
    (_sheet('<row r="1"><c r="A0"><v>1</v></c></row>'), "cell_out_of_range"),
    (_sheet('<row r="2000000" hidden="1"></row>'), "bad_row_ref"),
    (_sheet('<row r="-3"><c r="A1"><v>1</v></c></row>'), "bad_row_ref"),
    (_sheet('<row r="1"><c r="A1"><v>1e999</v></c><c r="B1"><f t="shared" si="0">SUM("a</f></c>'
            '<c r="C1"><f t="shared" si="0"/></c></row>'), "bad_formula"),
    (_sheet('</row>'), "xml_invalid"),
    (_sheet('<row r="1"><c r="A1" t="s"><v>9</v></c></row>'), "bad_shared_string"),
    (_sheet('<row r="1"><c r="A1" t="s"><v>-1</v></c></row>'), "bad_shared_string"),
    (_sheet('<row r="1"><c r="1A"><v>1</v></c></row>'), "bad_cell_ref"),
])
def test_refusals_carry_a_code(data: bytes, code: str) -> None:
    with pytest.raises(UnreadableWorkbook) as err:
        read_sheet(data, Grid("S"), [])
    assert err.value.code == code


def _package(parts: dict[str, str | bytes]) -> bytes:
    """A minimal workbook package: one worksheet, with the given parts replaced or added."""
    wb = openpyxl.Workbook()
    wb.active.title = "S"
    out = io.BytesIO()
    wb.save(out)
    done = io.BytesIO()
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(done, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, parts.pop(info.filename, None) or src.read(info))
        for name, text in parts.items():
            dst.writestr(name, text)
    return done.getvalue()


def test_the_workbook_reader_uses_it_and_refuses_a_doctype() -> None:
    sheet = _sheet('<row r="1"><c r="A1"><v>&a;</v></c></row>', '<!DOCTYPE w [<!ENTITY a "x">]>')
    with pytest.raises(UnreadableWorkbook) as err:
        WorkbookReader(_package({"xl/worksheets/sheet1.xml": sheet}), "bad.xlsx").grid("S")
    assert err.value.code == "xml_doctype"


R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
WS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
# Prefixed namespaces, a chart sheet, an external relationship, the owned mark on the second tab (as
# "_PARXL": the mark is matched without case), a user's defined name, rich and phonetic shared strings.
WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8"?><x:workbook xmlns:x="{NS}" xmlns:rel="{R}"><x:sheets>
<x:sheet name="Bảng điểm" sheetId="1" rel:id="rId1"/><x:sheet name="Kết quả" sheetId="2" rel:id="rId2"/>
<x:sheet name="Biểu đồ" sheetId="3" rel:id="rId3"/><x:sheet name="Ngoài" sheetId="4" rel:id="rId4"/></x:sheets>
<x:definedNames><x:definedName name="_PARXL" localSheetId="1" hidden="1">1</x:definedName>
<x:definedName name="_parxl" localSheetId="9">1</x:definedName><x:definedName name="Vung">S!A1</x:definedName>
</x:definedNames></x:workbook>"""
RELS = f"""<?xml version="1.0" encoding="UTF-8"?><p:Relationships xmlns:p="{PR}">
<p:Relationship Id="rId1" Type="{WS}" Target="worksheets/sheet1.xml"/>
<p:Relationship Id="rId2" Type="{WS}" Target="/xl/worksheets/sheet2.xml"/>
<p:Relationship Id="rId3" Type="{WS}" Target="chartsheets/sheet1.xml"/>
<p:Relationship Id="rId4" Type="{WS}" Target="file:///C:/khac.xlsx" TargetMode="External"/></p:Relationships>"""
STRINGS = f"""<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}"><si><t>Tiêu chí</t></si>
<si><r><rPr><b/></rPr><t xml:space="preserve">Lĩnh </t></r><r><t>vực</t></r><rPh sb="0" eb="1"><t>X</t></rPh></si>
<si><t/></si><si><t>a &amp; b &lt; c</t></si></sst>"""


def test_the_workbook_parts_are_read_as_the_element_tree_reads_them() -> None:
    sheet = _sheet('<row r="1"><c r="A1" t="s"><v>1</v></c></row>')
    data = _package({"xl/workbook.xml": WORKBOOK, "xl/_rels/workbook.xml.rels": RELS,
                     "xl/sharedStrings.xml": STRINGS, "xl/worksheets/sheet2.xml": sheet,
                     "xl/chartsheets/sheet1.xml": "<chartsheet/>"})
    reader = WorkbookReader(data, "x.xlsx")
    assert reader.sheet_parts == {"Bảng điểm": "xl/worksheets/sheet1.xml", "Kết quả": "xl/worksheets/sheet2.xml"}
    assert reader.owned_sheets == {"Kết quả"}
    oracle = [_text(si) for si in etree.fromstring(STRINGS.encode()).iter(M + "si")]
    assert reader.shared_strings() == oracle == ["Tiêu chí", "Lĩnh vực", "", "a & b < c"]
    assert reader.grid("Kết quả").cells == {(1, 1): RawCell("Lĩnh vực")}


@pytest.mark.parametrize("part, text, code", [
    ("xl/workbook.xml", "<workbook><sheets>", "xml_invalid"),
    ("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://example.com/r.dtd"><r/>',
     "xml_doctype"),
    ("xl/sharedStrings.xml", f'<sst xmlns="{NS}"><si><t>&a;</t></si></sst>', "xml_invalid"),
    ("xl/sharedStrings.xml", f'<!DOCTYPE s [<!ENTITY a "x">]><sst xmlns="{NS}"/>', "xml_doctype"),
    ("xl/sharedStrings.xml", b"<sst><si><t>\xff</t></si></sst>", "xml_invalid"),  # not UTF-8
])
def test_a_damaged_workbook_part_is_refused_by_name(part: str, text: str | bytes, code: str) -> None:
    with pytest.raises(UnreadableWorkbook) as err:
        WorkbookReader(_package({part: text}), "x.xlsx").shared_strings()
    assert err.value.code == code and part.rsplit("/", 1)[0] in str(err.value)


def test_the_collector_is_back_in_its_state_after_a_job() -> None:
    import gc

    from parxl.sheetstream import collector_paused

    assert gc.isenabled()
    read_sheet(SHEET, Grid("S"), ["không", "Tiêu chí"])
    with pytest.raises(UnreadableWorkbook):
        read_sheet(_sheet('<row r="1"><c r="XFE1"><v>1</v></c></row>'), Grid("S"), [])
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()
