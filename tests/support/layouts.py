"""Score-sheet layouts officials keep, built by code (no binaries in the repository).

Each layout is a workbook written with openpyxl: formulas are written WITHOUT cached values, as in a
file never opened in Excel. Every expected figure is worked out by hand in the test that uses it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook

Row = Sequence[object]


def book(sheets: dict[str, Sequence[Row]]) -> bytes:
    """A workbook with one sheet per entry, rows from row 1; strings starting with "=" are formulas."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row, 1):
                if value is not None:
                    ws.cell(r, c, value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


TITLE = ["ỦY BAN NHÂN DÂN PHƯỜNG HÒA BÌNH"]
HEADER5 = ["STT", "Lĩnh vực, tiêu chí", "Điểm tối đa", "Điểm tự đánh giá", "Điểm thẩm định"]


def several_sheets() -> bytes:
    """The framework over two sheets, the total on the last; a copy of last year's sheet is not read."""
    first = [TITLE, ["BẢNG TỰ ĐÁNH GIÁ NĂM 2025"], HEADER5,
             ["I", "CÔNG TÁC CHỈ ĐẠO", 4, 4, 3.5],
             ["1.1", "Kế hoạch CCHC", 2, 2, 2],
             ["1.2", "Báo cáo CCHC", 2, 2, 1.5],
             ["II", "CẢI CÁCH THỂ CHẾ", 3, 3, 3],
             ["2.1", "Ban hành văn bản", 3, 3, 3]]
    second = [TITLE, ["(tiếp theo)"], HEADER5,
              ["III", "THỦ TỤC HÀNH CHÍNH", 2, 1, 1],
              ["3.1", "Công khai TTHC", 2, 1, 1],
              ["IV", "BỘ MÁY", 1, 1, 1],
              ["4.1", "Sắp xếp tổ chức", 1, 1, 1],
              [None, "Tổng cộng", 10, 9, 8.5]]
    last_year = [TITLE, ["NĂM 2024"], HEADER5,
                 ["I", "CÔNG TÁC CHỈ ĐẠO", 4, 3, 3],
                 ["1.1", "Kế hoạch CCHC", 4, 3, 3]]
    return book({"Khung (1-2)": first, "Khung (3-4)": second, "Năm 2024": last_year})


def running_serial() -> bytes:
    """A running STT 1…N, the real codes at the start of the names, the total ("Tổng số") on top."""
    rows = [TITLE, ["STT", "Nội dung", "Thang điểm", "Tự chấm", "Thẩm định"],
            [None, "Tổng số", 7, 7, 5.75],
            [1, "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", 4, 4, 3.5],
            [2, "1.1. Kế hoạch CCHC", 2, 2, 1.5],
            [3, "1.1.1. Ban hành kế hoạch đúng hạn", 1, 1, 1],
            [4, "1.1.2 Thực hiện đầy đủ kế hoạch", 1, 1, 0.5],
            [5, "1.2. Báo cáo CCHC", 2, 2, 2],
            [6, "II. CẢI CÁCH THỂ CHẾ", 3, 3, 2.25],
            [7, "2.1. Kiểm tra văn bản", 3, 3, 2.25]]
    return book({"Bảng điểm": rows})


def roman_number_letter() -> bytes:
    """Codes I / 1 / a) in the code column, N/A written two ways, a "Cộng" total, self scores only."""
    rows = [["TT", "Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá", "Ghi chú"],
            ["I", "CÔNG TÁC CHỈ ĐẠO", 6, 3, None],
            [1, "Kế hoạch", 4, 3, None],
            ["a)", "Ban hành đúng hạn", 2, 2, None],
            ["b)", "Đủ nội dung", 2, 1, "Thiếu nội dung kiểm tra"],
            [2, "Tổ chức đối thoại", 2, "KAD", None],
            ["II", "THỂ CHẾ", 3, 2.5, None],
            [1, "Rà soát văn bản", 3, 2.5, "Chậm tiến độ"],
            ["III", "TỔ CHỨC BỘ MÁY", 1, None, None],
            [1, "Sắp xếp", 1, "Không áp dụng", None],
            [None, "Cộng", 10, 5.5, None]]
    return book({"Tự đánh giá": rows})


def letters_and_bullets() -> bytes:
    """"1." areas, "a." criteria, "-" and "+" bullets in the names; a guidance bullet without points."""
    rows = [["STT", "Nội dung đánh giá", "Điểm chuẩn", "Điểm tự chấm", "Điểm thẩm định", "Ghi chú"],
            ["1.", "Chỉ đạo điều hành", 5, 5, 4],
            ["a.", "Kế hoạch", 3, 3, 2],
            [None, "- Ban hành kế hoạch", 2, 2, 2],
            [None, "- Báo cáo kết quả", 1, 1, 0, "Không có báo cáo"],
            [None, "- Tài liệu kiểm chứng: kế hoạch năm", None, None, None],
            ["b.", "Tuyên truyền", 2, 2, 2],
            ["2.", "Thể chế", 3, 3, 2.5],
            ["a.", "Rà soát", 3, 3, 2.5],
            [None, "+ Lập danh mục", 1.5, 1.5, 1.5],
            [None, "+ Công bố kết quả", 1.5, 1.5, 1, "Chậm"],
            [None, "Tổng điểm", 8, 8, 6.5]]
    return book({"Chấm điểm": rows})


def sections_a_b() -> bytes:
    """Section A (appraisal) and B (survey ĐTXHH) whose items restart at 1."""
    rows = [["STT", "Nội dung", "Điểm tối đa", "Điểm thẩm định"],
            ["A.", "ĐIỂM THẨM ĐỊNH", 8, 6.5],
            [1, "Công tác chỉ đạo", 3, 3],
            [1.1, "Kế hoạch", 2, 2],
            [1.2, "Báo cáo", 1, 1],
            [2, "Thể chế", 3, 2],
            [2.1, "Rà soát", 3, 2],
            [3, "Thủ tục hành chính", 2, 1.5],
            [3.1, "Công khai", 2, 1.5],
            ["B.", "ĐIỂM ĐIỀU TRA XÃ HỘI HỌC", 4, 3.1],
            [1, "Tiếp cận dịch vụ", 1.5, 1.2],
            [2, "Thủ tục hành chính", 1.5, 1],
            [3, "Kết quả giải quyết", 1, 0.9],
            [None, "Tổng cộng", 12, 9.6]]
    return book({"Bảng điểm": rows})


DATA_SHEET = [["Mã", "Giá trị", None, "a", "b", "c"],
              ["KH", 0.95, None, 1, 0.5, 0.25],
              ["BC", 0.4],
              ["TT", 3],
              ["KAD", "n/a"]]
D = "'Số liệu'!"
# (formula, value worked out by hand), one leaf each, maximum 1.
FUNCTION_LEAVES: list[tuple[str, str]] = [
    (f"=IF(AND({D}B2>=90%,NOT({D}B3>50%)),1,0)", "1"),
    (f'=IFERROR(VLOOKUP("XX",{D}A2:B5,2,FALSE),0.5)', "0.5"),
    (f"=ROUNDDOWN({D}B3*1.99,1)", "0.7"),
    (f"=ROUNDUP({D}B3*1.01,1)", "0.5"),
    ("=TRUNC(0.99)+INT(0.5)+ABS(-0.25)", "0.25"),
    (f"=MIN(1,MAX({D}B2:B4))", "1"),
    (f'=SUMIF({D}A2:A5,"B*",{D}B2:B5)', "0.4"),
    (f'=SUMIFS({D}B2:B5,{D}A2:A5,"<>KH",{D}B2:B5,"<1")', "0.4"),
    (f"=ROUND(SUMPRODUCT({D}D2:F2,{D}D2:F2)/2,2)", "0.66"),
    (f"=ROUND(AVERAGE({D}B2:B3),2)", "0.68"),
    (f"=COUNT({D}B2:B5)/COUNTA({D}A1:A5)", "0.6"),
    (f'=ROUND(COUNTIF({D}B2:B5,">0.5")/COUNTIFS({D}A2:A5,"??",{D}B2:B5,">0"),2)', "0.67"),
    (f'=HLOOKUP("b",{D}D1:F2,2,FALSE)', "0.5"),
    (f'=INDEX({D}D2:F2,MATCH("c",{D}D1:F1,0))', "0.25"),
    (f"=_xlfn.IFS({D}B4>5,1,{D}B4>=3,0.75,TRUE,0)", "0.75"),  # as Excel stores IFS
    (f"=OR({D}B3>0.5,{D}B2>0.9)*1", "1"),
    ("=50%*1", "0.5"),
]


def functions_without_results() -> bytes:
    """Every listed function, in formulas with no stored result, reading another sheet."""
    n = len(FUNCTION_LEAVES)
    first, last = 3, 2 + n
    rows: list[Row] = [["STT", "Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá", "Điểm thẩm định"],
                       ["I", "CÔNG TÁC CHỈ ĐẠO", f"=SUM(C{first}:C{last})", f"=SUM(D{first}:D{last})",
                        f"=SUM(E{first}:E{last})"]]
    for i, (formula, _) in enumerate(FUNCTION_LEAVES, 1):
        r = 2 + i
        rows.append([f"1.{i}", f"Tiêu chí {i}", 1, f"=C{r}", formula])
    rows.append([None, "Tổng cộng", "=C2", "=D2", "=E2"])
    return book({"Bảng điểm": rows, "Số liệu": DATA_SHEET})


def uncomputable() -> bytes:
    """Formulas parxl cannot compute, with no stored value: an unknown function, nesting and length far
    beyond Excel's limits; the appraised column is never silently replaced by the self scores."""
    deep = "=" + "(" * 10_000 + "1" + ")" * 10_000
    long = "=" + "+".join(["1"] * 5_000)
    rows = [["STT", "Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá", "Điểm thẩm định"],
            ["I", "CHỈ ĐẠO", 4, 4, None],
            ["1.1", "Kế hoạch", 1, 1, '=XLOOKUP("KH",G1:G2,H1:H2)'],
            ["1.2", "Báo cáo", 1, 1, deep],
            ["1.3", "Kiểm tra", 1, 1, long],
            ["1.4", "Khen thưởng", 1, 1, "=" + "ABS(" * 200 + "1" + ")" * 200],
            ["II", "THỂ CHẾ", 2, 2, None],
            ["2.1", "Rà soát", 2, 2, "=ROUND(1.5,0)"]]
    return book({"Bảng điểm": rows})


def subtotals_and_wordings() -> bytes:
    """"Cộng" closing each area, a wrong one among them, and "Tổng" for the whole."""
    rows = [["Số TT", "Tên tiêu chí", "Điểm tối đa", "Điểm tự ĐG"],
            [1, "Chỉ đạo", 3, 3],
            [1.1, "Kế hoạch", 3, 3],
            [None, "Cộng", 3, 3],
            [2, "Thể chế", 2, 1.5],
            [2.1, "Rà soát", 2, 1.5],
            [None, "Cộng", 2, 2],
            [None, "Tổng", 5, 4.5]]
    return book({"Bảng điểm": rows})


def na_wordings_and_wrong_total() -> bytes:
    """N/A written as "N/A", "—", "k/a"; the total row "Cộng điểm" typed wrong."""
    rows = [["TT", "Nội dung tiêu chí", "Điểm tối đa", "Tự chấm điểm", "Tài liệu kiểm chứng"],
            ["I", "Chỉ đạo", 5, 2, None],
            ["1.1", "Kế hoạch", 2, 2, "KH số 1"],
            ["1.2", "Đối thoại", 1, "N/A", None],
            ["1.3", "Khen thưởng", 1, "—", None],
            ["1.4", "Sáng kiến", 1, "k/a", None],
            ["II", "Tài chính công", 2, 1.25, None],
            ["2.1", "Dự toán", 2, 1.25, "BC số 3"],
            [None, "Cộng điểm", 7, 3.5, None]]
    return book({"Bảng điểm": rows})


def chi_tieu_header() -> bytes:
    """A "Chỉ tiêu" header over an empty column whose first data row has text: it is data, not header."""
    rows = [TITLE, ["TT", "Chỉ tiêu", "Điểm tối đa", "Điểm tự đánh giá", None],
            ["I", "CÔNG TÁC CHỈ ĐẠO", 3, 2.5, "Tài liệu kiểm chứng: KH số 12"],
            ["1.1", "Kế hoạch", 2, 2, None],
            ["1.2", "Báo cáo", 1, 0.5, "Phụ trách: Văn phòng"],
            ["II", "THỂ CHẾ", 2, 2, None],
            ["2.1", "Rà soát", 2, 2, None]]
    return book({"Bảng điểm": rows})


def code_column_and_serial() -> bytes:
    """A running STT and a separate "Mã tiêu chí" column; total worded "Tổng số điểm"."""
    rows = [["STT", "Mã tiêu chí", "Tên tiêu chí", "Điểm tối đa", "Điểm thẩm định"],
            [1, "1", "Chỉ đạo", 4, 3],
            [2, "1.1", "Kế hoạch", 2, 2],
            [3, "1.1.1", "Ban hành", 1, 1],
            [4, "1.1.2", "Thực hiện", 1, 1],
            [5, "1.2", "Báo cáo", 2, 1],
            [6, "2", "Thể chế", 2, 2],
            [7, "2.1", "Rà soát", 2, 2],
            [None, None, "Tổng số điểm", 6, 5]]
    return book({"Bảng điểm": rows})


def listed_sheets() -> bytes:
    """Two sheets with unlike names, headers at different rows, listed in the settings sheet."""
    part1 = [["Phụ lục I"], ["STT", "Nội dung", "Điểm tối đa", "Điểm tự đánh giá"],
             ["1.", "Chỉ đạo", 2, 2], ["1.1.", "Kế hoạch", 2, 2]]
    part2 = [["Phụ lục I (tiếp)"], [None], [None], ["STT", "Nội dung", "Điểm tối đa", "Điểm tự đánh giá"],
             ["2.", "Thể chế", 3, 1.5], ["2.1.", "Rà soát", 3, 1.5], [None, "Tổng cộng", 5, 3.5]]
    settings = [["Thiết lập", "Giá trị"], ["Trang bảng điểm", "Phần một; Phần hai"], ["Năm đánh giá", 2025]]
    return book({"Cấu hình": settings, "Phần một": part1, "Ghi chép": [["Ghi chú riêng"]], "Phần hai": part2})


def running_serial_letters_survey() -> bytes:
    """Running STT, "a)" letters in the names, and an uncoded survey row whose items restart at 1."""
    rows = [["STT", "Lĩnh vực/tiêu chí", "Điểm tối đa", "Điểm tự đánh giá", "Điểm thẩm định"],
            [1, "1. Chỉ đạo điều hành", 3, 3, 2],
            [2, "a) Kế hoạch", 2, 2, 1],
            [3, "b) Báo cáo", 1, 1, 1],
            [4, "2. Thể chế", 2, 2, 2],
            [5, "a) Rà soát", 2, 2, 2],
            [6, "Điều tra xã hội học", 2, None, 1.5],
            [7, "1. Hài lòng về thủ tục", 1, None, 0.75],
            [8, "2. Hài lòng về kết quả", 1, None, 0.75],
            [None, "Tổng cộng", 7, 5, 5.5]]
    return book({"Bảng điểm": rows})
