"""Tables of a PDF with a text layer, from the words and their positions (pdfplumber).

Ruled tables are cut along their lines (pdfplumber's table finder, lines strategy); a table without rules
gets its columns from the x-positions of its words. A cell wrapped over several lines is rejoined (a number
cut after its decimal comma or before its "%" without a space). A table continued on the next page is
joined to its first part: the header rows the page repeats are dropped and a row cut by the page break is
made whole again. Page numbers and running titles at the top and bottom of pages are not read. A PDF with
no text at all is a scan: it is refused with a message, as no character recognition is attempted.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from io import BytesIO
from itertools import pairwise
from typing import Any

from parxl.documents.model import DocTable, Place, UnreadableDocument, join_lines
from parxl.findings import Finding, finding

LINE_TOL = 2.5  # points: words whose tops differ less than this are on one line
MARGIN = 0.09  # share of the page height at the top and bottom where page furniture lives
CAPTION_LINES = 6
_PAGE_NO = re.compile(r"^(?:trang\s*)?[-–(]?\s*\d{1,4}\s*[-–)]?(?:\s*/\s*\d{1,4})?$|^page\s*\d+",
                      re.IGNORECASE)
_NUMBER = re.compile(r"^[-+]?\d[\d.,]*%?$|^[\d.,]+/\d+$")


@dataclass
class _Line:
    top: float
    bottom: float
    words: list[dict[str, Any]]

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)

    @property
    def x0(self) -> float:
        return min(w["x0"] for w in self.words)

    @property
    def x1(self) -> float:
        return max(w["x1"] for w in self.words)


@dataclass
class _PageTable:
    page: int
    rows: list[list[str | None]]
    bbox: tuple[float, float, float, float]
    caption: list[str]
    ruled: bool
    near_top: bool  # nothing but page furniture above it
    near_bottom: bool  # nothing but page furniture below it
    findings: list[Finding] = field(default_factory=list)


def read_pdf(data: bytes, label: str) -> list[DocTable]:
    import pdfplumber

    try:
        pdf = pdfplumber.open(BytesIO(data))
    except Exception as err:
        raise UnreadableDocument(f"Không mở được tệp PDF “{label}” (tệp hỏng hoặc có mật khẩu).",
                                 "pdf_unreadable", path=label) from err
    with pdf:
        pages = [(p.page_number, _reading_size(p)[1], _lines(_words(p)), p) for p in pdf.pages]
        if not any(lines for _, _, lines, _ in pages):
            raise UnreadableDocument(
                f"Tệp PDF “{label}” không có lớp chữ: đây là bản quét (ảnh). parxl không nhận dạng chữ "
                "trong ảnh; hãy dùng bản Word/PDF gốc của quyết định, hoặc gõ/dán bảng kết quả vào trang "
                "“Kết quả quận”.",
                "pdf_no_text", path=label)
        furniture = _furniture(pages)
        found: list[_PageTable] = []
        for number, _height, lines, page in pages:
            body = [ln for ln in lines if (number, round(ln.top)) not in furniture]
            found += _page_tables(page, number, body)
    tables = _join_pages(found)
    _note_pages_without_text(tables, [number for number, _, lines, _ in pages if not lines])
    return tables


def _note_pages_without_text(tables: list[DocTable], blank: list[int]) -> None:
    """A scanned page inside a PDF with text (a signed page, a table page printed and scanned back) is said
    out loud on the table it may belong to: the one read last before that page."""
    for page in blank:
        before = [t for t in tables if (t.page or 0) < page]
        target = before[-1] if before else (tables[0] if tables else None)
        if target is not None:
            target.findings.append(finding("doc_page_without_text", value=f"trang {page}", page=page))


# ------------------------------------------------------------------------------------ rotated pages


def _reading_size(page: Any) -> tuple[float, float]:
    """Width and height of the page as it is read (a page turned by /Rotate 90 is read sideways)."""
    return (page.height, page.width) if page.rotation % 180 == 90 else (page.width, page.height)


def _to_reading(page: Any, bbox: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """A box in the displayed page as (x0, top, x1, bottom) in the frame where the text runs left to right."""
    x0, top, x1, bottom = bbox
    rotation = page.rotation % 360
    if rotation == 90:  # text runs down the displayed page, its first line at the right
        return top, page.width - x1, bottom, page.width - x0
    if rotation == 270:
        return page.height - bottom, x0, page.height - top, x1
    if rotation == 180:
        return page.width - x1, page.height - bottom, page.width - x0, page.height - top
    return bbox


def _words(page: Any) -> list[dict[str, Any]]:
    words = page.extract_words(x_tolerance=1.5, y_tolerance=2)
    if page.rotation % 360 == 0:
        return words
    out = []
    for w in words:
        x0, top, x1, bottom = _to_reading(page, (w["x0"], w["top"], w["x1"], w["bottom"]))
        # on a page turned 180 or 270 degrees the characters were gathered against the reading direction
        text = w["text"][::-1] if page.rotation % 360 in (180, 270) else w["text"]
        out.append({**w, "text": text, "x0": x0, "top": top, "x1": x1, "bottom": bottom, "upright": True})
    return out


def _rotated_rows(page: Any, table: Any) -> list[list[Any]]:
    """Cells of a ruled table on a turned page laid out again in reading order (None: covered by a merge)."""
    boxes = [_to_reading(page, c) for c in table.cells]
    xs = sorted({round(b[0]) for b in boxes})
    tops = sorted({round(b[1]) for b in boxes})
    grid: list[list[Any]] = [[None] * len(xs) for _ in tops]
    for b in boxes:
        grid[tops.index(round(b[1]))][xs.index(round(b[0]))] = b
    return grid


# ---------------------------------------------------------------------------------------------- lines


def _lines(words: list[dict[str, Any]]) -> list[_Line]:
    out: list[_Line] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if w.get("upright") is False:
            continue
        if out and abs(w["top"] - out[-1].top) <= LINE_TOL:
            out[-1].words.append(w)
            out[-1].bottom = max(out[-1].bottom, w["bottom"])
        else:
            out.append(_Line(w["top"], w["bottom"], [w]))
    for ln in out:
        ln.words.sort(key=lambda w: w["x0"])
    return out


def _furniture(pages: list[tuple[int, float, list[_Line], Any]]) -> set[tuple[int, int]]:
    """(page, top) of page numbers and of running titles (the same text at the top or bottom of pages)."""
    edge: list[tuple[int, _Line]] = []
    for number, height, lines, _ in pages:
        edge += [(number, ln) for ln in lines
                 if ln.top < height * MARGIN or ln.bottom > height * (1 - MARGIN)]
    repeated = Counter(re.sub(r"\d+", "#", ln.text) for _, ln in edge)
    many = len(pages) > 1
    return {(n, round(ln.top)) for n, ln in edge
            if _PAGE_NO.match(ln.text.strip()) or (many and repeated[re.sub(r"\d+", "#", ln.text)] > 1)}


# ------------------------------------------------------------------------------------------- tables


def _page_tables(page: Any, number: int, lines: list[_Line]) -> list[_PageTable]:
    ruled = page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
    ruled = [t for t in ruled if len(t.rows) >= 2 and max(len(r.cells) for r in t.rows) >= 2]
    out: list[_PageTable] = []
    taken: list[tuple[float, float]] = []
    for t in sorted(ruled, key=lambda t: _to_reading(page, t.bbox)[1]):
        cells = [list(r.cells) for r in t.rows] if page.rotation % 360 == 0 else _rotated_rows(page, t)
        rows = [[None if c is None else _cell_text(lines, c) for c in row] for row in cells]
        bbox = _to_reading(page, t.bbox)
        taken.append((bbox[1], bbox[3]))
        out.append(_PageTable(number, rows, bbox, [], True, False, False))
    free = [ln for ln in lines if not any(top - 1 <= ln.top <= bottom + 1 for top, bottom in taken)]
    out += _unruled(number, free)
    out.sort(key=lambda t: t.bbox[1])
    for i, t in enumerate(out):
        above = [ln for ln in lines if ln.bottom <= t.bbox[1] + 1
                 and (i == 0 or ln.top >= out[i - 1].bbox[3] - 1)]
        t.caption = [ln.text for ln in above][-CAPTION_LINES:]
        t.near_top = i == 0 and not above
        t.near_bottom = i == len(out) - 1 and not any(ln.top >= t.bbox[3] - 1 for ln in lines)
    return out


def _cell_text(lines: list[_Line], bbox: tuple[float, float, float, float]) -> str | None:
    x0, top, x1, bottom = bbox
    parts: list[str] = []
    for ln in lines:
        inside = [w for w in ln.words if x0 - 1 <= (w["x0"] + w["x1"]) / 2 <= x1 + 1
                  and top - 1 <= (w["top"] + w["bottom"]) / 2 <= bottom + 1]
        if inside:
            parts.append(" ".join(w["text"] for w in inside))
    return join_wrapped(parts) or None


def join_wrapped(parts: list[str]) -> str:
    """The lines of one wrapped cell as one text (see :func:`join_lines`), numbers cut by the wrap glued."""
    return join_lines(parts, rejoin_numbers=True)


# ------------------------------------------------------------------------- tables without ruling lines


def _segments(ln: _Line) -> list[tuple[float, float, str]]:
    """Runs of words on a line separated by gaps wider than a space: candidate cells."""
    size = max(ln.bottom - ln.top, 6.0)
    segs: list[list[Any]] = []
    for w in ln.words:
        if segs and w["x0"] - segs[-1][1] <= 0.5 * size:
            segs[-1][1] = w["x1"]
            segs[-1][2] += " " + w["text"]
        else:
            segs.append([w["x0"], w["x1"], w["text"]])
    return [(a, b, t) for a, b, t in segs]


def _unruled(number: int, lines: list[_Line]) -> list[_PageTable]:
    """Runs of lines with three or more segments are a table; columns come from the fullest lines.

    A results table holds numbers: lines of stretched (justified) prose that look like three segments but
    hold no number in a cell of their own are not a table."""
    segs = [_segments(ln) for ln in lines]
    wide = [i for i, s in enumerate(segs) if len(s) >= 3]
    if sum(any(_NUMBER.match(t) for _, _, t in segs[i]) for i in wide) < 2:
        return []
    first, last = wide[0], wide[-1]
    x_min = min(a for i in wide for a, _, _ in segs[i]) - 2
    x_max = max(b for i in wide for _, b, _ in segs[i]) + 2
    pitch = _median([lines[j].top - lines[i].top for i, j in pairwise(wide)]) or 12.0
    while (last + 1 < len(lines) and lines[last + 1].top - lines[last].top <= 1.3 * pitch
           and x_min <= lines[last + 1].x0 and lines[last + 1].x1 <= x_max and len(segs[last + 1]) < 3):
        last += 1  # the wrapped lines of the table's last row
    body = list(range(first, last + 1))
    full = max(len(segs[i]) for i in body)
    columns: list[list[float]] = []
    for i in body:
        if len(segs[i]) == full:
            for a, b, _ in segs[i]:
                hit = next((c for c in columns if a <= c[1] and b >= c[0]), None)
                if hit:
                    hit[0], hit[1] = min(hit[0], a), max(hit[1], b)
                else:
                    columns.append([a, b])
    columns.sort()
    findings: list[Finding] = []
    rows: list[list[list[str]]] = []
    prev_top = None
    for i in body:
        cells: list[list[str]] = [[] for _ in columns]
        for a, b, text in segs[i]:
            cells[_column(columns, a, b)].append(text)
        gap = prev_top is not None and lines[i].top - prev_top > 1.6 * pitch
        prev_top = lines[i].top
        if rows and not gap and _continues(rows[-1], cells):
            for k, parts in enumerate(cells):
                rows[-1][k] += parts
        else:
            rows.append(cells)
    grid = [[join_wrapped(parts) or None for parts in row] for row in rows]
    x0, x1 = min(c[0] for c in columns), max(c[1] for c in columns)
    bbox = (x0, lines[first].top, x1, lines[last].bottom)
    findings.append(finding("doc_columns_guessed", value=f"trang {number}", page=number))
    return [_PageTable(number, grid, bbox, [], False, False, False, findings)]


def _column(columns: list[list[float]], a: float, b: float) -> int:
    """The column a segment belongs to: the first it overlaps, else the nearest."""
    for k, (c0, c1) in enumerate(columns):
        if a <= c1 and b >= c0:
            return k
    return min(range(len(columns)), key=lambda k: min(abs(a - columns[k][1]), abs(columns[k][0] - b)))


def _number_tail(before: str | None, text: str) -> bool:
    """``text`` ends a number that ``before`` began and a narrow column broke ("1.043,1" / "7")."""
    text = text.strip()
    if text.startswith("%"):
        return bool(before)
    return bool(before and re.search(r"\d[.,/]?$", before) and re.fullmatch(r"\d{1,3}%?", text))


def _continues(row: list[list[str]], cells: list[list[str]]) -> bool:
    """A line with nothing in the first column and no number of its own continues the row above."""
    if cells[0]:
        return False
    for k, parts in enumerate(cells):
        for text in parts:
            if _NUMBER.match(text) and not _number_tail(row[k][-1] if row[k] else None, text):
                return False
    return True


def _median(values: list[float]) -> float:
    values = sorted(v for v in values if v > 0)
    return values[len(values) // 2] if values else 0.0


# ------------------------------------------------------------------------------------- across pages


def _norm(text: str | None) -> str:
    return "".join((text or "").split()).lower()


def _same_row(a: list[str | None], b: list[str | None]) -> bool:
    """Rows equal cell by cell; a repeated header clipped by the page may have lost its last words."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        nx, ny = _norm(x), _norm(y)
        # an empty header cell may hold the end of a row cut by the page break (see _beyond)
        if nx != ny and nx and not (ny and (nx.startswith(ny) or ny.startswith(nx))):
            return False
    return any(_norm(x) for x in a)


def _join_pages(found: list[_PageTable]) -> list[DocTable]:
    tables: list[DocTable] = []
    prev: _PageTable | None = None
    header: list[list[str | None]] = []
    for t in found:
        width = max(len(r) for r in t.rows)
        cont = (prev is not None and tables and prev.page + 1 == t.page and prev.near_bottom and t.near_top
                and max(len(r) for r in prev.rows) == width and abs(prev.bbox[0] - t.bbox[0]) < 6)
        if cont:
            table = tables[-1]
            skip = 0
            while skip < len(header) and skip < len(t.rows) and _same_row(header[skip], t.rows[skip]):
                skip += 1
            if skip:
                where = f"trang {t.page}, bảng {table.number}"
                table.findings.append(finding("doc_header_repeated", value=where, page=t.page))
            rows = list(enumerate(t.rows, start=1))[skip:]
            if skip and not t.ruled:  # unruled: a row cut by the page may have joined the repeated header
                extra = _beyond(header[skip - 1], t.rows[skip - 1])
                if any(extra):
                    rows.insert(0, (skip, extra))
            if rows and _split_row(table.grid[-1], rows[0][1]):
                _, first = rows.pop(0)
                table.grid[-1] = [_glue(a, b) for a, b in zip(table.grid[-1], first)]
            for r, row in rows:
                table.grid.append(list(row))
                table.places.append([Place(table.number, r, c, t.page) for c in range(1, width + 1)])
            table.last_page = t.page
            table.findings += [f for f in t.findings if f.code != "doc_columns_guessed"]
        else:
            number = len(tables) + 1
            lead = [[line] + [None] * (width - 1) for line in t.caption]
            grid = lead + [list(r) + [None] * (width - len(r)) for r in t.rows]
            places = [[Place(number, None, None, t.page)] * width for _ in lead]
            places += [[Place(number, r, c, t.page) for c in range(1, width + 1)]
                       for r in range(1, len(t.rows) + 1)]
            tables.append(DocTable(number, grid, places, page=t.page, last_page=t.page,
                                   findings=list(t.findings)))
            header = _header_rows(t.rows)
        prev = t
    return tables


def _beyond(header: list[str | None], row: list[str | None]) -> list[str | None]:
    """The text of ``row`` past the ``header`` text it repeats, cell by cell."""
    out: list[str | None] = []
    for h, r in zip(header, row):
        h, r = " ".join((h or "").split()), " ".join((r or "").split())
        out.append(r[len(h):].strip() or None if r.startswith(h) else None)
    return out


def _header_rows(rows: list[list[str | None]]) -> list[list[str | None]]:
    """The leading rows without any number: what a page repeats at its top."""
    out: list[list[str | None]] = []
    for row in rows:
        if any(c and _NUMBER.match(c.strip()) and not re.match(r"^\(\d+\)$", c.strip()) for c in row):
            break
        out.append(row)
    return out


def _split_row(last: list[str | None], first: list[str | None]) -> bool:
    """The first row of a page continues the last row of the page before (a row cut by the page break):
    its first cell is empty and it holds no number of its own."""
    if first[0] or not any(first):
        return False
    return not any(c and _NUMBER.match(c.strip()) and not _number_tail(p, c) for c, p in zip(first, last))


def _glue(a: str | None, b: str | None) -> str | None:
    if not b:
        return a
    if not a:
        return b
    return join_wrapped([a, b])
