"""Findings: every problem parxl reports, with a stable code and one table of Vietnamese templates.

Validation never raises for bad data; it returns findings. Tests compare codes and positions, never
message text, so wording can be improved without breaking them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "Lỗi", "warning": "Cảnh báo", "info": "Thông tin"}[self.value]


# Short names for the table below; N (a note) for INFO, as a lone capital I reads like l or 1.
E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO

# code -> (severity, template). Templates use str.format fields; {value} and {expected} are always
# available, other fields come from the finding's ``params``.
TEMPLATES: dict[str, tuple[Severity, str]] = {
    # --- reading the score sheet
    "not_a_number": (E, "Ô này phải là số, nhưng đang ghi “{value}”."),
    "negative": (E, "Điểm không được âm (đang ghi {value})."),
    "above_max": (E, "Điểm {value} lớn hơn điểm tối đa {expected} của tiêu chí {code}."),
    "leaf_without_max": (E, "Tiêu chí {code} chưa có điểm tối đa."),
    "duplicate_code": (E, "Mã {code} bị trùng với dòng {other_row}."),
    "orphan_code": (E, "Mã {code} không có mục cha {parent} trong bảng."),
    "bad_code": (W, "Không hiểu mã “{value}”; dòng này được bỏ qua."),
    "column_not_read": (W, "Cột {column} (“{value}”) có số (từ dòng {row}) nhưng parxl không dùng cột này khi tính "
                           "điểm. Nếu đây là điểm cần tính, hãy đổi tiêu đề cột thành “Điểm tối đa”, “Điểm tự đánh "
                           "giá” hoặc “Điểm thẩm định”; nếu chỉ để tham khảo thì không cần sửa."),
    "column_duplicate": (W, "Cột {column} (“{value}”) cũng là cột {field} như cột {other}; parxl chỉ dùng cột {other}. "
                            "Nếu cột {column} mới là điểm cần tính, hãy đổi tiêu đề hoặc xoá cột {other}."),
    "row_not_read": (E, "Dòng {row} có điểm nhưng parxl không biết dòng này thuộc tiêu chí nào (“{value}”: không có "
                        "mã hoặc mã không hiểu được), nên điểm của dòng không được tính. Hãy ghi mã tiêu chí (STT) "
                        "cho dòng này, hoặc xoá điểm nếu dòng không phải tiêu chí."),
    "formula_recomputed": (N, "{count} ô công thức chưa có giá trị lưu sẵn (tệp chưa từng được mở bằng Excel); "
                              "parxl đã tự tính lại, bắt đầu từ ô này."),
    "formula_uncomputable": (E, "Chưa tính được công thức “{value}” (không hỗ trợ: {function}) và ô không có giá trị "
                                "lưu sẵn; các số liệu phụ thuộc ô này chưa tính được. Hãy mở tệp bằng Excel, lưu lại "
                                "rồi chạy lại, hoặc chạy với --recalc."),
    "formula_error_value": (E, "Công thức “{value}” cho kết quả lỗi {expected}; các số liệu phụ thuộc ô này chưa tính "
                               "được."),
    "figures_uncomputed": (E, "Điểm của {what} chưa tính được vì có ô công thức chưa tính được (bắt đầu từ ô này); "
                              "tổng điểm và chỉ số hiển thị chỉ là tạm tính."),
    "sheets_read": (N, "Bảng điểm gồm {count} trang, đọc lần lượt: {sheets}."),
    "sheets_not_read": (W, "Trang “{value}” có cùng dòng tiêu đề với bảng điểm nhưng không được đọc ({reason}); "
                           "parxl chỉ đọc: {sheets}. Nếu trang này thuộc bảng điểm, hãy ghi tên các trang vào "
                           "thiết lập “Trang bảng điểm” trong trang Cấu hình."),
    "sheet_listed_missing": (E, "Trang “{value}” ghi trong thiết lập “Trang bảng điểm” không có trong tệp hoặc không "
                                "có dòng tiêu đề bảng điểm."),
    "subtotal_mismatch": (E, "Dòng “{label}” ghi {column} {value}, nhưng cộng các lĩnh vực phía trên nó được "
                             "{expected}."),
    "text_number": (W, "Số được nhập dạng chữ “{value}” (parxl đọc là {expected}); hàm SUM của Excel bỏ qua ô dạng "
                       "chữ nên các dòng tổng có thể sai. Hãy nhập lại dạng số."),
    # --- arithmetic of the tree
    "parent_max_mismatch": (E, "Điểm tối đa của {code} là {value}, nhưng tổng điểm tối đa các mục con là {expected}."),
    "parent_score_mismatch": (E, "{column} của {code} là {value}, nhưng tổng các mục con là {expected}."),
    "total_mismatch": (E, "Dòng tổng cộng ghi {column} {value}, nhưng tổng tính được là {expected}."),
    "total_max_not_expected": (E, "Tổng điểm tối đa là {value}, nhưng phần Cấu hình quy định {expected}."),
    # --- evidence and appraisal
    "missing_evidence": (W, "Tiêu chí {code} tự chấm {value}/{expected} điểm nhưng chưa có tài liệu kiểm chứng hoặc "
                            "giải trình."),
    "appraised_above_self": (W, "Điểm thẩm định {value} cao hơn điểm tự đánh giá {expected} của tiêu chí {code}."),
    "self_basis": (N, "{count} tiêu chí chưa có điểm thẩm định; parxl dùng điểm tự đánh giá cho các tiêu chí này."),
    # --- ratio criteria
    "ratio_zero_denominator": (E, "Tiêu chí {code}: mẫu số bằng 0."),
    "ratio_above_one": (E, "Tiêu chí {code}: tử số {value} lớn hơn mẫu số {expected}."),
    "ratio_score_mismatch": (W, "Tiêu chí {code}: theo tỷ lệ {ratio} thì điểm phải là {expected}, nhưng đang ghi "
                                "{value}."),
    "ratio_other_rounding": (W, "Tiêu chí {code}: điểm {value} chỉ đúng nếu {other_rule} (theo quy tắc đang dùng là "
                                "{expected})."),
    "ratio_incomplete": (W, "Tiêu chí {code}: có tử số hoặc mẫu số nhưng thiếu vế còn lại."),
    # --- settings
    "setting_invalid": (E, "Thiết lập “{setting}” không hợp lệ: “{value}”. {expected}"),
    "setting_unknown": (W, "Không hiểu thiết lập “{value}” trong trang Cấu hình; dòng này được bỏ qua."),
    "no_criteria": (E, "Bảng điểm không có tiêu chí nào có mã (STT) để chấm."),
    # --- district ranking (parxl.district); each carries the input it concerns as the param ``file``
    "rank_backup": (N, "Bản sao lưu do parxl tạo; không xếp hạng."),
    "rank_own_output": (N, "Bảng xếp hạng do parxl tạo, không phải bảng điểm; không xếp hạng."),
    "rank_lock_file": (N, "Tệp khoá hoặc tệp tạm của Excel, không phải bảng điểm; không xếp hạng."),
    "rank_unreadable": (E, "Không đọc được tệp: {value}"),
    "rank_open_in_excel": (N, "Tệp đang mở trong Excel; parxl chỉ đọc bản đã lưu gần nhất (thay đổi chưa lưu không "
                              "được tính)."),
    "rank_blank_template": (W, "Bảng điểm trống (chưa có điểm tự đánh giá hay thẩm định); không xếp hạng."),
    "rank_duplicate_content": (W, "Trùng nội dung với “{other}”; đơn vị “{unit}” chỉ được xếp hạng một lần."),
    "rank_duplicate_unit": (W, "Đơn vị “{unit}” đã có trong “{other}” (nội dung khác); chỉ xếp hạng “{other}”. "
                               "Hãy kiểm tra và bỏ tệp thừa khỏi thư mục."),
    "rank_unit_from_file_name": (W, "Chưa ghi “Tên đơn vị” trong trang Cấu hình; dùng tên tệp “{value}”."),
    "rank_thresholds_differ": (W, "Ngưỡng xếp loại của đơn vị ({value}) khác quy định chung ({expected}); "
                                  "đơn vị được xếp loại theo quy định chung."),
    "rank_rounding_differs": (W, "Cách làm tròn của đơn vị ({value}) khác quy định chung ({expected}); "
                                 "điểm được làm tròn theo quy định chung."),
    "rank_default_rule": (N, "Chưa có quy định xếp loại chung (--thresholds hoặc --settings); dùng ngưỡng mặc định "
                             "của parxl: {expected}."),
    "rank_score_errors": (W, "Bảng điểm có {value} lỗi (xem bằng lệnh “parxl check”); đơn vị được xếp hạng theo số "
                             "liệu hiện có."),
    "rank_year_differs": (W, "Năm đánh giá của đơn vị là {value}, khác năm của bảng xếp hạng ({expected})."),
    "rank_no_block": (W, "Không xác định được khối của đơn vị “{unit}” theo {how}; xếp vào “{expected}”."),
    "rank_not_units_table": (E, "Không phải bảng kết quả nhiều đơn vị ({value}); không xếp hạng."),
    "rank_paste_unread": (E, "Bảng đã dán có {value} chỗ parxl chưa đọc được, nên bảng xếp hạng có thể thiếu hoặc sai "
                             "đơn vị. Chỗ đầu tiên: {expected}"),
    "rank_row_without_score": (W, "Dòng {line}: “{unit}” không có tổng điểm hay chỉ số; không xếp hạng."),
    "rank_not_comparable": (E, "Đơn vị “{unit}” chỉ có tổng điểm, không rõ điểm tối đa nên không so được chỉ số với "
                               "các đơn vị khác; không xếp hạng."),
    "rank_class_differs": (W, "“{unit}” ghi xếp loại “{value}”, theo quy định chung là “{expected}”."),
    # --- pasted tables (parxl.paste)
    "paste_code_not_in_sheet": (W, "Dòng {line}: “{code}” của bảng quận không có trong bảng điểm của đơn vị."),
    "paste_max_differs": (W, "Dòng {line}: quận ghi điểm tối đa {expected} cho tiêu chí {code}, bảng điểm ghi "
                             "{value}."),
    "paste_kept_existing": (W, "Dòng {line}: ô này đã có “{value}”, khác số liệu quận công bố “{expected}” (tiêu chí "
                               "{code}); parxl giữ nguyên. Chạy lại với --overwrite nếu muốn ghi đè."),
    "paste_overwritten": (N, "Dòng {line}: đã thay “{value}” bằng số liệu quận công bố “{expected}” (tiêu chí "
                             "{code})."),
    "paste_no_column": (E, "Dòng {line}: bảng điểm không có cột “{column}” nên parxl không ghi được số liệu của quận."),
    "paste_unit_not_found": (W, "Không tìm thấy đơn vị “{value}” trong bảng kết quả của quận; hãy ghi đúng Tên đơn vị "
                                "trong trang Cấu hình."),
    "paste_no_table": (E, "Không nhận ra bảng kết quả nào trong phần dán: cần một dòng tiêu đề có cột “TT”/“STT”, "
                          "“Nội dung” hoặc “Đơn vị” và ít nhất một cột điểm."),
    "paste_no_rows": (E, "Dòng {line}: có dòng tiêu đề của bảng nhưng không có dòng số liệu nào bên dưới."),
    "paste_row_without_values": (W, "Dòng {line}: dòng “{name}” không có số điểm nào; hãy kiểm tra phần dán."),
    "paste_unreadable": (E, "Dòng {line}: không đọc được “{value}” ở cột {column}."),
    "paste_rows_after_end": (W, "Dòng {line}: “{value}” có vẻ là một hàng của bảng nhưng nằm sau chỗ parxl thấy bảng "
                                "kết thúc (dòng {expected}), nên chưa được đọc; hãy kiểm tra phần dán."),
    "paste_other_table": (N, "Dòng {line}: phần dán còn một bảng khác ({value} dòng số liệu); parxl dùng bảng có nhiều "
                             "dòng nhất, ở dòng {expected}. Muốn dùng bảng kia, hãy dán riêng bảng đó."),
    "paste_table_split": (W, "Dòng {line}: một bảng cùng tiêu đề với bảng ở dòng {expected} ({value} dòng số liệu), "
                             "có lẽ là phần sau trang mới mà parxl không nối được; các dòng đó không có trong kết "
                             "quả. Hãy bỏ phần giữa hai trang (số trang, tiêu đề lặp) rồi dán lại."),
    "paste_rows_before_header": (W, "Dòng {line}: “{value}” và các dòng sau có vẻ là hàng của một bảng nhưng nằm "
                                    "trước tiêu đề bảng (dòng {expected}) mà parxl nhận ra, nên chưa được đọc; hãy "
                                    "kiểm tra tiêu đề của phần đầu bảng."),
    "paste_stray_text": (W, "Dòng {line}: không rõ “{value}” thuộc cột nào; phần này được bỏ qua."),
    "paste_header_repeated": (N, "Dòng {line}: dòng tiêu đề của bảng được lặp lại (sang trang mới); parxl bỏ qua và "
                                 "đọc tiếp."),
    "paste_line_skipped": (W, "Dòng {line}: dòng “{value}” nằm giữa các hàng của bảng nhưng không thuộc hàng nào; "
                              "parxl bỏ qua dòng này và đọc tiếp bảng."),
    "paste_cell_continued": (W, "Dòng {line}: hàng chỉ có chữ, không có số; parxl nối chữ vào ô cùng cột của hàng trên "
                                "(ô bị ngắt dòng khi sao chép)."),
    "paste_serial_repeated": (W, "Dòng {line}: số thứ tự {value} đã có ở dòng {expected}; có thể một hàng bị dán hai "
                                 "lần, hãy kiểm tra phần dán."),
    "paste_code_repeated": (W, "Dòng {line}: mã {value} đã có ở dòng {expected}; hai hàng cùng một mã, hãy kiểm tra "
                               "phần dán."),
    "paste_row_without_name": (W, "Dòng {line}: hàng có số liệu nhưng không có tên đơn vị hay nội dung; parxl không "
                                  "biết số liệu này của ai."),
    "paste_unit_kind_only": (W, "Dòng {line}: tên đơn vị “{value}” chỉ là loại đơn vị, không có tên riêng; phần "
                                "còn lại của tên có thể đã bị đọc vào hàng trên (thường do số trang chen giữa tên). "
                                "Hãy kiểm tra hai hàng này."),
    "paste_serial_gap": (W, "Dòng {line}: số thứ tự nhảy từ {expected} lên {value}; có thể thiếu hàng khi dán (hoặc "
                            "bảng chỉ trích một phần)."),
    "paste_row_missing_figure": (W, "Dòng {line}: hàng này không có “{column}” trong khi mọi hàng khác đều có; có thể "
                                    "ô bị mất khi sao chép."),
    "paste_figure_outlier": (W, "Dòng {line}: “{column}” ghi {value}, chưa bằng một phần ba mức của đa số đơn vị "
                                "trong bảng (khoảng {expected}); có thể số trang hoặc số của cột khác bị đọc nhầm vào "
                                "ô này, hãy kiểm tra."),
    "paste_figure_outlier_high": (W, "Dòng {line}: “{column}” ghi {value}, gấp hơn ba lần mức của đa số đơn vị trong "
                                     "bảng (khoảng {expected}); có thể hai số bị dính nhau hoặc dấu phân cách hàng "
                                     "nghìn bị đọc thành dấu thập phân, hãy kiểm tra."),
    "paste_page_numbers_close": (W, "Dòng {line}: số đứng riêng này được coi là số trang, nhưng chỉ cách số trang "
                                    "trước (dòng {expected}) {value} hàng; có thể đó là số của một cột parxl chưa đọc "
                                    "(như số thứ tự), hãy xem lại bản đồ cột."),
    "paste_column_empty": (W, "Dòng {line}: cột “{value}” không có giá trị ở hàng nào; có thể nội dung của cột đã lẫn "
                              "sang cột bên cạnh (như xếp loại “A”, “B” nối vào tên đơn vị). Hãy xem lại bản đồ cột, "
                              "chỉ định lại bằng --columns hoặc dán bảng dạng tab."),
    "paste_label_in_name": (W, "Dòng {line}: tên của hàng trên có thêm “{value}”, giống nhãn của dòng tổng cộng hay "
                               "trung bình; có thể dòng đó đã bị nối vào hàng trên, hãy kiểm tra."),
    "paste_cell_either_row": (W, "Dòng {line}: “{value}” có thể là phần cuối tên của hàng trên hay phần đầu tên của "
                                 "hàng dưới (bảng căn ô vào giữa); parxl nối vào hàng trên, hãy kiểm tra."),
    "paste_row_repeated": (W, "Dòng {line}: hàng này lặp lại nguyên văn hàng ngay trên (thường do sang trang); parxl "
                              "chỉ đọc một lần."),
    "paste_rows_omitted": (N, "Dòng {line}: “{value}” cho biết bảng trích bỏ bớt một số hàng ở đây; parxl đọc tiếp "
                              "các hàng sau (số thứ tự được phép nhảy)."),
    "paste_page_number": (N, "Dòng {line}: số trang giữa bảng (sang trang mới); parxl bỏ qua và đọc tiếp."),
    "paste_column_numbers": (N, "Dòng {line}: “{value}” là hàng đánh số cột dưới tiêu đề, không phải một hàng của "
                                "bảng; parxl bỏ qua."),
    "paste_page_number_amid_row": (W, "Dòng {line}: số “{value}” đứng riêng ngay dưới số liệu cuối của hàng trên, "
                                      "trước ô xếp loại của hàng; parxl coi là số trang, nhưng số liệu của hàng cũng "
                                      "có thể là số này (khi đó số ở dòng trên là số trang). Hãy kiểm tra hàng này."),
    "paste_number_in_text": (W, "Dòng {line}: số “{value}” đứng riêng giữa các chữ của một ô; parxl giữ số này trong "
                                "ô, nhưng đó cũng có thể là số trang. Hãy kiểm tra ô này."),
    "paste_number_opens_row": (W, "Dòng {line}: số “{value}” đứng riêng một dòng; parxl đọc là số mở hàng mới, "
                                  "nhưng đó cũng có thể là số trang chen giữa tên của hàng trên. Hãy kiểm tra hai "
                                  "hàng này."),
    "paste_page_mark": (N, "Dòng {line}: “{value}” là dòng ghi của trang (tiếp theo, đơn vị tính, số biểu, dòng kẻ), "
                           "không thuộc ô nào của bảng; parxl bỏ qua và đọc tiếp."),
    "paste_figure_footnote": (N, "Dòng {line}: “{value}” ở cột {column} có dấu chú thích; parxl đọc số, còn điều chú "
                                 "thích nói (như “tạm tính”) hãy xem dưới bảng."),
    "paste_spaced_number": (N, "Dòng {line}: số “{value}” có khoảng trắng thừa; parxl đọc là {expected}."),
    "paste_wrapped_number": (W, "Dòng {line}: một số bị ngắt sang dòng sau khi sao chép (“{value}”); parxl ghép lại "
                                "thành {expected}."),
    "paste_lost_digit": (W, "Dòng {line}: “{value}” có vẻ bị mất hoặc lệch ký tự khi sao chép; theo các số cùng dòng, "
                            "parxl đọc là {expected}."),
    "paste_points_not_total": (E, "Dòng {line}: {what} = {expected}, nhưng {target} ghi {value}."),
    "paste_index_mismatch": (E, "Dòng {line}: chỉ số ghi {value}%, nhưng {points}/{maximum} × 100 = {expected}% "
                                "({rule})."),
    "paste_index_own_max": (W, "Dòng {line}: chỉ số {value}% không khớp {points} điểm trên thang 100 như các đơn vị "
                               "khác, nhưng khớp nếu điểm tối đa của đơn vị này là {expected} (bảng không ghi); hãy "
                               "đối chiếu."),
    "paste_index_other_rounding": (W, "Dòng {line}: chỉ số {value}% chỉ đúng nếu {other_rule} ({points}/{maximum} × "
                                      "100); theo quy tắc đang dùng ({rule}) phải là {expected}%."),
    "paste_above_max": (E, "Dòng {line}: {column} {value} lớn hơn mức tối đa {expected}."),
    "paste_deducted_mismatch": (E, "Dòng {line}: số điểm bị trừ ghi {value}, nhưng điểm tối đa {maximum} − điểm thẩm "
                                   "định {appraised} = {expected}."),
    "paste_total_row_mismatch": (E, "Dòng {line}: dòng tổng ghi {column} {value}, nhưng cộng các dòng được "
                                    "{expected}."),
    "paste_max_sum_short": (E, "Dòng {line}: dòng tổng ghi {column} {value}, nhưng các dòng chỉ cộng được {expected}; "
                               "bảng có thể thiếu nội dung hoặc ghi sai điểm tối đa."),
    "paste_max_sum_over": (E, "Dòng {line}: dòng tổng ghi {column} {value}, nhưng các dòng cộng lại là {expected}."),
    "paste_average_mismatch": (E, "Dòng {line}: dòng trung bình ghi {column} {value}, nhưng trung bình của {count} "
                                  "dòng là {expected}."),
    "paste_average_other_rounding": (W, "Dòng {line}: {column} trung bình {value} chỉ đúng nếu {other_rule}; theo quy "
                                        "tắc đang dùng ({rule}) phải là {expected}."),
    "paste_rank_mismatch": (E, "Dòng {line}: {unit} xếp hạng {value}, nhưng theo {metric} thì phải xếp thứ {expected} "
                               "(bằng điểm thì đồng hạng)."),
    "paste_rank_of_mismatch": (W, "Dòng {line}: thứ hạng ghi “…/{value}” nhưng bảng có {expected} đơn vị."),
    "paste_classification_order": (W, "Dòng {line}: {unit} xếp loại “{value}”, cao hơn {other} (“{other_class}”) dù "
                                      "{metric} thấp hơn."),
    "paste_count_mismatch": (W, "Dòng {line}: văn bản nêu {value} {noun}, nhưng bảng chỉ có {expected} dòng."),
    "paste_change_sum_mismatch": (E, "Dòng {line}: dòng tổng ghi tăng/giảm {value} điểm, nhưng cộng mức tăng/giảm của "
                                     "các dòng được {expected} điểm."),
    "paste_change_previous_mismatch": (W, "Dòng {line}: tổng điểm {total} trừ mức tăng {change} là {expected}, không "
                                          "khớp với điểm năm trước ghi {value}."),
    "paste_area_deductions_mismatch": (W, "Dòng {line}: nội dung {area} mất {expected} điểm (tối đa − thẩm định), "
                                          "nhưng các tiêu chí bị trừ điểm của nội dung này cộng lại {value} điểm."),
    "paste_reason_percent_mismatch": (W, "Dòng {line}: phần giải thích ghi {ratio} đạt {value}%, nhưng {ratio} = "
                                         "{expected}%."),
    "paste_ratio_other_rounding": (N, "Dòng {line}: tiêu chí {criterion} được {value} điểm theo tỷ lệ {ratio} nếu "
                                      "{other_rule}; theo quy tắc đang dùng ({rule}) là {expected}."),
    "paste_column_unused": (W, "Dòng {line}: Cột {column} (tiêu đề “{value}”) không được dùng: parxl không hiểu cột "
                               "này. Có thể chỉ định bằng --columns, ví dụ --columns \"{column}=total\"."),
    "paste_column_by_data": (N, "Dòng {line}: Cột {column} (tiêu đề “{value}”) được đọc là “{expected}” theo số liệu "
                                "của cột."),
    "paste_column_conflict": (W, "Dòng {line}: Cột {column} có tiêu đề “{value}” nhưng số liệu giống cột “{expected}”; "
                                 "parxl đọc theo tiêu đề. Có thể chỉ định bằng --columns."),
    "paste_columns_override": (N, "Dòng {line}: Cột {column} (tiêu đề “{value}”) được đọc là “{expected}” theo chỉ "
                                  "định của người dùng."),
    "paste_columns_bad": (E, "Không hiểu chỉ định cột “{value}”: cần dạng “số cột=vai trò”, ví dụ "
                             "“1=rank,2=unit,5=total”; vai trò là một trong: {expected}."),
    "paste_row_figure_guessed": (W, "Dòng {line}: hàng thiếu một số liệu (cột “{column}” để trống); văn bản "
                                    "chép từ PDF không cho biết vị trí các cột nên parxl đoán chỗ trống theo thứ tự "
                                    "các số. Hãy kiểm tra hàng này, hoặc dán bảng dạng tab (chép từ Excel, Word)."),
    "paste_names_joined": (W, "Dòng {line}: tên của mọi đơn vị đều có phần đầu không phải tên đơn vị (“{value}”); có "
                              "thể ô của một cột parxl không nhận ra (tiêu đề đứng trên tiêu đề parxl đọc) đã bị nối "
                              "vào tên. Hãy kiểm tra, hoặc chỉ định cột bằng --columns."),
    "paste_columns_joined": (W, "Dòng {line}: cột “{value}” và cột “{expected}” đứng liền nhau, không có số ở "
                                "giữa; văn bản chép từ PDF không cho biết chữ nào thuộc cột nào, nên parxl đọc cả "
                                "vào cột đầu. Hãy dán bảng dạng tab (chép từ Excel, Word), hoặc bỏ một cột bằng "
                                "--columns."),
    "paste_row_unplaced": (W, "Dòng {line}: “{value}” ở cột {column} không thuộc cột nào parxl đọc; dòng này chưa được "
                              "đọc trọn vẹn."),
    "paste_index_not_checkable": (N, "Dòng {line}: không kiểm tra được chỉ số {value}% vì bảng không ghi điểm tối đa."),
    "paste_summary_partial": (N, "Dòng {line}: bảng chỉ trích một phần các đơn vị (thứ hạng đến {value}), nên không "
                                 "kiểm tra được dòng tổng/trung bình."),
    "paste_rank_dense": (N, "Dòng {line}: sau các đơn vị đồng hạng, bảng đánh số hạng liền tiếp (1, 2, 2, 3 chứ không "
                            "phải 1, 2, 2, 4), từ “{unit}”; parxl kiểm tra thứ hạng theo {metric} với cách đánh này."),
    "paste_summary_count": (N, "Dòng {line}: dòng tổng/trung bình tính trên {value} đơn vị, bảng chỉ liệt kê "
                               "{expected}, nên không kiểm tra được."),
    "paste_column_duplicate": (W, "Dòng {line}: Cột {column} (tiêu đề “{value}”) lặp lại vai trò “{expected}” của một "
                                  "cột trước; parxl không dùng cột này. Có thể chỉ định bằng --columns."),
    "paste_column_other_year": (W, "Dòng {line}: Cột {column} (tiêu đề “{value}”) là số liệu của năm trước năm "
                                   "{expected} mà tiêu đề bảng nêu; parxl không dùng cột này. Có thể chỉ định bằng "
                                   "--columns."),
    "paste_block": (N, "Dòng {line}: bắt đầu khối “{value}”; thứ hạng và trung bình được kiểm tra trong từng khối."),
    "paste_deductions_total_mismatch": (W, "Dòng {line}: các tiêu chí bị trừ điểm cộng lại {value} điểm, nhưng theo "
                                           "bảng kết quả thì đã mất {expected} điểm ({maximum} − {appraised})."),
    # --- tables read from a document (parxl.documents)
    "doc_nested_table": (W, "{value}: ô này chứa một bảng lồng bên trong; parxl không đọc bảng lồng đó."),
    "doc_header_repeated": (N, "{value}: dòng tiêu đề lặp lại ở đầu trang {page} được bỏ qua; bảng được nối tiếp."),
    "doc_page_without_text": (E, "{value} của tệp PDF không có lớp chữ (trang quét); parxl không đọc được trang này, "
                                 "bảng có thể thiếu dòng."),
    "doc_columns_guessed": (N, "{value}: bảng không có đường kẻ; parxl chia cột theo vị trí chữ, hãy đối chiếu lại."),
}


@dataclass(frozen=True)
class Finding:
    """One problem found, positioned to the cell (or line) it concerns."""

    code: str
    sheet: str = ""
    cell: str = ""
    value: object = None
    expected: object = None
    params: tuple[tuple[str, object], ...] = ()
    line: int | None = None  # for pasted text

    @property
    def severity(self) -> Severity:
        return TEMPLATES[self.code][0]

    @property
    def message(self) -> str:
        fields = {"value": _show(self.value), "expected": _show(self.expected)}
        fields.update((k, _show(v)) for k, v in self.params)
        return TEMPLATES[self.code][1].format(**fields)

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "code": self.code,
            "severity": self.severity.value,
            "sheet": self.sheet,
            "cell": self.cell,
            "value": _plain(self.value),
            "expected": _plain(self.expected),
            "message": self.message,
        }
        if self.line is not None:
            data["line"] = self.line
        return data


# Findings that say part of the workbook was left unread (a cell, a row, a column, a sheet, a setting): ``check``
# and also ``score``, which writes its sheets all the same, exit 1 on them, so that a batch run sees them.
NOT_UNDERSTOOD = frozenset({"not_a_number", "row_not_read", "bad_code", "column_not_read", "column_duplicate",
                            "sheets_not_read", "setting_unknown"})


def finding(code: str, /, sheet: str = "", cell: str = "", value: object = None, expected: object = None,
            **params: object) -> Finding:
    """Build a finding; unknown codes fail loudly so the template table stays the one source.

    ``code`` is positional-only so that templates can use a ``{code}`` field for the criterion code.
    """
    if code not in TEMPLATES:
        raise KeyError(f"unknown finding code {code!r}")
    line = params.get("line")  # pasted text: the line is both a position and a template field
    return Finding(code, sheet, cell, value, expected, tuple(sorted(params.items())),
                   line if isinstance(line, int) else None)


def _show(value: object) -> str:
    from decimal import Decimal

    from parxl.numbers import format_vn

    if isinstance(value, Decimal):
        return format_vn(value, 4)
    if isinstance(value, float):
        return format_vn(value, 4)
    return "" if value is None else str(value)


def _plain(value: object) -> object:
    from decimal import Decimal

    from parxl.numbers import to_json_number

    if isinstance(value, Decimal):
        return to_json_number(value)
    return value


def count_by_severity(findings: list[Finding]) -> dict[Severity, int]:
    counts = {s: 0 for s in Severity}
    for f in findings:
        counts[f.severity] += 1
    return counts
