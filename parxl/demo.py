"""What ``parxl demo`` tells a newcomer: the problems planted on purpose in the example workbook, and why.

The example (``workbook_templates/demo.xlsx``) carries mistakes found in real score sheets so that the
first run shows what parxl reports. The notes are made from the findings themselves (their codes and
cells), so they cannot drift from what the "Kiểm tra" sheet shows.
"""

from __future__ import annotations

from decimal import Decimal

from parxl.analyse import Analysis
from parxl.findings import Finding
from parxl.numbers import format_vn

# Why each kind of finding is in the example, by finding code.
PLANTED = {
    "text_number": "điểm gõ dạng chữ (như khi chép từ Word hay thư điện tử); Excel không cộng ô này",
    "parent_score_mismatch": "hệ quả của ô gõ dạng chữ ở trên: dòng mục cha cộng thiếu ô đó",
    "total_mismatch": "cũng là hệ quả đó: dòng tổng cộng do Excel cộng thiếu ô gõ dạng chữ",
    "ratio_other_rounding": "điểm chép nguyên từ báo cáo thật, nơi số bị cắt bỏ thay vì làm tròn",
    "ratio_score_mismatch": "điểm ghi khác với điểm tính theo tỷ lệ tử số/mẫu số của tiêu chí",
    "formula_recomputed": "tệp ví dụ chưa từng được mở bằng Excel nên công thức chưa có giá trị; parxl tự tính",
}


def _cells(items: list[Finding]) -> str:
    return ", ".join(f.cell for f in items if f.cell)


def demo_notes(analysis: Analysis) -> str:
    """Vietnamese notes: which findings were planted and why, then the classification thresholds used."""
    lines = [("Đây là bảng điểm VÍ DỤ. Các vấn đề dưới đây được cố ý để sẵn để bạn thấy parxl báo gì "
              "(mở trang “Kiểm tra”, bấm vào ô để đến đúng chỗ):")]
    by_code: dict[str, list[Finding]] = {}
    for item in analysis.findings:
        by_code.setdefault(item.code, []).append(item)
    for code, why in PLANTED.items():
        items = by_code.pop(code, [])
        if items:
            lines.append(f"  • {_cells(items)} ({len(items)} {items[0].severity.label.lower()}): {why}.")
    for code, items in by_code.items():  # anything else is not planted: say so rather than hide it
        lines.append(f"  • {_cells(items)} ({len(items)} {items[0].severity.label.lower()}, mã {code}): không "
                     "phải lỗi cố ý của bảng ví dụ.")
    if "text_number" in {f.code for f in analysis.findings}:
        lines.append("  Sửa ô gõ dạng chữ (gõ lại thành số) rồi tính điểm lại: các lỗi cộng tổng ở trên sẽ hết.")
    thresholds = "; ".join(f"{label} ≥ "
                           f"{format_vn(Decimal(bound), 10)}" for label, bound in analysis.settings.thresholds)
    lines.append(f"Ngưỡng xếp loại của bảng ví dụ (trang “Cấu hình”): {thresholds}. Vì vậy "
                 f"{format_vn(analysis.result.totals.points, 2, trim=False)} điểm được xếp loại "
                 f"{analysis.result.totals.classification}. Khi trang Cấu hình không ghi ngưỡng, parxl dùng "
                 "90 / 80 / 70 / 50.")
    return "\n".join(lines)
