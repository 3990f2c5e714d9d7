"""The package ships the fit of its own code and corpus, so a fresh install answers without fitting."""

from __future__ import annotations

import shutil
from pathlib import Path

from ghl_real_estate_ai.intelligence.local.classifier import SHIPPED_FITS, fit_file
from ghl_real_estate_ai.intelligence.local.embedding import DEFAULT_MODEL_DIR, SentenceEmbedder


def test_the_shipped_fit_is_the_fit_of_this_code_and_corpus() -> None:
    shipped = sorted(path.name for path in SHIPPED_FITS.glob("local-classifiers-*.joblib"))
    expected = fit_file(SHIPPED_FITS, SentenceEmbedder()).name
    assert shipped == [expected], "stale fit: run python scripts/ship_engine_fit.py"


def test_a_fit_belongs_to_the_embedding_model_its_heads_learned_from(tmp_path: Path) -> None:
    same, reexported = tmp_path / "same", tmp_path / "reexported"
    shutil.copytree(DEFAULT_MODEL_DIR, same)
    shutil.copytree(DEFAULT_MODEL_DIR, reexported)
    (reexported / "model.onnx").write_bytes(b"another export of the model")

    shipped = fit_file(SHIPPED_FITS, SentenceEmbedder())
    assert fit_file(SHIPPED_FITS, SentenceEmbedder(same)) == shipped
    assert fit_file(SHIPPED_FITS, SentenceEmbedder(reexported)) != shipped
