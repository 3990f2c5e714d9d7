"""Train a calibrated outcome model on a CRM export and measure it honestly.

The estimator is gradient boosting over `FeatureEncoder`'s features, wrapped in isotonic calibration with
five internal folds (so the shipped model is the mean of five boosted models, each calibrated on rows it did
not fit), averaged with a shrunk logistic regression over the same columns coded for a linear model
(`linear.py`). Cross-validation repeats the whole recipe, column encoding included, inside each outer fold:
the figure it reports is the figure of what ships.
"""

from __future__ import annotations

import platform
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import scipy
import sklearn
from numpy.typing import NDArray
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import accuracy_score, brier_score_loss, roc_auc_score
from sklearn.model_selection import StratifiedKFold
from threadpoolctl import threadpool_limits

from ghl_real_estate_ai.domain.learning import ColumnReport, ModelMetrics
from ghl_real_estate_ai.learning.tabular.columns import (
    ColumnDecision,
    ColumnKind,
    ColumnPlan,
    binary_target,
    plan_columns,
)
from ghl_real_estate_ai.learning.tabular.features import FeatureEncoder
from ghl_real_estate_ai.learning.tabular.leakage import leak_suspects
from ghl_real_estate_ai.learning.tabular.linear import LinearPart
from ghl_real_estate_ai.learning.tabular.table import Table, take

MIN_ROWS = 50
MIN_PER_CLASS = 10
SEED = 0


@dataclass(frozen=True)
class TrainingPolicy:
    """How hard to train. The defaults are what ships; tests use a lighter policy on small files."""

    cv_folds: int = 5
    calibration_folds: int = 5
    calibration: str = "isotonic"
    # Shallow trees: on CRM exports most signal is additive, and deep trees chase noise in rare levels.
    max_leaf_nodes: int = 8
    learning_rate: float = 0.05
    max_iter: int = 250
    l2_regularization: float = 1.0
    min_samples_leaf: int = 20
    # Each split looks at half the features: decorrelated trees, measured +0.001 AUC in CV.
    max_features: float = 0.5
    # The linear model's share of the mean (0.3: chosen by 5-fold CV on the training file, two seeds).
    linear_weight: float = 0.3


DEFAULT_POLICY = TrainingPolicy()
CV_FOLDS = DEFAULT_POLICY.cv_folds

Step = Callable[[str], None]


def _no_progress(_description: str) -> None:
    return None


@dataclass
class OutcomeModel:
    """The encoder and the calibrated classifier, as one thing to pickle and to score with."""

    encoder: FeatureEncoder
    classifier: CalibratedClassifierCV
    target: str
    positive_level: str
    linear: LinearPart | None = None
    linear_weight: float = 0.0

    def probabilities(self, table: Table) -> NDArray[np.float64]:
        trees = np.asarray(
            self.classifier.predict_proba(self.encoder.transform(table))[:, 1], dtype=np.float64
        )
        # Versions stored before the linear part existed have no such attribute: trees alone.
        linear = getattr(self, "linear", None)
        if linear is None or not self.linear_weight:
            return trees
        weight = self.linear_weight
        return np.asarray((1 - weight) * trees + weight * linear.probabilities(table, self.encoder))


@dataclass
class TrainedModel:
    model: OutcomeModel
    cv: ModelMetrics
    columns: list[ColumnReport]
    warnings: list[str]
    fingerprint: str
    library_versions: dict[str, str] = field(default_factory=dict)
    folds: int = CV_FOLDS


def library_versions() -> dict[str, str]:
    return {
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
    }


def metrics(y: NDArray[np.int_], p: NDArray[np.float64]) -> ModelMetrics:
    return ModelMetrics(
        auc=round(float(roc_auc_score(y, p)), 4),
        accuracy=round(float(accuracy_score(y, p >= 0.5)), 4),
        brier=round(float(brier_score_loss(y, p)), 4),
        rows=len(y),
        positive_rate=round(float(np.mean(y)), 4),
    )


def fit_outcome_model(
    table: Table,
    plan: ColumnPlan,
    y: NDArray[np.int_],
    positive: str,
    policy: TrainingPolicy = DEFAULT_POLICY,
) -> OutcomeModel:
    encoder = FeatureEncoder.fit(table, plan)
    boosting = HistGradientBoostingClassifier(
        categorical_features=np.array(encoder.categorical_mask, dtype=bool),
        random_state=SEED,
        max_leaf_nodes=policy.max_leaf_nodes,
        learning_rate=policy.learning_rate,
        max_iter=policy.max_iter,
        l2_regularization=policy.l2_regularization,
        max_features=policy.max_features,
        # Small files (a location's first few dozen outcomes): leaves of 20 would leave no split at all.
        min_samples_leaf=min(policy.min_samples_leaf, max(2, len(y) // 10)),
    )
    folds = StratifiedKFold(n_splits=policy.calibration_folds, shuffle=True, random_state=SEED)
    classifier = CalibratedClassifierCV(boosting, method=policy.calibration, cv=folds)
    # One OpenMP thread: on a busy machine, boosting's thread team spin-waits for cores others hold, and
    # a fit that takes seconds alone took minutes (measured: 3.5 s against 120 s for 200 rows).
    with threadpool_limits(limits=1):
        classifier.fit(encoder.transform(table), y)
        linear = LinearPart.fit(table, plan, encoder, y) if policy.linear_weight else None
    return OutcomeModel(encoder, classifier, plan.target, positive, linear, policy.linear_weight)


def train_model(
    table: Table,
    target: str,
    id_columns: frozenset[str] = frozenset(),
    allow: frozenset[str] = frozenset(),
    step: Step = _no_progress,
    policy: TrainingPolicy = DEFAULT_POLICY,
) -> TrainedModel:
    """Plan the columns, guard against leaks, cross-validate, then fit on every row.

    `step` is called once before each stage (cv_folds + 2 calls), for progress display.
    Raises ValueError when the data cannot train a model (too few rows, one class, no usable column).
    """
    step("reading columns")
    plan = plan_columns(table, target, id_columns, allow)
    labels, positive = binary_target(table.columns[target])
    y = np.array(labels, dtype=np.int_)
    _check_size(y)
    warnings = [f"refused {d.name!r} ({d.kind}): {d.reason}" for d in plan.refused if d.kind != "constant"]
    suspects = {} if not plan.used else leak_suspects(table, plan, y)
    suspects = {name: auc for name, auc in suspects.items() if name not in allow}
    if suspects:
        plan = _refuse(plan, suspects)
        warnings += [
            f"refused {n!r}: alone it predicts the outcome (AUC {a}), a likely leak"
            for n, a in suspects.items()
        ]
    if not plan.used:
        raise ValueError("no column is left to learn from")
    out_of_fold = np.zeros(len(y))
    outer = StratifiedKFold(n_splits=policy.cv_folds, shuffle=True, random_state=SEED)
    for number, (train, test) in enumerate(outer.split(np.zeros(len(y)), y), start=1):
        step(f"cross-validation fold {number}/{policy.cv_folds}")
        fold_model = fit_outcome_model(take(table, list(train)), plan, y[train], positive, policy)
        out_of_fold[test] = fold_model.probabilities(take(table, list(test)))
    step("fitting on every row")
    model = fit_outcome_model(table, plan, y, positive, policy)
    return TrainedModel(
        model=model,
        cv=metrics(y, out_of_fold),
        columns=[_report(d) for d in plan.decisions],
        warnings=warnings,
        fingerprint=table.fingerprint,
        library_versions=library_versions(),
        folds=policy.cv_folds,
    )


def evaluate_model(model: OutcomeModel, table: Table) -> ModelMetrics:
    """Score a labeled file with a trained model. Raises ValueError if the file lacks its columns."""
    if model.target not in table.columns:
        raise ValueError(f"the file has no {model.target!r} column to compare with")
    cells = table.columns[model.target]
    if any(c is None for c in cells):
        raise ValueError("the target is missing in some rows")
    y = np.array([int(c == model.positive_level) for c in cells], dtype=np.int_)
    if len(set(y.tolist())) != 2:
        raise ValueError("the file needs both outcomes to measure AUC")
    return metrics(y, model.probabilities(table))


def _check_size(y: NDArray[np.int_]) -> None:
    if len(y) < MIN_ROWS:
        raise ValueError(f"{len(y)} rows: at least {MIN_ROWS} are needed to train and measure a model")
    smallest = int(min(y.sum(), len(y) - y.sum()))
    if smallest < MIN_PER_CLASS:
        raise ValueError(f"only {smallest} rows of one outcome: at least {MIN_PER_CLASS} of each are needed")


def _refuse(plan: ColumnPlan, suspects: dict[str, float]) -> ColumnPlan:
    decisions = [
        ColumnDecision(
            d.name, ColumnKind.POST_HOC, "alone it predicts the outcome", d.levels, d.missing_share
        )
        if d.name in suspects
        else d
        for d in plan.decisions
    ]
    return ColumnPlan(plan.target, decisions)


def _report(d: ColumnDecision) -> ColumnReport:
    return ColumnReport(
        name=d.name,
        kind=d.kind.value,
        used=d.used,
        reason=d.reason,
        levels=d.levels,
        missing_share=d.missing_share,
    )
