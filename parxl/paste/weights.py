"""Every weight and share the reading of a pasted table turns on, in one place to tune: the shares that tell what a
line, a header or a column is (:data:`SHARES`), and the scores that align a row's tokens with its columns
(:data:`WEIGHTS`)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Shares:
    """The share of a text, a table's lines or a column's cells past which parxl takes it for one thing or another."""

    # headers: the share of a text's letters that the vocabulary's phrases explain
    header_cell: float = 0.5  # a cell of a grid's header; a line opening a header (less: "Quận Hà Đông có…")
    header_text: float = 0.6  # the lines of a PDF header together
    header_cell_alone: float = 0.9  # one header cell on its own line ("VỊ THỨ"), no row
    row_words: float = 0.5  # below it, words and whole numbers are a row ("Sở Y tế 3 3 Khá"), not the header
    header_repeat: float = 0.9  # the header's letters that lines after a page break repeat
    # lines
    capitals: float = 0.7  # a heading's letters in capitals: "I. CHỈ ĐẠO ĐIỀU HÀNH", not "I. Bộ, cơ quan ngang bộ"
    trailing_space: float = 0.7  # lines that end with a space: a PDF copy, where a line without one cut a word
    spaced_lines: float = 0.4  # lines cut in three cells or more by runs of spaces: space-aligned text
    across_columns: float = 0.2  # at most, the cells under a spaced header that reach over two of its columns
    # columns and rows
    dotted_codes: float = 0.6  # an areas table's codes (or names' codes) that are dotted ("1.2"): it lists criteria
    distinct_ranks: float = 0.6  # a column of integers, all different enough to order the rows: ranks
    names: float = 0.8  # a column's cells that are words, and of those the distinct ones: names of units


SHARES = Shares()


@dataclass(frozen=True)
class Weights:
    """Every weight of the alignment score: a token's fit to a column, the row's arithmetic, what leftovers cost."""

    # a token under a column of points / an index / a rank / a change, by the kind of the token ("*": any
    # other kind; a rank is "12" or "02/17")
    kind_fit: dict[str, dict[str, float]] = field(default_factory=lambda: {
        "score": {"pair": 3.0, "num": 2.0, "signed": 0.3, "pct": -1.0, "*": -3.0},
        "pct": {"pct": 3.0, "*": -2.0},
        "rank": {"num": 2.0, "pair": 3.0, "*": -2.0},
        "change": {"signed": 3.0, "num": 1.5, "pct": 0.0, "*": -2.0},
    })
    num_in_pair_column: float = 0.5  # a plain number under "…/Điểm tối đa"
    pair_in_plain_column: float = 2.0  # "10/12" under "Tổng điểm": fits no better than a plain number
    num_as_pct: float = 1.5  # a number from 0 to 100 under "Chỉ số"
    bad_fit: float = -1.0  # a larger one
    under_column: float = 1.0  # spaced text: the token stands under its column
    near_column: float = 0.5
    under_other_column: float = -1.5  # spaced text: the token stands under another column, not near its own
    good_fit: float = 1.5  # every number at least this good: the row is read in order, no search
    # the row's arithmetic
    adds_up: float = 2.5
    does_not_add_up: float = -1.0
    index_matches: float = 1.5
    index_differs: float = -0.5
    index_is_total: float = 0.5
    within_max: float = 0.3
    above_max: float = -1.5
    # what an assignment leaves
    column_skipped: float = 2.5
    name_number: float = 1.5  # "Phường 1", "mức độ 3"
    lines_apart: float = 0.3  # a row's numbers usually stand on one line
    number_in_text: float = 0.4
    free_text: float = 0.2
    stray: float = 1.5


WEIGHTS = Weights()
