"""A logistic regression beside the boosted trees: the same columns, coded for a linear model.

Trees split a number a few times and pool rare levels; a linear model over one-hot levels and binned
numbers sees every level's own effect, additively, with shrinkage. On CRM exports, where most signal is
additive, the two err differently and their mean ranks leads better than either (measured by
cross-validation on the training file, docs/LEARNING.md).

- categorical: a column per level seen at least `MIN_LEVEL_COUNT` times, one for rarer and unseen levels,
  one for missing;
- numeric: signed log, its square, quantile bins (edges learned on training rows) and a missing flag;
- free text: the encoder's TF-IDF topics.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression

from ghl_real_estate_ai.learning.tabular.columns import ColumnKind, ColumnPlan
from ghl_real_estate_ai.learning.tabular.features import MIN_LEVEL_COUNT, FeatureEncoder, Matrix, _numbers
from ghl_real_estate_ai.learning.tabular.table import Table

BINS = 8
# Strong shrinkage: hundreds of one-hot columns, a few thousand rows (C chosen by CV on the training file).
REGULARISATION_C = 0.1


def _signed_log(values: Matrix) -> Matrix:
    return np.sign(values) * np.log1p(np.abs(values))


@dataclass
class NumberBins:
    fill: float
    edges: Matrix

    @classmethod
    def fit(cls, values: Matrix) -> NumberBins:
        seen = _signed_log(values[~np.isnan(values)])
        if seen.size == 0:
            return cls(0.0, np.zeros(0))
        inner = np.quantile(seen, np.linspace(0, 1, BINS + 1)[1:-1])
        return cls(float(np.median(seen)), np.unique(inner))

    def encode(self, values: Matrix) -> Matrix:
        missing = np.isnan(values)
        x = np.where(missing, self.fill, _signed_log(np.nan_to_num(values)))
        bins = np.zeros((len(x), len(self.edges) + 1))
        bins[np.arange(len(x)), np.searchsorted(self.edges, x, side="right")] = 1.0
        return np.column_stack([x, x**2, bins, missing.astype(np.float64)])


@dataclass
class LevelColumns:
    levels: dict[str, int]

    @classmethod
    def fit(cls, cells: list[str | None]) -> LevelColumns:
        counts = Counter(c for c in cells if c is not None)
        kept = sorted(level for level, n in counts.items() if n >= MIN_LEVEL_COUNT)
        return cls({level: i for i, level in enumerate(kept)})

    def encode(self, cells: list[str | None]) -> Matrix:
        other, missing = len(self.levels), len(self.levels) + 1
        out = np.zeros((len(cells), len(self.levels) + 2))
        for row, cell in enumerate(cells):
            out[row, missing if cell is None else self.levels.get(cell, other)] = 1.0
        return out


@dataclass
class LinearPart:
    numbers: dict[str, NumberBins] = field(default_factory=dict)
    levels: dict[str, LevelColumns] = field(default_factory=dict)
    scale: Matrix = field(default_factory=lambda: np.ones(0))
    model: LogisticRegression | None = None

    @classmethod
    def fit(cls, table: Table, plan: ColumnPlan, encoder: FeatureEncoder, y: NDArray[np.int_]) -> LinearPart:
        part = cls(
            numbers={n: NumberBins.fit(_numbers(table.columns[n])) for n in plan.of_kind(ColumnKind.NUMERIC)},
            levels={n: LevelColumns.fit(table.columns[n]) for n in plan.of_kind(ColumnKind.CATEGORICAL)},
        )
        design = part._design(table, encoder)
        # Each column to [-1, 1]: one-hot columns stay as they are, the log values shrink to their scale.
        part.scale = np.maximum(np.abs(design).max(axis=0, initial=0.0), 1e-6)
        part.model = LogisticRegression(C=REGULARISATION_C, max_iter=5000)
        part.model.fit(design / part.scale, y)
        return part

    def _design(self, table: Table, encoder: FeatureEncoder) -> Matrix:
        blocks = [bins.encode(_numbers(table.columns[n])) for n, bins in self.numbers.items()]
        blocks += [levels.encode(table.columns[n]) for n, levels in self.levels.items()]
        blocks += [topics.encode(table.columns[n]) for n, topics in encoder.text.items()]
        return np.hstack(blocks) if blocks else np.zeros((table.rows, 0))

    def probabilities(self, table: Table, encoder: FeatureEncoder) -> Matrix:
        assert self.model is not None
        return np.asarray(self.model.predict_proba(self._design(table, encoder) / self.scale)[:, 1])
