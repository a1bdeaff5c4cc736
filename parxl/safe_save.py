"""Refuse files parxl cannot read or write safely, and save without ever losing or half-writing anything.

Every command that writes a file comes through here. Saving goes: exclusive lock on the target ->
checks on the target (not a folder, a device, a link or a read-only file) -> temporary file in the
destination folder -> re-open and check it -> a backup of the file being replaced in the folder
``parxl_sao_luu`` beside it, under a name created exclusively -> ``os.replace``, which is atomic on one
file system. Bytes identical to what is there already are not written at all (and need no backup).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import threading
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING
from xml.parsers import expat

from parxl.errors import (
    BadInput,
    CannotWrite,
    ParxlError,
    UnreadableWorkbook,
    UnsafeToWrite,
    WorkbookLocked,
    from_os_error,
)

if TYPE_CHECKING:
    from datetime import datetime

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
WRITABLE_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm"}
BACKUP_LABEL = "bản sao lưu"
BACKUP_DIR = "parxl_sao_luu"
DEFAULT_BACKUPS = 5
XLSB_ADVICE = "định dạng .xlsb (sổ làm việc nhị phân) chưa được hỗ trợ. Hãy mở bằng Excel và Lưu thành .xlsx."
_SUPPORTED_COMPRESSION = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_MB = 1024 * 1024
_CHUNK = 1 << 16  # bytes of a part read at a time while verifying
BOMB_RATIO = 300  # real sheet XML deflates 5-50 times; a part that claims far more is a zip bomb
BOMB_FLOOR = 16 * _MB  # small parts may have any ratio: they cost nothing


def max_part_bytes() -> int:
    """Largest uncompressed part parxl reads (``PARXL_MAX_PART_MB``, default 512 MB)."""
    return _env_int("PARXL_MAX_PART_MB", 512, minimum=1) * _MB


def backups_to_keep() -> int:
    """How many backups of one file are kept in ``parxl_sao_luu`` (``PARXL_BACKUPS``, default 5, at least 1)."""
    return _env_int("PARXL_BACKUPS", DEFAULT_BACKUPS, minimum=1)


def _env_int(name: str, default: int, *, minimum: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadInput(f"Biến môi trường {name}=“{raw}” phải là một số nguyên.", code="bad_setting") from None
    return max(value, minimum)


@dataclass(frozen=True)
class SaveResult:
    path: Path  # the file that now holds the new content
    backup: Path | None  # copy of the replaced file, if any
    unchanged: bool = False  # the file already held exactly these bytes: nothing was written


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
            code="open_in_excel",
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


def _unreadable(path: Path, text: str, code: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(f"Không đọc được tệp “{path}”: {text}", path=str(path), code=code)


def check_zip_entries(infos: list[zipfile.ZipInfo], label: object) -> None:
    """Refuse, before inflating anything, entries parxl cannot or must not read: encrypted, compressed
    with a method Python lacks, larger than the part limit, or inflating like a zip bomb."""
    limit = max_part_bytes()
    for info in infos:
        where = f"phần “{info.filename}” của tệp “{label}”"
        if info.flag_bits & 0x1:
            raise UnreadableWorkbook(f"Không đọc được {where}: phần này được mã hoá bằng mật khẩu zip. "
                                     "Hãy mở bằng Excel và lưu lại thành .xlsx không đặt mật khẩu.",
                                     path=str(label), code="zip_encrypted")
        if info.compress_type not in _SUPPORTED_COMPRESSION:
            raise UnreadableWorkbook(f"Không đọc được {where}: kiểu nén số {info.compress_type} không được hỗ "
                                     "trợ. Hãy mở bằng Excel và lưu lại thành .xlsx.",
                                     path=str(label), code="zip_unsupported")
        if info.file_size > limit:
            raise UnreadableWorkbook(f"Không đọc được {where}: phần này khi giải nén lớn {info.file_size // _MB} MB, "
                                     f"vượt giới hạn {limit // _MB} MB (đặt PARXL_MAX_PART_MB để nới).",
                                     path=str(label), code="part_too_large")
        if info.file_size > BOMB_FLOOR and info.file_size > BOMB_RATIO * max(info.compress_size, 1):
            raise UnreadableWorkbook(f"Không đọc được {where}: tỉ lệ nén bất thường ({info.compress_size} byte "
                                     f"giải nén thành {info.file_size} byte), tệp có thể là “bom nén”.",
                                     path=str(label), code="zip_bomb")


ZIP_READ_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError, NotImplementedError,
    RuntimeError, OSError, KeyError, IndexError,
)


def check_workbook_path(path: Path | str) -> None:
    """Raise UnreadableWorkbook / WorkbookLocked, with a Vietnamese reason, unless ``path`` is an
    .xlsx/.xlsm parxl can read and later write back."""
    path = Path(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise _unreadable(path, "không tìm thấy tệp. Hãy kiểm tra lại đường dẫn và tên tệp.", "not_found") from None
    except OSError as err:
        raise from_os_error(err, path) from err
    if stat.S_ISDIR(st.st_mode):
        raise _unreadable(path, "đây là một thư mục, không phải tệp Excel.", "is_folder")
    if not stat.S_ISREG(st.st_mode):
        raise _unreadable(path, "đây không phải một tệp thông thường (có thể là thiết bị hoặc ống dẫn).",
                          "not_regular")
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
            code="permission",
        ) from err
    except OSError as err:
        raise from_os_error(err, path) from err
    if head.startswith(OLE_MAGIC):
        if _ole_is_encrypted(path, head):
            raise _unreadable(
                path,
                "bảng tính đang được đặt mật khẩu. Hãy gỡ mật khẩu (Excel: Tệp › Thông tin › "
                "Bảo vệ sổ làm việc › Mã hoá bằng mật khẩu, xoá mật khẩu rồi lưu) và chạy lại.",
                "encrypted",
            )
        raise _unreadable(
            path,
            "đây là định dạng Excel cũ (.xls). Hãy mở bằng Excel và Lưu thành .xlsx "
            "(Tệp › Lưu thành › Sổ làm việc Excel (*.xlsx)) rồi chạy lại với tệp mới.",
            "legacy_xls",
        )
    if suffix == ".xls":
        raise _unreadable(
            path,
            "tên tệp có đuôi .xls (định dạng Excel cũ). Hãy mở bằng Excel và Lưu thành .xlsx rồi chạy lại.",
            "legacy_xls",
        )
    if suffix == ".xlsb":
        raise _unreadable(path, XLSB_ADVICE, "xlsb")
    if not head.startswith(ZIP_MAGIC):
        raise _unreadable(path, "tệp không phải bảng tính Excel .xlsx hoặc đã bị hỏng.", "not_zip")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {n.lower() for n in zf.namelist()}
            check_zip_entries(infos, path)
            bad = zf.testzip()
    except ParxlError:
        raise
    except ZIP_READ_ERRORS as err:
        raise _unreadable(
            path, "tệp đã bị hỏng (không giải nén được), có thể do tải về hoặc sao chép dở dang.", "zip_corrupt"
        ) from err
    if bad is not None:
        raise _unreadable(path, f"tệp đã bị hỏng (phần “{bad}” bị lỗi), có thể do sao chép dở dang.", "zip_corrupt")
    if "xl/workbook.bin" in names:
        raise _unreadable(path, XLSB_ADVICE, "xlsb")
    if "xl/workbook.xml" not in names:
        raise _unreadable(path, "tệp nén này không chứa bảng tính Excel (thiếu xl/workbook.xml).", "no_workbook_xml")
    if suffix not in WRITABLE_SUFFIXES:
        raise _unreadable(
            path,
            f"đuôi tệp “{path.suffix}” không phải .xlsx hay .xlsm. Hãy đổi đúng đuôi hoặc Lưu thành .xlsx.",
            "bad_suffix",
        )


# ---------------------------------------------------------------------------------------------------------
# Inter-process lock: one parxl run at a time reads-modifies-writes a given file.

LOCK_SUFFIX = ".parxl-lock"
_held: dict[str, int] = {}
_held_guard = threading.Lock()


def run_lock_path(path: Path) -> Path:
    """The lock file parxl creates (exclusively) beside ``path`` while it works on it."""
    return path.with_name(f".{path.name}{LOCK_SUFFIX}")


def _lock_key(path: Path) -> str:
    return os.path.normcase(os.path.abspath(path))


def _lock_is_stale(lock: Path, max_age: float) -> bool:
    """A lock left by a run that died: on this machine (POSIX) its process is gone; otherwise (Windows, a
    shared folder used from another machine) it has not been touched for ``max_age`` seconds."""
    try:
        text = lock.read_text(encoding="utf-8", errors="replace").split()
        age = time.time() - lock.stat().st_mtime
    except OSError:
        return False
    if os.name == "posix" and len(text) >= 2 and text[1] == _host() and text[0].isdigit():
        try:
            os.kill(int(text[0]), 0)
        except ProcessLookupError:
            return True
        except (OSError, OverflowError):
            return age > max_age
        return False  # the run is alive, however long it takes
    return age > max_age


@contextlib.contextmanager
def workbook_lock(path: Path | str, *, wait: float | None = None) -> Iterator[None]:
    """Hold parxl's exclusive lock on ``path`` (re-entrant within one process).

    Another run holding it is waited for up to ``wait`` seconds (``PARXL_LOCK_WAIT``, default 60), then
    the command is refused; the caller reads the file only once the lock is held, so it sees the other
    run's result. The lock file is created with O_EXCL, which works the same on Windows and POSIX.
    """
    path = Path(path)
    key = _lock_key(path)
    with _held_guard:
        if key in _held:
            _held[key] += 1
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _held_guard:
                _held[key] -= 1
        return
    lock = run_lock_path(path)
    limit = float(_env_int("PARXL_LOCK_WAIT", 60, minimum=0)) if wait is None else wait
    deadline = time.monotonic() + limit
    while True:
        try:
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            break
        except FileExistsError:
            if _lock_is_stale(lock, max_age=15 * 60):
                with contextlib.suppress(OSError):
                    lock.unlink()
                continue
            if time.monotonic() >= deadline:
                raise WorkbookLocked(
                    f"Tệp “{path}” đang được một lệnh parxl khác xử lý; hãy đợi lệnh đó xong rồi chạy lại. "
                    f"(Nếu không còn lệnh nào chạy, hãy xoá tệp ẩn “{lock.name}”.)",
                    path=str(path), code="busy") from None
            time.sleep(0.05)
        except FileNotFoundError:
            raise BadInput(f"Không có thư mục “{lock.parent}” để ghi “{path.name}”. "
                           "Hãy tạo thư mục đó hoặc chọn nơi ghi khác.", path=str(path), code="no_folder") from None
        except OSError as err:
            if isinstance(err, PermissionError) or err.errno == errno.EROFS:
                # A read-only folder: parxl cannot write there either, so there is nothing to protect (a
                # workbook read from a read-only share and scored into --output elsewhere must still work).
                yield
                return
            raise from_os_error(err, path) from err
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()} {_host()} {time.time():.0f}\n")
    except OSError:
        pass  # an empty lock file still locks
    with _held_guard:
        _held[key] = 1
    try:
        yield
    finally:
        with _held_guard:
            _held.pop(key, None)
        with contextlib.suppress(OSError):
            lock.unlink()


# ---------------------------------------------------------------------------------------------------------
# Backups in parxl_sao_luu/, created exclusively, the last N kept.

def backup_folder(original: Path) -> Path:
    return original.parent / BACKUP_DIR


def _backup_name(original: Path, stamp: str, n: int) -> str:
    counter = f" {n}" if n > 1 else ""
    return f"{original.stem} ({BACKUP_LABEL} {stamp}{counter}){original.suffix}"


def backup_path(original: Path, now: datetime | None = None) -> Path:
    """``parxl_sao_luu/<stem> (bản sao lưu 2026-11-23 161502)<suffix>``: the first name not taken yet.
    (Only a proposal: :func:`make_backup` creates the name exclusively.)"""
    from datetime import datetime  # only a backup needs the clock's date: not imported by ``check``

    stamp = (now or datetime.now()).strftime("%Y-%m-%d %H%M%S")
    folder = backup_folder(original)
    n = 1
    while os.path.lexists(folder / _backup_name(original, stamp, n)):
        n += 1
    return folder / _backup_name(original, stamp, n)


def _backup_pattern(original: Path) -> re.Pattern[str]:
    return re.compile(re.escape(original.stem) + r" \(" + re.escape(BACKUP_LABEL)
                      + r" (\d{4}-\d\d-\d\d \d{6})(?: (\d+))?\)" + re.escape(original.suffix) + "$")


def make_backup(dest: Path, now: datetime | None = None, made: list[Path] | None = None) -> Path:
    """Copy ``dest`` (with its metadata) into a backup whose name this run alone created (O_EXCL): five runs
    in the same second get five names. The name goes into ``made`` as soon as it exists, so a caller can
    remove it whatever happens next."""
    folder = backup_folder(dest)
    try:
        folder.mkdir(exist_ok=True)
    except FileExistsError:
        pass
    except OSError as err:
        raise from_os_error(err, folder) from err
    if not folder.is_dir() or folder.is_symlink():
        raise UnsafeToWrite(f"“{folder}” không phải thư mục nên không giữ được bản sao lưu của “{dest.name}”. "
                            f"Hãy đổi tên hoặc chuyển “{folder.name}” đi rồi chạy lại.",
                            path=str(dest), code="backup_folder")
    from datetime import datetime

    stamp = (now or datetime.now()).strftime("%Y-%m-%d %H%M%S")
    n = 1
    while True:
        candidate = folder / _backup_name(dest, stamp, n)
        try:
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
            break
        except FileExistsError:
            n += 1
        except OSError as err:
            raise from_os_error(err, candidate) from err
    if made is not None:
        made.append(candidate)
    try:
        with os.fdopen(fd, "wb") as out, dest.open("rb") as src:
            shutil.copyfileobj(src, out, 1024 * 1024)
            out.flush()
            os.fsync(out.fileno())
        shutil.copystat(dest, candidate)
    except BaseException:
        candidate.unlink(missing_ok=True)
        raise
    return candidate


def prune_backups(original: Path, keep: int | None = None) -> list[Path]:
    """Delete the oldest parxl backups of ``original`` beyond the last ``keep``; other files are never touched."""
    keep = backups_to_keep() if keep is None else keep
    folder = backup_folder(original)
    if not folder.is_dir():
        return []
    pattern = _backup_pattern(original)
    found = []
    for entry in folder.iterdir():
        m = pattern.match(entry.name)
        if m and entry.is_file() and not entry.is_symlink():
            found.append(((m.group(1), int(m.group(2) or 1)), entry))
    found.sort()
    removed = [p for _, p in found[: max(len(found) - keep, 0)]]
    for p in removed:
        with contextlib.suppress(OSError):
            p.unlink()
    return removed


# ---------------------------------------------------------------------------------------------------------
# Checking the package about to be written.

def _changed_xml_parts(data: bytes | Path, before: Path | None) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The XML parts of ``data`` (bytes, or a file read in place) that are new or differ (by CRC/size) from
    the file ``before``."""
    old: dict[str, tuple[int, int]] = {}
    if before is not None and before.is_file():
        with contextlib.suppress(zipfile.BadZipFile, OSError), zipfile.ZipFile(before) as zf:
            old = {i.filename: (i.CRC, i.file_size) for i in zf.infolist()}
    zf = zipfile.ZipFile(data if isinstance(data, Path) else BytesIO(data))
    parts = [
        i for i in zf.infolist()
        if i.filename.lower().endswith((".xml", ".rels")) and old.get(i.filename) != (i.CRC, i.file_size)
    ]
    return zf, parts


def verify_package(data: bytes | Path, before: Path | None = None) -> None:
    """Check the package about to be saved (bytes, or the written file, read in place so that a large workbook
    is not held twice in memory): a sound zip, workbook.xml present, and every XML part that changed compared
    with ``before`` well-formed. Raises ValueError describing the problem.

    One streaming pass: each part is read in chunks (its CRC checked at its end, as ``testzip`` does) and the
    parts to check are fed to expat on the way, so memory stays flat whatever the size of a sheet."""
    try:
        zf, parts = _changed_xml_parts(data, before)
        with zf:
            names = {n.lower(): n for n in zf.namelist()}
            wanted = {info.filename for info in parts}
            if "xl/workbook.xml" in names:
                wanted.add(names["xl/workbook.xml"])
            malformed: dict[str, str] = {}
            for info in zf.infolist():
                problem = _stream_part(zf, info, info.filename in wanted)
                if problem is not None:
                    malformed.setdefault(info.filename, problem)
            if "xl/workbook.xml" not in names:
                raise ValueError("xl/workbook.xml is missing")
            for name in [names["xl/workbook.xml"], *(info.filename for info in parts)]:
                if name in malformed:
                    raise ValueError(f"part {name} is not well-formed XML: {malformed[name]}")
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, NotImplementedError, RuntimeError) as err:
        raise ValueError(str(err)) from err


def _stream_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, parse: bool) -> str | None:
    """Read one part to its end (a bad CRC raises ValueError naming it); with ``parse``, the expat error that
    makes it ill-formed XML, or None."""
    parser = expat.ParserCreate(namespace_separator=" ") if parse else None
    problem = None
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                if parser is not None and problem is None:
                    try:
                        parser.Parse(chunk, False)
                    except expat.ExpatError as err:
                        problem = str(err)
    except zipfile.BadZipFile as err:
        raise ValueError(f"part {info.filename} has a bad CRC") from err
    if parser is not None and problem is None:
        try:
            parser.Parse(b"", True)
        except expat.ExpatError as err:
            problem = str(err)
    return problem


def _host() -> str:
    """This machine's name as ``platform.node()`` gives it, read from ``os.uname`` where there is one (the
    platform module costs a score run more time to import than the lock takes)."""
    node = os.uname().nodename if hasattr(os, "uname") else ""
    if node and node != "unknown":  # platform.node() says "" for "unknown"
        return node
    import platform

    return platform.node()


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


# ---------------------------------------------------------------------------------------------------------
# The one way parxl writes a file.

def check_target(dest: Path) -> os.stat_result | None:
    """Refuse destinations parxl must not write to; the existing file's stat, or None for a new name."""
    try:
        st = os.lstat(dest)
    except FileNotFoundError:
        st = None
    except OSError as err:
        raise from_os_error(err, dest) from err
    folder = dest.parent if str(dest.parent) else Path(".")
    if st is None:
        try:
            folder_ok = folder.is_dir()
        except OSError as err:
            raise from_os_error(err, folder) from err
        if not folder_ok:
            raise BadInput(f"Không có thư mục “{folder}” để ghi “{dest.name}”. Hãy tạo thư mục đó hoặc chọn nơi ghi "
                           "khác.", path=str(dest), code="no_folder")
        return None
    if stat.S_ISLNK(st.st_mode):
        raise UnsafeToWrite(f"“{dest}” là một lối tắt (liên kết tượng trưng) trỏ tới nơi khác; parxl không ghi qua "
                            "liên kết. Hãy chỉ thẳng tới tệp thật hoặc chọn tên khác.", path=str(dest), code="symlink")
    if stat.S_ISDIR(st.st_mode):
        raise UnsafeToWrite(f"“{dest}” là một thư mục, không ghi đè được. Hãy cho tên tệp cần ghi.",
                            path=str(dest), code="output_is_folder")
    if not stat.S_ISREG(st.st_mode):
        raise UnsafeToWrite(f"“{dest}” không phải một tệp thông thường (có thể là thiết bị hoặc ống dẫn); "
                            "parxl không ghi vào đó. Hãy chọn tên tệp khác.", path=str(dest), code="output_not_regular")
    if not st.st_mode & stat.S_IWUSR:
        raise UnsafeToWrite(f"Tệp “{dest}” đang đặt chế độ chỉ đọc; parxl không thay thế nó. Hãy bỏ chế độ chỉ đọc "
                            "(Thuộc tính › bỏ chọn “Chỉ đọc”) hoặc ghi ra tệp khác.", path=str(dest), code="read_only")
    return st


def _same_bytes(dest: Path, size: int, data: bytes) -> bool:
    """Whether ``dest`` holds exactly ``data``, compared in chunks (a large workbook is not read whole)."""
    chunk = 1 << 20
    view = memoryview(data)
    try:
        if dest.stat().st_size != size:
            return False
        with dest.open("rb") as fh:
            for start in range(0, size, chunk):
                if fh.read(chunk) != view[start:start + chunk]:
                    return False
            return fh.read(1) == b""
    except OSError:
        return False


def _new_temp(folder: Path, suffix: str) -> Path:
    """A private, empty temporary file beside the target (same file system, so the final rename is atomic)."""
    import tempfile

    fd, name = tempfile.mkstemp(prefix=".parxl-tmp-", suffix=suffix, dir=folder)
    os.close(fd)
    return Path(name)


def _write_temp(tmp: Path, data: bytes) -> None:
    """The new content into the temporary file, flushed to disk."""
    with tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _replace(tmp: Path, dest: Path) -> None:
    os.replace(tmp, dest)


def save_bytes(dest: Path | str, data: bytes, *, verify: Callable[[Path], None] | None = None,
               now: datetime | None = None, denied: ParxlError | None = None) -> SaveResult:
    """Write ``data`` to ``dest`` atomically under parxl's lock, backing up any file it replaces.

    ``verify(tmp)`` checks the written temporary file (raise a ParxlError to refuse). ``denied`` is raised
    when the final rename is refused (the file is open in another program). On any failure ``dest`` is
    untouched, no temporary file remains and no backup is left for a file that was not replaced.
    """
    dest = Path(dest)
    keep = backups_to_keep()  # a bad setting is refused before anything is written
    with workbook_lock(dest):
        st = check_target(dest)
        if st is not None and _same_bytes(dest, len(data), data):
            return SaveResult(dest, None, unchanged=True)
        folder = dest.parent if str(dest.parent) else Path(".")
        tmp: Path | None = None
        made: list[Path] = []
        try:
            try:
                tmp = _new_temp(folder, dest.suffix)
                _write_temp(tmp, data)
            except OSError as err:
                raise from_os_error(err, dest) from err
            if verify is not None:
                verify(tmp)
            if st is not None:
                shutil.copymode(dest, tmp)
                make_backup(dest, now, made)
            else:
                os.chmod(tmp, _default_mode())
            try:
                _replace(tmp, dest)
            except PermissionError as err:
                raise (denied or WorkbookLocked(
                    f"Không ghi được vào tệp “{dest}” vì tệp đang mở trong Excel hoặc không có quyền ghi. "
                    "Hãy đóng Excel rồi chạy lại.", path=str(dest), code="replace_denied")) from err
            except OSError as err:
                raise from_os_error(err, dest) from err
        except BaseException:
            # The temporary file is gone only once os.replace has moved it over ``dest``.
            replaced = tmp is not None and not os.path.lexists(tmp)
            if tmp is not None:
                tmp.unlink(missing_ok=True)
            if not replaced:
                for stray in made:  # the original is still in place: a backup would only confuse the user
                    stray.unlink(missing_ok=True)
                    _remove_if_empty(stray.parent)
            raise
        backup = made[0] if made else None
        _fsync_dir(folder)
        if backup is not None:
            prune_backups(dest, keep)
        return SaveResult(dest, backup)


def _remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):
        folder.rmdir()


def write_atomic(target: Path, content: bytes, *, locked: WorkbookLocked, denied: WorkbookLocked) -> SaveResult:
    """Write a file that is not the workbook (an exported appendix). ``locked`` is raised while Word or Excel
    has ``target`` open (its ~$ owner file is there), ``denied`` when the rename is refused."""
    target = Path(target)
    owners = {lock_file(target), target.with_name("~$" + target.name[2:])}
    if any(p.exists() for p in owners if p.name != "~$"):
        raise locked
    return save_bytes(target, content, denied=denied)


def write_new(target: Path | str, content: bytes) -> Path:
    """Create ``target``, which must not exist in any form (not even as a dangling link): a new file only."""
    target = Path(target)
    if os.path.lexists(target):
        raise UnsafeToWrite(f"Tệp “{target}” đã có; parxl không ghi đè. Hãy chọn tên khác.",
                            path=str(target), code="exists")
    check_target(target)
    folder = target.parent if str(target.parent) else Path(".")
    with workbook_lock(target):
        try:
            tmp = _new_temp(folder, target.suffix)
        except OSError as err:
            raise from_os_error(err, target) from err
        try:
            _write_temp(tmp, content)
            os.chmod(tmp, _default_mode())
            try:
                os.link(tmp, target)  # fails if anything appeared at that name meanwhile
            except FileExistsError:
                raise UnsafeToWrite(f"Tệp “{target}” vừa được tạo bởi chương trình khác; parxl không ghi đè.",
                                    path=str(target), code="exists") from None
            except OSError:
                if os.path.lexists(target):  # a file system without hard links
                    raise UnsafeToWrite(f"Tệp “{target}” đã có; parxl không ghi đè.", path=str(target),
                                        code="exists") from None
                os.replace(tmp, target)
        except OSError as err:
            raise from_os_error(err, target) from err
        finally:
            tmp.unlink(missing_ok=True)
    _fsync_dir(folder)
    return target


def save_atomic(original: Path | str, data: bytes, output: Path | str | None = None, *,
                now: datetime | None = None) -> SaveResult:
    """Write the workbook ``data`` to ``output`` (default: over ``original``) atomically.

    Whenever a file is replaced (the original or an existing ``output``), a backup copy (with its metadata)
    is kept in ``parxl_sao_luu`` beside it first. On any failure the destination is untouched and no
    temporary file remains.
    """
    original = Path(original)
    dest = Path(output) if output is not None else original
    if dest.suffix.lower() != original.suffix.lower():
        # A macro workbook saved under .xlsx (or the reverse) is a file Excel refuses to open.
        raise BadInput(f"Tệp ghi ra “{dest.name}” phải có cùng đuôi với tệp gốc ({original.suffix}).",
                       code="bad_suffix")
    _check_not_locked(dest)

    def verify(tmp: Path) -> None:
        try:
            verify_package(tmp, original if original.exists() else None)
        except ValueError as err:
            raise UnreadableWorkbook(
                f"Tệp kết quả cho “{dest}” không đạt kiểm tra sau khi ghi; "
                "tệp gốc được giữ nguyên, không có gì bị thay đổi.",
                path=str(dest), code="verify_failed",
            ) from err

    return save_bytes(dest, data, verify=verify, now=now)


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


__all__ = [
    "BACKUP_DIR", "CannotWrite", "SaveResult", "backup_path", "check_target", "check_workbook_path",
    "make_backup", "prune_backups", "save_atomic", "save_bytes", "workbook_lock", "write_atomic", "write_new"
]
