"""The heads applied to a batch give, for every message, exactly what the reference path gives."""

from __future__ import annotations

import pytest

from ghl_real_estate_ai.intelligence.local.batch_predictor import BatchPredictor, ClassifierInput
from ghl_real_estate_ai.intelligence.local.corpus import context_text, load_corpus
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine

CONVERSATIONS = [
    ClassifierInput("yes the 5th works"),
    ClassifierInput("yes the 5th works", (("agent", "Can we tour Saturday or the 5th?"),)),
    ClassifierInput(
        "ok sounds good, call me tmrw at 5",
        (("prospect", "we want 3bd under 400k"), ("agent", "I can call you tomorrow, what time?")),
    ),
    ClassifierInput("", (("agent", "Hi!"),)),
    ClassifierInput("¿Cuánto cuesta? no me interesa la otra"),
    ClassifierInput("👍"),
]


def inputs() -> list[ClassifierInput]:
    corpus = load_corpus()[::25]
    # The corpus flattens its context already: one piece carrying every earlier turn reads the same.
    return [
        *CONVERSATIONS,
        *(ClassifierInput(e.message, (("prospect", e.context),) if e.context else ()) for e in corpus),
    ]


def reference(engine: LocalEngine, item: ClassifierInput) -> object:
    return engine.classifiers.predict(item.message, context_text(list(item.context)))


@pytest.fixture(scope="module")
def predictor(local_engine: LocalEngine) -> BatchPredictor:
    return BatchPredictor(local_engine.classifiers)


class TestSameAnswersAsTheReference:
    def test_a_whole_batch_matches_scikit_learn_message_by_message(
        self, local_engine: LocalEngine, predictor: BatchPredictor
    ) -> None:
        items = inputs()
        assert predictor.predict(items) == [reference(local_engine, item) for item in items]

    def test_a_batch_of_one_matches_too(self, local_engine: LocalEngine, predictor: BatchPredictor) -> None:
        for item in CONVERSATIONS:
            assert predictor.predict([item]) == [reference(local_engine, item)]

    def test_an_empty_batch_reads_nothing(self, predictor: BatchPredictor) -> None:
        assert predictor.predict([]) == []


class TestWorkDoneOnce:
    def test_a_message_seen_before_is_not_embedded_again(self, local_engine: LocalEngine) -> None:
        predictor = BatchPredictor(local_engine.classifiers)
        predictor.predict([ClassifierInput("ok"), ClassifierInput("ok"), ClassifierInput("sounds good")])
        predictor.predict([ClassifierInput("ok")])
        assert predictor.embeddings_computed() == 2

    def test_the_vector_cache_is_bounded_and_drops_the_least_recently_read(self) -> None:
        import numpy as np

        from ghl_real_estate_ai.intelligence.local.batch_predictor import _VectorCache

        cache = _VectorCache(capacity=2)
        cache.put_many({"a": np.zeros(3, dtype=np.float32), "b": np.ones(3, dtype=np.float32)})
        cache.get_many(["a"])
        cache.put_many({"c": np.ones(3, dtype=np.float32)})
        assert sorted(cache.get_many(["a", "b", "c"])) == ["a", "c"]
