"""Training measures what it ships and refuses what leaks."""

from __future__ import annotations

import pytest

from ghl_real_estate_ai.learning.tabular import evaluate_model, train_model
from ghl_real_estate_ai.learning.tabular.table import parse_csv_table
from ghl_real_estate_ai.learning.tabular.trainer import TrainedModel, TrainingPolicy
from tests.learning.tabular.synthetic import export

LIGHT = TrainingPolicy(cv_folds=3, calibration_folds=3, max_iter=40)


@pytest.fixture(scope="module")
def trained() -> TrainedModel:
    return train_model(parse_csv_table(export(400)), "Converted", policy=LIGHT)


class TestTraining:
    def test_a_column_that_alone_predicts_the_outcome_is_refused_as_a_leak(
        self, trained: TrainedModel
    ) -> None:
        stage = next(c for c in trained.columns if c.name == "Stage")
        assert not stage.used
        assert any("'Stage'" in w and "likely leak" in w for w in trained.warnings)

    def test_cross_validation_finds_the_planted_signal_without_the_leak(self, trained: TrainedModel) -> None:
        # The planted signal (time on site, referrals) ranks well; the leak would have made it ~1.0.
        assert 0.65 < trained.cv.auc < 0.95
        assert trained.cv.rows == 400
        assert 0 < trained.cv.brier < 0.25

    def test_the_model_scores_new_rows_it_did_not_see(self, trained: TrainedModel) -> None:
        fresh = evaluate_model(trained.model, parse_csv_table(export(300, seed=99)))
        assert fresh.rows == 300
        assert fresh.auc > 0.65

    def test_probabilities_are_calibrated_to_the_base_rate(self, trained: TrainedModel) -> None:
        fresh = parse_csv_table(export(300, seed=5))
        mean = float(trained.model.probabilities(fresh).mean())
        observed = sum(c == "1" for c in fresh.columns["Converted"]) / 300
        assert abs(mean - observed) < 0.08

    def test_the_model_records_its_data_and_libraries(self, trained: TrainedModel) -> None:
        assert len(trained.fingerprint) == 64
        assert {"scikit-learn", "numpy", "python"} <= set(trained.library_versions)


class TestRefusals:
    def test_too_few_rows_is_a_clear_error(self) -> None:
        with pytest.raises(ValueError, match="at least 50"):
            train_model(parse_csv_table(export(20)), "Converted", policy=LIGHT)

    def test_a_file_missing_the_model_columns_cannot_be_scored(self, trained: TrainedModel) -> None:
        with pytest.raises(ValueError, match="lacks columns"):
            evaluate_model(trained.model, parse_csv_table(b"Converted,Other\n1,a\n0,b\n"))
