"""The fitted vectorizers read without scikit-learn's per-call checks give scikit-learn's own rows."""

from __future__ import annotations

import random

import numpy as np
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from ghl_real_estate_ai.intelligence.local.corpus import load_corpus
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.intelligence.local.tfidf_runtime import TfidfRuntime

ODD_TEXTS = [
    "",
    "ok",
    "k",
    "👍",
    "¿Cuánto cuesta la casa? Necesitamos 3 recámaras",
    "ΟΔΟΣ ΣΟΦΟΚΛΕΟΥΣ",
    "3bd 2ba undr 400k nr katy tmrw!!!",
    "We're pre-approved for $450,000 -- can we see it Sat?",
    "   spaced\tout\n\nlines   ",
]


def same_rows(fast: sparse.csr_matrix, reference: sparse.csr_matrix) -> bool:
    reference = sparse.csr_matrix(reference)
    return (
        fast.shape == reference.shape
        and np.array_equal(fast.indptr, reference.indptr)
        and np.array_equal(fast.indices, reference.indices)
        and np.array_equal(fast.data, reference.data)
    )


@pytest.fixture(scope="module")
def texts() -> list[str]:
    corpus = load_corpus()
    return [*ODD_TEXTS, *(example.message for example in corpus[:300]), *(e.context for e in corpus[:100])]


class TestRowsEqualTransform:
    @pytest.mark.parametrize("name", ["words", "chars", "context", "conversation"])
    def test_every_shipped_vectorizer_gives_the_same_floats(
        self, local_engine: LocalEngine, texts: list[str], name: str
    ) -> None:
        vectorizer = getattr(local_engine.classifiers.featurizer, name)
        runtime = TfidfRuntime(vectorizer)
        fast = runtime.rows([runtime.counts(text) for text in texts]).matrix()
        assert same_rows(fast, vectorizer.transform(texts))

    def test_a_row_does_not_depend_on_the_rows_beside_it(
        self, local_engine: LocalEngine, texts: list[str]
    ) -> None:
        runtime = TfidfRuntime(local_engine.classifiers.featurizer.chars)
        alone = [runtime.rows([runtime.counts(text)]).matrix() for text in texts]
        together = runtime.rows([runtime.counts(text) for text in texts]).matrix()
        assert all(same_rows(row, together[index]) for index, row in enumerate(alone))


class TestJoinedDocuments:
    def test_a_joined_document_counts_like_the_joined_text(self, local_engine: LocalEngine) -> None:
        vectorizer = local_engine.classifiers.featurizer.context
        runtime = TfidfRuntime(vectorizer)
        words = [w for example in load_corpus()[:200] for w in example.message.split()]
        pieces_pool = [*ODD_TEXTS, "[agent] What price range?", "[prospect] under 400k"]
        generator = random.Random(11)
        for _ in range(300):
            pieces = [
                generator.choice(pieces_pool)
                if generator.random() < 0.3
                else " ".join(generator.choices(words, k=generator.randint(0, 8)))
                for _ in range(generator.randint(0, 6))
            ]
            assert runtime.joined_counts(pieces) == runtime.counts(" ".join(pieces)), pieces

    def test_bigrams_across_a_seam_are_counted(self) -> None:
        vectorizer = TfidfVectorizer(ngram_range=(1, 2)).fit(["need garage", "garage please"])
        runtime = TfidfRuntime(vectorizer)
        seam = vectorizer.vocabulary_["need garage"]
        assert runtime.joined_counts(["I need", "garage"])[seam] == 1
        assert seam not in runtime.joined_counts(["I need", "!!", "please"])

    def test_each_earlier_turn_is_counted_once(self, local_engine: LocalEngine) -> None:
        runtime = TfidfRuntime(local_engine.classifiers.featurizer.context)
        turns = ["[agent] Hi, how can I help?", "[prospect] looking for a condo", "[agent] What budget?"]
        for length in range(1, len(turns) + 1):
            runtime.joined_counts(turns[:length])
        assert runtime.piece_cache_misses() == len(turns)

    def test_other_n_gram_ranges_are_read_whole(self) -> None:
        vectorizer = TfidfVectorizer(ngram_range=(1, 3)).fit(["a big blue house", "big blue sky"])
        runtime = TfidfRuntime(vectorizer)
        assert runtime.joined_counts(["a big", "blue house"]) == runtime.counts("a big blue house")
        assert runtime.piece_cache_misses() == 0
