"""When what a lead asks for changes, push the new top listings to the agent's `matches` topic.

A RevisionPublisher in front of the hub: every revision goes to the hub as before; a coaching revision
whose reading states different match criteria for its lead than the last push (budget, rooms, type,
places, features, deal breakers) starts a match in the background, so the coaching answer never waits.
Nothing is pushed when the location has no listings, or when nothing that filters or ranks changed.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict

from ghl_real_estate_ai.domain.matching import MatchRequest, MatchResponse
from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.realtime.events import MatchedListing, PropertyMatches
from ghl_real_estate_ai.realtime.hub import CoachingHub
from ghl_real_estate_ai.realtime.publishing import RevisionEvent
from ghl_real_estate_ai.services.property_matching_service import PropertyMatchingService
from ghl_real_estate_ai.storage.database import Database

logger = logging.getLogger(__name__)
TOP = 5
REMEMBERED_LEADS = 10_000
# The preference slots that filter or rank listings (timeline, pre-approval and the like do not).
MATCH_SLOTS = frozenset(
    {
        "property_type",
        "bedrooms",
        "bathrooms",
        "budget_min",
        "budget_max",
        "budget_period",
        "locations",
        "features",
        "deal_breakers",
    }
)


def match_criteria(preferences: Preferences | None) -> dict[str, object]:
    """The stated slots that change a match; empty when the lead has said nothing a listing can meet."""
    if preferences is None:
        return {}
    return {k: v for k, v in preferences.stated_slots().items() if k in MATCH_SLOTS}


class MatchPusher:
    def __init__(
        self, hub: CoachingHub, database: Database, matching: PropertyMatchingService, top: int = TOP
    ) -> None:
        self.hub = hub
        self.database = database
        self.matching = matching
        self.top = top
        # (location, agent, lead) -> the criteria last pushed, so the same wish is not pushed twice.
        self._pushed: OrderedDict[tuple[str, str, str], dict[str, object]] = OrderedDict()
        self._tasks: set[asyncio.Task[None]] = set()

    async def publish(self, event: RevisionEvent) -> None:
        await self.hub.publish(event)
        if event.kind != "coaching" or event.agent_id is None or event.lead_id is None:
            return
        criteria = match_criteria(event.preferences)
        key = (event.location_id, event.agent_id, event.lead_id)
        if not criteria or self._pushed.get(key) == criteria:
            return
        task = asyncio.create_task(self._push(event, key, criteria))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        """Wait for pushes under way (shutdown, tests)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def _push(
        self, event: RevisionEvent, key: tuple[str, str, str], criteria: dict[str, object]
    ) -> None:
        assert event.agent_id is not None and event.lead_id is not None and event.preferences is not None
        try:
            request = MatchRequest(contact_id=event.lead_id, preferences=event.preferences, limit=self.top)
            async with self.database.session() as session:
                found = await self.matching.match(session, event.location_id, request)
            if found.searched == 0:
                return  # no listings here (yet): nothing to push, and the next change looks again
            self._remember(key, criteria)
            payload = _payload(event.lead_id, criteria, found)
            await self.hub.publish_payload(
                event.location_id, event.agent_id, "matches", payload, event.analysis_id, event.revision
            )
        except Exception:  # a push is a courtesy: it must never take the coaching path down
            logger.exception("pushing property matches failed")

    def _remember(self, key: tuple[str, str, str], criteria: dict[str, object]) -> None:
        self._pushed[key] = criteria
        self._pushed.move_to_end(key)
        while len(self._pushed) > REMEMBERED_LEADS:
            self._pushed.popitem(last=False)


def _payload(lead_id: str, criteria: dict[str, object], found: MatchResponse) -> PropertyMatches:
    return PropertyMatches(
        lead_id=lead_id,
        criteria=criteria,
        candidates=found.candidates,
        searched=found.searched,
        matches=[
            MatchedListing(
                listing_id=m.listing.listing_id,
                price=m.listing.price,
                bedrooms=m.listing.bedrooms,
                bathrooms=m.listing.bathrooms,
                city=m.listing.city,
                state=m.listing.state,
                score=m.score,
                reasons=m.reasons,
            )
            for m in found.matches
        ],
    )
