"""Metric arithmetic, kept free of engines so that it can be tested on hand-made numbers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

BUDGET_TOLERANCE = 0.02
DEAL_BREAKER_SIMILARITY = 85


def accuracy(pairs: Sequence[tuple[Hashable, Hashable]]) -> float | None:
    if not pairs:
        return None
    return sum(1 for gold, predicted in pairs if gold == predicted) / len(pairs)


def macro_f1(pairs: Sequence[tuple[Hashable, Hashable]]) -> float | None:
    if not pairs:
        return None
    classes = {gold for gold, _ in pairs}
    scores = []
    for label in classes:
        counts = Counts()
        for gold, predicted in pairs:
            counts.add(predicted == label, gold == label)
        scores.append(counts.f1 or 0.0)
    return sum(scores) / len(scores)


@dataclass
class Counts:
    """True positives, false positives and false negatives, with the ratios built on them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: bool, actual: bool) -> None:
        if predicted and actual:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif actual:
            self.fn += 1

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def normalise_text(value: str) -> str:
    """Case- and punctuation-insensitive form of a place name or phrase."""
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


LIST_SLOTS = {"locations", "features", "deal_breakers"}
BUDGET_SLOTS = {"budget_min", "budget_max"}


def _scalar_matches(slot: str, gold: Any, predicted: Any) -> bool:
    if slot in BUDGET_SLOTS:
        return abs(float(predicted) - float(gold)) <= BUDGET_TOLERANCE * abs(float(gold))
    if isinstance(gold, bool) or isinstance(predicted, bool):
        return bool(gold is predicted)
    if isinstance(gold, int | float) and isinstance(predicted, int | float):
        return float(gold) == float(predicted)
    return bool(gold == predicted)


def _item_matches(slot: str, gold: str, predicted: str) -> bool:
    if slot == "deal_breakers":
        return (
            fuzz.token_set_ratio(normalise_text(gold), normalise_text(predicted)) >= DEAL_BREAKER_SIMILARITY
        )
    return normalise_text(gold) == normalise_text(predicted)


def _match_items(slot: str, gold: Iterable[str], predicted: Iterable[str]) -> tuple[int, int, int]:
    """Greedy one-to-one matching of list items; returns (tp, fp, fn)."""
    unmatched_gold = list(gold)
    tp = fp = 0
    for item in predicted:
        hit = next((g for g in unmatched_gold if _item_matches(slot, g, item)), None)
        if hit is None:
            fp += 1
        else:
            unmatched_gold.remove(hit)
            tp += 1
    return tp, fp, len(unmatched_gold)


@dataclass
class SlotScore:
    """Micro counts over preference slots; list slots count each item."""

    counts: Counts = field(default_factory=Counts)

    def add(self, gold: dict[str, Any], predicted: dict[str, Any]) -> None:
        for slot in set(gold) | set(predicted):
            g, p = gold.get(slot), predicted.get(slot)
            if slot in LIST_SLOTS:
                tp, fp, fn = _match_items(slot, g or [], p or [])
                self.counts.tp += tp
                self.counts.fp += fp
                self.counts.fn += fn
            elif g is not None and p is not None and _scalar_matches(slot, g, p):
                self.counts.tp += 1
            else:
                self.counts.fp += p is not None
                self.counts.fn += g is not None
