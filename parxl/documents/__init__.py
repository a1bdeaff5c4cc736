"""Reading the tables of a published decision itself (Word, PDF, Excel, web page) with their cells.

``read_tables(path)`` returns every table as a :class:`DocTable`: a grid of cell texts that
``parxl.paste.parse_cells`` reads like cells pasted into a sheet, and beside it the place of every cell in
the document (page, table, row, column), so that each finding can be shown where the officer will look.
"""

from __future__ import annotations

from pathlib import Path

from parxl.documents.model import DocTable, Place, UnreadableDocument

SUFFIXES = {".docx": "word", ".pdf": "pdf", ".xlsx": "xlsx", ".xlsm": "xlsx", ".html": "html", ".htm": "html",
            ".mhtml": "mhtml", ".mht": "mhtml"}


def read_tables_bytes(data: bytes, label: str) -> list[DocTable]:
    """Every table of the document ``label`` (its name tells the format), in document order."""
    kind = SUFFIXES.get(Path(label).suffix.lower())
    if kind == "word":
        from parxl.documents.word import read_word

        return read_word(data, label)
    if kind == "pdf":
        from parxl.documents.pdf import read_pdf

        return read_pdf(data, label)
    if kind == "xlsx":
        from parxl.documents.xlsx import read_xlsx

        return read_xlsx(data, label)
    if kind == "html":
        from parxl.documents.html import read_html

        return read_html(data, label)
    if kind == "mhtml":
        from parxl.documents.html import read_mhtml

        return read_mhtml(data, label)
    if Path(label).suffix.lower() == ".doc":
        raise UnreadableDocument(f"“{label}” là tệp Word cũ (.doc). Hãy mở bằng Word và lưu lại dạng .docx.",
                                 "doc_legacy", path=label)
    raise UnreadableDocument(
        f"parxl chưa đọc được loại tệp “{Path(label).suffix}” của “{label}”; hãy dùng tệp .docx, .pdf, .xlsx "
        "hoặc trang web đã lưu (.html, .mhtml).", "doc_unknown_format", path=label)


def read_tables(path: Path) -> list[DocTable]:
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise UnreadableDocument(f"Không mở được tệp “{path}”: {err.strerror or err}.", "doc_missing",
                                 path=str(path)) from err
    return read_tables_bytes(data, Path(path).name)


__all__ = ["DocTable", "Place", "UnreadableDocument", "read_tables", "read_tables_bytes"]
