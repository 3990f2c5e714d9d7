"""A location's listings as numpy columns, so one request filters 10,000 listings in a few vector ops."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ghl_real_estate_ai.domain.matching import Listing, Pet

Floats = NDArray[np.float64]
Flags = NDArray[np.bool_]


@dataclass(frozen=True)
class ListingIndex:
    listings: list[Listing]
    price: Floats
    bedrooms: Floats
    bathrooms: Floats
    square_feet: Floats
    city: NDArray[np.str_]
    state: NDArray[np.str_]
    property_type: NDArray[np.str_]
    cats: Flags
    dogs: Flags
    description: list[str]
    embeddings: NDArray[np.float32]

    @classmethod
    def build(cls, listings: list[Listing], embeddings: NDArray[np.float32]) -> ListingIndex:
        def floats(values: list[float | None]) -> Floats:
            return np.array([np.nan if v is None else v for v in values], dtype=np.float64)

        def lowered(values: list[str | None]) -> NDArray[np.str_]:
            return np.array([(v or "").strip().lower() for v in values], dtype=np.str_)

        return cls(
            listings=listings,
            price=floats([x.price for x in listings]),
            bedrooms=floats([x.bedrooms for x in listings]),
            bathrooms=floats([x.bathrooms for x in listings]),
            square_feet=floats([x.square_feet for x in listings]),
            city=lowered([x.city for x in listings]),
            state=lowered([x.state for x in listings]),
            property_type=lowered([x.property_type for x in listings]),
            cats=np.array([Pet.CATS in x.pets for x in listings], dtype=np.bool_),
            dogs=np.array([Pet.DOGS in x.pets for x in listings], dtype=np.bool_),
            description=[listing_text(x).lower() for x in listings],
            embeddings=embeddings,
        )

    def __len__(self) -> int:
        return len(self.listings)


def listing_text(listing: Listing) -> str:
    """What the embedding model reads for a listing (the UCI file has no description: facts stand in)."""
    parts = []
    if listing.bedrooms is not None:
        parts.append(f"{listing.bedrooms:g} bedroom")
    if listing.bathrooms is not None:
        parts.append(f"{listing.bathrooms:g} bathroom")
    parts.append(listing.property_type or "home")
    where = ", ".join(p for p in (listing.city, listing.state) if p)
    text = " ".join(parts) + (f" in {where}" if where else "")
    if listing.square_feet:
        text += f", {listing.square_feet:g} square feet"
    text += (
        ", pets: " + (" and ".join(p.value for p in listing.pets) if listing.pets else "none") + " allowed"
    )
    return f"{text}. {listing.description}".strip()
