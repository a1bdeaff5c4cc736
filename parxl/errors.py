"""Errors that stop the work. Each carries a Vietnamese message that says what to do, and a stable
reason ``code`` (English, for tests, support and scripts).

Bad data inside a workbook is never an exception: it becomes a finding. These are for files that
cannot be read or written safely; the CLI prints the message and exits with code 2.
"""

from __future__ import annotations

import errno


class ParxlError(Exception):
    """Base class; ``str(err)`` is the Vietnamese message shown to the user.

    ``code`` is the class's reason unless a more precise one is given (``xml_invalid``, ``disk_full`` …).
    """

    code = "error"

    def __init__(self, message: str, *, path: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message


class UnreadableWorkbook(ParxlError, ValueError):
    """The file is not a workbook parxl can open (legacy .xls, encrypted, corrupt, missing, too large)."""

    code = "unreadable"


class WorkbookLocked(ParxlError, PermissionError):
    """The workbook is open in Excel (a ~$ lock file exists), used by another parxl run, or cannot be replaced."""

    code = "locked"


class UnsafeToWrite(ParxlError, ValueError):
    """Writing would risk damaging something parxl does not own."""

    code = "unsafe"


class NoScoreSheet(ParxlError, LookupError):
    """No sheet in the workbook looks like a score sheet."""

    code = "no_score_sheet"


class BadInput(ParxlError, ValueError):
    """An argument or pasted text that cannot be used at all."""

    code = "bad_input"


class CannotWrite(ParxlError, OSError):
    """The operating system refused a write (disk full, file size limit, permission, name too long)."""

    code = "os_error"


# errno -> (code, what the user reads); everything else is "os_error" with the number, never the English text.
_OS_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("disk_full", "ổ đĩa đã đầy. Hãy giải phóng dung lượng rồi chạy lại"),
    errno.EFBIG: ("file_too_big", "tệp vượt quá kích thước tối đa hệ thống cho phép ghi"),
    errno.ENAMETOOLONG: ("name_too_long", "tên tệp hoặc đường dẫn quá dài. Hãy chọn tên ngắn hơn"),
    errno.EACCES: ("permission", "không có quyền ghi hoặc đọc ở đây. Hãy chọn thư mục khác hoặc xin quyền"),
    errno.EPERM: ("permission", "không có quyền ghi hoặc đọc ở đây. Hãy chọn thư mục khác hoặc xin quyền"),
    errno.EROFS: ("read_only", "ổ đĩa hoặc thư mục chỉ cho phép đọc"),
    errno.ENOENT: ("not_found", "không tìm thấy tệp hoặc thư mục"),
    errno.EISDIR: ("output_is_folder", "đây là một thư mục, không phải tệp"),
    errno.ENOTDIR: ("not_found", "một phần của đường dẫn không phải thư mục"),
    errno.ELOOP: ("symlink", "đường dẫn có liên kết tượng trưng vòng quanh"),
    errno.EIO: ("io_error", "lỗi đọc/ghi của ổ đĩa"),
}
if hasattr(errno, "EDQUOT"):
    _OS_REASONS[errno.EDQUOT] = ("disk_full", "đã hết hạn mức dung lượng của tài khoản trên ổ đĩa")


def from_os_error(err: OSError, place: str | object = "") -> CannotWrite:
    """A Vietnamese refusal for an OS error at ``place`` (a path); the original stays as ``__cause__``."""
    code, text = _OS_REASONS.get(err.errno or -1, ("os_error", f"hệ điều hành từ chối thao tác (mã lỗi {err.errno})"))
    where = f" “{place}”" if str(place) else ""
    out = CannotWrite(f"Không thực hiện được với tệp{where}: {text}. Các tệp của bạn không bị thay đổi.",
                      path=str(place) if str(place) else None, code=code)
    out.__cause__ = err
    return out
