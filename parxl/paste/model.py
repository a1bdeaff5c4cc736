"""What a pasted table becomes: the table found, its rows (with the line and cell of every value), groups."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from parxl.findings import Finding, finding
from parxl.paste.header import Column
from parxl.paste.lines import Line


@dataclass
class Table:
    """A table found in the text: where its header is, how it is laid out, what its columns are."""

    kind: str
    layout: str  # "tab" | "spaced" | "wrapped" | "cells"
    columns: list[Column]
    header_first: int  # line number
    header_sig: str = ""
    body_start: int = 0  # index into lines / grid rows
    end: int = 0
    column_map: list[dict[str, object]] = field(default_factory=list)  # {column, header, role, source}


# the JSON's order of a row's fields (a field not read is left out; None is a value: "previous" unreadable)
ROW_FIELDS = ("block", "label", "stt", "code", "name", "unit", "max", "self", "appraised", "appraised_max", "survey",
              "survey_max", "total", "total_max", "deducted", "index_pct", "change", "previous", "change_note", "rank",
              "rank_of", "classification", "reason", "responsible", "note")


@dataclass
class PasteRow:
    line: int
    role: str = "data"  # data | total | average
    values: dict[str, object] = field(default_factory=dict)  # by JSON name; numbers are exact Decimals
    cells: dict[str, tuple[int, int]] = field(default_factory=dict)
    suspect: dict[str, str] = field(default_factory=dict)  # field -> ".275" text that lost a digit
    group: str | None = None

    def at(self, name: str) -> int:
        return self.cells.get(name, (self.line, 0))[0]

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
    """A figure of a row of ``PasteResult.rows``: a plain dict whose figures are exact Decimals (or left out)."""
    return cast("Decimal | None", row.get(key))


def row_line(row: dict[str, object]) -> int:
    """The text line a row of ``PasteResult.rows`` was read from."""
    return cast(int, row["line"])


def paste_finding(code: str, line: int | None, **params: object) -> Finding:
    """A finding about the pasted text; ``line`` is also available to the message template."""
    return finding(code, "", "", params.pop("value", None), params.pop("expected", None), line=line, **params)
