"""Label classifiers for the embedded engine.

Each label head is a logistic regression over three views of the text: word and character n-grams of
the message (what was literally said, typos included), word n-grams of the earlier turns (a "yes" means
little without the question), and a sentence embedding of the message (paraphrases the corpus never
saw). Logistic regression keeps predictions calibrated enough to serve as the confidence the spec asks
for, and trains in seconds, so the fitted model is cached on disk rather than shipped as a binary.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np
import sklearn
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from ghl_real_estate_ai.intelligence.local.corpus import TrainingExample, corpus_digest, load_corpus
from ghl_real_estate_ai.intelligence.local.embedding import SentenceEmbedder

logger = logging.getLogger(__name__)

NONE = "none"
HEADS = (
    "primary_intent",
    "objection_type",
    "objection_severity",
    "motivation",
    "decision_stage",
    "urgency_level",
    "sentiment",
)
# Intent belongs to the conversation: a head reads the whole exchange for short, uninformative replies.
CONVERSATION_INTENT = "conversation_intent"
# Severity is only meaningful when there is an objection, so it learns from those examples alone.
CONDITIONAL_HEADS = {"objection_severity": "objection_type"}
CONTEXT_WEIGHT = 1.0
EMBEDDING_WEIGHT = 1.5


@dataclass(frozen=True)
class Prediction:
    """Class probabilities for one head, best first."""

    labels: tuple[str, ...]
    probabilities: tuple[float, ...]

    @property
    def best(self) -> str:
        return self.labels[0]

    @property
    def confidence(self) -> float:
        return self.probabilities[0]

    def probability(self, label: str) -> float:
        return dict(zip(self.labels, self.probabilities, strict=True)).get(label, 0.0)

    def blended_with(self, other: Prediction, own_weight: float) -> Prediction:
        """A weighted mixture of two readings of the same head."""
        labels = set(self.labels) | set(other.labels)
        mixed = {
            label: own_weight * self.probability(label) + (1 - own_weight) * other.probability(label)
            for label in labels
        }
        ranked = sorted(mixed.items(), key=lambda item: item[1], reverse=True)
        return Prediction(tuple(label for label, _ in ranked), tuple(p for _, p in ranked))


class Featurizer:
    def __init__(self, embedder: SentenceEmbedder) -> None:
        self.embedder = embedder
        self.words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, lowercase=True)
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
        self.context = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
        self.conversation = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)

    def fit(self, messages: Sequence[str], contexts: Sequence[str]) -> Featurizer:
        self.words.fit(messages)
        self.chars.fit(messages)
        self.context.fit([*contexts, *messages])
        self.conversation.fit(_conversations(messages, contexts))
        return self

    def transform_conversation(self, messages: Sequence[str], contexts: Sequence[str]) -> sparse.csr_matrix:
        """The whole exchange as one bag of words: what the conversation is about, not this message."""
        return self.conversation.transform(_conversations(messages, contexts))

    def transform(self, messages: Sequence[str], contexts: Sequence[str]) -> sparse.csr_matrix:
        # One at a time, as at serving time: int8 activation scales depend on the batch.
        embeddings = self.embedder.embed(messages, batch_size=1)
        return sparse.hstack(
            [
                self.words.transform(messages),
                self.chars.transform(messages),
                self.context.transform(contexts) * CONTEXT_WEIGHT,
                sparse.csr_matrix(embeddings * EMBEDDING_WEIGHT),
            ],
            format="csr",
        )


class LabelClassifiers:
    """All label heads, fitted on the shipped corpus."""

    def __init__(self, featurizer: Featurizer, heads: dict[str, LogisticRegression]) -> None:
        self.featurizer = featurizer
        self.heads = heads

    @classmethod
    def train(cls, examples: Sequence[TrainingExample], embedder: SentenceEmbedder) -> LabelClassifiers:
        messages = [example.message for example in examples]
        contexts = [example.context for example in examples]
        featurizer = Featurizer(embedder).fit(messages, contexts)
        matrix = featurizer.transform(messages, contexts)
        heads = {}
        for head in HEADS:
            rows, targets = _training_rows(examples, head)
            heads[head] = _fit(matrix[rows], targets)
        rows, targets = _training_rows(examples, "primary_intent")
        conversations = featurizer.transform_conversation(messages, contexts)
        heads[CONVERSATION_INTENT] = _fit(conversations[rows], targets)
        return cls(featurizer, heads)

    def predict(self, message: str, context: str) -> dict[str, Prediction]:
        features = self.featurizer.transform([message], [context])
        predictions = {
            head: _prediction(model, features)
            for head, model in self.heads.items()
            if head != CONVERSATION_INTENT
        }
        conversation = self.featurizer.transform_conversation([message], [context])
        predictions[CONVERSATION_INTENT] = _prediction(self.heads[CONVERSATION_INTENT], conversation)
        return predictions


def _fit(features: sparse.csr_matrix, targets: list[str]) -> LogisticRegression:
    return LogisticRegression(C=8.0, max_iter=3000, class_weight="balanced").fit(features, targets)


def _conversations(messages: Sequence[str], contexts: Sequence[str]) -> list[str]:
    return [f"{context} {message}" for message, context in zip(messages, contexts, strict=True)]


def _training_rows(examples: Sequence[TrainingExample], head: str) -> tuple[list[int], list[str]]:
    rows, targets = [], []
    condition = CONDITIONAL_HEADS.get(head)
    for index, example in enumerate(examples):
        if head not in example.labels:
            continue
        if condition and example.labels.get(condition) is None:
            continue
        rows.append(index)
        targets.append(example.labels[head] or NONE)
    return rows, targets


def _prediction(model: LogisticRegression, features: sparse.csr_matrix) -> Prediction:
    # predict_proba's input validation costs more than the arithmetic for one row; this is the same
    # softmax (or logistic, with two classes) over the fitted weights.
    scores = np.asarray(features @ model.coef_.T).ravel() + model.intercept_
    if len(model.classes_) == 2:
        positive = 1.0 / (1.0 + np.exp(-scores[0]))
        probabilities = np.array([1.0 - positive, positive])
    else:
        exponentials = np.exp(scores - scores.max())
        probabilities = exponentials / exponentials.sum()
    order = np.argsort(probabilities)[::-1]
    return Prediction(
        labels=tuple(str(model.classes_[i]) for i in order),
        probabilities=tuple(float(probabilities[i]) for i in order),
    )


# The fit shipped in the package (scripts/ship_engine_fit.py writes it), so a fresh install answers at
# once; fitting takes about a minute of CPU on two cores.
SHIPPED_FITS = Path(__file__).parent / "models" / "fit"


def fit_key(embedder: SentenceEmbedder) -> str:
    """Everything that shapes the fit: the corpus, this module's code, the library version and the
    embedding model whose vectors the heads learned from (a re-exported model needs new heads)."""
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    parts = f"{corpus_digest()}-{code}-{sklearn.__version__}-{embedder.model_digest()}"
    return hashlib.sha256(parts.encode()).hexdigest()[:16]


def fit_file(folder: Path, embedder: SentenceEmbedder) -> Path:
    return folder / f"local-classifiers-{fit_key(embedder)}.joblib"


def load_classifiers(cache_dir: Path, embedder: SentenceEmbedder) -> LabelClassifiers:
    """The shipped fit when it matches this code and corpus, else a cached one, else fit and cache."""
    for path in (fit_file(SHIPPED_FITS, embedder), fit_file(cache_dir, embedder)):
        if path.exists():
            try:
                return _load(path, embedder)
            except Exception:  # a cache is never worth failing for: refit
                logger.warning("model fit %s unreadable, refitting", path, exc_info=True)
    logger.warning("fitting the embedded engine's classifiers (once per corpus and code version) ...")
    classifiers = LabelClassifiers.train(load_corpus(), embedder)
    save_classifiers(classifiers, fit_file(cache_dir, embedder))
    return classifiers


def save_classifiers(classifiers: LabelClassifiers, path: Path, compress: int = 0) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")  # concurrent first starts must not share a file
    featurizer = classifiers.featurizer
    vectorizers = (featurizer.words, featurizer.chars, featurizer.context, featurizer.conversation)
    joblib.dump((classifiers.heads, vectorizers), tmp, compress=compress)
    tmp.replace(path)


def _load(path: Path, embedder: SentenceEmbedder) -> LabelClassifiers:
    heads, featurizer_state = joblib.load(path)
    featurizer = Featurizer(embedder)
    featurizer.words, featurizer.chars, featurizer.context, featurizer.conversation = featurizer_state
    return LabelClassifiers(featurizer, heads)
