"""Property tests: any header wording of the vocabulary gives the column map it names, or a finding.

Headers are drawn from :mod:`parxl.vocab` (every synonym of a field, at times after "Kết quả"), in any case,
with or without diacritics, broken over lines inside the cell, in any column order, with extra columns parxl does not
read, numbered in their cells ("Tổng điểm (5)=(3)+(4)") or marked for a note ("Điểm (*)"); the rows hold consistent
figures computed here. The map must give each column its role (and an unknown column none, with a
``paste_column_unused`` finding on the header line) and every value must read back.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parxl.numbers import fold
from parxl.paste import parse_cells, parse_paste
from parxl.vocab import HEADER_PHRASES, RESULTS_PHRASES

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# wordings that name one field alone (short or shared words such as "Tổng", "%" or "Xã hội học" are
# only read together with others and are left out of the draw)
_SKIP = {"Tổng", "%", "Xã hội học", "Tỉnh", "Quận", "Huyện", "Thị xã", "Thành phố", "Vùng", "Hạng", "TT"}


def _phrases(field: str) -> list[str]:
    return [p for p in (*HEADER_PHRASES.get(field, ()), *RESULTS_PHRASES.get(field, ())) if p not in _SKIP]


ROLE_OF = {"serial": "stt", "unit": "unit", "appraised": "appraised", "survey": "survey", "total": "total",
           "index": "index_pct", "rank": "rank", "class": "classification"}
UNKNOWN = ["Địa chỉ liên hệ", "Người ký duyệt", "Điện thoại"]
NAMES = ["Phường An Lạc", "Xã Tân Kiên", "Phường Bình Trị Đông", "Xã Vĩnh Lộc", "Thị trấn Tân Túc"]


def _cased(text: str, how: str) -> str:
    if how == "upper":
        return text.upper()
    if how == "lower":
        return text.lower()
    if how == "bare":  # typed without diacritics
        return " ".join(w.capitalize() if i == 0 else w for i, w in enumerate(fold(text).split()))
    return text


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[str | None], list[list[object]], dict[str, list[object]]]:
    numeric = draw(st.lists(st.sampled_from(["appraised", "survey", "total", "index", "rank", "class"]),
                            min_size=1, max_size=4, unique=True))
    if "appraised" in numeric and "survey" in numeric and "total" not in numeric:
        numeric.append("total")
    if not set(numeric) & {"appraised", "survey", "total", "index"}:
        numeric.append("total")
    numeric = draw(st.permutations(numeric))
    fields = ["serial", "unit", *numeric]
    extra = draw(st.sampled_from([None, *UNKNOWN]))
    where = draw(st.integers(2, len(fields)))
    how = draw(st.sampled_from(["as is", "upper", "lower", "bare"]))
    headers: list[str] = []
    for f in fields:
        text = draw(st.sampled_from(_phrases(f)))
        if f not in ("serial", "unit") and draw(st.integers(0, 3)) == 0:
            text = f"Kết quả {text}"  # "Kết quả Chỉ số CCHC": a lead word that names nothing by itself
        text = _cased(text, how)
        words = text.split()
        if len(words) > 1 and draw(st.booleans()):  # broken over two lines inside the cell
            cut = draw(st.integers(1, len(words) - 1))
            text = " ".join(words[:cut]) + "\n" + " ".join(words[cut:])
        headers.append(text)
    roles: list[str | None] = [ROLE_OF[f] for f in fields]
    if extra:
        headers.insert(where, extra)
        roles.insert(where, None)
        fields.insert(where, "extra")
    marks = draw(st.sampled_from([None, "numbers", "formula", "footnote"]))
    if marks in ("numbers", "formula"):  # the columns numbered in their cells: "Tổng điểm (5)", never a maximum
        headers = [f"{h} ({k})" for k, h in enumerate(headers, 1)]
        if marks == "formula" and "total" in fields and (at := fields.index("total")) >= 2:
            headers[at] += f"=({at - 1})+({at})"
    elif marks == "footnote":  # "Điểm (*)": a note below the table explains the column
        at = draw(st.integers(2, len(headers) - 1))
        headers[at] += draw(st.sampled_from([" (*)", "(*)", "*", " (**)"]))
    n = draw(st.integers(2, 5))
    appraised = [Decimal(draw(st.integers(4000, 7000))) / 100 for _ in range(n)]
    survey = [Decimal(draw(st.integers(1500, 3000))) / 100 for _ in range(n)]
    total = [a + s for a, s in zip(appraised, survey)]
    # ranks and classes follow what the table shows: the total, else the index, else the appraisal
    metric = appraised if not {"total", "index"} & set(fields) else total
    ranks = [1 + sum(1 for o in metric if o > t) for t in metric]
    classes = ["Xuất sắc" if t >= 90 else "Tốt" if t >= 80 else "Khá" if t >= 70 else "Trung bình" for t in metric]
    values = {"serial": list(range(1, n + 1)), "unit": NAMES[:n], "appraised": appraised, "survey": survey,
              "total": total, "index": total, "rank": ranks, "class": classes,
              "extra": [f"Khu phố {k}" for k in range(n)]}
    rows = [[_cell(f, values[f][k]) for f in fields] for k in range(n)]
    return headers, roles, rows, {f: values[f] for f in fields}


def _cell(field: str, v: object) -> object:
    if isinstance(v, Decimal):
        text = f"{v:.2f}".replace(".", ",")
        return text + "%" if field == "index" else text
    return v


READ_AS = {"serial": "stt", "unit": "unit", "appraised": "appraised", "survey": "survey", "total": "total",
           "index": "index_pct", "rank": "rank", "class": "classification"}


def _check(result, headers, roles, values, header_line: int) -> None:
    assert result.kind == "units"
    assert [c["role"] for c in result.column_map] == roles
    unused = [(f.code, f.line) for f in result.findings if f.code == "paste_column_unused"]
    assert unused == [("paste_column_unused", header_line)] * roles.count(None)
    data = result.data_rows
    for f, got in values.items():
        if f == "extra":
            continue
        assert [r.get(READ_AS[f]) for r in data] == got
    assert [f.code for f in result.findings if f.severity.value == "error"] == []


@SETTINGS
@given(table=tables())
def test_any_vocabulary_header_in_cells(table) -> None:
    headers, roles, rows, values = table
    result = parse_cells([list(headers), *rows])
    _check(result, headers, roles, values, 1)


@SETTINGS
@given(table=tables())
def test_any_vocabulary_header_in_tab_text(table) -> None:
    headers, roles, rows, values = table
    head = "\t".join(f'"{h}"' if "\n" in h else h for h in headers)  # Excel quotes a cell with a line break
    text = "Kết quả năm 2024\n" + head + "\n" + "\n".join("\t".join(str(c) for c in r) for r in rows) + "\n"
    result = parse_paste(text)
    _check(result, headers, roles, values, 2)


def test_a_map_row_in_the_paste_sheet_overrides_the_header() -> None:
    cells = [
        ["Cột: 3=total, 4=skip", None, None, None],
        ["Thứ tự", "Địa bàn", "Kết quả chung", "Ghi nhận"],
        [1, "Phường An Lạc", 90.5, "x"],
        [2, "Xã Tân Kiên", 80, "y"],
    ]
    result = parse_cells(cells)
    assert result.override == "3=total, 4=skip"
    assert [(c["column"], c["role"], c["source"]) for c in result.column_map] == [
        (1, "stt", "header"), (2, "unit", "data"), (3, "total", "override"), (4, None, "override")]
    assert [r["total"] for r in result.data_rows] == [Decimal("90.5"), Decimal(80)]
    assert result.understood
    assert result.to_json()["columns_override"] == "3=total, 4=skip"


def test_a_map_line_in_pasted_text_and_a_header_named_override() -> None:
    text = "Cột: Kết quả chung=Tổng điểm\nThứ tự\tĐịa bàn\tKết quả chung\n1\tPhường A\t90\n2\tPhường B\t85\n"
    result = parse_paste(text)
    assert [c["role"] for c in result.column_map] == ["stt", "unit", "total"]
    assert [r["line"] for r in result.data_rows] == [3, 4]


def test_a_bad_map_is_an_error_and_nothing_is_guessed() -> None:
    result = parse_paste("STT\tĐơn vị\tTổng điểm\n1\tPhường A\t90\n", columns="3=khong-biet")
    assert [f.code for f in result.findings][:1] == ["paste_columns_bad"]
    assert not result.understood


def test_unread_columns_are_named_and_make_paste_fail() -> None:
    text = "STT\tPhường, xã\tXếp hạng\tPhương pháp\n1\tPhường 1\t4/141\tTrực tiếp\n2\tXã Hải Lệ\t39/141\tTrực tiếp\n"
    result = parse_paste(text)
    assert [(c["header"], c["role"]) for c in result.column_map] == [
        ("STT", "stt"), ("Phường, xã", "unit"), ("Xếp hạng", "rank"), ("Phương pháp", None)]
    assert [(f.code, f.line) for f in result.findings] == [("paste_column_unused", 1)]
    assert [(r["rank"], r["rank_of"]) for r in result.data_rows] == [(4, 141), (39, 141)]
    assert not result.understood


def test_whole_words_only() -> None:
    # "Thang điểm" is a maximum (not "hạng"), "Phương pháp" a method (not "phường")
    result = parse_paste("STT\tĐơn vị\tThang điểm\tĐiểm đạt được\n1\tXã A\t100\t80\n2\tXã B\t100\t90\n")
    assert [c["role"] for c in result.column_map] == ["stt", "unit", "max", "appraised"]
    assert [r["appraised_max"] for r in result.data_rows] == [Decimal(100), Decimal(100)]


def test_a_cell_beyond_every_column_is_reported_on_its_line() -> None:
    rows = "".join(f"{i}\tPhường {i}\t{50 + i % 40}\n" for i in range(1, 90))  # more rows than the map samples
    result = parse_paste("STT\tĐơn vị\tTổng điểm\n" + rows + "90\tPhường 90\t75\t7\n")
    assert [(f.code, f.line) for f in result.findings] == [("paste_row_unplaced", 91)]
    assert not result.understood


def test_a_header_the_data_contradicts_is_said() -> None:
    text = "STT\tĐơn vị\tTổng điểm\tGhi chú\n1\tXã A\t90\tXuất sắc\n2\tXã B\t80\tTốt\n"
    result = parse_paste(text)
    assert [c["role"] for c in result.column_map] == ["stt", "unit", "total", "reason"]
    assert [(f.code, f.line, f.params) for f in result.findings] == [
        ("paste_column_conflict", 1, (("column", 4), ("line", 1)))]
    assert result.findings[0].expected == "classification"


def test_the_normalised_sheet_keeps_blocks_and_shows_the_map() -> None:
    from parxl.paste.render import table_sheet

    text = "STT\tĐơn vị\tTổng điểm\nI. Khối sở\t\t\n1\tSở A\t90\nII. Khối huyện\t\t\n1\tHuyện B\t80\n"
    sheet = table_sheet(parse_paste(text, columns="3=total"))
    values = [[c.value if c is not None else None for c in row] for row in sheet.rows]
    header = values[3]
    assert "Khối" in header
    col = header.index("Khối")
    assert [r[col] for r in values[4:6]] == ["I. Khối sở", "II. Khối huyện"]
    flat = [v for row in values for v in row]
    assert "Chỉ định cột của người dùng: 3=total" in flat and "theo chỉ định" in flat


def test_a_block_average_is_checked_against_its_block() -> None:
    text = ("STT\tĐơn vị\tTổng điểm\tXếp hạng\nI. Khối sở\t\t\t\n1\tSở A\t90\t1\n2\tSở B\t86\t2\n\tTrung bình\t87\t\n"
            "II. Khối huyện\t\t\t\n1\tHuyện C\t80\t1\n2\tHuyện D\t84\t1\n\tTrung bình chung\t85\t\n")
    result = parse_paste(text)
    wrong = [(f.code, f.line, f.value, f.expected) for f in result.findings if f.severity.value != "info"]
    assert wrong == [("paste_average_mismatch", 5, Decimal(87), Decimal("88.00")),
                     ("paste_rank_mismatch", 7, 1, 2)]
    assert [r["block"] for r in result.data_rows] == ["I. Khối sở"] * 2 + ["II. Khối huyện"] * 2


@SETTINGS
@given(table=tables(), width=st.integers(12, 60))
def test_any_vocabulary_header_in_pdf_text(table, width: int) -> None:
    import textwrap

    headers, roles, rows, values = table
    head = textwrap.wrap(" ".join(h.replace("\n", " ") for h in headers), width, break_long_words=False)
    text = "Kết quả năm 2024\n" + "\n".join(head) + "\n" + "\n".join(" ".join(str(c) for c in r) for r in rows) + "\n"
    result = parse_paste(text)
    if None in roles:  # a column parxl has no word for: in PDF text its cells cannot be told apart, so it says so
        assert not result.understood
        # (a mark wrapped onto the unknown column's words reads as a note, "(*) Địa chỉ": a line said skipped)
        said = {"paste_column_unused", "paste_no_table", *(["paste_line_skipped"] if "*" in "".join(headers) else [])}
        assert {f.code for f in result.findings} & said
        return
    _check(result, headers, roles, values, 2)


def test_columns_override_in_pdf_text() -> None:
    text = "STT Đơn vị Điểm chung Xếp hạng\n1 Phường A 90,5 1\n2 Phường B 85 2\n"
    plain = parse_paste(text)
    assert not plain.understood  # "chung" names nothing: parxl says so rather than guess
    assert ("paste_column_unused", 1) in [(f.code, f.line) for f in plain.findings]
    result = parse_paste(text, columns="3=total")
    assert [(c["column"], c["role"], c["source"]) for c in result.column_map] == [
        (1, "stt", "header"), (2, "unit", "header"), (3, "total", "override"), (4, "rank", "header")]
    assert [(r["unit"], r["total"], r["rank"]) for r in result.data_rows] == [
        ("Phường A", Decimal("90.5"), 1), ("Phường B", Decimal(85), 2)]
    assert [f.code for f in result.findings] == ["paste_columns_override"] and result.understood
