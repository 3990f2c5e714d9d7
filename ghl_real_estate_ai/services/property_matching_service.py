"""Import listings (embedded once) and match a lead's criteria against a location's listings.

The match index of a location is built from its rows once and kept in memory until an import changes them
(checked per request with one count/max query), so a request costs a few vector operations, not a table read.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.ext.asyncio import AsyncSession
from threadpoolctl import ThreadpoolController

from ghl_real_estate_ai.domain.matching import Listing, MatchRequest, MatchResponse, PropertyMatch
from ghl_real_estate_ai.intelligence.local.embedding import SentenceEmbedder
from ghl_real_estate_ai.learning.matching.index import ListingIndex, listing_text
from ghl_real_estate_ai.learning.matching.matcher import query_text, rank
from ghl_real_estate_ai.storage.listing_repository import ListingRepository

CACHED_LOCATIONS = 16


class PropertyMatchingService:
    def __init__(self, embedder: SentenceEmbedder | None = None) -> None:
        self.embedder = embedder or SentenceEmbedder()
        self._indexes: OrderedDict[str, tuple[tuple[int, int], ListingIndex]] = OrderedDict()
        self._lock = asyncio.Lock()
        self._threads = ThreadpoolController()

    def embed_listings(self, listings: Sequence[Listing]) -> NDArray[np.float32]:
        """CPU-bound: run off the event loop (the CLI calls it directly)."""
        return self.embedder.embed([listing_text(x) for x in listings])

    async def store(
        self,
        session: AsyncSession,
        location_id: str,
        listings: Sequence[Listing],
        embeddings: NDArray[np.float32],
    ) -> None:
        await ListingRepository(session, location_id).upsert(listings, embeddings)

    async def match(self, session: AsyncSession, location_id: str, request: MatchRequest) -> MatchResponse:
        started = time.perf_counter()
        index = await self._index(session, location_id)
        text = query_text(request)
        # The query's embedding (~1 ms of onnxruntime, which releases the GIL) goes to a thread; the
        # ranking itself (< 1 ms of numpy over 10,000 rows) stays on the loop: on a busy 2-core machine
        # each thread hop waits for a core, and that wait, not the work, was the tail.
        query = await asyncio.to_thread(self.embedder.embed_one, text) if text and len(index) else None
        matches, candidates = self._rank(index, request, query)
        return MatchResponse(
            matches=matches,
            candidates=candidates,
            searched=len(index),
            processing_time_ms=round((time.perf_counter() - started) * 1000, 2),
        )

    def _rank(
        self, index: ListingIndex, request: MatchRequest, query: NDArray[np.float32] | None
    ) -> tuple[list[PropertyMatch], int]:
        # One BLAS thread: on a busy 2-core machine a threaded mat-vec waits for cores others hold
        # (measured in the service: p99 29 ms threaded, under 10 ms single-threaded).
        with self._threads.limit(limits=1, user_api="blas"):
            return rank(index, request, query)

    async def _index(self, session: AsyncSession, location_id: str) -> ListingIndex:
        repository = ListingRepository(session, location_id)
        version = await repository.version()
        cached = self._indexes.get(location_id)
        if cached is not None and cached[0] == version:
            self._indexes.move_to_end(location_id)
            return cached[1]
        async with self._lock:
            listings, embeddings = await repository.all()
            index = await asyncio.to_thread(ListingIndex.build, listings, embeddings)
            self._indexes[location_id] = (version, index)
            self._indexes.move_to_end(location_id)
            while len(self._indexes) > CACHED_LOCATIONS:
                self._indexes.popitem(last=False)
        return index
