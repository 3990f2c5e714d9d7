"""Listing rows of one location: replace on import, read all to build the match index."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.domain.matching import Listing
from ghl_real_estate_ai.storage.listing_tables import ListingRecord

CHUNK = 500


class ListingRepository:
    def __init__(self, session: AsyncSession, location_id: str) -> None:
        self.session = session
        self.location_id = location_id

    async def upsert(self, listings: Sequence[Listing], embeddings: NDArray[np.float32]) -> None:
        """A listing id imported again replaces its row (its facts and its embedding)."""
        ids = [x.listing_id for x in listings]
        for start in range(0, len(ids), CHUNK):
            await self.session.execute(
                delete(ListingRecord).where(
                    ListingRecord.location_id == self.location_id,
                    ListingRecord.listing_id.in_(ids[start : start + CHUNK]),
                )
            )
        self.session.add_all(
            ListingRecord(
                location_id=self.location_id,
                listing_id=listing.listing_id,
                listing=listing.model_dump(mode="json"),
                embedding=np.ascontiguousarray(vector, dtype=np.float32).tobytes(),
            )
            for listing, vector in zip(listings, embeddings, strict=True)
        )
        await self.session.flush()

    async def version(self) -> tuple[int, int]:
        """(count, highest row id): changes whenever listings are imported, so caches know to reload."""
        row = (
            await self.session.execute(
                select(func.count(ListingRecord.id), func.max(ListingRecord.id)).where(
                    ListingRecord.location_id == self.location_id
                )
            )
        ).one()
        return int(row[0]), int(row[1] or 0)

    async def all(self) -> tuple[list[Listing], NDArray[np.float32]]:
        rows = list(
            await self.session.execute(
                select(ListingRecord.listing, ListingRecord.embedding)
                .where(ListingRecord.location_id == self.location_id)
                .order_by(ListingRecord.id)
            )
        )
        listings = [Listing.model_validate(r[0]) for r in rows]
        if not rows:
            return listings, np.zeros((0, 384), dtype=np.float32)
        return listings, np.vstack([np.frombuffer(r[1], dtype=np.float32) for r in rows])
