"""Columns to a numeric matrix, learned from the training rows only and never from the outcome.

- numeric: the value, plus pairwise products and ratios of the activity counts (visits x pages per visit is
  pages seen; time / visits is time per visit), which trees otherwise need many splits to approximate;
- categorical: the level's code (rare levels pooled, unseen ones missing) and how common the level is;
- free text: TF-IDF reduced to a few latent topics (TruncatedSVD);
- per row, how many of its fields are missing (leads who fill in the form differ from those who don't).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
from numpy.typing import NDArray
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer

from ghl_real_estate_ai.learning.tabular.columns import ColumnKind, ColumnPlan
from ghl_real_estate_ai.learning.tabular.table import Table

Matrix = NDArray[np.float64]
MIN_LEVEL_COUNT = 10
MAX_LEVELS = 64
MAX_CROSSED_NUMERICS = 6
TEXT_TOPICS = 16


@dataclass
class CategoryCodes:
    codes: dict[str, int]
    shares: dict[str, float]

    @classmethod
    def fit(cls, cells: list[str | None]) -> CategoryCodes:
        counts = Counter(c for c in cells if c is not None)
        kept = [level for level, n in counts.most_common(MAX_LEVELS - 1) if n >= MIN_LEVEL_COUNT]
        codes = {level: code for code, level in enumerate(kept)}
        total = max(len(cells), 1)
        return cls(codes, {level: n / total for level, n in counts.items()})

    def encode(self, cells: list[str | None]) -> tuple[Matrix, Matrix]:
        rare = float(len(self.codes))  # one code for every level too rare to learn alone
        code = np.array(
            [np.nan if c is None else float(self.codes.get(c, rare)) for c in cells], dtype=np.float64
        )
        share = np.array([0.0 if c is None else self.shares.get(c, 0.0) for c in cells], dtype=np.float64)
        return code, share


@dataclass
class TextTopics:
    vectorizer: TfidfVectorizer
    svd: TruncatedSVD | None

    @classmethod
    def fit(cls, cells: list[str | None]) -> TextTopics:
        vectorizer = TfidfVectorizer(min_df=3, max_features=5000, sublinear_tf=True)
        tfidf = vectorizer.fit_transform([c or "" for c in cells])
        topics = min(TEXT_TOPICS, tfidf.shape[1] - 1)
        svd = TruncatedSVD(topics, random_state=0).fit(tfidf) if topics >= 1 else None
        return cls(vectorizer, svd)

    def encode(self, cells: list[str | None]) -> Matrix:
        if self.svd is None:
            return np.zeros((len(cells), 0))
        return np.asarray(self.svd.transform(self.vectorizer.transform([c or "" for c in cells])))


@dataclass
class FeatureEncoder:
    """Fit on the training rows; `transform` any table with the same columns (extra ones are ignored)."""

    numeric: list[str] = field(default_factory=list)
    categorical: dict[str, CategoryCodes] = field(default_factory=dict)
    text: dict[str, TextTopics] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)
    categorical_mask: list[bool] = field(default_factory=list)

    @classmethod
    def fit(cls, table: Table, plan: ColumnPlan) -> FeatureEncoder:
        encoder = cls(numeric=plan.of_kind(ColumnKind.NUMERIC))
        encoder.categorical = {
            n: CategoryCodes.fit(table.columns[n]) for n in plan.of_kind(ColumnKind.CATEGORICAL)
        }
        encoder.text = {n: TextTopics.fit(table.columns[n]) for n in plan.of_kind(ColumnKind.TEXT)}
        encoder.names, encoder.categorical_mask = encoder._layout()
        return encoder

    def _layout(self) -> tuple[list[str], list[bool]]:
        names: list[str] = list(self.numeric)
        for a, b in self._crossed_pairs():
            names += [f"{a} x {b}", f"{a} / {b}", f"{b} / {a}"]
        names.append("missing fields")
        mask = [False] * len(names)
        for name in self.categorical:
            names += [name, f"{name} (share)"]
            mask += [True, False]
        for name, topics in self.text.items():
            width = 0 if topics.svd is None else topics.svd.n_components
            names += [f"{name} (topic {i})" for i in range(width)]
            mask += [False] * width
        return names, mask

    def _crossed_pairs(self) -> list[tuple[str, str]]:
        return list(combinations(self.numeric[:MAX_CROSSED_NUMERICS], 2))

    def transform(self, table: Table) -> Matrix:
        missing_columns = [n for n in self._inputs() if n not in table.columns]
        if missing_columns:
            raise ValueError(f"the file lacks columns the model uses: {', '.join(missing_columns)}")
        blocks: list[Matrix] = []
        values = {n: _numbers(table.columns[n]) for n in self.numeric}
        blocks += [values[n][:, None] for n in self.numeric]
        for a, b in self._crossed_pairs():
            x, y = np.nan_to_num(values[a]), np.nan_to_num(values[b])
            blocks += [(x * y)[:, None], (x / (np.abs(y) + 1))[:, None], (y / (np.abs(x) + 1))[:, None]]
        blocks.append(self._missing_counts(table)[:, None])
        for name, codes in self.categorical.items():
            code, share = codes.encode(table.columns[name])
            blocks += [code[:, None], share[:, None]]
        blocks += [topics.encode(table.columns[name]) for name, topics in self.text.items()]
        return np.hstack(blocks) if blocks else np.zeros((table.rows, 0))

    def _inputs(self) -> list[str]:
        return [*self.numeric, *self.categorical, *self.text]

    def _missing_counts(self, table: Table) -> Matrix:
        counts = np.zeros(table.rows)
        for name in self._inputs():
            counts += np.array([c is None for c in table.columns[name]], dtype=np.float64)
        return counts


def _numbers(cells: list[str | None]) -> Matrix:
    def parse(cell: str | None) -> float:
        if cell is None:
            return np.nan
        try:
            return float(cell.replace(",", ""))
        except ValueError:
            return np.nan

    return np.array([parse(c) for c in cells], dtype=np.float64)
