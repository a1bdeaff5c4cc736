"""Reading a pasted table, as the data flows: lex → detect → type → align → reconcile.

* :mod:`parxl.paste.lines` cuts the text into lines, tab rows (Excel's quoted cells rejoined) and tokens;
* :mod:`parxl.paste.header` detects the header through :mod:`parxl.vocab` (whole words, headers cut
  anywhere by a PDF copy), :mod:`parxl.paste.columns` gives every column its role (header, data, or the
  user's ``--columns``);
* :mod:`parxl.paste.grid` reads tables already in cells (tab-separated text, a sheet),
  :mod:`parxl.paste.stream` tables in PDF text, whose rows :mod:`parxl.paste.align` aligns;
* :mod:`parxl.paste.values` puts each value in its row, :mod:`parxl.paste.reconcile` checks them.

Three kinds are recognised: ``areas`` (one unit's result per area), ``units`` (many units, possibly in
blocks) and ``criteria`` (criterion-level deductions).
"""

from __future__ import annotations

from parxl.paste.grid import read_cells
from parxl.paste.model import Group, Parsed, PasteRow, Table, paste_finding
from parxl.paste.stream import find_text_tables

__all__ = ["Group", "Parsed", "PasteRow", "Table", "find_text_tables", "paste_finding", "read_cells"]
