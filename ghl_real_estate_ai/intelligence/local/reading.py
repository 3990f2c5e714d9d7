"""Intent rules that need evidence the classifiers do not weigh: opt-outs, short replies, direction.

Each rule asks for explicit words before it lets a label stand:
- `not_interested` from an opt-out needs opt-out language ("STOP", "remove me", "no me interesa"); a short
  reply ("k", "no", "maybe") without it is never an opt-out;
- an acknowledgement takes the conversation's reading ("ok sounds good, call me tmrw at 5" is no financing
  question);
- `sell_property` and `home_valuation` need selling or valuation words somewhere in the conversation
  ("We already work with my brother in law, he's a realtor" says neither);
- `rental_search` needs rental words: a renter today who wants to buy is a buyer;
- `investment` needs words of investing (rental income, flips, units, cap rate): "hi i want to purchase a
  property in sunnyvale" is a buyer;
- a follow-up that states no direction inherits the conversation's (`state.py`: the one the prospect set
  earlier, "I need 2 baths" after "I'm looking to buy a house in Fremont", or, when the prospect never said,
  buy or rent from what the listings the agent offered cost).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ghl_real_estate_ai.domain.analysis import Scored
from ghl_real_estate_ai.domain.conversation_state import ConversationState, Direction, DirectionSource
from ghl_real_estate_ai.domain.taxonomy import Intent
from ghl_real_estate_ai.intelligence.local.classifier import Prediction
from ghl_real_estate_ai.intelligence.local.direction import (
    intent_for,
    seeks_rental,
    stated_direction,
    stated_directions,
    talks_selling,
)
from ghl_real_estate_ai.intelligence.local.replies import is_acknowledgement, is_opt_out, shows_disinterest
from ghl_real_estate_ai.intelligence.local.state import inherited_direction

OPT_OUT_CONFIDENCE = 0.9
SHORT_REPLY_WORDS = 3
# Labels a stated or inherited direction may replace: the ones that are themselves a direction.
_DIRECTIONAL = {Intent.PROPERTY_SEARCH, Intent.RENTAL_SEARCH, Intent.SELL_PROPERTY}
_WORD = re.compile(r"\w+")
# What an investor talks about; buying "a property" is no investment by itself.
_INVESTING = re.compile(
    r"\b(?:invest\w*|inversion\w*|invertir|rental income|cash ?flow\w*|cap rates?|roi|rent roll"
    r"|rent (?:it|them) out|tenants?|inquilinos?|flip\w*|revender|remodelar|fix and flip|brrrr|airbnb|vrbo"
    r"|short[- ]term rentals?|str|portfolio|duplex\w*|triplex\w*|fourplex\w*|quadplex\w*|multi-?family"
    r"|\d+[- ]units?|units|income propert\w*|passive income|landlord(?:ing)?|commercial|comercial"
    r"|zon(?:ed|ing)|develop\w*|self[- ]storage|warehouse|storefront|retail|office space|negocio)\b"
)


@dataclass(frozen=True)
class Reading:
    """One message as the rules see it: folded (lowercase, no accents), with the prospect's earlier ones."""

    message: str
    prospect: list[str]
    conversation: str
    has_context: bool
    prior: ConversationState = field(default_factory=ConversationState)
    # The turn just before this message is the agent's (a listing sent, a question asked).
    agent_spoke_last: bool = False
    acknowledgement: bool = field(init=False)
    short: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "acknowledgement", is_acknowledgement(self.message))
        object.__setattr__(self, "short", len(_WORD.findall(self.message)) <= SHORT_REPLY_WORDS)

    @property
    def everything(self) -> str:
        return f"{self.conversation} {self.message}"


def read_intent(reading: Reading, prediction: Prediction) -> Scored[Intent] | None:
    """The intent the rules decide, or None to keep the classifiers' reading."""
    if is_opt_out(reading.message):
        confidence = max(prediction.probability(Intent.NOT_INTERESTED), OPT_OUT_CONFIDENCE)
        return Scored[Intent](label=Intent.NOT_INTERESTED, probability=confidence)
    best = Intent(prediction.best)
    if best is Intent.NOT_INTERESTED and (
        reading.acknowledgement or reading.short or not shows_disinterest(reading.message)
    ):
        best = _runner_up(prediction, exclude={Intent.NOT_INTERESTED})
    # The state is what the conversation established before this message; this message may change it.
    state = inherited_direction(reading.prior, best)
    if best is Intent.FINANCING_INQUIRY and reading.acknowledgement:
        best = intent_for(state) if state else Intent.GENERAL_INQUIRY
    if best in (Intent.SELL_PROPERTY, Intent.HOME_VALUATION) and not talks_selling(reading.everything):
        best = intent_for(state) if state else Intent.PROPERTY_SEARCH
    if best is Intent.INVESTMENT and not _INVESTING.search(reading.everything):
        best = intent_for(state) if state else Intent.PROPERTY_SEARCH
    # Only a first message: later turns of a rental chat ("schedule my visit") need no rental words.
    first_message = len(reading.prospect) == 1
    if best is Intent.RENTAL_SEARCH and first_message and not seeks_rental(reading.everything):
        best = intent_for(state) if state else Intent.PROPERTY_SEARCH
    own = stated_direction(reading.message)
    if best in _DIRECTIONAL and own is not None and _changes_mind(reading.prior, own):
        # "actually I'd rather buy" after "rent for now": the prospect's new word wins over the old words.
        best = intent_for(own)
    elif best in _DIRECTIONAL and state is not None and _inherits(reading, state):
        best = intent_for(state)
    if best is Intent(prediction.best):
        return None
    return Scored[Intent](
        label=best, probability=max(prediction.probability(best), 1 - prediction.confidence)
    )


def _changes_mind(prior: ConversationState, own: Direction) -> bool:
    # Only against a direction the prospect stated: a first message's words are weighed by the rules above.
    return prior.direction_source is DirectionSource.PROSPECT and prior.direction not in (None, own)


def _inherits(reading: Reading, state: Direction) -> bool:
    # A message that states a direction of its own decides for itself.
    return not stated_directions(reading.message)


def _runner_up(prediction: Prediction, exclude: set[Intent]) -> Intent:
    ranked = sorted(zip(prediction.labels, prediction.probabilities, strict=True), key=lambda pair: -pair[1])
    for label, _ in ranked:
        if Intent(label) not in exclude:
            return Intent(label)
    return Intent.GENERAL_INQUIRY


__all__ = ["OPT_OUT_CONFIDENCE", "Reading", "read_intent"]
