"""Objection types that need their words: someone else deciding, another agent, a price, a fit, timing.

The classifiers learned that a spouse in a message often means `decision_maker`; "wife is expecting" names
a spouse and raises nothing. These two types stand only when the message says someone else must decide,
see or agree, or that an agent (or a relative who is one) is already involved.
"""

from __future__ import annotations

import re

from ghl_real_estate_ai.domain.taxonomy import ObjectionType

# On folded text (lowercase, no accents).
# Fees of the home, not of an agent ("HOA fees", "closing fees"). `re` lookbehinds are fixed-width, so
# there is one per word.
_HOME_COST_WORDS = (
    "hoa", "hoa's", "association", "closing", "pet", "application", "parking", "amenity", "amenities",
    "maintenance", "monthly", "condo",
)  # fmt: skip
_NOT_AFTER_HOME_COSTS = "".join(f"(?<!{re.escape(word)} )" for word in _HOME_COST_WORDS)

_EVIDENCE = {
    ObjectionType.DECISION_MAKER: re.compile(
        r"\b(?:discuss\w*|talk\w*|decid\w*|decision|check with"
        r"|ask(?:ing)? (?:my|our|her|him)|run it by|on board"
        r"|agree\w*|approv\w*|sign off|see it|look at it"
        r"|think (?:it over|about it)|consult\w*|sold on|convinc\w*"
        r"|get back to you|has to|have to|needs? to|wants? to"
        r"|won'?t|doesn'?t want|isn'?t sure|not sure|likes?|love"
        r"|opinion|say|together|both|look\w* (?:it )?over|look at|see|show\w*|sign\w*|ensen\w*"
        r"|mostrar\w*|firma\w*|without (?:my|our|her|him)|hablar\w*|platicar|consultar\w*|decidir\w*"
        r"|decision|ver(?:la|lo)?|opin\w*|de acuerdo|quiere|tiene que|tenemos que|convencer)\b"
    ),
    # A price objection judges a price: "overpriced", "too much for what it is", "muy caro".
    ObjectionType.PRICE_CONCERN: re.compile(
        r"\b(?:over ?priced|overpric\w*|too (?:high|much|expensive|pricey|steep)|expensive|pricey|steep|worth"
        r"|crazy|ridiculous|insane|nuts|a lot|way (?:over|more"
        r"|too|high)|more than|high|asking|price[ds]?|priced"
        r"|cost\w*|overpay\w*|low|lower|less|reduc\w*|negotiat\w*|cap|numbers|seems|comps?|zillow|redfin"
        r"|appraise\w*|robbery|rip ?off|joke|caro|cara|carisimo|muy alto|vale|precio|pagar tanto|mucho)\b"
        r"|\?\?|!!"
    ),
    # A property that does not fit is judged: "too small", "busy road", "not for us", "no yard".
    ObjectionType.PROPERTY_FIT: re.compile(
        r"\b(?:too (?:small|big|far|close|old|dark|noisy|busy|much work|tiny|cramped)|tiny|small|cramped|far"
        r"|busy|noisy|loud|dated|old|needs (?:work|too much)"
        r"|fixer|not (?:for us|for me|what|quite|right|a fit"
        r"|big enough|enough)|no (?:yard|garage|parking|space"
        r"|room|light|way)|pass|hate|don'?t like|didn'?t like"
        r"|dislike|not a fan|deal ?breaker|won'?t work|doesn'?t work|no go|nope|ugly|smell\w*|stairs|tracks"
        r"|highway|commute|flood\w*|but|muy (?:chic[oa]|pequen[oa]|lejos)|lejos|no nos gust\w*|no me gust\w*"
        r"|noise|traffic|none|only|lack\w*|missing|without|wanted"
        r"|we said|back(?:s)? (?:right )?up|brutal|issue\w*"
        r"|problem\w*|no sirve|no funciona|pero)\b"
    ),
    # Timing puts the move off: "not ready", "wait till spring", "after our lease", "must sell first".
    # An answer that only gives a date ("next june probably") raises nothing.
    ObjectionType.TIMING: re.compile(
        r"\b(?:not (?:ready|yet|now|right now|until|till|before|quite|anytime|any time|this year)|wait\w*"
        r"|later|hold(?:ing)? off|no (?:rush|hurry)|until|till|first|after|lease|next (?:year|spring|summer"
        r"|fall|winter)|few (?:more )?(?:months|years)|couple (?:of )?(?:months|years)|down the road|someday"
        r"|eventually|timing|too (?:soon|early)|premature|a while|before"
        r"|(?:at least|another|in|for) (?:\d+|a|one|two|three) (?:more )?(?:months?|years?)|can'?t"
        r"|esperar\w*|todavia no|aun no|mas adelante|no antes"
        r"|proximo (?:verano|invierno|otono|ano)|primavera"
        r"|despues|hasta|primero|el (?:proximo )?ano(?: que viene)?|contrato|un tiempo|ahorita no)\b"
    ),
    # Affordability doubts paying: "can we afford", "payments too high", "tight"; a budget stated calmly
    # ("want to stay around 450") is a preference, not a doubt.
    ObjectionType.AFFORDABILITY: re.compile(
        r"\b(?:afford\w*|can'?t|cannot|could(?:n'?t| not)|tight|stretch\w*|too (?:much|high|expensive|steep)"
        r"|payments?|monthly|mortgage|expensive|out of (?:our|my) (?:range|budget|league)|scared|worried"
        r"|nervous|struggl\w*|broke|income|salary|mak(?:e|es|ing)|earn\w*|swing|impossible|qualify|can we"
        r"|if we can|debt|bills|daycare|realistic\w*|dreaming|possible|enough|only|one income|insurance"
        r"|taxes|premiums?|cost\w*|price\w*|doable|manage|handle|over budget|no (?:nos|me) alcanza"
        r"|alcanza\w*|caro|cara|pagar|pagos?|mensualidad\w*|ingresos?|sueldo|deudas?|dificil|no podemos)\b"
    ),
    # Distrust names it: a scam, a bot, "how did you get my number"; a callback time with a number is none.
    ObjectionType.TRUST: re.compile(
        r"\b(?:scam\w*|spam\w*|bots?|robots?|automated|real person|actual person|human|who is this"
        r"|who are you|how did you get|where did you get|privacy|private|legit\w*|trust\w*|sketchy|shady"
        r"|fake|fraud\w*"
        r"|robocall\w*|stranger|my (?:info|information|data)|brokerage|licen[sc]e\w*|reviews?|references?"
        r"|pushy|salesy|sales ?pitch|catch|too good|skeptic\w*|suspicious|prove|proof|estafa\w*|fraude"
        r"|mailing list|calls|harass\w*|nonstop|confiar|confianza|quien (?:es|habla|eres)|de verdad|licencia"
        r"|permiso|llamando|llamarme|a cada rato|para que (?:necesita|quiere)|como (?:consiguio|obtuvo|tiene)"
        r"|mis datos)\b"
    ),
    # An agent's fee, not what the home costs to keep: "HOA fees are too much" judges the home's price.
    ObjectionType.COMMISSION_FEES: re.compile(
        rf"\b(?:commission\w*|{_NOT_AFTER_HOME_COSTS}fees?"
        r"|percent|pay (?:someone|you|an agent|a realtor)|figures|fsbo|by owner"
        r"|discount\w*|flat (?:fee|rate)|cut|charge\w*|negotiable|comision\w*|cobra\w*|porcentaje)\b|%"
    ),
    ObjectionType.EXISTING_AGENT: re.compile(
        r"\b(?:agents?|realtors?|brokers?|broker\w*|signed"
        r"|agreement|represent\w*|working with|work with|agente"
        r"|corredor\w*|listed with|list with|firm|team|company|license\w*|already have|ya tenemos|ya tengo)\b"
    ),
}


# Someone besides the writer, for `decision_maker`: "I like it" names no one else who must agree.
_SOMEONE_ELSE = re.compile(
    r"\b(?:wife|husband|spouse|partner|fiance\w*|boyfriend|girlfriend|hubby|mom|dad|mother|father|parents?"
    r"|family|kids|son|daughter|brother|sister|in-?laws?|co-?(?:buyer|signer)|lender|attorney|lawyer"
    r"|accountant|cpa|boss|he|she|him|her|his|they|them|their|we|us|our|both|esposo|esposa|marido|mujer"
    r"|pareja|mama|papa|papas|padres|familia|hijos?|hijas?|suegr\w*|el|ella|ellos|nosotros|los dos|ambos)\b"
)
_NEEDS_ANOTHER_PERSON = frozenset({ObjectionType.DECISION_MAKER})


def evidenced(objection: ObjectionType, folded_message: str) -> bool:
    """Whether the message carries this type's own words (a type without a rule has none to carry)."""
    pattern = _EVIDENCE.get(objection)
    return pattern is not None and _has_words(objection, pattern, folded_message)


def supported(objection: ObjectionType, folded_message: str) -> bool:
    """Whether the message carries the words this objection type needs (types without a rule always do)."""
    pattern = _EVIDENCE.get(objection)
    return pattern is None or _has_words(objection, pattern, folded_message)


def _has_words(objection: ObjectionType, pattern: re.Pattern[str], folded_message: str) -> bool:
    if pattern.search(folded_message) is None:
        return False
    return objection not in _NEEDS_ANOTHER_PERSON or _SOMEONE_ELSE.search(folded_message) is not None


__all__ = ["evidenced", "supported"]
