"""Blocks of CSR rows joined side by side are what scipy's hstack makes of them."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from ghl_real_estate_ai.intelligence.local.csr_rows import CsrRows, dense_rows, side_by_side


def as_rows(matrix: sparse.csr_matrix) -> CsrRows:
    matrix = sparse.csr_matrix(matrix)
    return CsrRows(
        matrix.data, matrix.indices.astype(np.int32), matrix.indptr.astype(np.int32), matrix.shape[1]
    )


def assert_same(fast: CsrRows, reference: sparse.csr_matrix) -> None:
    assert fast.shape == reference.shape
    assert np.array_equal(fast.indptr, reference.indptr)
    assert np.array_equal(fast.indices, reference.indices)
    assert np.array_equal(fast.data, reference.data)


class TestSideBySide:
    def test_random_blocks_join_as_hstack_joins_them(self) -> None:
        generator = np.random.default_rng(7)
        for rows in (1, 2, 5, 33):
            blocks = [
                sparse.random(rows, width, density=density, format="csr", random_state=generator)
                for width, density in ((7, 0.4), (50, 0.05), (3, 0.0), (20, 0.9))
            ]
            fast = side_by_side([as_rows(block) for block in blocks])
            assert_same(fast, sparse.hstack(blocks, format="csr"))

    def test_a_row_empty_in_every_block_stays_empty(self) -> None:
        empty = sparse.csr_matrix((2, 4))
        fast = side_by_side([as_rows(empty), as_rows(empty)])
        assert fast.shape == (2, 8)
        assert fast.indptr.tolist() == [0, 0, 0]


class TestDenseRows:
    def test_exact_zeros_are_dropped_as_scipy_drops_them(self) -> None:
        values = np.array([[0.0, 1.5, 0.0], [-2.0, 0.0, 3.0], [0.0, 0.0, 0.0]])
        assert_same(dense_rows(values), sparse.csr_matrix(values))
