"""The column map of a pasted table: what each column was read as, and why.

Every column gets a role from its header (the vocabulary), from its data when the header names nothing
(cells of a grid: "Tốt", "Khá" → classification; 1, 2, 2, 4 → rank; "92,5%" → index), or from the user
(``--columns "1=rank,2=unit,5=total"``, or a row "Cột: 1=rank, …" in the paste). A column left without a
role is a finding, never silently dropped. Grids and PDF headers share :func:`column_map`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parxl.findings import Finding
from parxl.numbers import fold, is_blank, parse_number
from parxl.paste.header import READ_FIELDS, Column, header_year, scan_header
from parxl.paste.model import paste_finding
from parxl.paste.weights import SHARES
from parxl.vocab import classification, words

# role names accepted in an override, with the fields they mean (None: do not read the column)
ROLE_ALIASES: dict[str, str | None] = {
    "stt": "serial", "serial": "serial", "code": "code", "ma": "code", "unit": "unit", "name": "name",
    "max": "max", "self": "self", "appraised": "appraised", "survey": "survey", "total": "total",
    "index": "index", "index_pct": "index", "pct": "index", "rank": "rank", "class": "class",
    "classification": "class", "change": "change", "deducted": "deducted", "reason": "reason",
    "note": "reason", "responsible": "responsible", "appraised_max": "appraised_max",
    "survey_max": "survey_max", "skip": None, "-": None, "bo": None, "khong": None,
}
# what a field is called in the map (the row field it fills)
ROLE_SHOWN = {"serial": "stt", "index": "index_pct", "class": "classification"}

_OVERRIDE_LINE = re.compile(r"^\s*(?:c[oộ]t|columns)\s*:\s*(.+)$", re.IGNORECASE)


class OverrideError(ValueError):
    pass


@dataclass(frozen=True)
class Override:
    """A user's column map: by 1-based column number or by header text, field or None (skip)."""

    by_number: dict[int, str | None]
    by_header: dict[str, str | None]
    text: str


def override_column(override: Override | None, number: int, header: str, col: Column | None = None,
                    ) -> tuple[bool, Column | None]:
    """Whether the user's map names column ``number`` (1-based), and the column it makes of ``col``, in its place
    (one not read, ``read`` False, when the user skips it)."""
    if override is None:
        return False, col
    hw = words(header)
    by_header = [f for h, f in override.by_header.items() if hw and words(h) == hw]
    if number not in override.by_number and not by_header:
        return False, col
    fld = override.by_number[number] if number in override.by_number else by_header[0]
    start, end = (col.start, col.end) if col is not None else (-1, -1)
    return True, Column(fld or "skip", index=number - 1, start=start, end=end, header=header, source="override",
                        read=fld is not None)


def column_map(entries: list[tuple[str, Column | None]], override: Override | None, line: int,
               values: list[list[object]] | None = None, year: int | None = None,
               ) -> tuple[list[Column | None], list[dict[str, object]], list[Finding]]:
    """The role of every column (header text, the column it names or None): the user's map, else the header,
    else the column's ``values`` (cells of a grid). Column by column, a finding for each column the user named,
    typed by its data, read against its data, or not read; a column not read is None, or keeps its place to
    place a row's words and figures (``read`` False). ``year``: the year the table's title names, which makes a
    figure of an earlier year ("Chỉ số năm 2022" in the results of 2023) last year's, not read."""
    fields = {c.field for _, c in entries if c is not None}
    seen: dict[str, int] = {}  # field -> the column read for it
    cols: list[Column | None] = []
    cmap: list[dict[str, object]] = []
    findings: list[Finding] = []
    for k, (header, old) in enumerate(entries):
        given, col = override_column(override, k + 1, header, old)
        if given:
            found = [("paste_columns_override", role_of(col) if col and col.read else "bỏ qua")]
        else:
            col, found = _by_header_or_data(header, col, values[k] if values is not None else [], fields)
            found += _not_read(col, header, year) if col is not None and col.read else []
        if col is not None and col.read and (col.numeric or col.field in ("unit", "name", "serial", "code")) \
                and col.field in seen:
            # "Chỉ số năm 2022", "Chỉ số năm 2023": one value per field, this year's (the later year, or no year
            # beside a year), never the last one silently; the other column is said and not read. So is a second
            # column of names ("Thành phố" after "Huyện, thị xã, thành phố": the first unit's name, wrapped?) or of
            # serials (a table printed in two halves side by side)
            j = seen[col.field]
            if header_year(str(cmap[j]["header"])) < header_year(header):
                older = cols[j]
                assert older is not None
                older.read, cmap[j]["role"] = False, None
                findings.append(paste_finding("paste_column_duplicate", line, column=j + 1, value=cmap[j]["header"],
                                              expected=role_of(col)))
            else:
                found.append(("paste_column_duplicate", role_of(col)))
                col.read = False
        if col is not None:
            col.index = k
            if col.read:
                seen[col.field] = k
        findings += [paste_finding(code, line, column=k + 1, value=header, expected=role) for code, role in found]
        cols.append(col)
        cmap.append({"column": k + 1, "header": header, "role": role_of(col) if col and col.read else None,
                     "source": col.source if col is not None else "header"})
    return cols, cmap, findings


def _by_header_or_data(header: str, col: Column | None, data: list[object], fields: set[str],
                       ) -> tuple[Column | None, list[tuple[str, str | None]]]:
    """A column the user did not name: by its header, else by its data (a field no other column has; ``fields`` is
    told of it); with the findings (code, role shown) of a column typed by its data, not read, or whose data
    disagree with its header ("Ghi chú" holding "Tốt", "Khá": read by the header, and said)."""
    if col is None and any(not is_blank(v) for v in data):
        by_data = type_by_data(data, names_free=not fields & {"unit", "name"},
                               ranks=not fields & {"deducted", "reason", "responsible", "self"})
        if by_data is None or by_data in fields:
            return None, [("paste_column_unused", None)]
        fields.add(by_data)
        col = Column(by_data, header=header, source="data")
        return col, [("paste_column_by_data", role_of(col))]
    if col is None:
        return None, [("paste_column_unused", None)] if header else []
    if (by_data := type_by_data(data)) in ("class", "index") and by_data != col.field:
        return col, [("paste_column_conflict", role_of(Column(by_data)))]
    return col, []


def _not_read(col: Column, header: str, year: int | None) -> list[tuple[str, str | None]]:
    """A column its header names but parxl does not read (``read`` set False): a field outside the results, or a
    figure of a year before the title's ``year`` (a change "so với năm 2022" is this year's)."""
    if col.field not in READ_FIELDS:
        found: tuple[str, str | None] = ("paste_column_unused", None)
    elif col.numeric and col.type != "change" and year and header_year(header) < year:
        found = ("paste_column_other_year", str(year))
    else:
        return []
    col.read = False
    return [found]


_TITLE_YEAR = re.compile(r"\bnam\s+((?:19|20)\d\d)\b")
_DATE_BEFORE = re.compile(r"thang\s*\d{1,2}\s*,?\s*$")  # "ngày 15 tháng 3 năm 2024": a date, not the results' year


def title_year(lines: list[str]) -> int | None:
    """The year a table's title speaks of ("KẾT QUẢ CHỈ SỐ CCHC NĂM 2023"): the latest "năm …" of the last lines
    before its header, dates left out."""
    years = [int(m.group(1)) for text in map(fold, lines[-8:]) for m in _TITLE_YEAR.finditer(text)
             if not _DATE_BEFORE.search(text[: m.start()])]
    return max(years, default=None)


def _role(text: str) -> str | None:
    key = fold(text).strip().replace(" ", "_")
    if key in ROLE_ALIASES:
        return ROLE_ALIASES[key]
    cols, _, _ = scan_header(text)  # a header wording: "Tổng điểm", "Xếp hạng"
    if cols:
        return cols[0].field
    raise OverrideError(text)


def parse_override(spec: str) -> Override:
    """``"1=rank, 2=unit, 5=total"``, ``"Điểm chung=total"`` or ``"3=Tổng điểm"``; ``;`` also separates."""
    by_number: dict[int, str | None] = {}
    by_header: dict[str, str | None] = {}
    for part in re.split(r"[,;\n]", spec):
        if not part.strip():
            continue
        left, eq, right = part.partition("=")
        if not eq or not left.strip() or not right.strip():
            raise OverrideError(part.strip())
        role = _role(right)
        if left.strip().isdigit():
            by_number[int(left)] = role
        else:
            by_header[left.strip()] = role
    if not by_number and not by_header:
        raise OverrideError(spec)
    return Override(by_number, by_header, spec.strip())


def override_in_line(text: str) -> str | None:
    """The map written in the paste itself: a line (or row) "Cột: 1=rank, 2=unit"."""
    m = _OVERRIDE_LINE.match(text)
    return m.group(1).strip() if m and "=" in m.group(1) else None


# ---------------------------------------------------------------------------------- typing by data

_RANK_TEXT = re.compile(r"^\s*(?:hạng|thứ|vị thứ)?\s*0*(\d{1,3})\s*(?:/\s*(\d{1,3}))?\s*$", re.IGNORECASE)
_PCT_TEXT = re.compile(r"^\s*\d{1,3}(?:[.,]\d+)?\s*%\s*$")
_PAIR_TEXT = re.compile(r"^\s*\d+(?:[.,]\d+)?\s*/\s*\d+(?:[.,]\d+)?\s*$")


def type_by_data(values: list[object], names_free: bool = False, ranks: bool = True) -> str | None:
    """The field a column's values show: classification words, ranks (integers ordering the rows, or
    "x/N"; only where ``ranks``: a criteria table ranks nothing), percentages (index), and distinct names
    (unit) when ``names_free`` (no column names the units); None when the data alone does not tell (plain
    numbers, free text)."""
    cells = [str(v).strip() for v in values if not is_blank(v)]
    if len(cells) < 2:
        return None
    if all(classification(c) for c in cells):
        return "class"
    if all(_PCT_TEXT.match(c) for c in cells):
        return "index"
    found = [_RANK_TEXT.match(c) for c in cells]
    if ranks and all(found):
        nums = [int(m.group(1)) for m in found if m]
        of = {m.group(2) for m in found if m and m.group(2)}
        # "x/N" with one N, or integers that order the rows (not a running number)
        if len(of) == 1 or min(nums) >= 1 and max(nums) <= max(len(nums) * 3, 10) \
                and len(set(nums)) >= len(nums) * SHARES.distinct_ranks and sorted(nums) != nums:
            return "rank"
    if not names_free:
        return None
    # names: text cells, mostly different, most of them not numbers
    texty = [c for c in cells if _number(c) is None and not _PAIR_TEXT.match(c) and not _PCT_TEXT.match(c)]
    return "unit" if len(texty) >= SHARES.names * len(cells) and len(set(texty)) >= SHARES.names * len(texty) else None


def _number(text: str) -> object:
    try:
        return parse_number(text)
    except Exception:  # noqa: BLE001 - anything unreadable is simply not a number here
        return None


def role_of(col: Column | None) -> str | None:
    return None if col is None else ROLE_SHOWN.get(col.field, col.field)
