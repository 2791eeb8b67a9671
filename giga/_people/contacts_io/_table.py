"""CSV files as header + rows with line numbers; the layouts decide what the columns mean.

The header is the first row that some layout recognises. Before it, only preamble rows
are allowed: rows with at most one non-empty cell, which is what LinkedIn's ``Notes:``
block looks like (also after a spreadsheet pads it with ``,,``). The delimiter is a comma,
or a semicolon or tab when that is what makes the header recognisable (Excel in many
European locales saves CSV with semicolons). Quoting the csv module rejects is an error
for the whole file: a half-read file would import the wrong people.

Memory stays bounded on hostile files: a header line may be ``MAX_HEADER_CHARS`` long and
have ``MAX_COLUMNS`` cells (real exports have under 100; a 5-million-column header took
1.6 GB when every cell became a string), any other line ``MAX_LINE_CHARS``. Lines are
measured before the csv module splits them into cells.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from ...errors import InputError
from ..._types import ContactRecord
from ...types import SkippedRow

__all__ = ["CsvLayout", "Header", "Row", "Table", "check_csv", "find_header", "first_content_line", "header_key", "read_table"]

MAX_PREAMBLE_ROWS = 10
MAX_HEADER_CHARS = 64 * 1024
MAX_COLUMNS = 500
MAX_LINE_CHARS = 1024 * 1024
_DELIMITERS = (",", ";", "\t")


def header_key(cell: str) -> str:
    """How header cells are compared: case-insensitive, whitespace-insensitive."""
    return " ".join(cell.replace("\ufeff", "").split()).lower()


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: cells looked up by (normalised) header name."""

    line: int
    cells: tuple[str, ...]
    index: dict[str, int]

    def get(self, *names: str) -> str:
        """The first non-empty cell among the given column names, else ``""``."""
        for name in names:
            i = self.index.get(name)
            if i is not None and i < len(self.cells) and self.cells[i].strip():
                return self.cells[i]
        return ""

    def matching(self, pattern: re.Pattern[str]) -> list[str]:
        """Cells of every column whose name matches, in column order (``E-mail 2 - Value``)."""
        return [self.cells[i] for key, i in self.index.items() if pattern.fullmatch(key) and i < len(self.cells)]


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]  # normalised with header_key, trailing empty cells dropped
    header_line: int
    rows: tuple[Row, ...]  # blank rows already left out
    overlong: tuple[int, ...]  # lines of rows with non-empty cells beyond the header


@dataclass(frozen=True, slots=True)
class CsvLayout:
    """One CSV dialect of contacts: how to recognise its header and read a row."""

    format: str  # the ContactFile.format it produces
    label: str  # for messages: "LinkedIn Connections.csv"
    matches: Callable[[Sequence[str]], bool]  # given the header_key()-normalised header
    convert: Callable[[Row, Table], ContactRecord | SkippedRow]


@dataclass(frozen=True, slots=True)
class Header:
    """Where the header is and how the file is delimited."""

    line: int
    delimiter: str
    keys: tuple[str, ...]  # normalised with header_key


def find_header(text: str, accepts: Callable[[Sequence[str]], bool], path: str = "<csv>") -> Header | None:
    """The first accepted row within the preamble allowance, trying each delimiter;
    InputError when a row there is too long or too wide to be a header."""
    for delimiter in _DELIMITERS:
        try:
            records = _records(text, delimiter, path, csv_errors=False, max_line=MAX_HEADER_CHARS)
            for line, cells in itertools.islice(records, MAX_PREAMBLE_ROWS + 1):
                if len(cells) > MAX_COLUMNS:
                    raise InputError(path, f"{len(cells):,} columns: a contacts header has at most "
                                     f"{MAX_COLUMNS}", line=line)
                keys = tuple(header_key(c) for c in cells)
                if accepts(keys):
                    return Header(line, delimiter, keys)
                if sum(1 for k in keys if k) > 1:
                    break  # a real row that is no header: not preamble
        except csv.Error:
            continue
    return None


def check_csv(text: str, path: str) -> None:
    """InputError at the first record the csv module rejects (unterminated quote ...)."""
    for _ in _records(text, ",", path):
        pass


def first_content_line(text: str) -> int:
    """The line of the first non-blank line, for errors about a missing header."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip(" \t,;"):
            return number
    return 1


def _records(text: str, delimiter: str, path: str | None = None, *, csv_errors: bool = True,
             max_line: int = MAX_LINE_CHARS) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, cells). csv errors become InputError naming ``path``
    unless ``csv_errors`` is false; a line longer than ``max_line`` is always one."""
    name = path or "<csv>"
    reader = csv.reader(_bounded_lines(text, max_line, name), delimiter=delimiter, strict=True)
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            if not csv_errors:
                raise
            raise InputError(name, f"malformed CSV: {e}", line=start) from None
        yield start, cells
        start = reader.line_num + 1


def _bounded_lines(text: str, limit: int, path: str) -> Iterator[str]:
    """The text's lines (ends kept, as the csv module wants them), refusing one longer than
    ``limit`` before it is copied or split (``io.StringIO`` would copy the whole text)."""
    start, number = 0, 1
    while start < len(text):
        end = text.find("\n", start, start + limit + 1)
        stop = end + 1 if end >= 0 else len(text)
        if end < 0 and stop - start > limit:  # no line end within the limit
            what = "header " if limit == MAX_HEADER_CHARS else ""
            raise InputError(path, f"a {what}line longer than {limit // 1024:,} KB: not a contacts file",
                             line=number)
        yield text[start:stop]
        start, number = stop, number + 1


def read_table(text: str, path: str, found: Header) -> Table:
    """Every row after the header; InputError at the first record with broken quoting."""
    header: tuple[str, ...] = ()
    index: dict[str, int] = {}
    rows: list[Row] = []
    overlong: list[int] = []
    for line, cells in _records(text, found.delimiter, path):
        if line < found.line:
            continue
        if line == found.line:
            keys = [header_key(c) for c in cells]
            while keys and not keys[-1]:
                keys.pop()
            header = tuple(keys)
            for i, key in enumerate(header):
                if key:
                    index.setdefault(key, i)
            continue
        if not any(c.strip() for c in cells):
            continue
        if any(c.strip() for c in cells[len(header):]):
            overlong.append(line)
            continue
        rows.append(Row(line, tuple(cells), index))
    return Table(header, found.line, tuple(rows), tuple(overlong))
