"""Hard filters are never broken; reasons say met, near or missed per criterion."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ghl_real_estate_ai.domain.matching import Listing, MatchRequest, Pet, Verdict
from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.taxonomy import Feature
from ghl_real_estate_ai.learning.matching.importer import parse_mapping
from ghl_real_estate_ai.learning.matching.index import ListingIndex, listing_text
from ghl_real_estate_ai.learning.matching.matcher import rank
from tests.learning.matching.listings import uci_listings


@pytest.fixture(scope="module")
def index() -> ListingIndex:
    listings = list(uci_listings())
    vectors = np.random.default_rng(0).normal(size=(len(listings), 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return ListingIndex.build(listings, vectors)


CITIES = ["Austin", "Houston", "Dallas", "Seattle", "Denver, CO", "TX", "CA", "Nowhere"]
requests = st.builds(
    MatchRequest,
    preferences=st.builds(
        Preferences,
        budget_max=st.none() | st.integers(300, 6000),
        budget_min=st.none() | st.integers(0, 2000),
        bedrooms=st.none() | st.integers(0, 4).map(float),
        bathrooms=st.none() | st.sampled_from([1.0, 1.5, 2.0, 3.0]),
        locations=st.lists(st.sampled_from(CITIES), max_size=2),
        features=st.lists(st.sampled_from([Feature.PET_FRIENDLY, Feature.POOL, Feature.PARKING]), max_size=2),
        deal_breakers=st.lists(st.sampled_from(["studio", "1 bedroom"]), max_size=1),
    ),
    pets=st.lists(st.sampled_from(list(Pet)), max_size=2, unique=True),
    min_square_feet=st.none() | st.integers(200, 1500).map(float),
    max_square_feet=st.none() | st.integers(500, 3000).map(float),
    limit=st.integers(1, 50),
)


def breaks_a_hard_filter(listing: Listing, request: MatchRequest) -> str | None:
    """The filters restated one listing at a time, independently of the vectorised code."""
    p = request.preferences

    def lacks(value: float | None) -> bool:
        return value is None

    if p.budget_max is not None and (lacks(listing.price) or listing.price > p.budget_max):  # type: ignore[operator]
        return "budget_max"
    if p.budget_min is not None and (lacks(listing.price) or listing.price < p.budget_min):  # type: ignore[operator]
        return "budget_min"
    if p.bedrooms is not None and (lacks(listing.bedrooms) or listing.bedrooms < p.bedrooms):  # type: ignore[operator]
        return "bedrooms"
    if p.bathrooms is not None and (lacks(listing.bathrooms) or listing.bathrooms < p.bathrooms):  # type: ignore[operator]
        return "bathrooms"
    sqft = listing.square_feet
    if request.min_square_feet is not None and (sqft is None or sqft < request.min_square_feet):
        return "min_square_feet"
    if request.max_square_feet is not None and (sqft is None or sqft > request.max_square_feet):
        return "max_square_feet"
    if p.locations and not any(_in_place(listing, place) for place in p.locations):
        return "location"
    if any(pet not in listing.pets for pet in request.pets):
        return "pets"
    if Feature.PET_FRIENDLY in p.features and not listing.pets:
        return "pet_friendly"
    if any(breaker in listing_text(listing).lower() for breaker in p.deal_breakers):
        return "deal_breakers"
    return None


def _in_place(listing: Listing, place: str) -> bool:
    city, _, state = (part.strip().lower() for part in place.partition(","))
    if not state and len(city) == 2:
        return (listing.state or "").lower() == city
    return (listing.city or "").lower() == city and (not state or (listing.state or "").lower() == state)


class TestHardFilters:
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(request=requests)
    def test_no_match_ever_breaks_a_hard_filter(self, index: ListingIndex, request: MatchRequest) -> None:
        query = np.ones(384, dtype=np.float32) / np.sqrt(384)
        matches, candidates = rank(index, request, query)
        assert len(matches) == min(request.limit, candidates)
        for match in matches:
            assert breaks_a_hard_filter(match.listing, request) is None, match.listing
        scores = [m.score for m in matches]
        assert scores == sorted(scores, reverse=True)

    def test_candidates_are_exactly_the_listings_that_pass(self, index: ListingIndex) -> None:
        request = MatchRequest(preferences=Preferences(budget_max=1500, bedrooms=2, locations=["Austin"]))
        _, candidates = rank(index, request, None)
        expected = sum(breaks_a_hard_filter(x, request) is None for x in index.listings)
        assert candidates == expected > 0


class TestReasons:
    def test_asking_for_a_dog_drops_listings_without_dogs_and_says_so(self, index: ListingIndex) -> None:
        base = Preferences(budget_max=1400, bedrooms=1, locations=["Houston"])
        without = rank(index, MatchRequest(preferences=base, limit=100), None)
        with_dog = rank(index, MatchRequest(preferences=base, pets=[Pet.DOGS], limit=100), None)
        assert with_dog[1] < without[1]
        assert all(Pet.DOGS in m.listing.pets for m in with_dog[0])
        pets_reason = next(r for r in with_dog[0][0].reasons if r.criterion == "pets")
        assert pets_reason.verdict == Verdict.MET
        assert "dogs" in pets_reason.reason

    def test_a_price_at_the_top_of_the_budget_is_near_and_a_feature_not_mentioned_is_missed(
        self, index: ListingIndex
    ) -> None:
        request = MatchRequest(preferences=Preferences(budget_max=1000, features=[Feature.POOL]), limit=50)
        matches, _ = rank(index, request, np.ones(384, dtype=np.float32) / np.sqrt(384))
        verdicts = {(r.criterion, r.verdict) for m in matches for r in m.reasons}
        assert ("feature:pool", Verdict.MISSED) in verdicts  # the UCI file has no listing text
        tight = [m for m in matches if m.listing.price is not None and m.listing.price >= 950]
        for m in tight:
            assert next(r for r in m.reasons if r.criterion == "budget").verdict == Verdict.NEAR

    def test_a_lower_budget_changes_the_matches_and_the_budget_reason(self, index: ListingIndex) -> None:
        wide = rank(index, MatchRequest(preferences=Preferences(budget_max=3000, locations=["TX"])), None)[0]
        tight = rank(index, MatchRequest(preferences=Preferences(budget_max=900, locations=["TX"])), None)[0]
        assert all(m.listing.price is not None and m.listing.price <= 900 for m in tight)
        assert "$900 budget" in next(r for r in tight[0].reasons if r.criterion == "budget").reason
        assert {m.listing.listing_id for m in wide} != {m.listing.listing_id for m in tight}


class TestImport:
    def test_the_uci_file_imports_as_is(self) -> None:
        listings = uci_listings()
        assert len(listings) == 10_000
        assert all(x.price_period == "month" for x in listings)
        assert sum(1 for x in listings if x.bathrooms is None) == 34

    def test_a_mapping_to_an_unknown_field_is_refused(self) -> None:
        with pytest.raises(ValueError, match="fields are"):
            parse_mapping(["rent=price"])
