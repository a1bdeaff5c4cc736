"""An appendix as PDF: the Word document converted by the first converter this machine has.

- **Microsoft Word** (Windows): Word opens the .docx and saves it with its own "Save as PDF"
  (``Document.ExportAsFixedFormat``), driven through COM with pywin32, which xlwings installs on Windows.
  Ward PCs have Word, not LibreOffice.
- **LibreOffice** headless, elsewhere (and on a Windows PC without Word but with LibreOffice).

The choice is automatic (``choose``) and said in the output; with neither, a clear message and no file.
Each converter is a small object with ``available()`` and ``convert()``, so the choice is tested with fakes.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from parxl import soffice
from parxl.errors import ParxlError

PDF_TIMEOUT_S = 180
MISSING = ("Chưa xuất được tệp PDF: máy này không có Microsoft Word (trên Windows) cũng không có LibreOffice. "
           "Hãy xuất tệp Word bằng “--format docx” rồi mở bằng Word và chọn Tệp › Lưu thành › PDF; hoặc cài "
           "LibreOffice (miễn phí) rồi chạy lại.")


class LibreOfficeMissing(ParxlError):
    """PDF export needs LibreOffice (soffice), which is not installed."""

    code = "libreoffice_missing"


class ConversionFailed(ParxlError):
    code = "conversion_failed"


class Converter(Protocol):
    name: str  # said to the officer: "đã xuất PDF bằng <name>"

    def available(self) -> bool: ...
    def convert(self, docx: bytes) -> bytes: ...


@dataclass
class Converted:
    pdf: bytes
    converter: str


def choose(converters: Sequence[Converter] | None = None) -> Converter | None:
    """The first available converter: Word before LibreOffice (Word lays out a .docx as Word does)."""
    for converter in default_converters() if converters is None else converters:
        if converter.available():
            return converter
    return None


def to_pdf(docx: bytes, converters: Sequence[Converter] | None = None) -> Converted:
    converter = choose(converters)
    if converter is None:
        raise LibreOfficeMissing(MISSING)
    return Converted(converter.convert(docx), converter.name)


def default_converters() -> list[Converter]:
    return [WordConverter(), LibreOfficeConverter()]


# Word's constants (WdExportFormat, WdSaveOptions), spelled out: no type library is needed.
WD_EXPORT_PDF = 17
WD_DO_NOT_SAVE = 0


class WordConverter:
    """Microsoft Word through COM (pywin32): a hidden Word of its own, closed afterwards."""

    name = "Microsoft Word"

    def __init__(self, dispatch: Callable[[str], object] | None = None, platform: str = sys.platform) -> None:
        self._dispatch = dispatch
        self.platform = platform

    def _client(self) -> Callable[[str], object] | None:
        if self._dispatch is not None:
            return self._dispatch
        if not self.platform.startswith("win"):
            return None
        try:
            import win32com.client  # pywin32, installed with xlwings on Windows
        except ImportError:
            return None
        return win32com.client.DispatchEx  # a new Word process: never the officer's open documents

    def available(self) -> bool:
        if self._client() is None:
            return False
        if self._dispatch is not None:
            return True
        try:
            import winreg

            winreg.CloseKey(winreg.OpenKey(winreg.HKEY_CLASSES_ROOT, "Word.Application"))  # type: ignore[attr-defined]
            return True
        except OSError:
            return False

    def convert(self, docx: bytes) -> bytes:
        client = self._client()
        if client is None:
            raise LibreOfficeMissing(MISSING)
        with tempfile.TemporaryDirectory(prefix="parxl-pdf-") as tmp:
            source, target = Path(tmp) / "phu_luc.docx", Path(tmp) / "phu_luc.pdf"
            source.write_bytes(docx)
            word: object = None
            try:
                word = client("Word.Application")
                word.Visible = False  # type: ignore[attr-defined]
                word.DisplayAlerts = 0  # type: ignore[attr-defined]
                doc = word.Documents.Open(str(source), False, True, False)  # type: ignore[attr-defined]
                try:
                    doc.ExportAsFixedFormat(str(target), WD_EXPORT_PDF)
                finally:
                    doc.Close(WD_DO_NOT_SAVE)
            except ConversionFailed:
                raise
            except Exception as err:  # COM errors carry Word's own text
                raise ConversionFailed(f"Microsoft Word không chuyển được sang PDF ({err}).") from err
            finally:
                if word is not None:
                    try:
                        word.Quit(WD_DO_NOT_SAVE)  # type: ignore[attr-defined]
                    except Exception:  # noqa: BLE001 - Word already gone
                        pass
            if not target.exists():
                raise ConversionFailed("Microsoft Word không tạo ra tệp PDF.")
            return target.read_bytes()


class LibreOfficeConverter:
    name = "LibreOffice"

    def available(self) -> bool:
        return soffice.find() is not None

    def convert(self, docx: bytes) -> bytes:
        return docx_to_pdf(docx)


def docx_to_pdf(docx: bytes) -> bytes:
    """Convert a Word document with LibreOffice headless (a throw-away profile, see :mod:`parxl.soffice`)."""
    program = soffice.find()
    if program is None:
        raise LibreOfficeMissing(MISSING)
    with tempfile.TemporaryDirectory(prefix="parxl-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "phu_luc.docx"
        source.write_bytes(docx)
        try:
            run = soffice.convert(program, [source], "pdf", folder, timeout=PDF_TIMEOUT_S)
        except soffice.Timeout:
            raise ConversionFailed(f"LibreOffice không chuyển xong sang PDF sau {PDF_TIMEOUT_S} giây; hãy thử "
                                   "lại.") from None
        except OSError as err:
            raise LibreOfficeMissing(MISSING) from err
        result = folder / "phu_luc.pdf"
        if not result.exists():
            raise ConversionFailed(f"LibreOffice không chuyển được sang PDF ({run.detail or f'mã {run.returncode}'}).")
        return result.read_bytes()
