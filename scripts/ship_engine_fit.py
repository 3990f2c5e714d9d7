"""Fit the embedded engine's classifiers and ship the fit in the package (models/fit/), replacing the old.

Run after changing the training corpus, intelligence/local/classifier.py, the embedding model or the
scikit-learn pin; the test
suite fails (tests/intelligence/local/test_shipped_fit.py) while the shipped fit is stale.

    python scripts/ship_engine_fit.py
"""

from __future__ import annotations

from ghl_real_estate_ai.intelligence.local.classifier import (
    SHIPPED_FITS,
    LabelClassifiers,
    fit_file,
    save_classifiers,
)
from ghl_real_estate_ai.intelligence.local.corpus import load_corpus
from ghl_real_estate_ai.intelligence.local.embedding import SentenceEmbedder


def main() -> None:
    embedder = SentenceEmbedder()
    target = fit_file(SHIPPED_FITS, embedder)
    classifiers = LabelClassifiers.train(load_corpus(), embedder)
    for old in SHIPPED_FITS.glob("local-classifiers-*.joblib"):
        old.unlink()
    save_classifiers(classifiers, target, compress=3)
    print(f"shipped {target} ({target.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
