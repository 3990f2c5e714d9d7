"""A fitted TfidfVectorizer read without scikit-learn's per-call overhead, with counts cached by text.

`TfidfVectorizer.transform` on one short message spends most of its time validating its input
(check_array, narwhals and getattr_static checks), not counting n-grams. Here the fitted analyzer,
vocabulary and idf weights are taken once and applied directly, producing the same CSR rows as
`transform` (same columns, same float64 arithmetic: counts, 1 + log for sublinear tf, idf, then
scikit-learn's own in-place l2 normalisation).

A conversation's earlier turns are joined into one document for the context features, and that
document grows by a turn with every new message. Word n-grams of a joined document are the n-grams of
each turn plus the bigrams across each seam, so each turn's counts are kept in a bounded LRU keyed by its
text and only the seams are counted afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Final

import numpy as np
import numpy.typing as npt
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

from ghl_real_estate_ai.intelligence.local.csr_rows import CsrRows

__all__ = ["Counts", "TfidfRuntime"]

Counts = dict[int, int]
"""Vocabulary column -> occurrences in one document (or one piece of it)."""

TEXT_CACHE_SIZE: Final[int] = 8192
"""Distinct texts whose counts are kept per vectorizer: a few MB, and enough for every turn of the
conversations one process serves at once (the LRU drops turns of conversations that went quiet)."""


class TfidfRuntime:
    """Applies one fitted TfidfVectorizer to documents, or to documents given as pieces joined by spaces."""

    def __init__(self, vectorizer: TfidfVectorizer) -> None:
        self.vocabulary: dict[str, int] = vectorizer.vocabulary_
        self.width = len(self.vocabulary)
        self.idf: npt.NDArray[np.float64] = np.asarray(vectorizer.idf_, dtype=np.float64)
        self.sublinear = bool(vectorizer.sublinear_tf)
        self.norm: str | None = vectorizer.norm
        if self.norm not in ("l2", None):
            raise ValueError(f"norm {self.norm!r} is not supported; only l2 or none")
        self._analyze: Callable[[str], list[str]] = vectorizer.build_analyzer()
        # Pieces can be counted apart only for word n-grams up to bigrams (the seam adds one bigram).
        self._seamable = vectorizer.analyzer == "word" and tuple(vectorizer.ngram_range) in ((1, 1), (1, 2))
        self._bigrams = tuple(vectorizer.ngram_range) == (1, 2)
        preprocess = vectorizer.build_preprocessor()
        tokenize = vectorizer.build_tokenizer()
        stop_words = vectorizer.get_stop_words()
        if stop_words:
            self._seamable = False

        def piece(text: str) -> tuple[tuple[str, ...], Counts]:
            tokens = tuple(tokenize(preprocess(text)))
            return tokens, self._count(vectorizer._word_ngrams(list(tokens)))

        self.counts: Callable[[str], Counts] = lru_cache(maxsize=TEXT_CACHE_SIZE)(self._counts_uncached)
        self._piece = lru_cache(maxsize=TEXT_CACHE_SIZE)(piece)

    def rows(self, documents: Sequence[Counts]) -> CsrRows:
        """The tf-idf rows of documents already counted, exactly as `TfidfVectorizer.transform` makes them.

        Read-only for the caller: counts come from the cache and must not change.
        """
        indptr = np.zeros(len(documents) + 1, dtype=np.int32)
        columns: list[int] = []
        values: list[int] = []
        for row, counts in enumerate(documents):
            ordered = sorted(counts)
            columns.extend(ordered)
            values.extend(counts[column] for column in ordered)
            indptr[row + 1] = len(columns)
        indices = np.asarray(columns, dtype=np.int32)
        data = np.asarray(values, dtype=np.float64)
        if self.sublinear:
            np.log(data, data)
            data += 1.0
        data *= self.idf[indices]
        rows = CsrRows(data, indices, indptr, self.width)
        if self.norm == "l2":
            # scikit-learn's own routine (it reads only the four arrays), so the floats are the same.
            inplace_csr_row_normalize_l2(rows)
        return rows

    def joined_counts(self, pieces: Sequence[str]) -> Counts:
        """Counts of `" ".join(pieces)`, reusing each piece's cached counts."""
        if not self._seamable:
            return self._counts_uncached(" ".join(pieces))
        total: Counts = {}
        previous: str | None = None
        for text in pieces:
            tokens, counts = self._piece(text)
            for column, count in counts.items():
                total[column] = total.get(column, 0) + count
            if not tokens:
                continue
            if self._bigrams and previous is not None:
                seam = self.vocabulary.get(f"{previous} {tokens[0]}")
                if seam is not None:
                    total[seam] = total.get(seam, 0) + 1
            previous = tokens[-1]
        return total

    def piece_cache_misses(self) -> int:
        """How many pieces were counted afresh (the rest came from the cache)."""
        return self._piece.cache_info().misses

    def _counts_uncached(self, text: str) -> Counts:
        return self._count(self._analyze(text))

    def _count(self, features: list[str]) -> Counts:
        counts: Counts = {}
        vocabulary = self.vocabulary
        for feature in features:
            column = vocabulary.get(feature)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        return counts
