"""Fuzzing the two doors where outside data comes in: workbooks (cell values, references, types, formulas, sheet
names, row numbers) and pasted text (bytes, encodings, numbers, layouts). Whatever comes in, parxl gives a result
or a ParxlError with a reason code — never another exception."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parxl.analyse import analyse
from parxl.errors import ParxlError
from parxl.read import decode_bounded
from tests.support.book import make_book

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SCORE_ROWS = [["1", "Công tác chỉ đạo", 2, 2, 2, "QĐ"], ["1.1", "Kế hoạch CCHC", 1, 1, 1, "QĐ"],
              ["1.2", "Báo cáo", 1, 1, 0.5, "BC"]]
BASE = make_book(SCORE_ROWS, settings={"Năm": 2024, "Tên đơn vị": "Phường Mẫu"})

letters = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=4)
near_rows = st.integers(1, 60)
row_numbers = st.one_of(near_rows, st.integers(1, 1_048_576), st.integers(-5, 10**12))
near_refs = st.builds(lambda c, r: f"{c}{r}", st.sampled_from("ABCDEFGH"), near_rows)
any_refs = st.one_of(st.builds(lambda c, r: f"{c}{r}", letters, row_numbers), st.text(alphabet="A1$:-!' "
                                                                                               "Z9", max_size=8))
number_texts = st.one_of(
    st.integers(-10**40, 10**40).map(str), st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["NaN", "INF", "-inf", "1e999", "1E-400", "0x10", "1_000", "", " ", "9" * 60, "1,91"]),
)
texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
formulas = st.one_of(
    st.sampled_from(["SUM(C5:C6)", "C5+C6", "C5/0", "IF(C5>1,1,0)", "ROUND(C5,2)", "SUM(", "'Cấu hình'!B2",
                     "INDIRECT(\"A1\")", "C5:C6", "#REF!", "SUM(" * 50 + "1" + ")" * 50, "\"x\"&C5", "1/3*3"]),
    st.text(alphabet="C56+-*/(),:SUMIF\"'! 0123456789.", max_size=25),
)


@st.composite
def cells(draw: st.DrawFn, wild: bool = False) -> str:
    """A cell of the table; in a ``wild`` workbook also any reference and any type (mostly refused)."""
    ref = draw(any_refs if wild and draw(st.booleans()) else near_refs)
    kinds = ["n", "n", "str", "b", "e", "inlineStr", "inlineStr", None] + (["s"] if wild else [])
    kind = draw(st.sampled_from(kinds))
    t = f' t="{kind}"' if kind else ""
    formula = f"<f>{escape(draw(formulas))}</f>" if draw(st.booleans()) and kind != "inlineStr" else ""
    if kind == "inlineStr":
        return f'<c r="{escape(ref)}"{t}><is><t>{escape(_xml_safe(draw(texts)))}</t></is></c>'
    value = draw(st.one_of(number_texts, texts.map(_xml_safe)))
    return f'<c r="{escape(ref)}"{t}>{formula}<v>{escape(value)}</v></c>'


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot hold most control characters at all; the fuzzing of broken XML is the corpus's job."""
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text)


@st.composite
def workbooks(draw: st.DrawFn) -> bytes:
    """The small score workbook with fuzzed rows appended to the score sheet or the settings sheet, and a
    fuzzed sheet name."""
    rows = []
    wild = draw(st.integers(0, 4)) == 4  # one workbook in five breaks the format's rules
    for _ in range(draw(st.integers(1, 6))):
        r = draw(row_numbers if wild else near_rows)
        row_cells = "".join(draw(st.lists(cells(wild), max_size=5)))
        rows.append(f'<row r="{r}">{row_cells}</row>' if draw(st.booleans()) else f"<row>{row_cells}</row>")
    target = draw(st.sampled_from(["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"]))
    name = _xml_safe(draw(st.one_of(st.just("Bảng điểm"), texts)))
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(BASE)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == target:
                data = data.replace(b"</sheetData>", "".join(rows).encode() + b"</sheetData>")
            elif info.filename == "xl/workbook.xml":
                data = data.replace('name="Bảng điểm"'.encode(), f'name="{escape(name, {chr(34): "&quot;"})}"'.encode())
            dst.writestr(info.filename, data)
    return out.getvalue()


def outcome(call: object) -> object:
    """The result, or the ParxlError (which must carry a real reason code); anything else fails the test."""
    try:
        return call()  # type: ignore[operator]
    except ParxlError as err:
        assert err.code and err.code != "error" and str(err)
        return err


@FUZZ
@given(workbooks())
def test_any_workbook_gives_a_result_or_a_coded_refusal(data: bytes) -> None:
    result = outcome(lambda: analyse(data, "fuzz.xlsx"))
    if isinstance(result, ParxlError):
        return
    from parxl.render import OWN_SHEETS
    from parxl.workflow import own_sheets
    from parxl.xlsxpkg import patch_workbook

    # The write path too, in memory: the sheets parxl would write, patched into the package.
    outcome(lambda: patch_workbook(data, own_sheets(result), owned_names=OWN_SHEETS))


encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1258", "latin-1", "raw"])
paste_numbers = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-1000, max_value=1000).map(
        lambda d: str(d).replace(".", ",")),
    st.sampled_from(["1,91", "0. 5", ".275", "1.234,5", "17.25/20", "KAD", "NaN", "inf", "1e400", "9" * 40,
                     "—", "100%", "95,68 %", "-0", "2 điểm"]),
)
labels = st.sampled_from(["Công tác chỉ đạo", "Phường 1", "Tổng cộng", "CHỈ SỐ CCHC", "Xã Đông", "Lĩnh vực"])
headers = st.sampled_from([
    "TT\tLĩnh vực\tĐiểm tối đa\tĐiểm đạt được\tChỉ số (%)",
    "STT\tĐơn vị\tTổng điểm\tChỉ số\tXếp loại",
    "TT\tTiêu chí\tĐiểm tối đa\tĐiểm tự đánh giá\tĐiểm thẩm định\tĐiểm bị trừ\tNguyên nhân",
    "", "PHỤ LỤC",
])


@st.composite
def pastes(draw: st.DrawFn) -> bytes:
    sep = draw(st.sampled_from(["\t", "  ", " ", ";"]))
    lines = [draw(headers).replace("\t", sep)]
    for i in range(draw(st.integers(0, 12))):
        code = draw(st.sampled_from([str(i + 1), f"1.{i}", "I", "II", f"{i}.1.2", ""]))
        values = draw(st.lists(paste_numbers, max_size=6))
        lines.append(sep.join([code, draw(labels), *values]))
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)
    encoding = draw(encodings)
    if encoding == "raw":
        return draw(st.binary(max_size=300))
    return text.encode(encoding, "replace")


@FUZZ
@given(pastes())
def test_any_paste_gives_a_result_or_a_coded_refusal(raw: bytes) -> None:
    from parxl.paste import parse_paste
    from parxl.paste.compare import plan_paste

    text = outcome(lambda: decode_bounded(raw, "fuzz.txt"))
    if isinstance(text, ParxlError):
        return
    pasted = outcome(lambda: parse_paste(text))
    if isinstance(pasted, ParxlError) or pasted.kind == "unknown":
        return
    analysis = analyse(BASE, "fuzz.xlsx")
    outcome(lambda: plan_paste(analysis, pasted, overwrite=True))
