"""The package ships the fit of its own code and corpus, so a fresh install answers without fitting."""

from __future__ import annotations

from ghl_real_estate_ai.intelligence.local.classifier import SHIPPED_FITS, fit_file


def test_the_shipped_fit_is_the_fit_of_this_code_and_corpus() -> None:
    shipped = sorted(path.name for path in SHIPPED_FITS.glob("local-classifiers-*.joblib"))
    assert shipped == [fit_file(SHIPPED_FITS).name], "stale fit: run python scripts/ship_engine_fit.py"
