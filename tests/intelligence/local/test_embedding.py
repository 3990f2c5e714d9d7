"""SentenceEmbedder on the shipped int8 all-MiniLM-L6-v2 model: onnxruntime only, no torch."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from ghl_real_estate_ai.intelligence.local.embedding import (
    DEFAULT_MODEL_DIR,
    EMBEDDING_DIM,
    SentenceEmbedder,
    _Runtime,
)

AFFORD = "I can't afford that"
TOO_EXPENSIVE = "that's too expensive for us"
POOL = "the house has a pool"
SHOWING = "Can we schedule a showing for Saturday?"
TOUR = "Could we tour the home this weekend?"

# Cosine similarities given by the original fp32 torch model (sentence-transformers pipeline), recorded
# with scripts/export_embedding_model.py's reference_embeddings(). int8 keeps them within ~0.05.
FP32_SIMILARITIES = [
    (AFFORD, TOO_EXPENSIVE, 0.5440),
    (AFFORD, POOL, 0.1243),
    (TOO_EXPENSIVE, POOL, 0.0124),
    (SHOWING, TOUR, 0.5603),
    (POOL, SHOWING, 0.0170),
]


@pytest.fixture(scope="module")
def embedder() -> SentenceEmbedder:
    return SentenceEmbedder()


class TestShippedModel:
    def test_the_model_folder_ships_the_model_the_tokenizer_and_the_licence(self) -> None:
        for name in ("model.onnx", "tokenizer.json", "LICENSE", "README.md"):
            assert (DEFAULT_MODEL_DIR / name).is_file(), name
        assert (DEFAULT_MODEL_DIR / "model.onnx").stat().st_size < 30_000_000


class TestShapes:
    def test_embed_returns_one_float32_row_of_384_per_text(self, embedder: SentenceEmbedder) -> None:
        vectors = embedder.embed([AFFORD, TOO_EXPENSIVE, POOL])
        assert vectors.shape == (3, EMBEDDING_DIM)
        assert vectors.dtype == np.float32

    def test_embed_one_returns_a_float32_vector_of_384(self, embedder: SentenceEmbedder) -> None:
        vector = embedder.embed_one(AFFORD)
        assert vector.shape == (EMBEDDING_DIM,)
        assert vector.dtype == np.float32
        assert embedder.dimension == EMBEDDING_DIM

    def test_an_empty_list_gives_an_empty_matrix(self, embedder: SentenceEmbedder) -> None:
        assert embedder.embed([]).shape == (0, EMBEDDING_DIM)

    def test_a_bare_string_is_refused_by_embed(self, embedder: SentenceEmbedder) -> None:
        with pytest.raises(TypeError):
            embedder.embed("a string is a sequence too")


class TestNormalisation:
    def test_every_vector_has_unit_length(self, embedder: SentenceEmbedder) -> None:
        texts = [AFFORD, "ok", "", "x" * 5000, " ".join(["word"] * 1000)]
        norms = np.linalg.norm(embedder.embed(texts), axis=1)
        np.testing.assert_allclose(norms, 1.0, atol=1e-5)
        assert np.linalg.norm(embedder.embed_one(POOL)) == pytest.approx(1.0, abs=1e-5)

    def test_texts_longer_than_128_tokens_are_truncated_not_rejected(
        self, embedder: SentenceEmbedder
    ) -> None:
        long_text = " ".join(["the buyers loved the kitchen"] * 100)
        longer_text = long_text + " but hated the commute"
        similarity = float(embedder.embed_one(long_text) @ embedder.embed_one(longer_text))
        assert similarity == pytest.approx(1.0, abs=1e-6)


class TestMeaning:
    def test_paraphrases_are_closer_than_unrelated_sentences(self, embedder: SentenceEmbedder) -> None:
        afford, too_expensive, pool = embedder.embed([AFFORD, TOO_EXPENSIVE, POOL])
        paraphrase = float(afford @ too_expensive)
        assert paraphrase > float(afford @ pool) + 0.2
        assert paraphrase > float(too_expensive @ pool) + 0.2

    @pytest.mark.parametrize(("first", "second", "fp32_similarity"), FP32_SIMILARITIES)
    def test_similarities_stay_close_to_the_fp32_model(
        self, embedder: SentenceEmbedder, first: str, second: str, fp32_similarity: float
    ) -> None:
        similarity = float(embedder.embed_one(first) @ embedder.embed_one(second))
        assert similarity == pytest.approx(fp32_similarity, abs=0.08)


class TestBatching:
    def test_batch_size_one_reproduces_embed_one_exactly(self, embedder: SentenceEmbedder) -> None:
        texts = [AFFORD, POOL, SHOWING, "ok"]
        singles = np.vstack([embedder.embed_one(text) for text in texts])
        np.testing.assert_array_equal(embedder.embed(texts, batch_size=1), singles)

    def test_batched_rows_come_back_in_input_order(self, embedder: SentenceEmbedder) -> None:
        texts = [" ".join(["long"] * 60), "ok", TOUR, "hi there", AFFORD]
        singles = np.vstack([embedder.embed_one(text) for text in texts])
        batched = embedder.embed(texts, batch_size=2)
        # Same text, same row: int8 activation scales shift a batched row only slightly.
        assert np.all(np.sum(singles * batched, axis=1) > 0.95)


class TestLoading:
    def test_the_model_loads_on_first_use_only(self) -> None:
        fresh = SentenceEmbedder()
        assert not fresh.is_loaded
        fresh.embed_one("hello")
        assert fresh.is_loaded

    def test_concurrent_first_calls_load_the_model_once(self) -> None:
        class CountingEmbedder(SentenceEmbedder):
            loads = 0

            def _create_runtime(self) -> _Runtime:
                CountingEmbedder.loads += 1
                return super()._create_runtime()

        fresh = CountingEmbedder()
        with ThreadPoolExecutor(max_workers=4) as pool:
            vectors = list(pool.map(fresh.embed_one, [AFFORD] * 8))
        assert CountingEmbedder.loads == 1
        for vector in vectors[1:]:
            np.testing.assert_array_equal(vector, vectors[0])

    def test_a_missing_model_folder_fails_on_first_use_with_the_path(self, tmp_path: Path) -> None:
        missing = SentenceEmbedder(tmp_path / "nowhere")
        with pytest.raises(FileNotFoundError, match="nowhere"):
            missing.embed_one("hello")

    def test_two_intra_op_threads_give_the_same_vectors(self, embedder: SentenceEmbedder) -> None:
        two_threads = SentenceEmbedder(intra_op_threads=2)
        np.testing.assert_allclose(two_threads.embed_one(SHOWING), embedder.embed_one(SHOWING), atol=1e-5)
