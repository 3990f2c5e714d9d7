"""The fitted label heads applied to a batch of messages at once, with no scikit-learn call per message.

`LabelClassifiers.predict` (the reference, and what training uses) builds features with the vectorizers'
`transform` and scores each head separately. Here the same features are assembled for the whole batch
(`TfidfRuntime` per vectorizer, the sentence embedding per message) and every head is scored by one
sparse product against the heads' weights stacked side by side.

A message's predictions do not depend on its batch-mates, bit for bit:
- each CSR row is built from that message alone, and scipy's sparse-dense product sums each output
  over the row's own non-zeros in column order, whatever the other rows hold;
- the embedding is one onnxruntime call per message. The int8 model quantises activations with one
  scale per call, so a shared call (with padding to the longest message) would move a message's vector
  by up to ~0.04 cosine with its batch-mates; it was also measured slower per message at batch 4-64
  (padding to the batch's longest costs more than the shared call saves; benchmarks/engine_batching.py).
  Vectors are cached by message text ("ok", "yes" recur across conversations).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from ghl_real_estate_ai.intelligence.local.classifier import (
    CONTEXT_WEIGHT,
    CONVERSATION_INTENT,
    EMBEDDING_WEIGHT,
    LabelClassifiers,
    Prediction,
)
from ghl_real_estate_ai.intelligence.local.csr_rows import CsrRows, dense_rows, side_by_side
from ghl_real_estate_ai.intelligence.local.tfidf_runtime import TfidfRuntime

__all__ = ["BatchPredictor", "ClassifierInput"]

EMBEDDING_CACHE_SIZE: Final[int] = 4096
"""Message vectors kept (1.5 KB each)."""


@dataclass(frozen=True, slots=True)
class ClassifierInput:
    """One message as the classifiers read it: as typed, after its conversation's earlier turns."""

    message: str
    context: tuple[tuple[str, str], ...] = ()
    """Earlier turns as (speaker, message), oldest first."""

    def context_pieces(self) -> list[str]:
        # The same flattening as corpus.context_text, one piece per turn so each can be cached.
        return [f"[{speaker}] {message}" for speaker, message in self.context]


@dataclass(frozen=True, slots=True)
class _Heads:
    """Several logistic-regression heads over one feature space, weights stacked column-wise."""

    names: tuple[str, ...]
    classes: tuple[tuple[str, ...], ...]
    offsets: tuple[int, ...]
    weights: npt.NDArray[np.float64]
    intercepts: npt.NDArray[np.float64]

    @classmethod
    def stack(cls, heads: dict[str, LogisticRegression]) -> _Heads:
        offsets = [0]
        for model in heads.values():
            offsets.append(offsets[-1] + model.coef_.shape[0])
        return cls(
            names=tuple(heads),
            classes=tuple(tuple(str(label) for label in model.classes_) for model in heads.values()),
            offsets=tuple(offsets),
            weights=np.ascontiguousarray(np.hstack([model.coef_.T for model in heads.values()])),
            intercepts=np.concatenate([model.intercept_ for model in heads.values()]),
        )

    def predict(self, features: sparse.csr_matrix) -> list[dict[str, Prediction]]:
        scores = np.asarray(features @ self.weights)
        predictions: list[dict[str, Prediction]] = [{} for _ in range(scores.shape[0])]
        for name, labels, start, end in zip(
            self.names, self.classes, self.offsets[:-1], self.offsets[1:], strict=True
        ):
            for row, prediction in enumerate(
                _predictions(scores[:, start:end] + self.intercepts[start:end], labels)
            ):
                predictions[row][name] = prediction
        return predictions


class BatchPredictor:
    """Every head's predictions for a batch of messages, each equal to `LabelClassifiers.predict` of it."""

    def __init__(self, classifiers: LabelClassifiers) -> None:
        featurizer = classifiers.featurizer
        self._embedder = featurizer.embedder
        self._words = TfidfRuntime(featurizer.words)
        self._chars = TfidfRuntime(featurizer.chars)
        self._context = TfidfRuntime(featurizer.context)
        self._conversation = TfidfRuntime(featurizer.conversation)
        message_heads = {
            name: model for name, model in classifiers.heads.items() if name != CONVERSATION_INTENT
        }
        self._message_heads = _Heads.stack(message_heads)
        self._conversation_heads = _Heads.stack({CONVERSATION_INTENT: classifiers.heads[CONVERSATION_INTENT]})
        self._vectors = _VectorCache(EMBEDDING_CACHE_SIZE)

    def predict(self, inputs: Sequence[ClassifierInput]) -> list[dict[str, Prediction]]:
        if not inputs:
            return []
        messages = [item.message for item in inputs]
        contexts = [item.context_pieces() for item in inputs]
        message_features = side_by_side(
            [
                self._words.rows([self._words.counts(message) for message in messages]),
                self._chars.rows([self._chars.counts(message) for message in messages]),
                self._context.rows([self._context.joined_counts(pieces) for pieces in contexts]).scaled(
                    CONTEXT_WEIGHT
                ),
                self._embeddings(messages),
            ]
        ).matrix()
        conversation_features = self._conversation.rows(
            [
                self._conversation.joined_counts([*pieces, message])
                for pieces, message in zip(contexts, messages, strict=True)
            ]
        ).matrix()
        predictions = self._message_heads.predict(message_features)
        for prediction, conversation in zip(
            predictions, self._conversation_heads.predict(conversation_features), strict=True
        ):
            prediction.update(conversation)
        return predictions

    def embeddings_computed(self) -> int:
        """Messages embedded so far (the rest came from the cache)."""
        return self._vectors.stored

    def _embeddings(self, messages: list[str]) -> CsrRows:
        vectors = self._vectors.get_many(messages)
        missing = list(dict.fromkeys(message for message in messages if message not in vectors))
        if missing:
            # One tokenizer call for the batch; `batch_size=1` keeps one onnxruntime run per message.
            for message, vector in zip(missing, self._embedder.embed(missing, batch_size=1), strict=True):
                vectors[message] = vector
            self._vectors.put_many({message: vectors[message] for message in missing})
        rows = np.stack([vectors[message] for message in messages])
        # The reference scales the float32 vector, then sparse.hstack widens it to float64.
        return dense_rows((rows * EMBEDDING_WEIGHT).astype(np.float64))


class _VectorCache:
    """Message text -> its sentence vector, least recently used dropped first; safe across threads."""

    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._vectors: OrderedDict[str, npt.NDArray[np.float32]] = OrderedDict()
        self._lock = threading.Lock()
        self.stored = 0

    def get_many(self, messages: Sequence[str]) -> dict[str, npt.NDArray[np.float32]]:
        found = {}
        with self._lock:
            for message in messages:
                vector = self._vectors.get(message)
                if vector is not None:
                    self._vectors.move_to_end(message)
                    found[message] = vector
        return found

    def put_many(self, vectors: dict[str, npt.NDArray[np.float32]]) -> None:
        with self._lock:
            for message, vector in vectors.items():
                vector.flags.writeable = False  # shared by every later reader of the same text
                self._vectors[message] = vector
                self.stored += 1
            while len(self._vectors) > self._capacity:
                self._vectors.popitem(last=False)


def _predictions(scores: npt.NDArray[np.float64], classes: tuple[str, ...]) -> list[Prediction]:
    """One head's predictions for every row: classifier._prediction's arithmetic, row by row, vectorised.

    Each operation is elementwise or reduces one row alone, so a row's floats do not depend on the others.
    """
    if len(classes) == 2:
        positive = 1.0 / (1.0 + np.exp(-scores[:, 0]))
        probabilities = np.stack([1.0 - positive, positive], axis=1)
    else:
        exponentials = np.exp(scores - scores.max(axis=1, keepdims=True))
        probabilities = exponentials / exponentials.sum(axis=1, keepdims=True)
    order = np.argsort(probabilities, axis=1)[:, ::-1].tolist()
    return [
        Prediction(labels=tuple(classes[i] for i in ranks), probabilities=tuple(row[i] for i in ranks))
        for ranks, row in zip(order, probabilities.tolist(), strict=True)
    ]
