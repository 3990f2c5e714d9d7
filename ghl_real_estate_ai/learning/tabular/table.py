"""A CRM export read as text columns, with placeholder levels turned into missing values."""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

# Form fields left unset show up as these levels; they mean "unknown", not a category of their own.
PLACEHOLDERS = frozenset({"", "select", "n/a", "na", "nan", "null", "none", "-", "--", "?", "unknown"})


def is_missing(value: str) -> bool:
    return value.strip().lower() in PLACEHOLDERS


@dataclass(frozen=True)
class Table:
    """Column-major text cells; `None` marks a missing value (empty or a placeholder level)."""

    columns: dict[str, list[str | None]]
    fingerprint: str

    @property
    def names(self) -> list[str]:
        return list(self.columns)

    @property
    def rows(self) -> int:
        return len(next(iter(self.columns.values()), []))

    def without(self, *names: str) -> Table:
        return Table({k: v for k, v in self.columns.items() if k not in names}, self.fingerprint)


def parse_csv_table(data: bytes) -> Table:
    """Read CSV bytes (UTF-8, BOM tolerated). Raises ValueError on ragged rows or no header."""
    text = data.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        raise ValueError("the file has no header row")
    if len(set(header)) != len(header):
        raise ValueError("the header repeats a column name")
    columns: dict[str, list[str | None]] = {name: [] for name in header}
    for line_number, row in enumerate(reader, start=2):
        if not row:
            continue
        if len(row) != len(header):
            raise ValueError(f"line {line_number} has {len(row)} cells, the header has {len(header)}")
        for name, cell in zip(header, row, strict=True):
            columns[name].append(None if is_missing(cell) else cell.strip())
    return Table(columns, hashlib.sha256(data).hexdigest())


def read_csv_table(path: Path) -> Table:
    return parse_csv_table(path.read_bytes())


def take(table: Table, indices: list[int]) -> Table:
    """The rows at `indices` (same fingerprint: a fold of the same data)."""
    return Table({k: [v[i] for i in indices] for k, v in table.columns.items()}, table.fingerprint)
