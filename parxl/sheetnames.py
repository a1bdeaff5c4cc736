"""The names of the sheets parxl writes, in a module of their own: finding the officials' score sheet needs
them, and should not have to import every renderer to get them."""

FINDINGS = "Kiểm tra"
RESULTS = "Kết quả"
DEDUCTIONS = "Phụ lục trừ điểm"
SUMMARY = "Tổng hợp lĩnh vực"
TASKS = "Phân công nhiệm vụ"
DISTRICT_INPUT = "Kết quả quận"  # where officers paste the district's table: theirs, never rewritten
DISTRICT_TABLE = "Kết quả quận (chuẩn hóa)"  # written by `parxl paste`
COMPARISON = "So sánh với quận"  # written by `parxl paste`
# What `parxl score` (and the "Tính điểm" button) writes.
SCORE_SHEETS = (FINDINGS, RESULTS, DEDUCTIONS, SUMMARY, TASKS)
# Every sheet parxl may write: analyse never mistakes them for the officials' score sheet.
OWN_SHEETS = SCORE_SHEETS + (DISTRICT_TABLE, COMPARISON)
