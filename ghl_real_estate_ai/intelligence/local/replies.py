"""Short replies: acknowledgements and opt-outs, told apart by explicit words only.

An acknowledgement ("k", "ok", "yes", "sí", "👍", "sat works", "maybe", "ok sounds good, call me tmrw at 5")
answers the agent's last turn; it says nothing about intent or objections of its own, so its reading comes
from the conversation. An opt-out needs explicit opt-out language (STOP, remove me, wrong number, no me
interesa, ...): a bare "k" or "no" never ends a lead.
"""

from __future__ import annotations

import re

# Explicit opt-out language, English and Spanish, on folded text (lowercase, no accents).
OPT_OUT = re.compile(
    r"^\W*(?:stop|alto|unsubscribe|cancel|baja|end|quit)\W*$"
    r"|\bstop (?:texting|messaging|contacting|calling|emailing|sending|bothering)\b"
    r"|\b(?:unsubscribe|opt(?:ing)? (?:me )?out|remove me|remove us|take me off|take us off|lose my number"
    r"|delete my (?:number|info)|wrong number|wrong person"
    r"|not the right person|do not (?:text|contact|call|message|email)"
    r"|don'?t (?:text|contact|call|message|email) (?:me|us)"
    r"|never (?:text|contact|call) (?:me|us)|leave me alone"
    r"|leave us alone|quit (?:texting|messaging|calling)|no longer interested|not interested(?! in\b)"
    r"|we'?re not interested|i'?m not interested|no thanks?,? not interested"
    r"|no me interesa(?! (?:el|la|los|las|un|una|ese|esa)\b)|no nos interesa(?! (?:el|la|los|las|un|una)\b)"
    r"|no estoy interesad[oa]|no estamos interesad[oa]s|ya no me interesa|numero equivocado"
    r"|se equivoco de numero|no me (?:escriba|contacte|llame"
    r"|mande|moleste)n?|no nos (?:escriba|contacte|llame)n?"
    r"|dejeme en paz|dejenme en paz|dejen de (?:escribir|mandar|enviar|llamar)\w*"
    r"|deje de (?:escribir|mandar|llamar)"
    r"|ya no (?:estamos|estoy) (?:buscando|interesad)|borr(?:en|e)me|sac(?:en|ar)me de (?:su|la|sus) lista"
    r"|no (?:me |nos )?vuelva(?:n)? a (?:escribir|llamar|contactar)"
    r"|remove (?:it|my number|this number|my info)|(?:stop|quit) (?:sending|spamming)|stop it)\b"
)
# Words of a lead who is out for a reason of their own ("we already bought", "not moving after all"). A
# classifier's `not_interested` stands only with these or an opt-out behind it.
DISINTEREST = re.compile(
    r"\b(?:already (?:bought|found|purchased|closed|signed|sold|rented|moved)|bought a (?:house|home|place)"
    r"|not (?:interested|selling|buying|looking|moving|in the market)|no longer|changed (?:our|my) minds?"
    r"|after all|staying put|decided (?:to stay|not to"
    r"|against)|never asked|not actually|no thanks|no thank you"
    r"|pass\b|off the market|not for (?:me|us) (?:anymore|right now)|ya compramos|ya encontramos|ya no"
    r"|no gracias|no vamos a|no estamos buscando|nos quedamos)"
)
# Words an acknowledgement is made of: assent, thanks, hedges, and the when/how of a callback.
_ACK_WORDS = frozenset(
    """
    k kk ok okay okey oki okie ya yes yeah yea yep yup sure yess ye aight alright right fine cool great
    good perfect awesome nice sounds sound thanks thank thx ty you got it will do works work working that
    for me see then sat saturday sun sunday mon monday tue tues tuesday wed wednesday thu thur thurs
    thursday fri friday weekend tomorrow tmrw today tonight morning afternoon evening later at am pm
    call text me us is good with maybe perhaps possibly probably idk not sure np no problem lol haha
    si vale claro listo perfecto gracias bueno buena dale sale va orale muchas entonces tal vez quizas
    quiza puede ser nos vemos manana hoy luego llamame llameme llamenos me parece bien de acuerdo okas
    en la el por tarde noche sabado domingo lunes martes miercoles jueves viernes a las and then
    all set that's thats that'll will be everything needed help your so much very again done now it i'm im
    nothing else i is a nice day bye goodbye adios hasta pronto
    """.split()
)
_TIME = re.compile(r"^\d{1,2}(?::\d{2})?(?:am|pm|ish)?$")
_TOKEN = re.compile(r"[a-z0-9:']+")
_EMOJI_ONLY = re.compile(r"^[\s\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F\u200d!.?,]+$")
MAX_ACK_WORDS = 10


def is_opt_out(folded: str) -> bool:
    """Explicit opt-out language in a folded message."""
    return OPT_OUT.search(folded) is not None


_ASSENT = frozenset(
    "k kk ok okay okey oki okie yes yeah yea yep yup sure fine cool great good perfect sounds works si vale"
    " claro listo perfecto bueno dale sale".split()
)


def is_assent(folded: str) -> bool:
    """An acknowledgement that agrees to what the agent proposed ("ok sounds good, call me tmrw at 5")."""
    return is_acknowledgement(folded) and any(word in _ASSENT for word in _TOKEN.findall(folded))


def shows_disinterest(folded: str) -> bool:
    """Opt-out language or a stated reason for being out of the market."""
    return is_opt_out(folded) or DISINTEREST.search(folded) is not None


_POLITE = frozenset("please pls plz thanks thank you thx gracias por favor porfa ok okay just the".split())
BARE_OPT_OUT_WORDS = 3


def is_bare_opt_out(folded: str) -> bool:
    """An opt-out that gives no reason ("lose my number", "Who is this? Wrong number", "no me interesa")."""
    if not is_opt_out(folded):
        return False
    rest = OPT_OUT.sub(" ", folded)
    words = [word for word in _TOKEN.findall(rest) if word not in _POLITE]
    return len(words) <= BARE_OPT_OUT_WORDS


def is_acknowledgement(folded: str) -> bool:
    """Assent, thanks, a hedge or a callback time, and nothing else ("ok sounds good, call me tmrw at 5")."""
    if not folded.strip():
        return False
    if _EMOJI_ONLY.match(folded):
        return True
    words = _TOKEN.findall(folded)
    if not words or len(words) > MAX_ACK_WORDS or is_opt_out(folded):
        return False
    return all(word in _ACK_WORDS or _TIME.match(word) for word in words)


__all__ = [
    "DISINTEREST",
    "OPT_OUT",
    "is_acknowledgement",
    "is_assent",
    "is_bare_opt_out",
    "is_opt_out",
    "shows_disinterest",
]
