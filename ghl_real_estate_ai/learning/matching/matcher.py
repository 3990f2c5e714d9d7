"""Hard filters first (a listing that breaks one never comes back), then a soft fit among the rest.

Soft fit in 0..1: the mean of the parts that apply, weighted: meaning (the lead's features, lifestyle and
words against the listing, cosine of MiniLM vectors) 0.5; price closeness to the budget 0.25; size
closeness to the rooms asked 0.25. Reasons are written only for the listings returned.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ghl_real_estate_ai.domain.matching import CriterionReason, MatchRequest, Pet, PropertyMatch, Verdict
from ghl_real_estate_ai.domain.taxonomy import Feature
from ghl_real_estate_ai.learning.matching.index import Flags, Floats, ListingIndex

MEANING_WEIGHT = 0.5
PRICE_WEIGHT = 0.25
SIZE_WEIGHT = 0.25
# Within this share of the budget's top the price is "near" (it fits, but leaves no room).
PRICE_NEAR_SHARE = 0.05
MEANING_MET = 0.5
MEANING_NEAR = 0.3


def wanted_pets(request: MatchRequest) -> set[Pet]:
    return set(request.pets)


def hard_mask(index: ListingIndex, request: MatchRequest) -> Flags:
    """True where a listing passes every hard filter. Unknown values fail a filter that asks about them."""
    prefs = request.preferences
    mask = np.ones(len(index), dtype=np.bool_)
    if prefs.budget_max is not None:
        mask &= index.price <= prefs.budget_max  # NaN compares False: an unpriced listing is out
    if prefs.budget_min is not None:
        mask &= index.price >= prefs.budget_min
    if prefs.bedrooms is not None:
        mask &= index.bedrooms >= prefs.bedrooms
    if prefs.bathrooms is not None:
        mask &= index.bathrooms >= prefs.bathrooms
    if request.min_square_feet is not None:
        mask &= index.square_feet >= request.min_square_feet
    if request.max_square_feet is not None:
        mask &= index.square_feet <= request.max_square_feet
    if prefs.property_type is not None:
        mask &= index.property_type == prefs.property_type.value
    if prefs.locations:
        mask &= _in_locations(index, prefs.locations)
    pets = wanted_pets(request)
    if Pet.CATS in pets:
        mask &= index.cats
    if Pet.DOGS in pets:
        mask &= index.dogs
    if Feature.PET_FRIENDLY in prefs.features and not pets:
        mask &= index.cats | index.dogs
    for breaker in prefs.deal_breakers:
        word = breaker.strip().lower()
        if word:
            mask &= np.array([word not in text for text in index.description], dtype=np.bool_)
    return mask


def _in_locations(index: ListingIndex, locations: list[str]) -> Flags:
    found = np.zeros(len(index), dtype=np.bool_)
    for place in locations:
        city, _, state = (part.strip().lower() for part in place.partition(","))
        if not state and len(city) == 2 and city.isalpha():
            found |= index.state == city
        elif state:
            found |= (index.city == city) & (index.state == state)
        else:
            found |= index.city == city
    return found


def query_text(request: MatchRequest) -> str:
    prefs = request.preferences
    parts = [f.value.replace("_", " ") for f in prefs.features]
    parts += [p for p in (request.lifestyle, request.text) if p]
    return ", ".join(parts)


def rank(
    index: ListingIndex, request: MatchRequest, query: NDArray[np.float32] | None
) -> tuple[list[PropertyMatch], int]:
    """The best `limit` listings passing every hard filter, and how many passed."""
    candidates = np.flatnonzero(hard_mask(index, request))
    if candidates.size == 0:
        return [], 0
    # One mat-vec over every listing, then pick: gathering the candidates' rows first would copy up to
    # 15 MB per request (measured: p99 26 ms against a few ms).
    meaning = None if query is None else np.clip((index.embeddings @ query)[candidates], 0.0, 1.0)
    price = _price_fit(index.price[candidates], request.preferences.budget_max)
    size = _size_fit(index.bedrooms[candidates], request.preferences.bedrooms)
    parts = [
        (w, v)
        for w, v in ((MEANING_WEIGHT, meaning), (PRICE_WEIGHT, price), (SIZE_WEIGHT, size))
        if v is not None
    ]
    # Nothing soft asked: every candidate fits alike (the stable sort keeps import order).
    fit: Floats = np.full(candidates.size, 0.5)
    if parts:
        fit = np.asarray(sum(w * v for w, v in parts), dtype=np.float64) / sum(w for w, _ in parts)
    take = min(request.limit, candidates.size)
    best = np.argpartition(-fit, take - 1)[:take]
    best = best[np.argsort(-fit[best], kind="stable")]
    matches = [
        PropertyMatch(
            listing=index.listings[int(candidates[i])],
            score=round(float(fit[i]), 4),
            reasons=reasons(
                index, int(candidates[i]), request, None if meaning is None else float(meaning[i])
            ),
        )
        for i in best
    ]
    return matches, int(candidates.size)


def _price_fit(prices: Floats, budget: int | None) -> Floats | None:
    if budget is None or budget <= 0:
        return None
    return np.clip(1 - np.abs(budget - np.nan_to_num(prices, nan=0.0)) / budget, 0.0, 1.0)


def _size_fit(bedrooms: Floats, wanted: float | None) -> Floats | None:
    if wanted is None:
        return None
    extra = np.nan_to_num(bedrooms, nan=wanted + 3) - wanted
    return np.clip(1 - 0.3 * extra, 0.0, 1.0)


def reasons(
    index: ListingIndex, row: int, request: MatchRequest, meaning: float | None
) -> list[CriterionReason]:
    listing = index.listings[row]
    prefs = request.preferences
    out: list[CriterionReason] = []
    if prefs.budget_max is not None and listing.price is not None:
        tight = listing.price >= prefs.budget_max * (1 - PRICE_NEAR_SHARE)
        out.append(
            CriterionReason(
                criterion="budget",
                verdict=Verdict.NEAR if tight else Verdict.MET,
                reason=f"${listing.price:,.0f} against a ${prefs.budget_max:,} budget"
                + (" (at the top of it)" if tight else ""),
            )
        )
    for name, asked, has in (
        ("bedrooms", prefs.bedrooms, listing.bedrooms),
        ("bathrooms", prefs.bathrooms, listing.bathrooms),
    ):
        if asked is not None and has is not None:
            verdict = Verdict.MET if has == asked else Verdict.NEAR
            out.append(
                CriterionReason(criterion=name, verdict=verdict, reason=f"{has:g} {name}, asked {asked:g}")
            )
    if prefs.locations:
        place = ", ".join(p for p in (listing.city, listing.state) if p)
        out.append(CriterionReason(criterion="location", verdict=Verdict.MET, reason=f"in {place}"))
    if prefs.property_type is not None:
        out.append(
            CriterionReason(criterion="property_type", verdict=Verdict.MET, reason=prefs.property_type.value)
        )
    pets = wanted_pets(request)
    if pets or Feature.PET_FRIENDLY in prefs.features:
        allowed = " and ".join(p.value for p in listing.pets)
        out.append(CriterionReason(criterion="pets", verdict=Verdict.MET, reason=f"{allowed} allowed"))
    for breaker in prefs.deal_breakers:
        out.append(CriterionReason(criterion="deal_breakers", verdict=Verdict.MET, reason=f"no {breaker}"))
    for feature in prefs.features:
        if feature == Feature.PET_FRIENDLY:
            continue
        words = feature.value.replace("_", " ")
        named = words in index.description[row]
        out.append(
            CriterionReason(
                criterion=f"feature:{feature.value}",
                verdict=Verdict.MET if named else Verdict.MISSED,
                reason=f"listing mentions {words}" if named else f"no mention of {words}",
            )
        )
    if meaning is not None and (request.lifestyle or request.text):
        verdict = (
            Verdict.MET
            if meaning >= MEANING_MET
            else Verdict.NEAR
            if meaning >= MEANING_NEAR
            else Verdict.MISSED
        )
        out.append(
            CriterionReason(
                criterion="fit", verdict=verdict, reason=f"similarity {meaning:.2f} to what the lead said"
            )
        )
    return out
