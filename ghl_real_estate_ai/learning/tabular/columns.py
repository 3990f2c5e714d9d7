"""What each column of an export is, and which ones the model may learn from.

A column is refused when it identifies the row (an id teaches nothing that carries to new leads), when it
names the outcome, or when it is filled in after the outcome is known (sales tags, lead quality, activity
scores: see `POST_HOC_WORDS`). A column the caller names in `allow` is kept whatever its name says.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from ghl_real_estate_ai.learning.tabular.table import Table

# Words that name the outcome itself: a column called so is the answer, not a clue.
OUTCOME_WORDS = frozenset({"converted", "conversion", "outcome", "won", "lost", "closed", "result", "status"})
# Fields sales staff fill in after talking to the lead, or scores computed from the outcome afterwards.
POST_HOC_WORDS = frozenset({"tag", "tags", "quality", "profile", "score", "index", "notable", "disposition"})
POST_HOC_PHRASES = ("last activity",)
ID_WORDS = frozenset({"id", "uuid", "guid", "number", "key", "email", "phone"})
NUMERIC_SHARE = 0.97
TEXT_MIN_WORDS = 4.0
TEXT_MIN_UNIQUE_SHARE = 0.3
IDENTIFIER_UNIQUE_SHARE = 0.9


class ColumnKind(StrEnum):
    NUMERIC = "numeric"
    CATEGORICAL = "categorical"
    TEXT = "text"
    IDENTIFIER = "identifier"
    CONSTANT = "constant"
    OUTCOME_NAMED = "outcome_named"
    POST_HOC = "post_hoc"
    TARGET = "target"


USED_KINDS = frozenset({ColumnKind.NUMERIC, ColumnKind.CATEGORICAL, ColumnKind.TEXT})


@dataclass(frozen=True)
class ColumnDecision:
    name: str
    kind: ColumnKind
    reason: str
    levels: int = 0
    missing_share: float = 0.0

    @property
    def used(self) -> bool:
        return self.kind in USED_KINDS


@dataclass(frozen=True)
class ColumnPlan:
    target: str
    decisions: list[ColumnDecision] = field(default_factory=list)

    def of_kind(self, kind: ColumnKind) -> list[str]:
        return [d.name for d in self.decisions if d.kind == kind]

    @property
    def used(self) -> list[str]:
        return [d.name for d in self.decisions if d.used]

    @property
    def refused(self) -> list[ColumnDecision]:
        return [d for d in self.decisions if not d.used and d.kind != ColumnKind.TARGET]


def words(name: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", name.lower()))


def is_number(value: str) -> bool:
    try:
        float(value.replace(",", ""))
    except ValueError:
        return False
    return True


def plan_columns(
    table: Table, target: str, id_columns: frozenset[str] = frozenset(), allow: frozenset[str] = frozenset()
) -> ColumnPlan:
    """Decide a kind for every column. Raises ValueError when the target is missing or not binary."""
    if target not in table.columns:
        raise ValueError(f"no column named {target!r} (columns: {', '.join(table.names)})")
    unknown = (id_columns | allow) - set(table.names)
    if unknown:
        raise ValueError(f"no column named {', '.join(sorted(unknown))}")
    decisions = [ColumnDecision(target, ColumnKind.TARGET, "the outcome to predict")]
    for name in table.names:
        if name == target:
            continue
        decisions.append(_decide(name, table.columns[name], target, name in id_columns, name in allow))
    return ColumnPlan(target, decisions)


def _decide(name: str, cells: list[str | None], target: str, is_id: bool, allowed: bool) -> ColumnDecision:
    present = [c for c in cells if c is not None]
    counts = Counter(present)
    levels = len(counts)
    missing = 1 - len(present) / max(len(cells), 1)

    def decision(kind: ColumnKind, reason: str) -> ColumnDecision:
        return ColumnDecision(name, kind, reason, levels, round(missing, 4))

    if is_id:
        return decision(ColumnKind.IDENTIFIER, "named as the identifier column")
    if levels <= 1:
        return decision(ColumnKind.CONSTANT, "one value (or none): nothing to learn")
    name_words = words(name)
    if not allowed:
        if name_words & (OUTCOME_WORDS | words(target)):
            return decision(ColumnKind.OUTCOME_NAMED, "its name names the outcome")
        if name_words & POST_HOC_WORDS or any(p in name.lower() for p in POST_HOC_PHRASES):
            return decision(ColumnKind.POST_HOC, "looks filled in after contact (tags, quality, scores)")
    numeric_share = sum(is_number(c) for c in present) / max(len(present), 1)
    unique_share = levels / max(len(present), 1)
    looks_like_id = name_words & ID_WORDS or numeric_share < NUMERIC_SHARE
    if unique_share >= IDENTIFIER_UNIQUE_SHARE and looks_like_id and not _wordy(present):
        return decision(ColumnKind.IDENTIFIER, "unique per row: identifies the lead")
    if numeric_share >= NUMERIC_SHARE:
        return decision(ColumnKind.NUMERIC, "numbers")
    if unique_share >= TEXT_MIN_UNIQUE_SHARE and _wordy(present):
        return decision(ColumnKind.TEXT, "free text")
    return decision(ColumnKind.CATEGORICAL, f"{levels} levels")


def _wordy(values: list[str]) -> bool:
    sample = values[:2000]
    return bool(sample) and sum(len(v.split()) for v in sample) / len(sample) >= TEXT_MIN_WORDS


def binary_target(cells: list[str | None]) -> tuple[list[int], str]:
    """The outcome as 0/1 and the level counted as positive. Raises ValueError unless two levels."""
    levels = sorted({c for c in cells if c is not None})
    if len(levels) != 2:
        raise ValueError(f"the target needs exactly two values, found {len(levels)}: {levels[:5]}")
    if any(c is None for c in cells):
        raise ValueError("the target is missing in some rows")
    positive = _positive_level(levels)
    return [int(c == positive) for c in cells], positive


def _positive_level(levels: list[str]) -> str:
    for candidate in ("1", "yes", "true", "won", "converted", "y"):
        for level in levels:
            if level.lower() == candidate:
                return level
    return levels[1]
