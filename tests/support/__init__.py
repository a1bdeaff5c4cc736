"""Helpers shared by the test suite (not a test module): workbooks built in the test itself and
independent readers of zip/XML internals, so the writer is never checked with its own code."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parents[2]
FIDELITY_DIR = REPO.parent / "shared" / "fixtures" / "fidelity"
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
VBA_BYTES = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8  # stand-in VBA project
CT_MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def corpus_files() -> list[Path]:
    """Every workbook of the shared fidelity corpus (one-feature files, then real Excel files)."""
    if not FIDELITY_DIR.is_dir():
        return []
    files = sorted(FIDELITY_DIR.glob("*.xls[xm]")) + sorted((FIDELITY_DIR / "real").glob("*.xls[xm]"))
    return [f for f in files if not f.name.startswith("~$")]


def raw_entry(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """Compressed bytes of one entry exactly as stored in the archive."""
    off = info.header_offset
    nlen, xlen = struct.unpack("<2H", data[off + 26 : off + 30])
    start = off + 30 + nlen + xlen
    return data[start : start + info.compress_size]


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def rewrite_zip(data: bytes, edit=None, *, add: dict[str, bytes] | None = None,
                rename: dict[str, str] | None = None) -> bytes:
    """Copy a zip with Python's zipfile: ``edit(name, content)`` returns new content or None to
    drop the part; ``add`` parts go at the end; ``rename`` maps old part names to new ones."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            if edit is not None:
                content = edit(info.filename, content)
            if content is None:
                continue
            info.filename = (rename or {}).get(info.filename, info.filename)
            dst.writestr(info, content)
        for name, content in (add or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def xml(data: bytes) -> etree._Element:
    return etree.fromstring(data)


def canon(el: etree._Element) -> tuple:
    """Order-insensitive view of attributes, everything else in order (comments ignored)."""
    return (
        el.tag,
        tuple(sorted(el.attrib.items())),
        (el.text or "").strip(),
        tuple(canon(c) for c in el if isinstance(c.tag, str)),
    )


def children(el: etree._Element | None) -> list[etree._Element]:
    return [] if el is None else [c for c in el if isinstance(c.tag, str)]


# ------------------------------------------------------------------- workbooks built by tests ----


def _openpyxl_bytes(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def built_workbooks() -> dict[str, bytes]:
    """Small workbooks, one feature each, saved by openpyxl, plus an .xlsm-like package."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.comments import Comment
    from openpyxl.formatting.rule import CellIsRule, ColorScaleRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    def base(title: str = "Dữ liệu"):
        wb = Workbook()
        ws = wb.active
        ws.title = title
        ws.append(["Tiêu chí", "Điểm"])
        for i in range(1, 6):
            ws.append([f"Tiêu chí {i}", i * 1.5])
        ws["C1"] = "Tổng"
        ws["C2"] = "=SUM(B2:B6)"
        return wb, ws

    out: dict[str, bytes] = {}

    wb, ws = base()
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=6), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=6))
    ws.add_chart(chart, "E2")
    out["built_chart"] = _openpyxl_bytes(wb)

    wb, ws = base()
    lists = wb.create_sheet("DanhMuc")
    for i, v in enumerate(["Đạt", "Không đạt"], 1):
        lists.cell(i, 1, v)
    dv = DataValidation(type="list", formula1='"Có,Không"', allow_blank=True)
    dv.add("D2:D6")
    ws.add_data_validation(dv)
    dv2 = DataValidation(type="list", formula1="DanhMuc!$A$1:$A$2")
    dv2.add("E2:E6")
    ws.add_data_validation(dv2)
    out["built_validation"] = _openpyxl_bytes(wb)

    wb, ws = base()
    ws.conditional_formatting.add(
        "B2:B6", CellIsRule(operator="lessThan", formula=["3"], fill=PatternFill("solid", bgColor="FFC7CE"))
    )
    ws.conditional_formatting.add("B2:B6", ColorScaleRule(start_type="min", start_color="F8696B",
                                                          end_type="max", end_color="63BE7B"))
    out["built_condfmt"] = _openpyxl_bytes(wb)

    wb, ws = base()
    ws["A2"].comment = Comment("Ghi chú của cán bộ: kiểm tra lại", "Nguyễn Văn A")
    ws["B3"].comment = Comment("Điểm tạm tính", "Trần Thị B")
    out["built_comments"] = _openpyxl_bytes(wb)

    wb, ws = base()
    wb.defined_names["DiemTong"] = DefinedName("DiemTong", attr_text="'Dữ liệu'!$C$2")
    ws.defined_names["VungDiem"] = DefinedName("VungDiem", attr_text="'Dữ liệu'!$B$2:$B$6")
    ws.print_title_rows = "1:1"
    out["built_names"] = _openpyxl_bytes(wb)

    wb, ws = base()
    ws.insert_rows(1)
    ws["A1"] = "BẢNG TỰ CHẤM ĐIỂM"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:C1")
    ws.merge_cells("D3:D5")
    out["built_merged"] = _openpyxl_bytes(wb)

    out["built_macro"] = make_xlsm_like(out["built_comments"])
    return out


def make_xlsm_like(xlsx: bytes) -> bytes:
    """Turn an .xlsx package into an .xlsm-shaped one holding an ``xl/vbaProject.bin`` part."""
    rel = (
        '<Relationship Id="rIdVba1" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
        'Target="vbaProject.bin"/></Relationships>'
    )

    def edit(name, content):
        if name == "[Content_Types].xml":
            text = content.decode()
            text = text.replace(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", CT_MACRO_MAIN
            )
            vba = '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
            text = text.replace("</Types>", vba + "</Types>")
            return text.encode()
        if name == "xl/_rels/workbook.xml.rels":
            return content.decode().replace("</Relationships>", rel).encode()
        return content

    return rewrite_zip(xlsx, edit, add={"xl/vbaProject.bin": VBA_BYTES})
