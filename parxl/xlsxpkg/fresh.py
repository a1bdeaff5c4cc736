"""A new workbook holding only parxl's sheets, written by the same writer as the patched ones."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from io import BytesIO

from parxl.sheetspec import SheetSpec
from parxl.xlsxpkg.package import NEW_ENTRY_DATE, patch_workbook
from parxl.xlsxpkg.sheetxml import NS_MAIN, NS_REL, XML_DECL
from parxl.xlsxpkg.styles import MINIMAL_STYLES

_SHELL_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    # No sheet yet: the writer appends the real ones, so the result always has at least one.
    "xl/workbook.xml": (
        f'<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><bookViews><workbookView/></bookViews>'
        "<sheets/></workbook>"
    ),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{NS_REL}/styles" Target="styles.xml"/></Relationships>'
    ),
}


def _shell() -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in _SHELL_PARTS.items():
            zf.writestr(zipfile.ZipInfo(name, NEW_ENTRY_DATE), (XML_DECL + text).encode("utf-8"),
                        compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr(zipfile.ZipInfo("xl/styles.xml", NEW_ENTRY_DATE), MINIMAL_STYLES,
                    compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def new_workbook(sheets: Sequence[SheetSpec]) -> bytes:
    """An .xlsx made of ``sheets`` only (deterministic: the same sheets give the same bytes)."""
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    return patch_workbook(_shell(), sheets, owned_names=[s.name for s in sheets])
