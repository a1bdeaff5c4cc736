"""What a pasted table becomes: the table found, its rows (with the line and cell of every value), groups."""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import cast

from parxl.findings import Finding, finding
from parxl.paste.header import Column
from parxl.paste.lines import Line

# ------------------------------------------------------------------------------------------ tables


@dataclass
class Table:
    """A table found in the text: where its header is, how it is laid out, what its columns are."""

    kind: str
    layout: str  # "tab" | "spaced" | "wrapped" | "cells"
    columns: list[Column]
    header_first: int  # line numbers
    header_last: int
    header_sig: str = ""
    body_start: int = 0  # index into lines / grid rows
    end: int = 0
    column_map: list[dict[str, object]] = field(default_factory=list)  # {column, header, role, source}
    unread: list[tuple[int, str]] = field(default_factory=list)  # PDF text: header words naming nothing


class _Absent:
    """A field not read from the row (None is a value: "previous" when its text was not a number)."""

    __slots__ = ()


ABSENT = _Absent()


@dataclass(slots=True, eq=False)
class RowValues(MutableMapping[str, object]):
    """A row's values in typed slots, one per field of the JSON (in its order), read and written as a
    dict: ``"rank" in values``, ``values.get("total")``; fields outside these are kept in ``extra``."""

    block: str | _Absent = ABSENT
    label: str | _Absent = ABSENT
    stt: int | _Absent = ABSENT
    code: str | _Absent = ABSENT
    name: str | _Absent = ABSENT
    unit: str | _Absent = ABSENT
    max: Decimal | _Absent = ABSENT
    self: Decimal | _Absent = ABSENT
    appraised: Decimal | _Absent = ABSENT
    appraised_max: Decimal | _Absent = ABSENT
    survey: Decimal | _Absent = ABSENT
    survey_max: Decimal | _Absent = ABSENT
    total: Decimal | _Absent = ABSENT
    total_max: Decimal | _Absent = ABSENT
    deducted: Decimal | _Absent = ABSENT
    index_pct: Decimal | _Absent = ABSENT
    change: Decimal | _Absent = ABSENT
    previous: Decimal | None | _Absent = ABSENT
    change_note: str | _Absent = ABSENT
    rank: int | _Absent = ABSENT
    rank_of: int | _Absent = ABSENT
    classification: str | _Absent = ABSENT
    reason: str | _Absent = ABSENT
    responsible: str | _Absent = ABSENT
    note: str | _Absent = ABSENT
    extra: dict[str, object] = field(default_factory=dict)

    def get(self, key: str, default: object = None) -> object:
        v = getattr(self, key) if key in ROW_FIELD_SET else self.extra.get(key, ABSENT)
        return default if v is ABSENT else v

    def __contains__(self, key: object) -> bool:  # without raising, as rows ask it often
        return self.get(cast(str, key), ABSENT) is not ABSENT

    def __getitem__(self, key: str) -> object:
        if (v := self.get(key, ABSENT)) is ABSENT:
            raise KeyError(key)
        return v

    def __setitem__(self, key: str, value: object) -> None:
        if key in ROW_FIELD_SET:
            setattr(self, key, value)
        else:
            self.extra[key] = value

    def __delitem__(self, key: str) -> None:
        self[key]  # noqa: B018  (KeyError when absent, like a dict)
        if key in ROW_FIELD_SET:
            setattr(self, key, ABSENT)
        else:
            del self.extra[key]

    def __iter__(self) -> Iterator[str]:
        yield from (k for k in ROW_FIELDS if getattr(self, k) is not ABSENT)
        yield from self.extra

    def __len__(self) -> int:
        return sum(1 for _ in self)


ROW_FIELDS = tuple(f.name for f in fields(RowValues) if f.name != "extra")
ROW_FIELD_SET = frozenset(ROW_FIELDS)


@dataclass
class PasteRow:
    line: int
    role: str = "data"  # data | total | average
    values: RowValues = field(default_factory=RowValues)
    cells: dict[str, tuple[int, int]] = field(default_factory=dict)
    suspect: dict[str, str] = field(default_factory=dict)  # field -> ".275" text that lost a digit
    group: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.values, RowValues):  # a plain dict given
            given, self.values = self.values, RowValues()
            self.values.update(given)

    def at(self, name: str) -> int:
        return self.cells.get(name, (self.line, 0))[0]

    def get(self, name: str) -> object:
        return self.values.get(name)

    def figure(self, name: str) -> Decimal:
        """``num`` of a figure the caller has made sure is there."""
        value = self.num(name)
        assert value is not None, name
        return value

    def num(self, name: str) -> Decimal | None:
        v = self.values.get(name)
        return v if isinstance(v, Decimal) else None

    def rename(self, old: str, new: str) -> None:
        """A value read under one name belongs under another: move it with its cell and any doubt."""
        if old in self.values:
            self.values[new] = self.values.pop(old)
            self.cells[new] = self.cells.pop(old)
            if old in self.suspect:
                self.suspect[new] = self.suspect.pop(old)


@dataclass
class Group:
    label: str
    name: str
    line: int


@dataclass
class Parsed:
    table: Table
    rows: list[PasteRow]
    groups: list[Group]
    findings: list[Finding]
    preamble: list[Line]


def row_figure(row: dict[str, object], key: str) -> Decimal | None:
    """A figure of a row of ``PasteResult.rows``: the reader keeps every figure as an exact Decimal (or leaves
    it out), but those rows are plain dicts, so the type is stated here."""
    return cast("Decimal | None", row.get(key))


def row_line(row: dict[str, object]) -> int:
    """The text line a row of ``PasteResult.rows`` was read from."""
    return cast(int, row["line"])


def paste_finding(code: str, line: int | None, **params: object) -> Finding:
    """A finding about the pasted text; ``line`` is also available to the message template."""
    value = params.pop("value", None)
    expected = params.pop("expected", None)
    return finding(code, "", "", value, expected, line=line, **params)
