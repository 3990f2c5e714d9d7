"""Sparse feature rows as bare CSR arrays, put side by side without building scipy matrices per block.

For one message the engine used to build half a dozen scipy matrices (one per vectorizer, the embedding,
then `sparse.hstack`), and their construction and format checks cost more than the arithmetic. Blocks
are kept as three arrays and joined here in the order `sparse.hstack(..., format="csr")` gives: within
each row, the first block's columns, then the next block's shifted past it, and so on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

__all__ = ["CsrRows", "dense_rows", "side_by_side"]


@dataclass(frozen=True, slots=True)
class CsrRows:
    """Rows of a CSR matrix; `shape`, `data`, `indices` and `indptr` are what scikit-learn's in-place
    row normalisation reads."""

    data: npt.NDArray[np.float64]
    indices: npt.NDArray[np.int32]
    indptr: npt.NDArray[np.int32]
    width: int

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.indptr) - 1, self.width

    def scaled(self, factor: float) -> CsrRows:
        return CsrRows(self.data * factor, self.indices, self.indptr, self.width)

    def matrix(self) -> sparse.csr_matrix:
        return sparse.csr_matrix((self.data, self.indices, self.indptr), shape=self.shape)


def dense_rows(values: npt.NDArray[np.float64]) -> CsrRows:
    """A dense block as CSR, its exact zeros dropped (as `sparse.csr_matrix(dense)` does)."""
    mask = values != 0
    indptr = np.zeros(values.shape[0] + 1, dtype=np.int32)
    np.cumsum(mask.sum(axis=1), out=indptr[1:])
    return CsrRows(values[mask], np.nonzero(mask)[1].astype(np.int32), indptr, values.shape[1])


def side_by_side(blocks: Sequence[CsrRows]) -> CsrRows:
    """The blocks' columns joined row by row, each block's shifted past the ones before it."""
    rows = len(blocks[0].indptr) - 1
    offsets = np.cumsum([0, *(block.width for block in blocks)])
    row_of = np.concatenate(
        [np.repeat(np.arange(rows, dtype=np.int32), np.diff(block.indptr)) for block in blocks]
    )
    # A stable sort by row keeps the blocks in order within each row, and each block's columns sorted.
    order = np.argsort(row_of, kind="stable")
    indices = np.concatenate([block.indices + offset for block, offset in zip(blocks, offsets, strict=False)])
    data = np.concatenate([block.data for block in blocks])
    indptr = np.zeros(rows + 1, dtype=np.int32)
    np.cumsum(np.bincount(row_of, minlength=rows), out=indptr[1:])
    return CsrRows(data[order], indices[order].astype(np.int32), indptr, int(offsets[-1]))
