"""What a message judges: a listing the agent sent, a property it names, or nothing at all.

`property_fit` and `price_concern` judge a property or its price. "Not feeling that one, the layout is
weird" after the agent sent a listing rejects it (`property_fit`, even when the classifiers are unsure);
"the price is fine but it backs right up to the highway" rejects the place, not its price. A search
stated with its requirements ("can't do stairs. 2 bed condo in Sun City under 300", "No HOA, period. 4 bed
in Georgetown, low 400s") judges nothing yet: the deal breakers are preferences, not an objection.
Costs of owning judged harsh ("property taxes there are brutal") doubt paying for it: `affordability`.

All patterns read folded text (lowercase, no accents).
"""

from __future__ import annotations

import re

# The agent's turn offers a home: a price, "here's one", "check out", "the listings I sent", "le mando
# esta casa". An address alone is not enough: "a free value report for 918 Birch St" is their own home.
_OFFERS_LISTING = re.compile(
    r"\$\s?\d|\b(?:here'?s|here is|here are|check out|what about|how about|found (?:a|one|this|\d)"
    r"|sending you|sent (?:you|over)|take a look at|just listed|new listings?|the listings?|le mando|le envio"
    r"|que le parece|mire esta|encontre (?:una|esta))\b"
)
# A reply turning the offered home down.
_REJECTS = re.compile(
    r"\b(?:pass|no thanks|no thank you|nah|nope|not feeling|not for us|not for me|not (?:a fit|right|it)"
    r"|hard no|no way|don'?t like|do not like|didn'?t like|not a fan|hate|weird|dated|rough|too (?:small"
    r"|big|far|close|old|dark|noisy|busy|tiny|cramped|much work)|tiny|cramped|backs? (?:right )?up"
    r"|no me (?:gusta|gusto|convence|convencio|sirve)|no nos (?:gusta|gusto|convence|sirve)|muy (?:chic[oa]"
    r"|chiquit[oa]|pequen[oa]|lejos|vieja?)|esta lejos|demasiado|sketchy|unsafe|ugly|not (?:our|my) (?:style"
    r"|taste|thing)|transitad[oa]|ruidos[oa]|insegur[oa]|fe[ao])\b"
)
# The price judged, unless declared fine: "the price is fine but ..." rejects the place.
_PRICE_FINE = re.compile(
    r"\b(?:price|precio)\s+(?:is|seems|looks|es|esta)\s+(?:fine|ok|okay|good|great|right|not the (?:issue"
    r"|problem)|bien|bueno)\b"
)
_PRICE_JUDGED = re.compile(
    r"\b(?:over ?priced|too (?:high|much|expensive|pricey|steep)|expensive|pricey|price[ds]?|asking"
    r"|worth|caro|cara|precio)\b"
)
# The message names a property to judge: "it", "that one", "the kitchen", "these lots", "the one on 5th",
# homes seen ("the houses we've seen", "they were all tiny"), a whole market ("everything in Round Rock").
_REFERENT = re.compile(
    r"\b(?:it(?!\s+(?:has to|needs to|must|should|would|could|'?s gotta)\b)|it'?s|that one|this one|that"
    r"|this|these|those|they|they'?re|everything|the (?:houses?|homes?|places?|ones?|condos?|townhomes?"
    r"|units?|listings?|propert(?:y|ies)|kitchen|yard|backyard|lots?|layout|location|prices?|street"
    r"|neighborhood|rooms|bedrooms|area|roof|hoa)|(?:the|that|this) \w+ ones?|ones|all (?:of them|\d)|none"
    r"|them|listings?|prices?|seen|toured|looked at|viewed|visited"
    r"|esa|ese|esta|este|la casa|el depa|las casas|vimos|visitamos)\b"
    r"|\$\s?\d"  # a price the message quotes: "$1,950 for a 1 bed w no parking"
)
_OWNING_COSTS_HARSH = re.compile(
    r"\b(?:property taxes|taxes|insurance|premiums?|impuestos|predial|seguro)\b[^.!?]{0,30}"
    r"\b(?:brutal|insane|crazy|killer|ridiculous|a lot|too (?:high|much)|so high|high|through the roof"
    r"|muy altos?|carisim[oa]s?|altisim[oa]s?)\b"
)


def offers_listing(agent_turn: str | None) -> bool:
    return agent_turn is not None and _OFFERS_LISTING.search(agent_turn) is not None


def rejects_offered_listing(message: str, agent_turn: str | None) -> bool:
    """The reply turns down the home the agent just sent, for what it is rather than what it costs."""
    if not offers_listing(agent_turn) or _REJECTS.search(message) is None:
        return False
    return _PRICE_FINE.search(message) is not None or _PRICE_JUDGED.search(message) is None


def judges_something(message: str, agent_turns: list[str]) -> bool:
    """Whether there is a property or price to object to: one the agent sent, or one the message names."""
    return any(offers_listing(turn) for turn in agent_turns) or _REFERENT.search(message) is not None


def doubts_owning_costs(message: str) -> bool:
    return _OWNING_COSTS_HARSH.search(message) is not None


__all__ = ["doubts_owning_costs", "judges_something", "offers_listing", "rejects_offered_listing"]
