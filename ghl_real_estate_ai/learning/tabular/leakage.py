"""A statistical leak check: one column alone that nearly predicts the outcome is more likely a record of
the outcome than a clue to it (a "stage" or "reason lost" field that slipped past the name check)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

from ghl_real_estate_ai.learning.tabular.columns import ColumnKind, ColumnPlan
from ghl_real_estate_ai.learning.tabular.features import _numbers
from ghl_real_estate_ai.learning.tabular.table import Table

SUSPECT_AUC = 0.95


def single_column_auc(cells: list[str | None], kind: ColumnKind, y: NDArray[np.int_]) -> float:
    """How well the column alone ranks the outcome, measured out of fold for categorical levels."""
    if kind == ColumnKind.NUMERIC:
        values = _numbers(cells)
        values = np.where(np.isnan(values), np.nanmedian(values) if np.isfinite(values).any() else 0, values)
        auc = float(roc_auc_score(y, values))
        return max(auc, 1 - auc)
    scores = np.zeros(len(cells))
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    prior = float(y.mean())
    for train, test in folds.split(np.zeros(len(y)), y):
        sums: dict[str | None, list[float]] = {}
        for i in train:
            sums.setdefault(cells[i], [0.0, 0.0])
            sums[cells[i]][0] += float(y[i])
            sums[cells[i]][1] += 1
        for i in test:
            hit, n = sums.get(cells[i], [0.0, 0.0])
            scores[i] = (hit + prior) / (n + 1)  # one pseudo-row of the prior keeps rare levels honest
    return float(roc_auc_score(y, scores))


def leak_suspects(table: Table, plan: ColumnPlan, y: NDArray[np.int_]) -> dict[str, float]:
    """Used, non-text columns whose single-column AUC reaches `SUSPECT_AUC`."""
    suspects: dict[str, float] = {}
    for decision in plan.decisions:
        if decision.kind in (ColumnKind.NUMERIC, ColumnKind.CATEGORICAL):
            auc = single_column_auc(table.columns[decision.name], decision.kind, y)
            if auc >= SUSPECT_AUC:
                suspects[decision.name] = round(auc, 4)
    return suspects
