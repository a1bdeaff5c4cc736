"""Tables of a saved web page: rowspan/colspan, header cells, nested tags and &nbsp;. Layout tables (a table
that holds other tables, or that has fewer than two rows or columns) are frames around the content and are
not read; the tables inside them are."""

from __future__ import annotations

import re

from parxl.documents.model import DocTable, Place, UnreadableDocument, join_lines, span_grid

_BLOCKS = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP = {"script", "style", "head", "title"}
CAPTION_LINES = 3


def read_html(data: bytes, label: str) -> list[DocTable]:
    import lxml.html
    from lxml import etree

    try:
        parser = lxml.html.HTMLParser(encoding="utf-8") if _is_utf8(data) else lxml.html.HTMLParser()
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as err:
        raise UnreadableDocument(f"Không đọc được trang web “{label}”.", "html_unreadable",
                                 path=label) from err
    tables: list[DocTable] = []
    for table in root.iter("table"):
        rows = _rows(table)
        if table.find(".//table") is not None or len(rows) < 2 or max(len(r) for r in rows) < 2:
            continue
        tables.append(_table(rows, len(tables) + 1, _caption(table)))
    return tables


def read_mhtml(data: bytes, label: str) -> list[DocTable]:
    """A page saved as one file (.mhtml/.mht, "Trang web, một tệp" in Edge): the HTML part of the archive."""
    import email
    from email import policy

    message = email.message_from_bytes(data, policy=policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            html = payload if isinstance(payload, bytes) else b""
            charset = part.get_content_charset()
            if charset and charset.lower().replace("-", "") != "utf8":
                html = html.decode(charset, errors="replace").encode("utf-8")
            return read_html(html, label)
    raise UnreadableDocument(f"Tệp “{label}” không chứa trang web nào (không có phần HTML).", "mhtml_no_html",
                             path=label)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _rows(table: object) -> list[list[object]]:
    """The table's own rows (not those of tables nested in it), each a list of its td/th elements."""
    trs = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")  # type: ignore[attr-defined]
    return [tr.xpath("./td|./th") for tr in trs]


def _text(el: object) -> str:
    """Visible text, with <br> and block elements as line breaks and runs of spaces (&nbsp; too) collapsed."""
    out: list[str] = []

    def walk(node: object) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""  # type: ignore[attr-defined]
        if tag in _SKIP:
            return
        if tag == "br" or tag in _BLOCKS:
            out.append("\n")
        if node.text and tag:  # type: ignore[attr-defined]
            out.append(node.text)  # type: ignore[attr-defined]
        for child in node:  # type: ignore[attr-defined]
            walk(child)
            if child.tail:
                out.append(child.tail)
        if tag in _BLOCKS:
            out.append("\n")

    walk(el)
    text = "".join(out).replace("\xa0", " ")
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _span(el: object, name: str) -> int:
    m = re.match(r"\s*(\d+)", el.get(name) or "")  # type: ignore[attr-defined]
    return max(1, min(int(m.group(1)), 1000)) if m else 1


def _caption(table: object) -> list[str]:
    """A <caption>, else the last few text blocks just before the table."""
    cap = table.find("caption")  # type: ignore[attr-defined]
    if cap is not None:
        return [t for t in [_text(cap)] if t]
    lines: list[str] = []
    for prev in table.itersiblings(preceding=True):  # type: ignore[attr-defined]
        if prev.tag == "table" or len(lines) >= CAPTION_LINES:
            break
        text = _text(prev)
        if text:
            lines = text.split("\n")[-CAPTION_LINES:] + lines
    return lines[-CAPTION_LINES:]


def _table(rows: list[list[object]], number: int, caption: list[str]) -> DocTable:
    cells = [[(join_lines(_text(c).split("\n")) or None, _span(c, "colspan"), _span(c, "rowspan"))
              for c in row] for row in rows]
    grid = span_grid(cells)
    width = max(len(r) for r in grid)
    lead: list[list[str | None]] = [[line] + [None] * (width - 1) for line in caption]
    body = [r + [None] * (width - len(r)) for r in grid]
    places = [[Place(number, None, None)] * width for _ in lead]
    places += [[Place(number, r, c) for c in range(1, width + 1)] for r in range(1, len(body) + 1)]
    return DocTable(number, lead + body, places)
