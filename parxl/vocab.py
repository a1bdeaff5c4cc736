"""Every header word and row label parxl reads, in one place.

Score sheets (:mod:`parxl.parse.header`) and published results tables (:mod:`parxl.paste`) read their
headers and labels through this module only. Phrases are written here as officials write them, with
diacritics; they are folded (lower case, no diacritics, đ → d) once at import and matched on **whole
words** of the folded text, so "Thang điểm" never matches "hạng" and "Phương pháp" never matches "phường".

To teach parxl a new wording, add the phrase to the field it names below; nothing else changes.

    >>> [m.field for m in header_matches("Thang điểm / Phương pháp chấm")]
    ['max', 'rule']
    >>> [m.field for m in header_matches("STT / Tên đơn vị / Xếp hạng")]
    ['serial', 'unit', 'rank']
    >>> row_label("Tổng cộng"), row_label("Cộng điểm"), row_label("Điểm trung bình")
    ('total', 'total', 'average')
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from parxl.numbers import fold

# field -> phrases naming it in a column header. The longest phrase found in a header decides.
HEADER_PHRASES: dict[str, tuple[str, ...]] = {
    "serial": ("STT", "TT", "Số TT", "Số thứ tự", "Thứ tự"),
    "code": ("Mục", "Mã", "Mã số", "Mã tiêu chí", "Ký hiệu"),
    "name": ("Lĩnh vực", "Tiêu chí", "Tiêu chí thành phần", "Nội dung", "Nội dung tiêu chí",
             "Nội dung đánh giá", "Tên tiêu chí", "Tên nội dung", "Chỉ tiêu", "Lĩnh vực, tiêu chí",
             "Lĩnh vực/tiêu chí", "Tên trục", "Tên lĩnh vực", "Lĩnh vực đánh giá", "Tiêu chí đánh giá"),
    "unit": ("Đơn vị", "Tên đơn vị", "Cơ quan", "Tên cơ quan", "Cơ quan, đơn vị", "Địa phương",
             "Tên xã", "Tên phường", "Xã", "Phường", "Xã, phường", "Phường, xã", "Xã, phường, thị trấn",
             "Xã, thị trấn", "Phường, thị trấn", "Quận, huyện", "Huyện, thị xã, thành phố",
             "Huyện, thị xã", "Tỉnh, thành phố", "Sở, ban, ngành", "Đặc khu"),
    "max": ("Điểm tối đa", "Tối đa", "Điểm chuẩn", "Thang điểm", "Điểm số tối đa"),
    "self": ("Điểm tự đánh giá", "Tự đánh giá", "Tự chấm", "Điểm tự chấm", "Tự chấm điểm", "Điểm tự ĐG"),
    "appraised": ("Điểm thẩm định", "Thẩm định", "Điểm được thẩm định", "Kết quả thẩm định",
                  "Điểm đạt", "Điểm đạt được", "Điểm đánh giá trực tiếp", "Đánh giá trực tiếp"),
    "survey": ("Điểm điều tra xã hội học", "Điều tra xã hội học", "Điểm ĐTXHH", "ĐTXHH", "Điểm XHH",
               "XHH", "Xã hội học", "Điểm xã hội học", "Điểm khảo sát", "SIPAS", "Điểm đo lường sự hài lòng",
               "Đo lường sự hài lòng", "Điểm hài lòng", "Điểm điều tra XHH", "Điều tra XHH"),
    "total": ("Tổng điểm", "Tổng số điểm", "Điểm tổng", "Tổng số điểm đạt được", "Tổng điểm đạt được",
              "Tổng", "Điểm đánh giá", "Điểm CCHC"),
    "index": ("Chỉ số", "Chỉ số CCHC", "Chỉ số thành phần", "Tỷ lệ", "Tỷ lệ đạt", "Tỉ lệ", "PAR INDEX",
              "Chỉ số PAR INDEX", "Chỉ số cải cách hành chính", "Chỉ số chung", "%"),
    "rank": ("Xếp hạng", "Thứ hạng", "Xếp thứ", "Vị thứ", "Hạng", "Thứ tự xếp hạng"),
    "class": ("Xếp loại", "Phân loại", "Mức xếp loại"),
    "change": ("Tăng/giảm", "Tăng, giảm", "Tăng giảm", "So với năm", "So với", "Chênh lệch"),
    "deducted": ("Số điểm bị trừ", "Điểm bị trừ", "Bị trừ", "Số điểm trừ", "Điểm trừ"),
    "reason": ("Lý do", "Lý do giảm điểm", "Lý do trừ điểm", "Nguyên nhân", "Giải trình", "Ghi chú"),
    "responsible": ("Trách nhiệm", "Bộ phận phụ trách", "Đơn vị phụ trách", "Trách nhiệm tham mưu",
                    "Người phụ trách", "Phụ trách", "Đơn vị chủ trì", "Bộ phận tham mưu", "Chịu trách nhiệm",
                    "Đơn vị chịu trách nhiệm", "Bộ phận chịu trách nhiệm", "Cơ quan chịu trách nhiệm",
                    "Người chịu trách nhiệm", "Cá nhân chịu trách nhiệm", "Đơn vị/bộ phận chịu trách nhiệm",
                    "Đơn vị, cá nhân chịu trách nhiệm", "Bộ phận, cá nhân chịu trách nhiệm"),
    "evidence": ("Tài liệu kiểm chứng", "Kiểm chứng", "Minh chứng", "Tài liệu minh chứng"),
    "rule": ("Cách chấm", "Cách chấm điểm", "Cách tính", "Cách tính điểm", "Quy tắc chấm",
             "Phương pháp", "Phương pháp chấm", "Phương pháp chấm điểm", "Hướng dẫn chấm"),
    "numerator": ("Tử số",),
    "denominator": ("Mẫu số",),
}

# Row labels: a row whose label starts with one of these is a totals / average / survey row.
ROW_LABELS: dict[str, tuple[str, ...]] = {
    "total": ("Tổng cộng", "Tổng điểm", "Tổng số điểm", "Tổng số", "Tổng", "Cộng", "Cộng điểm",
              "Chỉ số CCHC", "Chỉ số cải cách hành chính", "Chỉ số PAR INDEX", "Tổng điểm đạt được",
              "Toàn quận", "Toàn huyện", "Toàn thị xã", "Toàn thành phố", "Toàn tỉnh"),
    "average": ("Trung bình", "Bình quân", "Điểm trung bình", "Trung bình cộng", "Chỉ số trung bình",
                "Trung bình chung", "TB", "Giá trị trung bình"),
    "survey": ("Điều tra xã hội học", "ĐTXHH", "ĐT XHH", "XHH", "SIPAS", "Sự hài lòng",
               "Chỉ số hài lòng", "Khảo sát"),
}

# A word after a total or average label that names what it sums or averages: the label goes on up to the row's
# figures ("Giá trị trung bình của 19 bộ, cơ quan ngang bộ 85,3").
LABEL_QUALIFIERS: tuple[str, ...] = ("của",)

# Classification labels, best first. "Đạt"/"Không đạt" style schemes are known but not ordered.
CLASSIFICATIONS: tuple[str, ...] = ("Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu", "Kém")
OTHER_CLASSIFICATIONS: tuple[str, ...] = ("Đạt", "Không đạt", "Hoàn thành", "Không hoàn thành",
                                          "Hoàn thành xuất sắc", "Hoàn thành tốt")

# Results tables (parxl.paste) name a few more columns than score sheets do. Fields here extend
# HEADER_PHRASES for pasted tables only, so a score sheet's header reads as before.
RESULTS_PHRASES: dict[str, tuple[str, ...]] = {
    "unit": ("Huyện", "Quận", "Tỉnh", "Thị xã", "Thành phố", "Tên huyện", "Tên quận", "Tên tỉnh",
             "Tên địa phương", "Tên đơn vị hành chính", "Đơn vị hành chính", "Quận, huyện, thị xã",
             "Quận, huyện, thị xã, thành phố", "Tỉnh/thành phố", "Tỉnh, thành phố trực thuộc Trung ương",
             "Sở, ngành", "Các sở, ban, ngành", "Xã/phường", "Phường/xã", "Xã, phường, đặc khu",
             "Vùng", "Vùng kinh tế - xã hội", "Bộ, cơ quan ngang bộ", "Bộ, ngành", "Cơ quan ngang bộ",
             "Tên cơ quan, đơn vị", "Đơn vị, địa phương"),
    "appraised_max": ("Điểm tối đa thẩm định", "Tối đa thẩm định", "Điểm tối đa được thẩm định"),
    "survey_max": ("Điểm tối đa ĐTXHH", "Tối đa ĐTXHH", "Điểm tối đa điều tra xã hội học",
                   "Điểm tối đa XHH"),
    "responsible": ("Bộ phận", "Tham mưu"),
    "change": ("Tăng so với năm", "Tăng so với", "Giảm so với năm", "Tăng, giảm so với năm",
               "Tăng/giảm so với năm", "So với năm trước", "Tăng/giảm so với năm trước",
               "Tăng, giảm so với năm trước", "Tăng (+), giảm (-)", "Tăng", "Giảm", "Mức tăng", "Mức giảm"),
    # last year's figure beside this year's: a column parxl does not read ("Chỉ số năm trước")
    "previous": ("Năm trước", "Năm liền trước", "Năm liền kề", "Kỳ trước"),
}

# Words that fill a results table's header without naming a column ("Điểm", "năm", "của").
HEADER_FILLERS: tuple[str, ...] = ("Điểm", "Điểm số", "Năm", "Số", "Của", "Và", "Kết quả", "CCHC",
                                   "Giảm điểm", "Mức độ", "Đơn vị tính", "Được", "Theo bộ chỉ số")
# A header cell holding only one of these is the score column of a results table.
LONE_SCORE_HEADERS: tuple[str, ...] = ("Điểm", "Điểm số", "Số điểm", "Kết quả")
# Block headings of results tables ("I. Khối sở, ban, ngành", "Khối huyện").
BLOCK_WORDS: tuple[str, ...] = ("Khối", "Nhóm", "Cụm")
# A block may also be named by the kinds of its units alone, over its row numbered 1 ("Các sở, ban, ngành", "Cấp
# huyện", "Huyện, thị, thành phố"): these kinds, listed with commas, after one of the leads.
UNIT_KINDS: tuple[str, ...] = ("Sở", "Ban", "Ngành", "Bộ", "Cơ quan", "Cơ quan ngang bộ", "Đơn vị", "Địa phương",
                               "Tỉnh", "Thành phố", "Huyện", "Quận", "Thị xã", "Thị", "Xã", "Phường", "Thị trấn",
                               "Đặc khu", "Vùng")
UNIT_KIND_LEADS: tuple[str, ...] = ("Các", "Cấp")
# What a table's rows are called in the sentence that announces it ("theo 08 nội dung", "17 phường").
ROW_NOUNS: dict[str, tuple[str, ...]] = {
    "areas": ("nội dung", "lĩnh vực", "trục nội dung"),
    "criteria": ("tiêu chí", "nội dung", "chỉ tiêu", "mục"),
    "units": ("đơn vị", "phường", "xã", "cơ quan", "xã, phường", "phường, xã", "quận, huyện", "huyện"),
}
# Words that, anywhere in a row's name, say the row is the survey part ("Điểm điều tra xã hội học").
SURVEY_WORDS: tuple[str, ...] = ("điều tra xã hội học", "ĐTXHH", "XHH", "khảo sát", "SIPAS", "hài lòng")

# Words after which a number is part of a name: "Phường 1", "Xã 3", "mức độ 3", "Khu 5".
NUMBERED_NAME_WORDS: tuple[str, ...] = ("Phường", "Xã", "Quận", "Huyện", "Trấn", "Độ", "Khóm", "Ấp", "Thôn",
                                        "Xóm", "Khu")
# ... of which these only in capitals: "Thôn 2", but "… phát triển nông thôn" / "2" ends a name before a figure.
CAPITALISED_NUMBERED_WORDS: tuple[str, ...] = ("Khóm", "Ấp", "Thôn", "Xóm", "Khu")

# How the name of a commune, ward or district begins: a line of PDF text opening so starts a unit's name.
UNIT_NAME_STARTS: tuple[str, ...] = ("Phường", "Xã", "Thị trấn", "Thị xã", "Huyện", "Quận", "Thành phố", "Tỉnh",
                                     "Đặc khu", "Sở", "UBND")

# The word of a page number a PDF copy leaves between rows: "Trang 2", "Trang 2/5" (and "- 2 -").
PAGE_WORDS: tuple[str, ...] = ("Trang", "Page")
# Lines a page puts around a table, never a cell of it, each the whole line, in brackets or not: the table going on
# from the page before ("(Tiếp theo)"), the unit of its figures ("Đơn vị tính: điểm", with its colon), the number
# of its form ("Biểu số 01", with the number).
CONTINUED_MARKS: tuple[str, ...] = ("Tiếp theo", "Tiếp theo trang trước", "Tiếp theo bảng trên")
MEASURE_LABELS: tuple[str, ...] = ("Đơn vị tính", "ĐVT")
FORM_LABELS: tuple[str, ...] = ("Biểu số", "Biểu mẫu số", "Mẫu số", "Biểu")
# ... and the line under an appendix's title, in brackets ("(Kèm theo Quyết định số 123/QĐ-UBND …)"); a rule or a
# document's end mark, a line of dashes, dots or strokes only ("______", "./.", "...") is one too.
ANNEX_LEADS: tuple[str, ...] = ("Kèm theo", "Ban hành kèm theo")
# How the text after a results table begins; such a line after a complete row ends the table. A signature block
# ("KT. CHỦ TỊCH": an abbreviation with its dot, or a title alone in capitals; its place and date, "Hà Nội, ngày 12
# tháng 3 năm 2024"), the decision's next article ("Điều 2."), a label with its colon ("Nguồn:", "Ghi chú:", "Nơi
# nhận:"), or a footnote ("(*) Đơn vị mới thành lập").
CLOSING_ABBREVIATIONS: tuple[str, ...] = ("KT", "TM", "TL", "Q")
SIGNATURE_TITLES: tuple[str, ...] = ("Chủ tịch", "Phó Chủ tịch", "Giám đốc", "Phó Giám đốc", "Người lập biểu",
                                     "Người lập bảng")
CLOSING_LABELS: tuple[str, ...] = ("Nguồn", "Ghi chú", "Nơi nhận")

# Levels of every classification word, best highest, for ordering checks across schemes.
CLASSIFICATION_LEVELS: dict[str, int] = {
    "Xuất sắc": 5, "Hoàn thành xuất sắc": 5, "Tốt": 4, "Hoàn thành tốt": 4, "Khá": 3, "Trung bình": 2,
    "Đạt": 2, "Hoàn thành": 2, "Yếu": 1, "Kém": 0, "Không đạt": 0, "Không hoàn thành": 0,
}
# N/A markers of score sheets and results tables (a criterion that does not apply, a unit outside a part).
NOT_APPLICABLE: tuple[str, ...] = ("Không áp dụng", "Không chấm", "KAD", "KAP", "K/A", "N/A", "NA", "-", "–", "—")

# Total labels that close a table even when the row before them lacks numbers ("Trung bình 60,53 40,2").
STRONG_TOTAL_LABELS: tuple[str, ...] = ("Tổng cộng", "Chỉ số CCHC", "Trung bình", "Bình quân", "Cộng",
                                        "Điểm trung bình")
# A word that only says "points" after a number ("18 điểm", "2,5 đ.").
SCORE_UNITS: tuple[str, ...] = ("điểm", "điểm.", "điểm,", "điểm;", "điểm)", "đ", "đ.")
# How a responsible unit begins ("Công chức Tư pháp - Hộ tịch", "Bộ phận tiếp nhận và trả kết quả", "CC Văn
# phòng- TK"). Weak leads are also common words ("Ban hành…", "Tổ chức…") and need a short remainder.
RESPONSIBLE_LEADS: tuple[str, ...] = (
    "Các công chức", "Công chức", "CC", "Bộ phận", "Các bộ phận", "Văn phòng", "Cán bộ", "Lãnh đạo",
    "Chủ tịch", "Phó Chủ tịch", "Đồng chí", "Đ/c", "Công an", "Quân sự", "MTTQ", "Kế toán", "Tư pháp",
    "Địa chính", "Đảng ủy", "HĐND", "Các ngành", "Các đơn vị", "BP", "VP", "VH-XH", "TC-KT", "TP-HT",
)
WEAK_RESPONSIBLE_LEADS: tuple[str, ...] = ("Trưởng", "Ban", "Phòng", "Tổ", "UBND", "Đoàn", "Hội", "Ngành",
                                           "Đơn vị", "Văn hóa")
# Words of a reason, never of a responsible unit ("chưa", "không đạt", "ban hành").
NOT_RESPONSIBLE: tuple[str, ...] = ("chưa", "không", "đạt", "đã", "có", "nhưng", "thiếu", "chậm", "bị trừ",
                                    "tỷ lệ", "trong năm", "hoàn thành", "ban hành", "tổ chức thực hiện",
                                    "thực hiện", "%")
# Words that leave a cell unfinished at a page break ("… và", "… của").
CONNECTORS: tuple[str, ...] = ("và", "của", "các", "cho", "trong", "với", "về", "theo", "tại", "đến", "để",
                               "hoặc", "nhưng", "được", "là", "có", "từ", "trên", "khi", "đã", "ở", "thực",
                               "như", "số", "mức", "độ", "tỷ", "lệ")
# What a number counts in a note or a reason ("Tăng 2 bậc", "Trễ hạn 12 hồ sơ"): a lone number before one of these,
# amid a cell's words cut over lines, is the cell's; before other words it may as well be the page's number.
COUNTED_NOUNS: tuple[str, ...] = ("bậc", "hồ sơ", "ngày", "lần", "tháng", "năm", "quý", "văn bản", "thủ tục",
                                  "điểm", "đơn vị", "cuộc", "báo cáo", "kế hoạch", "nội dung", "tiêu chí",
                                  "người", "cán bộ", "công chức", "xã", "phường", "cơ quan", "%")
# How a change is written in words: "Tăng 2 bậc", "Giảm 0,5 điểm", "Giữ nguyên" (signs and arrows: "+2", "↓1").
CHANGE_UP_WORDS: tuple[str, ...] = ("Tăng",)
CHANGE_DOWN_WORDS: tuple[str, ...] = ("Giảm",)
CHANGE_NONE_WORDS: tuple[str, ...] = ("Giữ nguyên", "Không đổi", "Không thay đổi", "Không tăng, không giảm")
CHANGE_UNIT_WORDS: tuple[str, ...] = ("bậc", "hạng", "điểm", "đ", "%")
# How a unit's name may begin before its own name ("UBND Phường 10", "Ủy ban nhân dân phường 10").
COUNCIL_PREFIXES: tuple[str, ...] = ("UBND", "Ủy ban nhân dân")

_WORD = re.compile(r"[^\W_]+|%")


def words(text: str) -> tuple[str, ...]:
    """The folded whole words of a text ("Tăng/giảm" → ("tang", "giam")); "%" counts as a word."""
    return tuple(_WORD.findall(fold(text)))


def _marked_words(text: str) -> tuple[str, ...]:
    """Whole words in lower case with their diacritics (NFC), aligned with :func:`words`."""
    return tuple(_WORD.findall(unicodedata.normalize("NFC", " ".join(text.split()).lower())))


def _same_word(header_word: str, phrase_word: str) -> bool:
    """A word typed with diacritics must match them ("phương" is not "phường"); one typed without
    diacritics matches any phrase word that folds to it."""
    if header_word == phrase_word:
        return True
    return fold(header_word) == header_word and fold(phrase_word) == header_word


@dataclass(frozen=True)
class Match:
    field: str
    phrase: str  # as written in this module
    start: int  # word index in the header
    end: int  # one past the last word


def _index(table: dict[str, tuple[str, ...]]) -> list[tuple[tuple[str, ...], str, str]]:
    entries = [(_marked_words(p), f, p) for f, phrases in table.items() for p in phrases]
    return sorted(entries, key=lambda e: -len(e[0]))  # longest phrase first


def _at(ws: tuple[str, ...], i: int, phrase: tuple[str, ...]) -> bool:
    return len(ws) - i >= len(phrase) and all(_same_word(w, p) for w, p in zip(ws[i:], phrase))


_HEADER_INDEX = _index(HEADER_PHRASES)
_LABEL_INDEX = _index(ROW_LABELS)
# folded first word -> (rank in _HEADER_INDEX, entry): only these phrases can start at a word.
_BY_FIRST_WORD: dict[str, list[tuple[int, tuple[tuple[str, ...], str, str]]]] = {}
for _rank, _entry in enumerate(_HEADER_INDEX):
    _BY_FIRST_WORD.setdefault(fold(_entry[0][0]), []).append((_rank, _entry))
_LABEL_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
for _entry in _LABEL_INDEX:  # by the folded first word, longest phrase first
    _LABEL_BY_FIRST.setdefault(fold(_entry[0][0]), []).append(_entry)


@lru_cache(maxsize=8192)
def header_matches(text: str) -> tuple[Match, ...]:
    """Every field named in a header text, longest phrases first, without overlapping words."""
    ws = _marked_words(text)
    # Candidates found through the first word, then taken in the order of a full scan: longest phrase
    # first (table order among equals), leftmost first.
    candidates = sorted(
        (rank, i, entry)
        for i, word in enumerate(ws)
        for rank, entry in _BY_FIRST_WORD.get(fold(word), ())
        if _at(ws, i, entry[0])
    )
    taken = [False] * len(ws)
    found: list[Match] = []
    for _, i, (phrase_words, fieldname, phrase) in candidates:
        n = len(phrase_words)
        if not any(taken[i:i + n]):
            taken[i:i + n] = [True] * n
            found.append(Match(fieldname, phrase, i, i + n))
    return tuple(sorted(found, key=lambda m: m.start))


@lru_cache(maxsize=8192)
def row_label(text: str) -> str | None:
    """"total", "average" or "survey" when a row's label starts with such a label, else None."""
    found = row_label_match(text)
    return found[0] if found else None


@lru_cache(maxsize=8192)
def row_label_match(text: str) -> tuple[str, int] | None:
    """(role, number of whole words of the label) when a row's label starts with a known label."""
    ws = _marked_words(text)
    if not ws:
        return None
    for phrase_words, role, _ in _LABEL_BY_FIRST.get(fold(ws[0]), ()):
        if _at(ws, 0, phrase_words):
            return role, len(phrase_words)
    return None


def same_text(typed: str, phrase: str) -> bool:
    """Letter by letter, what :func:`_same_word` says of words: a letter typed with its diacritics must
    match them; one typed without matches any letter that folds to it (both lower case, NFC)."""
    return len(typed) == len(phrase) and all(a == b or (fold(a) == a and fold(b) == a) for a, b in zip(typed, phrase))


_NUMBERED_NAMES = tuple(unicodedata.normalize("NFC", w.lower()) for w in NUMBERED_NAME_WORDS)
_CAPITALISED_NUMBERED = tuple(unicodedata.normalize("NFC", w.lower()) for w in CAPITALISED_NUMBERED_WORDS)


def starts_unit_name(text: str) -> bool:
    """A text that begins like a unit's name ("Xã Trãi Tân", "phường Hải An", "Phường 10"), diacritics as typed; the
    name after the kind opens with a capital or a digit ("2 xã cũ" goes on a cell)."""
    typed = unicodedata.normalize("NFC", text).split()
    return any(len(typed) >= len(p) and all(same_text(t.lower(), w) for t, w in zip(typed, p))
               and (len(typed) == len(p) or not typed[len(p)][:1].islower()) for p in _UNIT_STARTS)


def numbers_a_name(word: str) -> bool:
    """A number after this word is part of a name ("Phường 10"); diacritics typed must match, so in
    "Xã Phú Phương 60" the 60 is a figure ("Phương" is not "Phường"), and some words only in capitals ("Thôn 2")."""
    typed = unicodedata.normalize("NFC", word.lower())
    if word[:1].islower() and any(same_text(typed, w) for w in _CAPITALISED_NUMBERED):
        return False
    return any(same_text(typed, w) for w in _NUMBERED_NAMES)


def results_phrases() -> list[tuple[str, str | None]]:
    """Every phrase that names (or fills) a results-table header with its field (None for fillers),
    longest first: score-sheet phrases, the results-table extensions, then the fillers."""
    out: list[tuple[str, str | None]] = [(p, f) for f, ps in HEADER_PHRASES.items() for p in ps]
    out += [(p, f) for f, ps in RESULTS_PHRASES.items() for p in ps]
    out += [(p, None) for p in HEADER_FILLERS]
    return sorted(out, key=lambda e: -len(e[0]))


def classification_level(label: str) -> int | None:
    """How high a classification stands across schemes (5 for "Xuất sắc" … 0 for "Kém"), or None."""
    named = classification(label)
    return CLASSIFICATION_LEVELS.get(named) if named else None


def names_survey(text: str) -> bool:
    """A row's name that speaks of the survey part, on whole words ("8 Điểm điều tra xã hội học")."""
    ws = words(text)
    return any(ws[i : i + len(p)] == p for p in _SURVEY_WORDS for i in range(len(ws) - len(p) + 1))


def change_in_words(text: str) -> str | None:
    """A change written in words as signed figures ("Tăng 2 bậc" → "+2", "Giảm 0,5 điểm" → "-0,5", "Giữ nguyên" →
    "0"), or None when it is not one."""
    folded = fold(text).rstrip(".")
    if folded in _CHANGE_NONE:
        return "0"
    m = _CHANGE_WORDS.fullmatch(folded)
    return _CHANGE_SIGN[m.group(1)] + m.group(2) if m else None


def is_na(value: object) -> bool:
    """A cell that says the value does not apply ("Không áp dụng", "KAD.", "-")."""
    return isinstance(value, str) and fold(value).rstrip(".") in _NA_TEXTS


def names_unit_kinds(text: str) -> bool:
    """The text only names kinds of units, each whole ("Các sở, ban, ngành", "Cấp huyện", "Phường, xã:"), as a block's
    name does, with a capital: "Thanh" (in "Thanh" / "Hóa") is no "Thành phố"."""
    ws = _marked_words(text)
    lead = at = 1 if ws and _one_of(ws[0], _KIND_LEADS) else 0
    while at < len(ws):
        kind = next((k for k in _KINDS if len(ws[at : at + len(k)]) == len(k)
                     and all(map(_same_word, ws[at : at + len(k)], k))), None)
        if kind is None:
            return False
        at += len(kind)
    return text.lstrip()[:1].isupper() and at > lead


def _one_of(word: str, known: tuple[frozenset[str], frozenset[str]]) -> bool:
    """``word`` (lower case) is one of the ``known`` words (with their diacritics, and folded), diacritics as typed:
    "số" is not "sở", "so" typed bare may be either."""
    return word in known[0] or fold(word) == word and word in known[1]


def ends_joined(text: str) -> bool:
    """The text's last word joins it to more ("… và", "… của", "… VÀ"), diacritics as typed and not capitalised as a
    name: "hồ sơ" does not end on "số", nor "Hải Lệ" on "lệ"."""
    typed = _WORD.findall(unicodedata.normalize("NFC", text))
    last = typed[-1] if typed else ""
    return (last.islower() or last.isupper()) and _one_of(last.lower(), _CONNECTOR_WORDS)


_COUNTED = [words(n) for n in COUNTED_NOUNS]


def counts_a_noun(text: str) -> bool:
    """``text`` opens with a noun a number counts ("bậc", "hồ sơ trễ hạn"), whole words."""
    ws = words(text)
    return any(ws[: len(n)] == n for n in _COUNTED)


def block_heading(text: str) -> bool:
    """A line that opens a block of a results table: "Khối sở, ban, ngành", "Nhóm huyện"."""
    ws = words(text)
    return bool(ws) and ws[0] in _BLOCK_FIRST


_CLASS_WORDS = {words(c): c for c in (*CLASSIFICATIONS, *OTHER_CLASSIFICATIONS)}


def classification(text: str) -> str | None:
    """The classification a cell names exactly ("xuat sac", "TỐT" → "Xuất sắc", "Tốt"), or None."""
    return _CLASS_WORDS.get(words(text))


_NA_TEXTS = {fold(t) for t in NOT_APPLICABLE}
_UNIT_STARTS = [unicodedata.normalize("NFC", p.lower()).split() for p in UNIT_NAME_STARTS]
_SURVEY_WORDS = [words(t) for t in SURVEY_WORDS]
_BLOCK_FIRST = {words(w)[0] for w in BLOCK_WORDS}
_KINDS = sorted((_marked_words(kind) for kind in UNIT_KINDS), key=len, reverse=True)  # "Thị xã" before "Thị"
_KIND_LEADS = (frozenset(w for lead in UNIT_KIND_LEADS for w in _marked_words(lead)),
               frozenset(w for lead in UNIT_KIND_LEADS for w in words(lead)))


def _has_phrase(ws: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(ws[i:i + n] == phrase for i in range(len(ws) - n + 1))


_RESP_LEADS = [words(p) for p in RESPONSIBLE_LEADS]
_RESP_WEAK = [words(p) for p in WEAK_RESPONSIBLE_LEADS]
_NOT_RESP = [words(p) for p in NOT_RESPONSIBLE]
_DIGIT_PAIR = r"\d/\d"  # compiled by ``re`` on first use


def responsible_start(text: str, weak: bool = False) -> bool:
    """A text that begins like a responsible unit (whole words); ``weak`` also accepts the common words
    ("Ban", "Tổ") when the text is short. A text with a reason's word or a figure ("12/15") is not one."""
    ws = words(text)
    if not ws or len(text.split()) > 14 or re.search(_DIGIT_PAIR, text) or any(_has_phrase(ws, p) for p in _NOT_RESP):
        return False
    if any(ws[:len(p)] == p for p in _RESP_LEADS):
        return True
    return weak and len(text.split()) <= 6 and any(ws[:len(p)] == p for p in _RESP_WEAK)


_CONNECTOR_WORDS = (frozenset(w for c in CONNECTORS for w in _marked_words(c)), frozenset(fold(w) for w in CONNECTORS))
COUNCIL_WORDS = tuple(words(p) for p in COUNCIL_PREFIXES)
LABEL_QUALIFIER_WORDS = frozenset(fold(w) for w in LABEL_QUALIFIERS)
STRONG_TOTALS = frozenset(" ".join(fold(p).split()) for p in STRONG_TOTAL_LABELS)  # folded, as a row's label
SCORE_UNIT_WORDS = frozenset(fold(w) for w in SCORE_UNITS)


def _alternatives(phrases: tuple[str, ...]) -> str:
    """A regular expression's alternatives for the folded ``phrases``."""
    return "|".join(re.escape(fold(p)) for p in phrases)


_CLOSING = re.compile(rf"(?:{_alternatives(CLOSING_ABBREVIATIONS)})\s*\.|dieu\s+\d+\s*[.:]"
                      rf"|(?:{_alternatives(CLOSING_LABELS)})\s*:|\(\*+\)\s*[a-z]"
                      r"|[^,\d]{2,40},\s*ngay\s+[\d.…]+\s+thang\s+[\d.…]+\s+nam\s+\d{4}\s*$")
_TITLES = frozenset(words(w) for w in SIGNATURE_TITLES)
_PAGE_NUMBER = re.compile(rf"(?:(?:{_alternatives(PAGE_WORDS)})\s*\d{{1,3}}(?:\s*/\s*\d{{1,3}})?"
                          r"|-\s*\d{1,3}\s*-)")
_PAGE_MARK = re.compile(rf"[-_=.*~/…·—– ]{{3,}}|\((?:{_alternatives(ANNEX_LEADS)})\s.*"
                        rf"|\(?(?:{_alternatives(CONTINUED_MARKS)}"
                        rf"|(?:{_alternatives(MEASURE_LABELS)})\s*:\s*[^\s:]+(?:\s+[^\s:]+){{0,3}}"
                        rf"|(?:{_alternatives(FORM_LABELS)})\s*:?\s*\d{{1,3}}[a-z]?(?:\s*/\s*[a-z0-9-]{{1,12}})?)\)?")

# rows left out of an excerpt: "…", "...", "(...)", "… … …" (one to a cell); a longer run of dots is a rule
_ELLIPSIS = r"[(\[]?(?:…{1,3}|\.(?: ?\.){1,4})[)\]]?"
_OMISSION = re.compile(rf"{_ELLIPSIS}(?:\s+{_ELLIPSIS})*")


def opens_council_name(text: str) -> bool:
    """A council's prefix, then a unit's name ("UBND xã Hòa", "Ủy ban nhân dân Phường 4"): the kind may be in lower
    case after the prefix."""
    typed = text.split()
    n = next((len(p) for p in COUNCIL_WORDS if words(" ".join(typed[: len(p)])) == p), 0)
    return 0 < n < len(typed) and (starts_unit_name(" ".join(typed[n:])) or typed[n][:1].isupper())


def is_council_prefix(text: str) -> bool:
    """The text is only a council's prefix ("Ủy ban nhân dân", "UBND"): the start of a unit's name, never all of it."""
    return words(text) in COUNCIL_WORDS


def closes_table(text: str) -> bool:
    """A line that begins the text after a table: a signature block, the next article, a source or a footnote."""
    stripped = text.strip()
    return bool(_CLOSING.match(fold(stripped))) or stripped.isupper() and words(stripped) in _TITLES


def is_page_mark(text: str) -> bool:
    """A line a page puts around a table: "(Tiếp theo)", "Đơn vị tính: điểm", "Biểu số 01", "./."
    (:data:`CONTINUED_MARKS` and the lists after it), or one that says rows are left out (:func:`is_omission`)."""
    return _page_mark(fold(text).strip())


def _page_mark(folded: str) -> bool:
    return bool(_PAGE_MARK.fullmatch(folded) or _OMISSION.fullmatch(folded))


def is_omission(text: str) -> bool:
    """A line (or a row's cells) that says an excerpt leaves rows out here: "…", "...", "(...)", "… … …"."""
    return bool(_OMISSION.fullmatch(text.strip()))


def is_page_line(text: str) -> bool:
    """A page's number or one of its marks (:func:`is_page_number`, :func:`is_page_mark`), folded once."""
    folded = fold(text).strip()
    return bool(_PAGE_NUMBER.fullmatch(folded)) or _page_mark(folded)


def is_page_number(text: str) -> bool:
    """A line that is only a page number: "Trang 2", "Trang 2/5", "- 2 -" (a lone "2" may be a figure)."""
    return bool(_PAGE_NUMBER.fullmatch(fold(text).strip()))


_CHANGE_UP = tuple(fold(w) for w in CHANGE_UP_WORDS)
_CHANGE_DOWN = tuple(fold(w) for w in CHANGE_DOWN_WORDS)
_CHANGE_NONE = frozenset(fold(w) for w in CHANGE_NONE_WORDS)
_CHANGE_SIGN = {**dict.fromkeys(_CHANGE_UP, "+"), **dict.fromkeys(_CHANGE_DOWN, "-")}
_CHANGE_WORDS = re.compile(rf"({'|'.join(map(re.escape, _CHANGE_UP + _CHANGE_DOWN))})\s*(\d+(?:[.,]\d+)?)\s*"
                           rf"(?:{'|'.join(re.escape(fold(w)) for w in CHANGE_UNIT_WORDS)})?")
