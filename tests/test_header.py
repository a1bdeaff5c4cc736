"""Finding the header of officials' score sheets, whatever their layout."""

from hypothesis import given, settings
from hypothesis import strategies as st

from parxl.numbers import fold
from parxl.parse.header import classify, find_header
from parxl.read import Grid, RawCell

SYNONYMS = {
    "code": ["STT", "TT", "Mục", "Số TT"],
    "name": ["Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Nội dung", "Tiêu chí", "Nội dung tiêu chí"],
    "max": ["Điểm tối đa", "Điểm chuẩn", "Thang điểm"],
    "self": ["Điểm tự đánh giá", "Tự chấm", "Điểm tự chấm"],
    "appraised": ["Điểm thẩm định", "Thẩm định"],
    "evidence": ["Tài liệu kiểm chứng"],
    "reason": ["Ghi chú", "Lý do giảm điểm", "Nguyên nhân", "Giải trình"],
    "responsible": ["Trách nhiệm", "Bộ phận phụ trách"],
    "numerator": ["Tử số"],
    "denominator": ["Mẫu số"],
}
EXTRA = ["Đơn vị tính", "Năm trước", "Hướng dẫn chấm", ""]


def build(cells: dict[tuple[int, int], object]) -> Grid:
    g = Grid("Bảng điểm")
    g.cells = {k: RawCell(v) for k, v in cells.items() if v is not None}
    return g


def variant(draw, text: str) -> str:
    style = draw(st.sampled_from(["as is", "upper", "lower", "folded", "break"]))
    if style == "upper":
        return text.upper()
    if style == "lower":
        return text.lower()
    if style == "folded":
        return fold(text)
    if style == "break" and " " in text:
        i = text.index(" ")
        return text[:i] + "\n" + text[i + 1:]
    return text


@st.composite
def layouts(draw):
    fields = ["code", "name", "max", draw(st.sampled_from(["self", "appraised"]))]
    fields += draw(st.lists(st.sampled_from(["self", "appraised", "evidence", "reason", "responsible",
                                             "numerator", "denominator"]), unique=True, max_size=5))
    fields = list(dict.fromkeys(fields))
    extras = draw(st.lists(st.sampled_from(EXTRA), max_size=2))
    order = draw(st.permutations(fields + [f"extra{i}" for i in range(len(extras))]))
    title_rows = draw(st.integers(0, 6))
    two_row = draw(st.booleans())
    numbering = draw(st.booleans())
    cells: dict[tuple[int, int], object] = {}
    for r in range(1, title_rows + 1):
        cells[(r, 1)] = f"ỦY BAN NHÂN DÂN PHƯỜNG {r}"
    h = title_rows + 1
    expected = {}
    score_cols = [i for i, f in enumerate(order, 1) if f in ("max", "self", "appraised")]
    for col, f in enumerate(order, 1):
        text = EXTRA[int(f[5:])] if f.startswith("extra") else draw(st.sampled_from(SYNONYMS[f]))
        if f.startswith("extra"):
            text = extras[int(f[5:])]
        else:
            text = variant(draw, text)
            expected[f] = col
        if two_row and col in score_cols:
            # "Điểm" over the score columns; only the first carries the merged label.
            cells[(h, col)] = "Điểm" if col == score_cols[0] else None
            cells[(h + 1, col)] = text
        else:
            cells[(h, col)] = text or None
    last = h + 1 if two_row and score_cols else h
    data = last + 1
    if numbering:
        for col in range(1, len(order) + 1):
            cells[(data, col)] = f"({col})"
        data += 1
    cells[(data, expected["code"])] = "1"
    cells[(data, expected["name"])] = "Công tác chỉ đạo, điều hành"
    return build(cells), expected, h, data


@settings(max_examples=150, deadline=None)
@given(layouts())
def test_any_header_layout_is_found(layout):
    grid, expected, header_row, data_row = layout
    header = find_header(grid)
    assert header is not None
    assert header.row == header_row
    assert header.data_row == data_row
    extra = {k: v for k, v in header.columns.items() if k not in expected and k == "deducted"}
    assert header.columns == expected | extra


def test_deducted_column_is_not_taken_for_another_field():
    assert classify("Số điểm bị trừ") == "deducted"
    assert classify("Điểm thẩm định/Điểm tối đa") == "appraised"
    assert classify("Ghi chú (Lý do giảm điểm)") == "reason"


def test_sheet_without_score_header():
    grid = build({(1, 1): "Họ và tên", (1, 2): "Chức vụ", (2, 1): "Nguyễn Văn A"})
    assert find_header(grid) is None
