"""Errors that stop the work. Each carries a Vietnamese message that says what to do.

Bad data inside a workbook is never an exception: it becomes a finding. These are for files that
cannot be read or written safely; the CLI prints the message and exits with code 2.
"""

from __future__ import annotations


class ParxlError(Exception):
    """Base class; ``str(err)`` is the Vietnamese message shown to the user."""

    code = "error"

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return self.message


class UnreadableWorkbook(ParxlError, ValueError):
    """The file is not a workbook parxl can open (legacy .xls, encrypted, corrupt, missing)."""

    code = "unreadable"


class WorkbookLocked(ParxlError, PermissionError):
    """The workbook is open in Excel (a ~$ lock file exists) or cannot be replaced."""

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
