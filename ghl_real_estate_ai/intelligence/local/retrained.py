"""Heads retrained on a team's corrected labels and activated by `enterprisehub engine retrain`.

Kept beside the model cache as one file with a manifest; valid only while the classifier code, corpus,
scikit-learn version and embedding model are the ones it was fitted with (`fit_key`), otherwise the shipped
fit stands.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import joblib

from ghl_real_estate_ai.intelligence.local.classifier import Featurizer, LabelClassifiers, fit_key
from ghl_real_estate_ai.intelligence.local.embedding import SentenceEmbedder

ACTIVE_RETRAINED = "local-classifiers-active.joblib"
logger = logging.getLogger(__name__)


def save_retrained(classifiers: LabelClassifiers, cache_dir: Path, manifest: dict[str, object]) -> Path:
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / ACTIVE_RETRAINED
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    featurizer = classifiers.featurizer
    vectorizers = (featurizer.words, featurizer.chars, featurizer.context, featurizer.conversation)
    key = fit_key(featurizer.embedder)
    joblib.dump((classifiers.heads, vectorizers, {**manifest, "fit_key": key}), tmp)
    tmp.replace(path)
    return path


def load_active_retrained(cache_dir: Path, embedder: SentenceEmbedder) -> LabelClassifiers | None:
    path = cache_dir / ACTIVE_RETRAINED
    if not path.exists():
        return None
    try:
        heads, featurizer_state, manifest = joblib.load(path)
        if manifest.get("fit_key") != fit_key(embedder):
            return None
        featurizer = Featurizer(embedder)
        featurizer.words, featurizer.chars, featurizer.context, featurizer.conversation = featurizer_state
        return LabelClassifiers(featurizer, heads)
    except Exception:  # a cache is never worth failing for
        logger.warning("retrained heads %s unreadable, using the shipped fit", path, exc_info=True)
        return None
