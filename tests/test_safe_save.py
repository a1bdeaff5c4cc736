"""parxl.safe_save: refusing unsafe inputs, and atomic saving with a backup."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from parxl.errors import UnreadableWorkbook, WorkbookLocked
from parxl.safe_save import OLE_MAGIC, SaveResult, backup_path, check_workbook_path, save_atomic
from tests.support import FIDELITY_DIR, rewrite_zip

NOW = datetime(2026, 11, 23, 16, 15, 2)


def workbook_bytes(value: str = "cũ") -> bytes:
    wb = openpyxl.Workbook()
    wb.active.title = "Bảng điểm"
    wb.active["A1"] = value
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "Chấm điểm phường.xlsx"
    path.write_bytes(workbook_bytes())
    return path


def refusal(path: Path, exc: type[Exception]) -> str:
    with pytest.raises(exc) as err:
        check_workbook_path(path)
    message = str(err.value)
    assert str(path) in message
    assert err.value.path == str(path)
    return message


# ------------------------------------------------------------------------------ refusals ----


def test_valid_workbook_passes(book: Path):
    check_workbook_path(book)
    check_workbook_path(str(book))


def test_missing_file(tmp_path: Path):
    msg = refusal(tmp_path / "không có.xlsx", UnreadableWorkbook)
    assert "Không tìm thấy tệp" in msg or "không tìm thấy tệp" in msg


def test_directory(tmp_path: Path):
    folder = tmp_path / "thư mục.xlsx"
    folder.mkdir()
    assert "thư mục" in refusal(folder, UnreadableWorkbook)


def test_lock_file_means_open_in_excel(book: Path):
    (book.parent / ("~$" + book.name)).write_bytes(b"\x00" * 165)
    msg = refusal(book, WorkbookLocked)
    assert "đang mở trong Excel" in msg and "đóng Excel" in msg


def test_legacy_xls_by_magic(tmp_path: Path):
    path = tmp_path / "bao cao.xlsx"  # renamed, but an OLE file inside
    path.write_bytes(OLE_MAGIC + b"\x00" * 504 + "Workbook".encode("utf-16-le") + b"\x00" * 1024)
    msg = refusal(path, UnreadableWorkbook)
    assert ".xls" in msg and "Lưu thành .xlsx" in msg and "mật khẩu" not in msg


def test_encrypted_ooxml(tmp_path: Path):
    path = tmp_path / "có mật khẩu.xlsx"
    path.write_bytes(OLE_MAGIC + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le")
                     + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 1024)
    msg = refusal(path, UnreadableWorkbook)
    assert "mật khẩu" in msg and "gỡ mật khẩu" in msg


def test_real_legacy_xls_via_olefile(tmp_path: Path):
    """A genuine Excel 97-2003 file (embedded in a corpus workbook) is recognised as .xls."""
    carrier = FIDELITY_DIR / "real" / "WithEmbeded.xlsx"
    if not carrier.exists():
        pytest.skip(f"corpus file {carrier} not found")
    with zipfile.ZipFile(carrier) as zf:
        data = zf.read("xl/embeddings/Microsoft_Office_Excel_97-2003_Worksheet1.xls")
    path = tmp_path / "cũ.xls"
    path.write_bytes(data)
    msg = refusal(path, UnreadableWorkbook)
    assert "Excel cũ (.xls)" in msg and "Lưu thành .xlsx" in msg


def test_xls_name_with_zip_inside(tmp_path: Path):
    path = tmp_path / "đổi đuôi.xls"
    path.write_bytes(workbook_bytes())
    assert ".xls" in refusal(path, UnreadableWorkbook)


def test_xlsb(tmp_path: Path):
    by_name = tmp_path / "nhị phân.xlsb"
    by_name.write_bytes(workbook_bytes())
    assert ".xlsb" in refusal(by_name, UnreadableWorkbook)
    by_content = tmp_path / "nhị phân thật.xlsx"
    by_content.write_bytes(rewrite_zip(workbook_bytes(), add={"xl/workbook.bin": b"\x83\x01\x00"},
                                       edit=lambda n, c: None if n == "xl/workbook.xml" else c))
    assert ".xlsb" in refusal(by_content, UnreadableWorkbook)


def test_not_a_zip(tmp_path: Path):
    path = tmp_path / "văn bản.xlsx"
    path.write_text("Đây không phải bảng tính", encoding="utf-8")
    assert "không phải bảng tính" in refusal(path, UnreadableWorkbook)


def test_truncated_zip(tmp_path: Path):
    data = workbook_bytes()
    path = tmp_path / "tải dở.xlsx"
    path.write_bytes(data[: len(data) * 2 // 3])
    assert "hỏng" in refusal(path, UnreadableWorkbook)


def test_corrupt_entry(tmp_path: Path):
    data = bytearray(workbook_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("xl/styles.xml")
    start = info.header_offset + 30 + len(info.filename) + 5
    data[start : start + 20] = bytes(20)  # damage the compressed stream, keep the directory
    path = tmp_path / "hỏng.xlsx"
    path.write_bytes(bytes(data))
    assert "hỏng" in refusal(path, UnreadableWorkbook)


def test_zip_without_workbook(tmp_path: Path):
    path = tmp_path / "tài liệu.xlsx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w/>")
    path.write_bytes(buf.getvalue())
    assert "xl/workbook.xml" in refusal(path, UnreadableWorkbook)


def test_other_suffix(tmp_path: Path):
    path = tmp_path / "bảng.zip"
    path.write_bytes(workbook_bytes())
    assert "đuôi" in refusal(path, UnreadableWorkbook)


# ---------------------------------------------------------------------------------- saving ----


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".parxl-tmp-")]


def test_save_over_original_keeps_backup(book: Path):
    old = book.read_bytes()
    os.utime(book, (1_700_000_000, 1_700_000_000))
    os.chmod(book, 0o640)
    new = workbook_bytes("mới")
    result = save_atomic(book, new, now=NOW)
    assert isinstance(result, SaveResult)
    assert result.path == book and book.read_bytes() == new
    assert result.backup == book.parent / "parxl_sao_luu" / "Chấm điểm phường (bản sao lưu 2026-11-23 161502).xlsx"
    assert result.backup.read_bytes() == old
    assert result.backup.stat().st_mtime == 1_700_000_000  # copied with its metadata
    assert (book.stat().st_mode & 0o777) == 0o640  # the workbook keeps its permissions
    assert leftovers(book.parent) == []
    again = save_atomic(book, workbook_bytes("mới hơn"), now=NOW)
    assert again.backup.name == "Chấm điểm phường (bản sao lưu 2026-11-23 161502 2).xlsx"
    assert again.backup.read_bytes() == new


def test_save_to_other_output_leaves_original(book: Path, tmp_path: Path):
    old = book.read_bytes()
    out = tmp_path / "kết quả.xlsx"
    result = save_atomic(book, workbook_bytes("mới"), out, now=NOW)
    assert result == SaveResult(out, None)
    assert book.read_bytes() == old and out.exists()
    assert openpyxl.load_workbook(out).active["A1"].value == "mới"
    assert leftovers(tmp_path) == []
    assert not list(tmp_path.rglob("*bản sao lưu*"))


def test_invalid_data_leaves_everything_untouched(book: Path):
    old = book.read_bytes()
    no_workbook = rewrite_zip(workbook_bytes(), lambda n, c: None if n == "xl/workbook.xml" else c)
    broken_sheet = rewrite_zip(workbook_bytes(), lambda n, c: b"<worksheet><open>" if "sheet1" in n else c)
    for bad in (b"rubbish", no_workbook, broken_sheet):
        with pytest.raises(UnreadableWorkbook) as err:
            save_atomic(book, bad, now=NOW)
        assert str(book) in str(err.value) and "giữ nguyên" in str(err.value)
        assert book.read_bytes() == old
        assert leftovers(book.parent) == []
        assert not list(book.parent.rglob("*bản sao lưu*"))


def test_permission_error_on_replace_is_locked(book: Path, monkeypatch):
    old = book.read_bytes()

    def deny(src, dst):
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", deny)
    with pytest.raises(WorkbookLocked) as err:
        save_atomic(book, workbook_bytes("mới"), now=NOW)
    assert str(book) in str(err.value) and "đóng Excel" in str(err.value)
    assert book.read_bytes() == old
    assert leftovers(book.parent) == []
    assert not list(book.parent.rglob("*bản sao lưu*"))  # no stray backup when nothing was replaced


def test_failure_while_writing_removes_temp(book: Path, monkeypatch):
    old = book.read_bytes()

    def boom(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        save_atomic(book, workbook_bytes("mới"), now=NOW)
    assert book.read_bytes() == old and leftovers(book.parent) == []


def test_save_refuses_when_open_in_excel(book: Path):
    old = book.read_bytes()
    (book.parent / ("~$" + book.name)).write_bytes(b"x")
    with pytest.raises(WorkbookLocked):
        save_atomic(book, workbook_bytes("mới"), now=NOW)
    assert book.read_bytes() == old and leftovers(book.parent) == []


def test_backup_name_never_overwrites(tmp_path: Path):
    original = tmp_path / "a.xlsm"
    first = backup_path(original, NOW)
    assert first.name == "a (bản sao lưu 2026-11-23 161502).xlsm"
    first.parent.mkdir()
    first.write_bytes(b"x")
    assert backup_path(original, NOW).name == "a (bản sao lưu 2026-11-23 161502 2).xlsm"


def test_end_to_end_with_patch(book: Path):
    """check -> patch -> save: the saved file holds the new sheet and the backup the old bytes."""
    from parxl.sheetspec import Cell, SheetSpec
    from parxl.xlsxpkg import patch_workbook, read_owned_sheet_names

    check_workbook_path(book)
    old = book.read_bytes()
    data = patch_workbook(old, [SheetSpec(name="Kết quả", rows=[[Cell(7.5, formula="5+2.5")]])],
                          owned_names=["Kết quả"])
    result = save_atomic(book, data, now=NOW)
    assert read_owned_sheet_names(book.read_bytes()) == {"Kết quả"}
    assert result.backup is not None and result.backup.read_bytes() == old
    check_workbook_path(book)


# ------------------------------------------------------------------------- verify_package ----


def _bad_crc(data: bytes, name: str) -> bytes:
    """``data`` with one byte of a stored part changed, its recorded CRC kept."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info), zipfile.ZIP_STORED)
    raw = bytearray(out.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as zf:
        info = zf.getinfo(name)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw[start + 2] ^= 0x20
    return bytes(raw)


@pytest.mark.parametrize("part, content", [
    ("xl/worksheets/sheet1.xml", b"<worksheet><open>"),  # unclosed element
    ("xl/worksheets/sheet1.xml", b"<a:worksheet><a:c/></a:worksheet>"),  # undeclared prefix
    ("xl/worksheets/sheet1.xml", b"<worksheet/><worksheet/>"),  # two roots
    ("xl/worksheets/sheet1.xml", b"<worksheet>\xff\xfe</worksheet>"),  # not UTF-8
    ("xl/workbook.xml", b"<workbook>"),
    ("xl/_rels/workbook.xml.rels", b"<Relationships>&nope;</Relationships>"),  # unknown entity
])
def test_verify_refuses_ill_formed_changed_parts(part: str, content: bytes):
    from parxl.safe_save import verify_package

    bad = rewrite_zip(workbook_bytes(), lambda n, c: content if n == part else c)
    with pytest.raises(ValueError):
        verify_package(bad)


def test_verify_checks_only_changed_parts_but_every_crc(tmp_path: Path):
    from parxl.safe_save import verify_package

    before = tmp_path / "truoc.xlsx"
    damaged = rewrite_zip(workbook_bytes(), lambda n, c: b"<worksheet><open>" if "sheet1" in n else c)
    before.write_bytes(damaged)
    verify_package(damaged, before)  # an ill-formed part parxl did not change is not parxl's to refuse
    verify_package(workbook_bytes())
    path = tmp_path / "sau.xlsx"
    path.write_bytes(workbook_bytes("mới"))
    verify_package(path, before)
    with pytest.raises(ValueError, match="CRC"):
        verify_package(_bad_crc(workbook_bytes(), "xl/styles.xml"))
    with pytest.raises(ValueError, match="workbook.xml"):
        verify_package(rewrite_zip(workbook_bytes(), lambda n, c: None if n == "xl/workbook.xml" else c))
