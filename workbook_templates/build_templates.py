"""Build the bundled example workbooks ``blank.xlsx`` and ``demo.xlsx``.

Run from the repository root::

    python workbook_templates/build_templates.py

The two files are written next to this script. The output is deterministic (same bytes on every run
with the same openpyxl and zlib): workbook properties carry fixed dates and the zip entries get a fixed
timestamp.

``demo.xlsx`` is an example self-assessment of "UBND Phường 1" for 2023. Its 16 criteria that lost
points, with their maximum, self score, appraised score, reason and responsible unit, are copied from the
appendix of Báo cáo số 20/BC-UBND ngày 27/02/2024 (seed 004). Every other criterion is illustrative: the
real framework differs by province and changes over time, and parxl reads it from the officials' own
workbook. ``blank.xlsx`` holds only the 8 areas of the 2024–2030 ward framework (seed 002), the survey
row and the total row.

Both files are NEW workbooks created with openpyxl; nothing here loads and re-saves an existing file.
Formulas are written without cached values on purpose: parxl must recompute them.
"""

from __future__ import annotations

import datetime as _dt
import io
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook.properties import CalcProperties
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

HERE = Path(__file__).resolve().parent

SHEET_SCORES = "Bảng điểm"
SHEET_CONFIG = "Cấu hình"

FIRST_DATA_ROW = 9
N_COLS = 10  # A..J
FIXED_TIME = _dt.datetime(2024, 1, 1, 0, 0, 0)
ZIP_TIME = (2024, 1, 1, 0, 0, 0)

FONT = "Times New Roman"

# Responsible units used for the illustrative criteria.
VP = "Văn phòng - Thống kê"
TP = "Tư pháp - Hộ tịch"
TC = "Tài chính - Kế toán"
VH = "Văn hóa - Xã hội"
BP = "Bộ phận tiếp nhận và trả kết quả"

# Responsible units as seed 004 writes them.
BP_SEED = "Bộ phận tiếp nhận và trả kết quả phường"
CC_LQ = "Các công chức liên quan"

NOTE_ILLUSTRATIVE = "Các tiêu chí không có trong Phụ lục kèm Báo cáo số 20/BC-UBND là ví dụ minh họa."
NOTE_BLANK = (
    "Ghi chú: bổ sung tiêu chí, tiêu chí thành phần theo khung chỉ số do cấp trên ban hành; "
    "dòng lĩnh vực, tiêu chí cộng các dòng con trực tiếp của nó."
)

# The 8 areas of the 2024–2030 ward framework (seed 002).
AREAS: list[tuple[str, str]] = [
    ("1", "Công tác chỉ đạo, điều hành"),
    ("2", "Cải cách thể chế"),
    ("3", "Cải cách thủ tục hành chính và thực hiện cơ chế một cửa, một cửa liên thông"),
    ("4", "Cải cách tổ chức bộ máy"),
    ("5", "Cải cách chế độ công vụ"),
    ("6", "Cải cách tài chính công"),
    ("7", "Xây dựng và phát triển chính quyền điện tử, chính quyền số"),
    ("8", "Tác động của cải cách hành chính đến người dân, tổ chức và phát triển kinh tế - xã hội"),
]
SURVEY_CODE = "9"
SURVEY_NAME = "Điểm điều tra xã hội học (ĐTXHH)"
SURVEY_MAX = 30
TOTAL_LABEL = "TỔNG CỘNG"


@dataclass(frozen=True)
class Item:
    """One row of the demo framework. ``max_`` is None for a row that sums its children."""

    code: str
    name: str
    max_: float | None = None
    self_: float | str | None = None
    appraised: float | str | None = None
    num: int | None = None
    den: int | None = None
    evidence: str | None = None
    reason: str | None = None
    unit: str | None = None


def p(code: str, name: str) -> Item:
    """A criterion whose scores are the sum of its direct children."""
    return Item(code, name)


def x(code: str, name: str, max_: float, evidence: str, unit: str) -> Item:
    """An illustrative leaf with full marks (self = appraised = max)."""
    assert evidence.endswith("(minh họa)"), code
    return Item(code, name, max_, max_, max_, evidence=evidence, unit=unit)


def s(code: str, name: str, max_: float, self_: float, appraised: float | str, reason: str, unit: str,
      num: int | None = None, den: int | None = None, evidence: str | None = None) -> Item:
    """A leaf copied from the appendix of seed 004 (scores, reason, responsible unit)."""
    return Item(code, name, max_, self_, appraised, num, den, evidence, reason, unit)


# fmt: off
DEMO: list[Item] = [
    # 1 ─ 14 points
    p("1.1", "Kế hoạch cải cách hành chính năm"),
    x("1.1.1", "Ban hành kế hoạch CCHC năm kịp thời, đúng quy định", 0.5,
      "Kế hoạch số 08/KH-UBND ngày 12/01/2023 về cải cách hành chính năm 2023 (minh họa)", VP),
    x("1.1.2", "Xác định đầy đủ nhiệm vụ, kết quả, sản phẩm và thời gian hoàn thành trong kế hoạch", 0.5,
      "Phụ lục nhiệm vụ kèm Kế hoạch số 08/KH-UBND (minh họa)", VP),
    s("1.1.3", "Mức độ thực hiện kế hoạch CCHC", 2, 2, "1,91",
      "Hoàn thành 44/46 nhiệm vụ, đạt 95,68%",
      "- Các bộ phận chưa đề xuất cắt giảm thủ tục hành chính (LĐ TBXH, Tư pháp - Hộ tịch). "
      "- Chưa đề ra giải pháp cụ thể và báo cáo kết quả nâng cao các chỉ số",
      44, 46, "Báo cáo kết quả thực hiện kế hoạch CCHC năm 2023 (minh họa)"),
    p("1.2", "Báo cáo cải cách hành chính"),
    x("1.2.1", "Số lượng báo cáo CCHC định kỳ (quý, 6 tháng, năm)", 0.5,
      "Báo cáo CCHC quý I, 6 tháng, quý III và năm 2023 (minh họa)", VP),
    x("1.2.2", "Thời gian gửi báo cáo theo quy định", 0.5,
      "Sổ theo dõi văn bản đi; phiếu chuyển trên phần mềm QLVB (minh họa)", VP),
    p("1.3", "Công tác kiểm tra cải cách hành chính"),
    x("1.3.1", "Ban hành kế hoạch tự kiểm tra CCHC", 0.5,
      "Kế hoạch số 15/KH-UBND ngày 20/01/2023 về tự kiểm tra CCHC (minh họa)", VP),
    x("1.3.2", "Mức độ thực hiện kế hoạch tự kiểm tra", 0.5,
      "Biên bản tự kiểm tra tại các bộ phận chuyên môn (minh họa)", VP),
    x("1.3.3", "Xử lý các vấn đề phát hiện qua kiểm tra", 0.5,
      "Báo cáo kết quả khắc phục sau kiểm tra (minh họa)", VP),
    p("1.4", "Công tác tuyên truyền cải cách hành chính"),
    x("1.4.1", "Ban hành kế hoạch tuyên truyền CCHC", 0.5,
      "Kế hoạch số 11/KH-UBND ngày 16/01/2023 về tuyên truyền CCHC (minh họa)", VH),
    x("1.4.2", "Mức độ thực hiện kế hoạch tuyên truyền", 0.5,
      "Báo cáo kết quả tuyên truyền; tin bài trên Trang thông tin điện tử (minh họa)", VH),
    x("1.4.3", "Mức độ đa dạng trong hình thức tuyên truyền", 0.5,
      "Hình ảnh pa nô, áp phích, loa truyền thanh, nhóm Zalo tổ dân phố (minh họa)", VH),
    p("1.5", "Sự năng động trong chỉ đạo, điều hành cải cách hành chính"),
    x("1.5.1", "Gắn kết quả thực hiện nhiệm vụ CCHC với công tác thi đua, khen thưởng", 0.5,
      "Biên bản bình xét thi đua; quyết định khen thưởng (minh họa)", VP),
    x("1.5.2", "Tổ chức hội nghị, tập huấn về cải cách hành chính", 0.5,
      "Giấy mời và danh sách tham dự tập huấn CCHC (minh họa)", VP),
    s("1.5.3", "Tổ chức thực hiện đánh giá chỉ số đã công bố và kết quả khắc phục tồn tại, hạn chế",
      1, 1, 0,
      "Chưa tổ chức đánh giá chỉ số CCHC 6 tháng đầu năm 2023 và báo cáo kết quả khắc phục chỉ số "
      "CCHC 2022, 6 tháng đầu năm 2023",
      "- Văn phòng - Thống kê (phụ trách CCHC)",
      evidence="Kế hoạch khắc phục tồn tại, hạn chế chỉ số CCHC năm 2022 (minh họa)"),
    s("1.5.4", "Sáng kiến trong triển khai CCHC", 2, 0.5, 0.5,
      "Trong năm chỉ có 01/4 sáng kiến trong công tác CCHC được công nhận",
      "Công chức phụ trách CCHC và công chức chuyên môn", 1, 4),
    s("1.6", "Thực hiện cam kết cải thiện, nâng cao các chỉ số", 1, 1, 0.8,
      "Hoàn thành 4/5 nội dung cam kết, đạt 80% (tỷ lệ thanh toán trực tuyến không đạt)",
      BP_SEED, 4, 5, "Báo cáo kết quả thực hiện cam kết cải thiện các chỉ số (minh họa)"),
    s("1.7", "Đối thoại của Lãnh đạo UBND xã với người dân, doanh nghiệp", 1, 1, 0,
      "Trong năm có 01/02 cuộc đối thoại, nhưng không ban hành văn bản chỉ đạo, giải quyết những kiến "
      "nghị và báo cáo kết quả giải quyết kiến nghị, đề xuất",
      BP_SEED, evidence="Biên bản hội nghị đối thoại với người dân, doanh nghiệp (minh họa)"),
    x("1.8", "Thực hiện nhiệm vụ được UBND cấp huyện giao", 1,
      "Kết quả trên phần mềm theo dõi thực hiện nhiệm vụ của UBND thị xã (minh họa)", VP),

    # 2 ─ 6 points
    x("2.1.", "Tổ chức thực hiện văn bản quy phạm pháp luật, văn bản quản lý điều hành của cấp trên", 1,
      "Kế hoạch triển khai các văn bản quy phạm pháp luật của cấp trên (minh họa)", TP),
    p("2.2", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật"),
    x("2.2.1", "Ban hành kế hoạch rà soát, hệ thống hóa văn bản quy phạm pháp luật", 0.5,
      "Kế hoạch rà soát văn bản quy phạm pháp luật năm 2023 (minh họa)", TP),
    x("2.2.2", "Mức độ hoàn thành kế hoạch rà soát", 0.5,
      "Báo cáo kết quả rà soát văn bản quy phạm pháp luật (minh họa)", TP),
    x("2.2.3", "Xử lý hoặc kiến nghị xử lý văn bản sau rà soát", 0.5,
      "Văn bản kiến nghị xử lý sau rà soát (minh họa)", TP),
    p("2.3", "Theo dõi thi hành pháp luật"),
    x("2.3.1", "Ban hành kế hoạch theo dõi thi hành pháp luật", 0.5,
      "Kế hoạch theo dõi thi hành pháp luật năm 2023 (minh họa)", TP),
    x("2.3.2", "Mức độ thực hiện kế hoạch theo dõi thi hành pháp luật", 0.5,
      "Phiếu theo dõi, biên bản kiểm tra thi hành pháp luật (minh họa)", TP),
    x("2.3.3", "Báo cáo công tác theo dõi thi hành pháp luật đúng thời hạn", 0.5,
      "Báo cáo công tác theo dõi thi hành pháp luật năm 2023 (minh họa)", TP),
    p("2.4", "Phổ biến, giáo dục pháp luật"),
    x("2.4.1", "Ban hành kế hoạch phổ biến, giáo dục pháp luật", 0.5,
      "Kế hoạch phổ biến, giáo dục pháp luật năm 2023 (minh họa)", TP),
    x("2.4.2", "Mức độ thực hiện kế hoạch phổ biến, giáo dục pháp luật", 0.5,
      "Báo cáo kết quả phổ biến, giáo dục pháp luật (minh họa)", TP),
    x("2.5", "Xây dựng phường đạt chuẩn tiếp cận pháp luật", 1,
      "Quyết định công nhận phường đạt chuẩn tiếp cận pháp luật (minh họa)", TP),

    # 3 ─ 16 points
    x("3.1", "Ban hành kế hoạch kiểm soát thủ tục hành chính", 0.5,
      "Kế hoạch kiểm soát thủ tục hành chính năm 2023 (minh họa)", VP),
    x("3.2", "Mức độ thực hiện kế hoạch kiểm soát thủ tục hành chính", 0.5,
      "Báo cáo kiểm soát thủ tục hành chính quý, năm (minh họa)", VP),
    x("3.3", "Rà soát, đề xuất đơn giản hóa thủ tục hành chính", 0.5,
      "Báo cáo rà soát, đề xuất đơn giản hóa thủ tục hành chính (minh họa)", BP),
    p("3.4", "Công khai thủ tục hành chính"),
    x("3.4.1", "Công khai đầy đủ, đúng quy định thủ tục hành chính tại Bộ phận tiếp nhận và trả kết quả",
      0.5, "Hình ảnh bảng niêm yết thủ tục hành chính (minh họa)", BP),
    x("3.4.2", "Công khai thủ tục hành chính trên Trang thông tin điện tử của phường", 0.5,
      "Đường dẫn chuyên mục thủ tục hành chính trên Trang thông tin điện tử (minh họa)", VH),
    x("3.5", "Tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức đối với thủ tục hành chính", 1,
      "Sổ theo dõi tiếp nhận, xử lý phản ánh, kiến nghị (minh họa)", BP),
    p("3.6", "Hoạt động của Bộ phận tiếp nhận và trả kết quả"),
    x("3.6.1", "Bố trí cơ sở vật chất, trang thiết bị theo quy định", 0.5,
      "Danh mục trang thiết bị tại Bộ phận tiếp nhận và trả kết quả (minh họa)", TC),
    x("3.6.2", "Bố trí công chức làm việc tại Bộ phận tiếp nhận và trả kết quả", 0.5,
      "Quyết định phân công công chức làm việc tại Bộ phận một cửa (minh họa)", VP),
    x("3.7", "Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, giải quyết qua Hệ thống thông tin giải quyết "
      "thủ tục hành chính", 1,
      "Số liệu thống kê trên Hệ thống thông tin giải quyết thủ tục hành chính (minh họa)", BP),
    x("3.8", "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn", 2,
      "Báo cáo tình hình giải quyết thủ tục hành chính năm 2023 (minh họa)", BP),
    x("3.9", "Thực hiện xin lỗi người dân, tổ chức khi giải quyết hồ sơ trễ hẹn", 1,
      "Thư xin lỗi kèm kết quả giải quyết hồ sơ trễ hẹn (minh họa)", BP),
    x("3.10", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", 1,
      "Số liệu số hóa hồ sơ trên Hệ thống thông tin giải quyết thủ tục hành chính (minh họa)", BP),
    p("3.11", "Giải quyết thủ tục hành chính bằng phương thức điện tử"),
    s("3.11.1", "Tỷ lệ hồ sơ giải quyết TTHC được luân chuyển trong nội bộ giữa các cơ quan có thẩm quyền "
      "giải quyết hoặc các cơ quan có liên quan được thực hiện bằng phương thức điên tử", 1, 1, 0.96,
      "Trong năm có 870/901 hồ sơ, đạt 96,56%", BP_SEED, 870, 901,
      "Số liệu luân chuyển hồ sơ trên Hệ thống một cửa điện tử (minh họa)"),
    s("3.11.2", "Tỷ lệ hồ sơ thủ tục hành chính có cấp kết quả giải quyết TTHC điện tử", 1, 1, 0.99,
      "896/900 hồ sơ, đạt tỷ lệ 99,56%", "Công chức VH-XH (Phụ trách LĐ TBXH)", 896, 900,
      "Số liệu kết quả điện tử trên Hệ thống một cửa điện tử (minh họa)"),
    p("3.12", "Thanh toán trực tuyến"),
    s("3.12.1", "Tỷ lệ TTHC có phát sinh giao dịch thanh toán trực tuyến", 1, 1, 0.1,
      "3 TTHC phát sinh giao dịch thanh toán trực tuyến/30TTHC đang triển khai thanh toán trực tuyến",
      BP_SEED, 3, 30, "Số liệu thanh toán trực tuyến trên Cổng dịch vụ công (minh họa)"),
    s("3.12.2", "Tỷ lệ hồ sơ thanh toán trực tuyến", 1, 1, 0.32,
      "73/757 hồ sơ có thanh toán trực tuyến", "Công chức Văn phòng - Thống kê (phụ trách CCHC)",
      73, 757, "Số liệu thanh toán trực tuyến trên Cổng dịch vụ công (minh họa)"),
    p("3.13", "Cung cấp dịch vụ công trực tuyến"),
    x("3.13.1", "Tỷ lệ thủ tục hành chính đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình",
      0.5, "Danh mục dịch vụ công trực tuyến toàn trình của phường (minh họa)", BP),
    s("3.13.2", "Tỷ lệ DVCTT có phát sinh hồ sơ trực tuyến", 1, 1, 0.94,
      "18/19 phát sinh hồ sơ trực tuyến", BP_SEED, 18, 19,
      "Số liệu dịch vụ công trực tuyến trên Cổng dịch vụ công (minh họa)"),
    s("3.13.3", "Tỷ lệ hồ sơ DVCTT", 1, 1, 0.87,
      "782/903, đạt tỷ lệ 86.6%", BP_SEED, 782, 903,
      "Số liệu hồ sơ trực tuyến trên Cổng dịch vụ công (minh họa)"),

    # 4 ─ 6 points
    p("4.1", "Thực hiện quy định về tổ chức bộ máy"),
    x("4.1.1", "Ban hành quy chế làm việc của UBND phường", 0.5,
      "Quyết định ban hành Quy chế làm việc của UBND phường (minh họa)", VP),
    x("4.1.2", "Phân công nhiệm vụ cụ thể cho thành viên UBND và công chức", 0.5,
      "Quyết định phân công nhiệm vụ thành viên UBND phường (minh họa)", VP),
    x("4.2", "Thực hiện quy định về số lượng cán bộ, công chức được giao", 1,
      "Báo cáo số lượng cán bộ, công chức phường năm 2023 (minh họa)", VP),
    x("4.3", "Kiện toàn tổ chức, hoạt động của tổ dân phố", 1,
      "Quyết định kiện toàn tổ dân phố (minh họa)", VP),
    s("4.4", "Thực hiện phân cấp quản lý do UBND cấp huyện ban hành", 1, 1, 0,
      "Chưa có báo cáo thực hiện nhiệm vụ về phân cấp quản lý nhà nước theo đúng quy định",
      "Công chức Văn phòng - Thống kê",
      evidence="Văn bản triển khai phân cấp quản lý của UBND thị xã (minh họa)"),
    p("4.5", "Thực hiện dân chủ ở cơ sở"),
    x("4.5.1", "Ban hành kế hoạch thực hiện dân chủ ở cơ sở", 0.5,
      "Kế hoạch thực hiện dân chủ ở cơ sở năm 2023 (minh họa)", VP),
    x("4.5.2", "Công khai các nội dung theo quy định để nhân dân biết, bàn, kiểm tra", 0.5,
      "Biên bản niêm yết công khai tại trụ sở UBND phường (minh họa)", VH),
    x("4.6", "Kiểm tra, hướng dẫn hoạt động của tổ dân phố", 1,
      "Biên bản kiểm tra hoạt động của các tổ dân phố (minh họa)", VP),

    # 5 ─ 7 points
    p("5.1", "Thực hiện quy định về vị trí việc làm"),
    x("5.1.1", "Bố trí công chức theo vị trí việc làm được phê duyệt", 0.5,
      "Đề án vị trí việc làm và danh sách bố trí công chức (minh họa)", VP),
    x("5.1.2", "Cập nhật dữ liệu cán bộ, công chức trên Hệ thống quản lý đội ngũ của tỉnh", 0.5,
      "Kết xuất dữ liệu từ Hệ thống quản lý đội ngũ, tổ chức bộ máy, biên chế (minh họa)", VP),
    p("5.2", "Đánh giá, xếp loại cán bộ, công chức"),
    x("5.2.1", "Đánh giá, xếp loại chất lượng cán bộ, công chức năm đúng quy định", 0.5,
      "Quyết định xếp loại chất lượng cán bộ, công chức năm 2023 (minh họa)", VP),
    x("5.2.2", "Đánh giá kết quả thực hiện nhiệm vụ hằng tháng", 0.5,
      "Phiếu đánh giá kết quả thực hiện nhiệm vụ hằng tháng (minh họa)", VP),
    x("5.3.", "Đào tạo, bồi dưỡng cán bộ, công chức", 1,
      "Kế hoạch và báo cáo đào tạo, bồi dưỡng cán bộ, công chức năm 2023 (minh họa)", VP),
    p("5.4", "Chấp hành kỷ luật, kỷ cương hành chính"),
    x("5.4.1", "Thực hiện quy định về văn hóa công vụ", 0.5,
      "Quy chế văn hóa công sở của UBND phường (minh họa)", VP),
    x("5.4.2", "Tổ chức tự kiểm tra công vụ", 0.5,
      "Biên bản tự kiểm tra công vụ (minh họa)", VP),
    x("5.4.3", "Không có cán bộ, công chức bị xử lý kỷ luật", 1,
      "Báo cáo tình hình chấp hành kỷ luật, kỷ cương hành chính (minh họa)", VP),
    p("5.5", "Chất lượng cán bộ, công chức"),
    x("5.5.1", "Cán bộ, công chức đạt chuẩn về trình độ chuyên môn theo quy định", 1,
      "Danh sách trình độ chuyên môn của cán bộ, công chức (minh họa)", VP),
    x("5.5.2", "Kết quả đánh giá chất lượng, hiệu quả công việc của Chủ tịch UBND phường", 1,
      "Kết quả đánh giá Chủ tịch UBND phường của UBND thị xã (minh họa)", VP),

    # 6 ─ 5 points
    p("6.1", "Thực hiện dự toán ngân sách"),
    x("6.1.1", "Công khai dự toán, quyết toán ngân sách theo quy định", 0.5,
      "Quyết định công bố công khai dự toán, quyết toán ngân sách (minh họa)", TC),
    x("6.1.2", "Thực hiện chế độ báo cáo tài chính, ngân sách đúng thời hạn", 0.5,
      "Báo cáo tài chính, ngân sách năm 2023 (minh họa)", TC),
    x("6.2", "Ban hành và thực hiện quy chế chi tiêu nội bộ", 1,
      "Quyết định ban hành Quy chế chi tiêu nội bộ năm 2023 (minh họa)", TC),
    x("6.3", "Quản lý, sử dụng tài sản công", 1,
      "Báo cáo kê khai tài sản công năm 2023 (minh họa)", TC),
    x("6.4", "Thực hiện kiến nghị sau thanh tra, kiểm tra, kiểm toán về tài chính, ngân sách", 1,
      "Báo cáo thực hiện kết luận thanh tra, kiểm toán (minh họa)", TC),
    x("6.5", "Giải ngân vốn đầu tư công theo kế hoạch", 1,
      "Báo cáo giải ngân vốn đầu tư công năm 2023 (minh họa)", TC),

    # 7 ─ 9 points
    p("7.1", "Ứng dụng công nghệ thông tin trong hoạt động của UBND phường"),
    x("7.1.1", "Hạ tầng kỹ thuật công nghệ thông tin đáp ứng yêu cầu công việc", 0.5,
      "Danh mục máy tính, đường truyền của UBND phường (minh họa)", VH),
    x("7.1.2", "Sử dụng hệ thống thư điện tử công vụ", 0.5,
      "Danh sách hộp thư công vụ của cán bộ, công chức (minh họa)", VP),
    x("7.1.3", "Gửi, nhận văn bản điện tử giữa các cơ quan hành chính nhà nước", 1,
      "Thống kê văn bản đi, đến trên phần mềm QLVB và HSCV (minh họa)", VP),
    s("7.1.4", "Triển khai xử lý văn bản và hồ sơ công việc trên môi trường mạng theo đúng quy trình từ "
      "khâu tiếp nhận văn bản, chuyển xử lý, taaoj lập hồ sơ, trình qua các cấp thaarm quyền phê duyệt "
      "và ký số văn bản trên phần mềm QLVB và HSCV (trừ văn bản mật)", 2, 2, 1,
      "Đã triển khai thực hiện nhưng chưa đầy đủ", CC_LQ,
      evidence="Thống kê hồ sơ công việc trên phần mềm QLVB và HSCV (minh họa)"),
    s("7.2", "Thông tin cung cấp trên Cổng/Trang thông tin điện tử", 1, 1, 0,
      "Chức cung cấp đầy đủ theo Quy định tại Nghị định số 42", "Công chức VH-XH",
      evidence="Đường dẫn Trang thông tin điện tử của phường (minh họa)"),
    p("7.3", "Ứng dụng chữ ký số"),
    s("7.3.1", "UBND cấp xã áp dụng chữ ký số", 1, 1, 0.69,
      "319/461, đạt 69.2%", CC_LQ, 319, 461,
      "Thống kê văn bản ký số trên phần mềm QLVB và HSCV (minh họa)"),
    s("7.3.2", "Lãnh đạo đơn vị áp dụng chữ ký số", 2, 2, 1.92,
      "307/319, đạt 96.24%", CC_LQ, 307, 319,
      "Thống kê văn bản lãnh đạo ký số trên phần mềm QLVB và HSCV (minh họa)"),
    x("7.4", "Bảo đảm an toàn thông tin mạng", 1,
      "Quy chế bảo đảm an toàn thông tin mạng của UBND phường (minh họa)", VH),

    # 8 ─ 7 points
    p("8.1", "Thực hiện các chỉ tiêu phát triển kinh tế - xã hội"),
    x("8.1.1", "Tỷ lệ thu ngân sách nhà nước so với dự toán được giao", 1,
      "Báo cáo thu ngân sách nhà nước năm 2023 (minh họa)", TC),
    x("8.1.2", "Mức độ hoàn thành các chỉ tiêu kinh tế - xã hội do HĐND phường giao", 1,
      "Báo cáo tình hình kinh tế - xã hội năm 2023 (minh họa)", VP),
    p("8.2", "Thực hiện các chỉ tiêu an sinh xã hội"),
    x("8.2.1", "Giảm tỷ lệ hộ nghèo theo kế hoạch", 1,
      "Quyết định công nhận kết quả rà soát hộ nghèo năm 2023 (minh họa)", VH),
    x("8.2.2", "Tỷ lệ người dân tham gia bảo hiểm y tế", 1,
      "Số liệu bảo hiểm y tế của Bảo hiểm xã hội thị xã (minh họa)", VH),
    x("8.3", "Bảo đảm an ninh, trật tự, an toàn xã hội trên địa bàn", 1,
      "Báo cáo công tác bảo đảm an ninh, trật tự năm 2023 (minh họa)", VP),
    x("8.4", "Giải quyết khiếu nại, tố cáo, phản ánh, kiến nghị của người dân đúng thời hạn", 1,
      "Sổ theo dõi tiếp công dân, giải quyết đơn thư (minh họa)", TP),
    x("8.5", "Công tác bảo vệ môi trường, trật tự đô thị", 1,
      "Báo cáo công tác bảo vệ môi trường, trật tự đô thị (minh họa)", VP),
]
# fmt: on

# ─── styles ──────────────────────────────────────────────────────────────────────────────────────────

_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
FILL_HEADER = PatternFill("solid", fgColor="D9E1F2")
FILL_AREA = PatternFill("solid", fgColor="E2EFDA")
FILL_TOTAL = PatternFill("solid", fgColor="FCE4D6")
SCORE_FMT = "0.00"

WRAP_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def _font(size: float = 12, bold: bool = False, italic: bool = False) -> Font:
    return Font(name=FONT, size=size, bold=bold, italic=italic)


HEADER_TEXTS: dict[str, str] = {
    "A6": "STT",
    "B6": "Lĩnh vực/Tiêu chí/Tiêu chí thành phần",
    "C6": "Điểm",
    "F6": "Số liệu tính tỷ lệ",
    "H6": "Tài liệu kiểm chứng",
    "I6": "Ghi chú\n(Lý do giảm điểm)",
    "J6": "Trách nhiệm bộ phận\nphụ trách",
    "C7": "Điểm tối đa",
    "D7": "Điểm tự\nđánh giá",
    "E7": "Điểm thẩm\nđịnh",
    "F7": "Tử số",
    "G7": "Mẫu số",
}
HEADER_MERGES = ["A6:A7", "B6:B7", "C6:E6", "F6:G6", "H6:H7", "I6:I7", "J6:J7"]
COL_WIDTHS = {"A": 8, "B": 52, "C": 9, "D": 10, "E": 10, "F": 8, "G": 8, "H": 36, "I": 32, "J": 22}

CONFIG_LABELS = [
    "Tên đơn vị",
    "Cấp trên",
    "Năm đánh giá",
    "Điểm tối đa ĐTXHH",
    "Tổng điểm tối đa",
    "Cách làm tròn",
    "Số chữ số thập phân",
    "Ngưỡng Xuất sắc",
    "Ngưỡng Tốt",
    "Ngưỡng Khá",
    "Ngưỡng Trung bình",
    "Tổng điểm năm trước",
    "Số báo cáo",
    "Ngày báo cáo",
    "Mục tiêu xếp hạng",
]
ROUNDING_CHOICES = ("Làm tròn", "Cắt bỏ")


# ─── structure helpers ───────────────────────────────────────────────────────────────────────────────


def norm_code(code: str) -> str:
    """``"2.1."`` → ``"2.1"``: officials sometimes type a trailing dot."""
    return code.strip().rstrip(".")


def parent_code(code: str) -> str:
    parts = norm_code(code).split(".")
    return ".".join(parts[:-1])


def _refs(col: str, rows: list[int]) -> str:
    """``SUM`` arguments for the given rows: one range when they are consecutive, else a list."""
    if len(rows) > 1 and rows == list(range(rows[0], rows[-1] + 1)):
        return f"{col}{rows[0]}:{col}{rows[-1]}"
    return ",".join(f"{col}{r}" for r in rows)


def demo_rows() -> list[tuple[str, Item | None]]:
    """The demo table in order: ("area", Item) / ("item", Item)."""
    out: list[tuple[str, Item | None]] = []
    for code, name in AREAS:
        out.append(("area", Item(code, name.upper())))
        out.extend(("item", it) for it in DEMO if norm_code(it.code).split(".")[0] == code)
    return out


# ─── sheet builders ──────────────────────────────────────────────────────────────────────────────────


def _title_block(ws: Worksheet, unit_line: str, year_text: str, note: str) -> None:
    ws.merge_cells("A1:B1")
    ws.merge_cells("A2:B2")
    ws.merge_cells("D1:J1")
    ws.merge_cells("D2:J2")
    ws.merge_cells("A4:J4")
    ws.merge_cells("A5:J5")
    for ref, text, bold in (
        ("A1", "ỦY BAN NHÂN DÂN", False),
        ("A2", unit_line, True),
        ("D1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
        ("D2", "Độc lập - Tự do - Hạnh phúc", True),
    ):
        c = ws[ref]
        c.value = text
        c.font = _font(12, bold=bold)
        c.alignment = Alignment(horizontal="center", vertical="center")
    ws["D2"].font = Font(name=FONT, size=12, bold=True, underline="single")
    c = ws["A4"]
    c.value = f"BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year_text}"
    c.font = _font(14, bold=True)
    c.alignment = WRAP_CENTER
    ws.row_dimensions[4].height = 36
    c = ws["A5"]
    c.value = note
    c.font = _font(11, italic=True)
    c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[5].height = 20


def _header(ws: Worksheet) -> None:
    for rng in HEADER_MERGES:
        ws.merge_cells(rng)
    for row in (6, 7, 8):
        for col in range(1, N_COLS + 1):
            c = ws.cell(row=row, column=col)
            c.border = BORDER
            c.fill = FILL_HEADER
            c.alignment = WRAP_CENTER
            c.font = _font(11, bold=row != 8, italic=row == 8)
    for ref, text in HEADER_TEXTS.items():
        ws[ref].value = text
    for col in range(1, N_COLS + 1):
        ws.cell(row=8, column=col).value = f"({col})"
    ws.row_dimensions[6].height = 24
    ws.row_dimensions[7].height = 36


def _style_data_row(ws: Worksheet, row: int, kind: str) -> None:
    """kind: area | parent | leaf | empty | total."""
    bold = kind in ("area", "parent", "total")
    fill = FILL_AREA if kind == "area" else FILL_TOTAL if kind == "total" else None
    for col in range(1, N_COLS + 1):
        c = ws.cell(row=row, column=col)
        c.border = BORDER
        c.font = _font(12, bold=bold)
        if fill is not None:
            c.fill = fill
        if col == 1:
            c.alignment = WRAP_CENTER
        elif col == 2 or col >= 8:
            c.alignment = WRAP_LEFT
        else:
            c.alignment = WRAP_CENTER
        if col in (3, 4, 5):
            c.number_format = SCORE_FMT
    if kind == "total":
        ws.cell(row=row, column=2).alignment = WRAP_CENTER


def _wrapped_lines(text: str, width: float, bold: bool) -> int:
    """How many lines ``text`` needs in a column ``width`` characters wide (greedy word wrap)."""
    capacity = max(1, int(width * (0.8 if bold else 1.05)) - 1)
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += 1
        used = 0
        for word in paragraph.split():
            need = len(word) if used == 0 else used + 1 + len(word)
            if need <= capacity:
                used = need
            else:
                lines += max(0, (len(word) - 1) // capacity) + (1 if used else 0)
                used = len(word) % capacity or capacity
    return lines


def _fit_row_heights(ws: Worksheet, first: int, last: int, widths: dict[str, float], line_pt: float = 16.0) -> None:
    """Excel does not grow rows for wrapped text on open, so give each row the height it needs."""
    for row in range(first, last + 1):
        lines = 1
        for col, width in widths.items():
            cell = ws[f"{col}{row}"]
            if isinstance(cell.value, str) and not cell.value.startswith("="):
                lines = max(lines, _wrapped_lines(cell.value, width, bool(cell.font.b)))
        ws.row_dimensions[row].height = round(lines * line_pt + 4, 1)


def _page_setup(ws: Worksheet, last_row: int, title_rows: str | None, last_col: str = "J") -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    # Nghị định 30/2020/NĐ-CP: top/bottom 20 mm, left 30 mm, right 15 mm (in inches).
    ws.page_margins.left = 1.18
    ws.page_margins.right = 0.59
    ws.page_margins.top = 0.79
    ws.page_margins.bottom = 0.79
    ws.page_margins.header = 0.3
    ws.page_margins.footer = 0.3
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = f"{FONT},Regular"
    ws.oddFooter.center.size = 10
    if title_rows:
        ws.print_title_rows = title_rows
    ws.print_area = f"A1:{last_col}{last_row}"


def _score_validation(ws: Worksheet, first: int, last: int) -> None:
    dv = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Điểm không hợp lệ",
        error="Điểm phải là số không âm (dùng dấu chấm hoặc dấu phẩy theo cài đặt của máy).",
        showInputMessage=True,
        promptTitle="Nhập điểm",
        prompt="Nhập số điểm, không vượt quá điểm tối đa.",
    )
    dv.add(f"D{first}:E{last}")
    ws.add_data_validation(dv)


def _survey_and_total(ws: Worksheet, row: int, block_rows: list[int], appraised: float | None) -> int:
    """Write the survey row at ``row`` and the total row after it; return the total row number."""
    _style_data_row(ws, row, "area")
    ws.cell(row=row, column=1).value = SURVEY_CODE
    ws.cell(row=row, column=2).value = SURVEY_NAME
    ws.cell(row=row, column=3).value = SURVEY_MAX
    ws.cell(row=row, column=5).value = appraised
    total = row + 1
    _style_data_row(ws, total, "total")
    ws.cell(row=total, column=2).value = TOTAL_LABEL
    for col in "CDE":
        ws[f"{col}{total}"].value = f"=SUM({_refs(col, block_rows + [row])})"
    return total


def _finish_scores(ws: Worksheet, total_row: int) -> None:
    for col, width in COL_WIDTHS.items():
        ws.column_dimensions[col].width = width
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    _fit_row_heights(ws, FIRST_DATA_ROW, total_row, {c: COL_WIDTHS[c] for c in "BHIJ"})
    _page_setup(ws, total_row, "6:8")
    ws.sheet_view.zoomScale = 90


def build_demo_scores(ws: Worksheet) -> dict[str, int]:
    _title_block(ws, "PHƯỜNG 1", "2023", NOTE_ILLUSTRATIVE)
    _header(ws)
    rows = demo_rows()
    row_of: dict[str, int] = {}
    for i, (_, it) in enumerate(rows):
        assert it is not None
        row_of[norm_code(it.code)] = FIRST_DATA_ROW + i
    children: dict[str, list[int]] = {}
    for _, it in rows:
        assert it is not None
        pc = parent_code(it.code)
        if pc:
            children.setdefault(pc, []).append(row_of[norm_code(it.code)])

    area_rows: list[int] = []
    for kind, it in rows:
        assert it is not None
        r = row_of[norm_code(it.code)]
        kids = children.get(norm_code(it.code), [])
        if kind == "area":
            area_rows.append(r)
        style = "area" if kind == "area" else "parent" if kids else "leaf"
        _style_data_row(ws, r, style)
        ws.cell(row=r, column=1).value = it.code
        ws.cell(row=r, column=2).value = it.name
        if kids:
            assert it.max_ is None, it.code
            for col in "CDE":
                ws[f"{col}{r}"].value = f"=SUM({_refs(col, kids)})"
            continue
        assert it.max_ is not None, it.code
        values = (it.max_, it.self_, it.appraised, it.num, it.den, it.evidence, it.reason, it.unit)
        for col, v in zip(range(3, 11), values):
            ws.cell(row=r, column=col).value = v
    last_item_row = FIRST_DATA_ROW + len(rows) - 1
    total = _survey_and_total(ws, last_item_row + 1, area_rows, 30)
    _score_validation(ws, FIRST_DATA_ROW, total - 1)
    _finish_scores(ws, total)
    return {"areas": area_rows[0], "survey": total - 1, "total": total}


BLANK_EMPTY_ROWS = 3


def build_blank_scores(ws: Worksheet) -> dict[str, int]:
    _title_block(ws, "PHƯỜNG/XÃ ……", "……", NOTE_BLANK)
    _header(ws)
    r = FIRST_DATA_ROW
    area_rows: list[int] = []
    for code, name in AREAS:
        _style_data_row(ws, r, "area")
        ws.cell(row=r, column=1).value = code
        ws.cell(row=r, column=2).value = name.upper()
        area_rows.append(r)
        r += 1
        for _ in range(BLANK_EMPTY_ROWS):
            _style_data_row(ws, r, "leaf")
            r += 1
    total = _survey_and_total(ws, r, area_rows, None)
    _score_validation(ws, FIRST_DATA_ROW, total - 1)
    _finish_scores(ws, total)
    return {"areas": area_rows[0], "survey": total - 1, "total": total}


def build_config(ws: Worksheet, demo: bool) -> None:
    notes = {
        "Tên đơn vị": "Tên cơ quan tự đánh giá, dùng trong tiêu đề báo cáo và phụ lục.",
        "Cấp trên": "Cơ quan thẩm định, công bố Chỉ số CCHC (UBND cấp huyện).",
        "Năm đánh giá": "Năm của kỳ đánh giá Chỉ số CCHC.",
        "Điểm tối đa ĐTXHH": "Điểm tối đa phần điều tra xã hội học; thay đổi theo khung chỉ số "
        "(ví dụ 30/100, 35/100, 40/100).",
        "Tổng điểm tối đa": "Tổng điểm tối đa = điểm thẩm định tối đa + điểm ĐTXHH tối đa.",
        "Cách làm tròn": "\"Làm tròn\" (làm tròn 0,5 lên) hoặc \"Cắt bỏ\" (bỏ các chữ số thập phân thừa).",
        "Số chữ số thập phân": "Số chữ số thập phân khi công bố điểm (thường là 2).",
        "Ngưỡng Xuất sắc": (
            "Ví dụ minh họa, sửa theo quy định của địa phương. Tại thị xã trong Báo cáo số "
            "20/BC-UBND, 91,00 điểm được xếp loại Tốt."
            if demo
            else "Ví dụ, sửa theo quy định của địa phương: tổng điểm từ mức này trở lên là Xuất sắc."
        ),
        "Ngưỡng Tốt": "Tổng điểm từ mức này đến dưới ngưỡng Xuất sắc là Tốt (sửa theo quy định).",
        "Ngưỡng Khá": "Tổng điểm từ mức này đến dưới ngưỡng Tốt là Khá (sửa theo quy định).",
        "Ngưỡng Trung bình": "Từ mức này đến dưới ngưỡng Khá là Trung bình; dưới mức này là Yếu.",
        "Tổng điểm năm trước": (
            "Tổng điểm năm 2022, suy ra từ Báo cáo số 20/BC-UBND: 91,00 điểm tăng 9,18 điểm so với "
            "năm 2022."
            if demo
            else "Tổng điểm năm trước, để so sánh tăng/giảm."
        ),
        "Số báo cáo": "Số văn bản báo cáo kèm phụ lục (ví dụ 20/BC-UBND).",
        "Ngày báo cáo": "Ngày ký báo cáo (dd/mm/yyyy).",
        "Mục tiêu xếp hạng": "Mục tiêu xếp hạng trong huyện/thị xã (ví dụ: thuộc nhóm 5 đơn vị dẫn đầu).",
    }
    values: dict[str, object] = {
        "Tên đơn vị": "UBND Phường 1" if demo else None,
        "Cấp trên": "UBND thị xã Quảng Trị" if demo else None,
        "Năm đánh giá": 2023 if demo else None,
        "Điểm tối đa ĐTXHH": 30,
        "Tổng điểm tối đa": 100,
        "Cách làm tròn": ROUNDING_CHOICES[0],
        "Số chữ số thập phân": 2,
        "Ngưỡng Xuất sắc": 95 if demo else 90,
        "Ngưỡng Tốt": 80,
        "Ngưỡng Khá": 70,
        "Ngưỡng Trung bình": 50,
        "Tổng điểm năm trước": 81.82 if demo else None,
        "Số báo cáo": "20/BC-UBND" if demo else None,
        "Ngày báo cáo": "27/02/2024" if demo else None,
        "Mục tiêu xếp hạng": 5,
    }
    assert list(values) == CONFIG_LABELS == list(notes)

    def head(ref: str, text: str) -> None:
        c = ws[ref]
        c.value = text
        c.font = _font(12, bold=True)
        c.fill = FILL_HEADER
        c.border = BORDER
        c.alignment = WRAP_CENTER

    for ref, text in (("A1", "Thiết lập"), ("B1", "Giá trị"), ("C1", "Ghi chú"),
                      ("E1", "Mã lĩnh vực"), ("F1", "Điểm năm trước")):
        head(ref, text)
    ws.row_dimensions[1].height = 22
    for i, label in enumerate(CONFIG_LABELS, start=2):
        a, b, c = ws.cell(row=i, column=1), ws.cell(row=i, column=2), ws.cell(row=i, column=3)
        a.value, b.value, c.value = label, values[label], notes[label]
        for cell in (a, b, c):
            cell.font = _font(12)
            cell.border = BORDER
            cell.alignment = WRAP_LEFT
        b.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        c.font = _font(11, italic=True)
        if label in ("Số báo cáo", "Ngày báo cáo", "Tên đơn vị", "Cấp trên"):
            b.number_format = "@"
        if label == "Tổng điểm năm trước":
            b.number_format = SCORE_FMT
    # The per-area table of last year's points: header only (the demo does not know those figures).
    for row in range(2, 2 + len(AREAS)):
        for col in (5, 6):
            cell = ws.cell(row=row, column=col)
            cell.border = BORDER
            cell.font = _font(12)
            cell.alignment = WRAP_CENTER
        ws.cell(row=row, column=6).number_format = SCORE_FMT

    rounding_row = 2 + CONFIG_LABELS.index("Cách làm tròn")
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(ROUNDING_CHOICES) + '"',
        allow_blank=False,
        showErrorMessage=True,
        errorTitle="Giá trị không hợp lệ",
        error="Chọn \"Làm tròn\" hoặc \"Cắt bỏ\".",
    )
    dv.add(f"B{rounding_row}")
    ws.add_data_validation(dv)

    widths = {"A": 24, "B": 24, "C": 80, "D": 3, "E": 14, "F": 16}
    for col, width in widths.items():
        ws.column_dimensions[col].width = width
    _fit_row_heights(ws, 2, 1 + len(CONFIG_LABELS), {"A": 24, "B": 24, "C": 80 * 1.08})
    ws.freeze_panes = "A2"
    _page_setup(ws, 1 + len(CONFIG_LABELS), "1:1", last_col="F")


# ─── workbook ────────────────────────────────────────────────────────────────────────────────────────


def _new_workbook(title: str) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    p = wb.properties
    p.creator = "parxl"
    p.lastModifiedBy = "parxl"
    p.title = title
    p.language = "vi-VN"
    p.created = FIXED_TIME
    p.modified = FIXED_TIME
    wb.calculation = CalcProperties(fullCalcOnLoad=True)
    return wb


def _to_bytes(wb: Workbook) -> bytes:
    """Serialise without ``save_workbook`` (it stamps the current time) and with fixed zip times."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def make_demo() -> tuple[Workbook, dict[str, int]]:
    wb = _new_workbook("Bảng tự đánh giá Chỉ số CCHC năm 2023 - ví dụ (parxl)")
    rows = build_demo_scores(wb.create_sheet(SHEET_SCORES))
    build_config(wb.create_sheet(SHEET_CONFIG), demo=True)
    wb.active = 0
    return wb, rows


def make_blank() -> tuple[Workbook, dict[str, int]]:
    wb = _new_workbook("Bảng tự đánh giá Chỉ số CCHC - mẫu trống (parxl)")
    rows = build_blank_scores(wb.create_sheet(SHEET_SCORES))
    build_config(wb.create_sheet(SHEET_CONFIG), demo=False)
    wb.active = 0
    return wb, rows


def build(out_dir: Path | str = HERE) -> dict[str, Path]:
    """Write blank.xlsx and demo.xlsx into ``out_dir``; return their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, maker in (("blank", make_blank), ("demo", make_demo)):
        wb, _ = maker()
        path = out / f"{name}.xlsx"
        path.write_bytes(_to_bytes(wb))
        paths[name] = path
    return paths


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths = build(args[0] if args else HERE)
    for path in paths.values():
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
