"""A document's tables read by the paste parser, and every row and finding traced back to its place.

Pure: takes :class:`DocTable` s (already read), returns plain data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from parxl.documents.model import DocTable, Place
from parxl.errors import BadInput
from parxl.findings import Finding
from parxl.numbers import Rounding
from parxl.paste import PasteResult, cross_check, parse_cells

# which kinds of table each command can use, best first
WANTED = {"paste": ("areas", "criteria", "units"), "rank": ("units",)}
_LINE_PREFIX = re.compile(r"^Dòng \d+: ")


@dataclass
class TableInfo:
    """One line of `--list-tables`."""

    number: int
    page: int | None
    last_page: int | None
    sheet: str | None
    header: str
    rows: int  # data rows the parser read
    kind: str

    def where(self) -> str:
        if self.sheet is not None:
            return f"trang tính “{self.sheet}”"
        if self.page is None:
            return ""
        more = self.last_page is not None and self.last_page != self.page
        return f"trang {self.page}" + (f"–{self.last_page}" if more else "")

    def to_json(self) -> dict[str, object]:
        return {"table": self.number, "page": self.page, "last_page": self.last_page, "sheet": self.sheet,
                "header": self.header, "rows": self.rows, "kind": self.kind}


@dataclass
class DocumentPaste:
    """The paste parser's reading of one document table, with the place of every row, value and finding."""

    file: str
    table: DocTable
    result: PasteResult
    # findings of this table checked against another table of the document (an areas table against its
    # criteria table), each with the table its line belongs to
    cross: list[tuple[Finding, DocTable]] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        """The reader's findings (nested tables, repeated headers), the parser's and the cross checks."""
        own = sorted(self.table.findings + self.result.findings, key=lambda f: f.line or 0)
        return own + [f for f, _ in self.cross]

    def place_of(self, line: int | None, col: int | None = None) -> Place | None:
        return self.table.place(line, col)

    def finding_place(self, f: Finding) -> Place | None:
        table = next((t for g, t in self.cross if g is f), self.table)
        return table.place(f.line)

    def where(self, f: Finding) -> str:
        place = self.finding_place(f)
        return "" if place is None else replace(place, col=None).describe()

    def message(self, f: Finding) -> str:
        """The finding's message without its “Dòng n:” (a grid row): the place says where instead."""
        return _LINE_PREFIX.sub("", f.message) if self.finding_place(f) is not None else f.message

    def source(self, line: int | None, col: int | None = None) -> dict[str, object] | None:
        """The place as JSON; ``col=0`` for a whole row (its column left null)."""
        place = self.place_of(line, col or None)
        if place is None:
            return None
        return {"file": self.file, **replace(place, col=None if col == 0 else place.col).to_json()}

    def _finding_source(self, f: Finding) -> dict[str, object] | None:
        place = self.finding_place(f)
        return None if place is None else {"file": self.file, **replace(place, col=None).to_json()}

    def to_json(self) -> dict[str, object]:
        data = self.result.to_json()
        rows = []
        for row in data["rows"]:  # type: ignore[attr-defined]
            row = dict(row)
            row["source"] = self.source(row.get("line"), 0)
            row["sources"] = {k: self.source(*v) for k, v in (row.get("cells") or {}).items()}
            rows.append(row)
        findings = [{"code": f.code, "severity": f.severity.value, "line": f.line, "message": self.message(f),
                     "source": self._finding_source(f)} for f in self.findings]
        return {"kind": data["kind"], "file": self.file, "table": self.table.number, "rows": rows,
                "findings": findings}


def cells_of(table: DocTable) -> list[list[object]]:
    return [list(row) for row in table.grid]


def survey(tables: list[DocTable], *, rounding: Rounding = Rounding.HALF_UP, places: int = 2
           ) -> list[tuple[TableInfo, PasteResult]]:
    """Every table read by the parser, with what a listing shows of it."""
    out = []
    for t in tables:
        result = parse_cells(cells_of(t), rounding=rounding, places=places)
        info = TableInfo(t.number, t.page, t.last_page, t.sheet, t.header_text(), len(result.data_rows),
                         result.kind)
        out.append((info, result))
    return out


def choose(tables: list[DocTable], command: str, number: int | None = None, *, label: str = "",
           rounding: Rounding = Rounding.HALF_UP, places: int = 2) -> DocumentPaste:
    """The table named by ``number`` (1-based), else the one the command can use with the most rows."""
    if not tables:
        raise BadInput(f"Không tìm thấy bảng nào trong “{label}”.")
    surveyed = survey(tables, rounding=rounding, places=places)
    if number is not None:
        if not 1 <= number <= len(tables):
            raise BadInput(f"“{label}” có {len(tables)} bảng; không có bảng số {number} (xem --list-tables).")
        return DocumentPaste(label, tables[number - 1], surveyed[number - 1][1],
                             cross_findings(tables, surveyed, number - 1))
    wanted = WANTED[command]
    usable = [(i, info, res) for i, (info, res) in enumerate(surveyed) if info.kind in wanted and info.rows]
    if not usable:
        kinds = ", ".join(f"bảng {info.number}: {info.kind}" for info, _ in surveyed)
        raise BadInput(f"Không có bảng nào trong “{label}” dùng được cho lệnh này ({kinds}). "
                       "Xem danh sách bằng --list-tables và chọn bằng --table N.")
    i, _, result = max(usable, key=lambda x: (x[1].rows, -wanted.index(x[1].kind), -x[0]))
    return DocumentPaste(label, tables[i], result, cross_findings(tables, surveyed, i))


def cross_findings(tables: list[DocTable], surveyed: list[tuple[TableInfo, PasteResult]], chosen: int
                   ) -> list[tuple[Finding, DocTable]]:
    """As for a pasted text holding both: an areas table and a criteria table of the same document are
    checked against each other (the points each area lost are the deductions of its criteria)."""
    kind = surveyed[chosen][0].kind
    other_kind = {"areas": "criteria", "criteria": "areas"}.get(kind)
    others = [j for j, (info, _) in enumerate(surveyed) if info.kind == other_kind and info.rows]
    if other_kind is None or not others:
        return []
    if kind == "criteria":  # the areas table just before it, as for a report's section
        j = max((j for j in others if j < chosen), default=others[0])
        areas, criteria = j, chosen
    else:
        j = min((j for j in others if j > chosen), default=others[0])
        areas, criteria = chosen, j
    found = cross_check(surveyed[areas][1], surveyed[criteria][1])
    # an area that lost other points than listed is placed on its areas row; the grand total on the criteria
    return [(f, tables[areas] if f.code == "paste_area_deductions_mismatch" else tables[criteria])
            for f in found]
