"""The table model every document reader produces: a grid of cell texts and, beside it, each cell's place."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from parxl.errors import BadInput
from parxl.findings import Finding

_LIST_MARK = re.compile(r"^[-+•*–]\s")
_NUMBER_HEAD = re.compile(r"(^|\s)[\d.,/]*\d[.,/]?$")  # a line ending in (part of) a number …
_NUMBER_TAIL = re.compile(r"^[\d.,/]*\d*%?$")  # … and the next one holding only the rest of it


def join_lines(lines: list[str], *, rejoin_numbers: bool = False) -> str:
    """The lines of one cell as the parser reads them best: a line that starts a list item ("- Chưa …")
    keeps its line break, as in a pasted cell; any other break is layout (a name or a header wrapped in
    a narrow column) and becomes a space. With ``rejoin_numbers`` (PDF lines, which break where the
    column ends) a number cut inside ("59,7" / "6", "1.04" / "3,17", "86,52" / "%") or a word cut after
    its hyphen ("KT-" / "XH") is glued back."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if not out:
            out = line
        elif _LIST_MARK.match(line):
            out += "\n" + line
        elif rejoin_numbers and (_NUMBER_HEAD.search(out) and _NUMBER_TAIL.match(line)
                                 or line.startswith("%") or re.search(r"\w-$", out)):
            out += line  # a number or a hyphenated word ("KT-" / "XH") cut by the end of the line
        else:
            out += " " + line
    return out


@dataclass(frozen=True)
class Place:
    """Where a grid cell was read in the document. Rows and columns are 1-based, as a reader counts them."""

    table: int  # 1-based number of the table in the document (or of the sheet in a workbook)
    row: int | None = None  # row of that table; None for a caption line above it
    col: int | None = None
    page: int | None = None  # PDF page (1-based); None for Word, HTML and workbooks
    sheet: str | None = None  # workbook annex: sheet name …
    cell: str | None = None  # … and A1 reference

    def describe(self) -> str:
        """“trang 2, bảng 1, dòng 5, cột 3”, “trang “PL1”, ô C7”."""
        if self.sheet is not None:
            return f"trang tính “{self.sheet}”, ô {self.cell}" if self.cell else f"trang tính “{self.sheet}”"
        parts = [f"trang {self.page}"] if self.page is not None else []
        parts.append(f"bảng {self.table}")
        parts.append("dòng trên bảng" if self.row is None else f"dòng {self.row}")
        if self.col is not None:
            parts.append(f"cột {self.col}")
        return ", ".join(parts)

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"page": self.page, "table": self.table, "row": self.row, "col": self.col}
        if self.sheet is not None:
            data.update(sheet=self.sheet, cell=self.cell)
        return data


@dataclass
class DocTable:
    """One table of a document: rows of cell texts (None for empty or merged-away cells) and their places.

    ``grid[i][j]`` was read at ``places[i][j]``; grid row ``i + 1`` is the parser's line. Merged cells keep
    their text in the first (top-left) cell and leave the others empty, as a copy into Excel does.
    """

    number: int
    grid: list[list[Any]]  # texts (None when empty); an Excel annex's numbers stay numbers
    places: list[list[Place]]
    page: int | None = None  # first page (PDF)
    last_page: int | None = None
    sheet: str | None = None
    findings: list[Finding] = field(default_factory=list)  # what the reader could not read

    @property
    def n_rows(self) -> int:
        return len(self.grid)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.grid), default=0)

    def place(self, line: int | None, col: int | None = None) -> Place | None:
        """The place of grid row ``line`` and column ``col`` (both 1-based; the row's first cell if None)."""
        if line is None or not 1 <= line <= len(self.places) or not self.places[line - 1]:
            return None
        row = self.places[line - 1]
        if col is not None and 1 <= col <= len(row):
            return row[col - 1]
        return row[0]

    def header_text(self, limit: int = 80) -> str:
        """The first row that has several non-empty cells, for listings."""
        for row in self.grid:
            texts = [" ".join(str(c).split()) for c in row if c is not None and str(c).strip()]
            if len(texts) >= 2:
                joined = " | ".join(texts)
                return joined if len(joined) <= limit else joined[: limit - 1] + "…"
        return ""


class UnreadableDocument(BadInput):
    """A document that has no table parxl can read (a scanned PDF, a broken file)."""

    code = "unreadable_document"

    def __init__(self, message: str, reason: str, *, path: str | None = None) -> None:
        super().__init__(f"{message} (mã lý do: {reason})", path=path)
        self.reason = reason


def build_grid(rows: list[list[tuple[str | None, int, int]]], *, table: int, page: int | None = None
               ) -> tuple[list[list[str | None]], list[list[Place]]]:
    """Grid and places from rows of (text, document row, document column) cells, padded to one width."""
    width = max((len(r) for r in rows), default=0)
    grid: list[list[str | None]] = []
    places: list[list[Place]] = []
    for i, row in enumerate(rows, start=1):
        texts = [t for t, _, _ in row] + [None] * (width - len(row))
        where = [Place(table, r, c, page) for _, r, c in row]
        where += [Place(table, i, j, page) for j in range(len(row) + 1, width + 1)]
        grid.append(texts)
        places.append(where)
    return grid, places


def span_grid(rows: list[list[tuple[str | None, int, int]]]) -> list[list[str | None]]:
    """Lay out cells with (text, colspan, rowspan) into a rectangle: a merged cell's text goes to its first
    position, the positions it covers stay None."""
    taken: dict[tuple[int, int], bool] = {}
    out: list[list[str | None]] = []
    for r, row in enumerate(rows):
        line: dict[int, str | None] = {}
        c = 0
        for text, colspan, rowspan in row:
            while taken.get((r, c)):
                c += 1
            for dr in range(max(rowspan, 1)):
                for dc in range(max(colspan, 1)):
                    taken[(r + dr, c + dc)] = True
            line[c] = text
            c += max(colspan, 1)
        width = max([k + 1 for k in line] + [k + 1 for (rr, k) in taken if rr == r] + [0])
        out.append([line.get(k) for k in range(width)])
    return out
