"""Refuse workbooks parxl cannot write safely, and save without ever leaving a half-written file.

Saving goes: temporary file in the destination folder -> re-open and check it -> timestamped backup
of the original (when overwriting it) -> ``os.replace``, which is atomic on the same file system.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path

from lxml import etree

from parxl.errors import BadInput, UnreadableWorkbook, WorkbookLocked

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
WRITABLE_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm"}
BACKUP_LABEL = "bản sao lưu"
XLSB_ADVICE = "định dạng .xlsb (sổ làm việc nhị phân) chưa được hỗ trợ. Hãy mở bằng Excel và Lưu thành .xlsx."
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


@dataclass(frozen=True)
class SaveResult:
    path: Path  # the file that now holds the new workbook
    backup: Path | None  # copy of the overwritten original, if any


def lock_file(path: Path) -> Path:
    """Excel's owner file for ``path``: ``~$<name>`` beside it, present while Excel has it open."""
    return path.with_name("~$" + path.name)


def _check_not_locked(path: Path) -> None:
    if lock_file(path).exists():
        raise WorkbookLocked(
            f"Tệp “{path}” đang mở trong Excel, hãy đóng Excel rồi chạy lại. "
            f"(Nếu Excel đã đóng mà vẫn báo lỗi này, hãy xoá tệp ẩn “{lock_file(path).name}” "
            "trong cùng thư mục.)",
            path=str(path),
        )


def _ole_is_encrypted(path: Path, head: bytes) -> bool:
    """A password-protected .xlsx is an OLE file holding EncryptionInfo/EncryptedPackage streams."""
    try:
        import olefile  # optional: exact directory lookup

        with olefile.OleFileIO(str(path)) as ole:
            return bool(ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"))
    except ImportError:
        pass
    except Exception:  # noqa: BLE001 - a damaged OLE file: fall back to a byte search
        pass
    data = head + path.read_bytes()[len(head) :]
    return "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data


def _unreadable(path: Path, text: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(f"Không đọc được tệp “{path}”: {text}", path=str(path))


def check_workbook_path(path: Path | str) -> None:
    """Raise UnreadableWorkbook / WorkbookLocked, with a Vietnamese reason, unless ``path`` is an
    .xlsx/.xlsm parxl can read and later write back."""
    path = Path(path)
    if not path.exists():
        raise _unreadable(path, "không tìm thấy tệp. Hãy kiểm tra lại đường dẫn và tên tệp.")
    if not path.is_file():
        raise _unreadable(path, "đây là một thư mục, không phải tệp Excel.")
    _check_not_locked(path)
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except PermissionError as err:
        raise WorkbookLocked(
            f"Không mở được tệp “{path}” vì không có quyền đọc hoặc tệp đang bị chương trình khác giữ. "
            "Hãy đóng Excel rồi chạy lại.",
            path=str(path),
        ) from err
    if head.startswith(OLE_MAGIC):
        if _ole_is_encrypted(path, head):
            raise _unreadable(
                path,
                "bảng tính đang được đặt mật khẩu. Hãy gỡ mật khẩu (Excel: Tệp › Thông tin › "
                "Bảo vệ sổ làm việc › Mã hoá bằng mật khẩu, xoá mật khẩu rồi lưu) và chạy lại.",
            )
        raise _unreadable(
            path,
            "đây là định dạng Excel cũ (.xls). Hãy mở bằng Excel và Lưu thành .xlsx "
            "(Tệp › Lưu thành › Sổ làm việc Excel (*.xlsx)) rồi chạy lại với tệp mới.",
        )
    if suffix == ".xls":
        raise _unreadable(
            path,
            "tên tệp có đuôi .xls (định dạng Excel cũ). Hãy mở bằng Excel và Lưu thành .xlsx rồi chạy lại.",
        )
    if suffix == ".xlsb":
        raise _unreadable(
            path, XLSB_ADVICE
        )
    if not head.startswith(ZIP_MAGIC):
        raise _unreadable(path, "tệp không phải bảng tính Excel .xlsx hoặc đã bị hỏng.")
    try:
        with zipfile.ZipFile(path) as zf:
            names = {n.lower() for n in zf.namelist()}
            bad = zf.testzip()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError, OSError) as err:
        raise _unreadable(
            path, "tệp đã bị hỏng (không giải nén được), có thể do tải về hoặc sao chép dở dang."
        ) from err
    if bad is not None:
        raise _unreadable(path, f"tệp đã bị hỏng (phần “{bad}” bị lỗi), có thể do sao chép dở dang.")
    if "xl/workbook.bin" in names:
        raise _unreadable(
            path, XLSB_ADVICE
        )
    if "xl/workbook.xml" not in names:
        raise _unreadable(path, "tệp nén này không chứa bảng tính Excel (thiếu xl/workbook.xml).")
    if suffix not in WRITABLE_SUFFIXES:
        raise _unreadable(
            path,
            f"đuôi tệp “{path.suffix}” không phải .xlsx hay .xlsm. Hãy đổi đúng đuôi hoặc Lưu thành .xlsx.",
        )


def backup_path(original: Path, now: datetime | None = None) -> Path:
    """``<stem> (bản sao lưu 2026-11-23 161502)<suffix>`` beside the original, never an existing file."""
    stamp = (now or datetime.now()).strftime("%Y-%m-%d %H%M%S")
    candidate = original.with_name(f"{original.stem} ({BACKUP_LABEL} {stamp}){original.suffix}")
    n = 2
    while candidate.exists():
        candidate = original.with_name(f"{original.stem} ({BACKUP_LABEL} {stamp} {n}){original.suffix}")
        n += 1
    return candidate


def _changed_xml_parts(data: bytes, before: Path | None) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The XML parts of ``data`` that are new or differ (by CRC/size) from the file ``before``."""
    old: dict[str, tuple[int, int]] = {}
    if before is not None and before.is_file():
        with contextlib.suppress(zipfile.BadZipFile, OSError), zipfile.ZipFile(before) as zf:
            old = {i.filename: (i.CRC, i.file_size) for i in zf.infolist()}
    zf = zipfile.ZipFile(BytesIO(data))
    parts = [
        i for i in zf.infolist()
        if i.filename.lower().endswith((".xml", ".rels")) and old.get(i.filename) != (i.CRC, i.file_size)
    ]
    return zf, parts


def verify_package(data: bytes, before: Path | None = None) -> None:
    """Check the bytes about to be saved: a sound zip, workbook.xml present, and every XML part
    that changed compared with ``before`` well-formed. Raises ValueError describing the problem."""
    try:
        zf, parts = _changed_xml_parts(data, before)
        with zf:
            bad = zf.testzip()
            if bad is not None:
                raise ValueError(f"part {bad} has a bad CRC")
            names = {n.lower(): n for n in zf.namelist()}
            if "xl/workbook.xml" not in names:
                raise ValueError("xl/workbook.xml is missing")
            for info in [zf.getinfo(names["xl/workbook.xml"]), *parts]:
                etree.fromstring(zf.read(info), _PARSER)
    except (zipfile.BadZipFile, zlib.error, etree.XMLSyntaxError, EOFError, KeyError,
            NotImplementedError) as err:
        raise ValueError(str(err)) from err


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(target: Path, content: bytes, *, locked: WorkbookLocked, denied: WorkbookLocked) -> None:
    """Write a file that is not the workbook (an exported appendix) through a temporary file in its folder and
    an atomic rename. ``locked`` is raised while Word or Excel has ``target`` open (its ~$ owner file is there),
    ``denied`` when the rename is refused; either way no temporary file remains."""
    owners = {lock_file(target), target.with_name("~$" + target.name[2:])}
    if any(p.exists() for p in owners if p.name != "~$"):
        raise locked
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise BadInput(f"Thư mục “{folder}” không tồn tại.")
    fd, tmp = tempfile.mkstemp(prefix=".parxl-tmp-", suffix=target.suffix, dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.chmod(tmp, _default_mode())  # mkstemp makes it private; an exported file is an ordinary one
        os.replace(tmp, target)
    except PermissionError as err:
        Path(tmp).unlink(missing_ok=True)
        raise denied from err
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_atomic(original: Path | str, data: bytes, output: Path | str | None = None, *,
                now: datetime | None = None) -> SaveResult:
    """Write ``data`` to ``output`` (default: over ``original``) atomically.

    Whenever a file is replaced (the original or an existing ``output``), a timestamped backup copy
    (with its metadata) is kept beside it first. On any failure the destination is untouched and no
    temporary file remains.
    """
    original = Path(original)
    dest = Path(output) if output is not None else original
    if dest.suffix.lower() != original.suffix.lower():
        # A macro workbook saved under .xlsx (or the reverse) is a file Excel refuses to open.
        raise BadInput(f"Tệp ghi ra “{dest.name}” phải có cùng đuôi với tệp gốc ({original.suffix}).")
    _check_not_locked(dest)
    folder = dest.parent if str(dest.parent) else Path(".")
    if not folder.is_dir():
        raise BadInput(f"Không có thư mục “{folder}” để ghi “{dest.name}”. Hãy tạo thư mục đó hoặc chọn nơi ghi khác.")
    fd, tmp_name = tempfile.mkstemp(prefix=".parxl-tmp-", suffix=dest.suffix, dir=folder)
    tmp = Path(tmp_name)
    backup: Path | None = None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            verify_package(tmp.read_bytes(), original if original.exists() else None)
        except ValueError as err:
            raise UnreadableWorkbook(
                f"Tệp kết quả cho “{dest}” không đạt kiểm tra sau khi ghi; "
                "tệp gốc được giữ nguyên, không có gì bị thay đổi.",
                path=str(dest),
            ) from err
        if dest.exists():
            shutil.copymode(dest, tmp)
        else:
            os.chmod(tmp, _default_mode())
        if dest.exists():
            backup = backup_path(dest, now)
            try:
                shutil.copy2(dest, backup)
            except BaseException:
                backup.unlink(missing_ok=True)
                raise
        try:
            os.replace(tmp, dest)
        except PermissionError as err:
            raise WorkbookLocked(
                f"Không ghi được vào tệp “{dest}” vì tệp đang mở trong Excel hoặc không có quyền ghi. "
                "Hãy đóng Excel rồi chạy lại.",
                path=str(dest),
            ) from err
    except BaseException:
        tmp.unlink(missing_ok=True)
        if backup is not None and not _replaced(dest, data):
            # The original is still in place: the backup copy would only confuse the user.
            backup.unlink(missing_ok=True)
            backup = None
        raise
    _fsync_dir(folder)
    return SaveResult(dest, backup)


def _replaced(dest: Path, data: bytes) -> bool:
    try:
        return dest.stat().st_size == len(data) and dest.read_bytes() == data
    except OSError:
        return False


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable (POSIX only; Windows has no directory handles for this)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
