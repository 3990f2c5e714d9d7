"""Which way a conversation goes (buy, rent or sell), carried forward from what the prospect said.

Dialogue state tracking, for the one slot the classifiers lose most often: "I'm looking to buy a house in
Fremont" decides the direction, and the follow-ups ("I need 2 baths", "schedule a visit for me", "ok that's
correct") inherit it until the prospect says otherwise. A renter today who wants to buy ("my lease ends in
June, 400k max") is a buyer: a lease, a landlord or paying rent say where they live now, not what they want.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ghl_real_estate_ai.domain.conversation_state import Direction
from ghl_real_estate_ai.domain.taxonomy import Intent

# Each pattern is read on folded text (lowercase, no accents).
_RENT = re.compile(
    r"\b(?:apartments?|apts?|for rent|to rent|rentals?|renting an?|rent an?|rent (?:a|the|this|that|one)"
    r"|looking to rent|want to rent|wanna rent|per month|monthly rent|month to month|sublet"
    r"|sublease|roommates?|rentar|alquil\w*|arrendar|departamentos?|apartamentos?|al mes|mensuales?"
    r"|renta mensual|busco renta|en renta|(?:to|a|short[- ]term"
    r"|\d+[- ]month|year) lease|leasing|security deposit)\b"
    r"|(?<![\d,.])\d[\d,.]*k?\s*(?:/\s?mo\b|/\s?month\b|(?:a|per|each)\s+month\b)"
)
# What a renter today says about where they live now: not a rental search.
_RENTING_NOW = re.compile(
    r"\b(?:lease (?:ends|is up|expires|runs out|ending)|our lease|my lease|current lease|landlord|paying rent"
    r"|currently renting|renting (?:now|right now|currently)"
    r"|(?:throwing|throw|wasting) (?:money|it) (?:at|on|away on) rent|we rent now|tired of renting"
    r"|stop renting"
    r"|done renting|se (?:nos )?acaba (?:el|nuestro) contrato|estamos rentando|pagando renta)\b"
)
_BUY = re.compile(
    r"\b(?:buy|buying|purchase|purchasing|pre-?approv\w*|down payment|first (?:home|house)|become homeowners?"
    r"|(?<!up )for sale|(?:to|finally|wanna|rather) own|first[- ]time (?:home ?)?(?:buyers?|homeowners?)"
    r"|comprar|compramos|compraremos|hipoteca|enganche|credito hipotecario|preaprobad\w*)\b"
)
_SELL = re.compile(
    r"\b(?:sell|selling|sells|sold|list (?:my|our|it|the (?:house"
    r"|home|condo|place|property))|listing (?:my|our|it)"
    r"|vender|vendemos|vendo|vendiendo|vend\w+ (?:mi|nuestra) casa)\b"
)
# Words that put selling or a home's value in the conversation, broader than a stated direction: a
# "listing" is the prospect's own unless it is one they were sent ("the Sycamore listing", "your listing").
_SELLING_TALK = re.compile(
    r"\b(?:sell|selling|sells|sold|vend\w*|list|listed|listing|cma|comps?|worth|valu\w*|apprais\w*|equity"
    r"|zestimate|opendoor|offerpad|avaluo|cuanto vale)\b"
)
_SOMEONE_ELSES = re.compile(r"\b(?:the|that|this|your|a|new|those|these)(?:\s+[\w'-]+){0,2}\s+$")
# What someone looking for a rental talks about (a renter today's own lease is taken out first).
_RENTAL_TALK = re.compile(
    # "in-unit laundry" is an amenity of any home, not a unit to rent.
    r"\b(?:rent\w*|lease\w*|landlords?|tenants?|(?<!in-)(?<!in )units?|deposit|app(?:lication)? fees?"
    r"|first,? last"
    r"|furnished|roommates?|place to stay|accom+odations?|evict\w*|sublet\w*"
    r"|apartments?|apts?|renta\w*|alquil\w*|arrend\w*|departamentos?"
    r"|apartamentos?|depa|al mes|mensual\w*|fiador|casero)\b"
    r"|(?<![\d,.])\d[\d,.]*k?\s*(?:/\s?mo\b|(?:a|per)\s+month\b)"
    # A four-figure dollar amount written out ("$1,950", "2,400") is a rent; home prices have six figures.
    r"|(?:\$\s?[1-9],?\d{3}|\b[1-9],\d{3})(?![,.]?\d|\s?k\b)"
)
# What the listings an agent offers cost: a monthly rent, or a sale price of six figures or more.
_AGENT_RENT = re.compile(
    r"\b(?:the rent|rent is|rents? for|monthly rent|per month|a month|/\s?mo(?:nth)?\b|al mes|renta)"
)
_AGENT_SALE = re.compile(
    r"\$\s?(?:\d{1,3},\d{3},\d{3}|[1-9]\d{2},\d{3}|[1-9]\d{2}k\b|\d(?:\.\d+)?\s?(?:m|million)\b)"
    r"|\b(?:for sale|sale price|asking price|listed (?:at|for)|priced at|down payment|enganche|mortgage"
    r"|hipoteca|closing costs)\b"
)
# An agent recommending a list price talks to a seller: their amounts say nothing of buying.
_AGENT_LISTING_ADVICE = re.compile(
    r"\b(?:list(?:ing)? (?:it |your \w+ )?(?:at|for)|your (?:home|house)'s value)\b"
)
_INTENTS = {
    Direction.BUY: Intent.PROPERTY_SEARCH,
    Direction.RENT: Intent.RENTAL_SEARCH,
    Direction.SELL: Intent.SELL_PROPERTY,
}


# A short answer to "buy or rent?": "rent", "rent for now", "renting please".
_BARE_RENT = re.compile(r"^\W*(?:to |i'?d |we'?d |i |we )?(?:rent|renting|lease|leasing)\b")
BARE_ANSWER_WORDS = 5


@lru_cache(maxsize=8192)
def stated_directions(folded: str) -> frozenset[Direction]:
    """The directions one message states (a renter today who wants to buy states only buying)."""
    # Cached: every new turn folds the conversation's earlier messages again.
    directions = set()
    if _BARE_RENT.match(folded) and len(folded.split()) <= BARE_ANSWER_WORDS:
        directions.add(Direction.RENT)
    if _SELL.search(folded):
        directions.add(Direction.SELL)
    if _BUY.search(folded):
        directions.add(Direction.BUY)
    if _RENT.search(_RENTING_NOW.sub(" ", folded)):
        directions.add(Direction.RENT)
    if Direction.BUY in directions and Direction.RENT in directions and _RENTING_NOW.search(folded):
        directions.discard(Direction.RENT)
    return frozenset(directions)


def stated_direction(folded: str) -> Direction | None:
    """The one direction a message states, or None when it states none or several."""
    directions = stated_directions(folded)
    return next(iter(directions)) if len(directions) == 1 else None


def conversation_direction(folded_texts: Sequence[str]) -> Direction | None:
    """The latest single direction the prospect stated, oldest message first."""
    direction = None
    for text in folded_texts:
        direction = stated_direction(text) or direction
    return direction


def offered_direction(folded_agent_texts: Sequence[str]) -> Direction | None:
    """Buy or rent, from what the latest listings the agent offered cost (monthly rent or sale price).

    Weaker than anything the prospect says: used only when the prospect never stated a direction (an SGD
    dialogue whose "buy" fell out of the visible turns, "show me what you have in Fremont").
    """
    for text in reversed(folded_agent_texts):
        if _AGENT_LISTING_ADVICE.search(text):
            return None
        rent, sale = _AGENT_RENT.search(text) is not None, _AGENT_SALE.search(text) is not None
        if rent != sale:
            return Direction.RENT if rent else Direction.BUY
    return None


def intent_for(direction: Direction) -> Intent:
    return _INTENTS[direction]


def renting_now(folded: str) -> bool:
    return _RENTING_NOW.search(folded) is not None


def seeks_rental(folded: str) -> bool:
    """Any word of renting, once a renter today's own lease and landlord are set aside."""
    return _RENTAL_TALK.search(_RENTING_NOW.sub(" ", folded)) is not None


def talks_selling(folded: str) -> bool:
    """Selling or a home's value anywhere in the text, except a listing someone else sent."""
    for match in _SELLING_TALK.finditer(folded):
        own = folded.startswith(" agreement", match.end())
        before = folded[max(0, match.start() - 40) : match.start()]
        if match.group(0).startswith("list") and not own and _SOMEONE_ELSES.search(before):
            continue
        return True
    return False


__all__ = [
    "Direction",
    "conversation_direction",
    "intent_for",
    "offered_direction",
    "seeks_rental",
    "stated_direction",
    "stated_directions",
    "talks_selling",
]
