"""English or Spanish, from the words of short, informal, often unaccented texts.

A word votes only when it belongs to one language: "me", "no", "a", "son", "come", "has" are words of
both and say nothing, so "Stop texting me" is English. Accents, "ñ" and inverted marks vote Spanish.
A message too short to decide ("k", "👍", "ok", "sí o no?") leaves the decision to what the prospect
wrote before, then to the agent's turns, then to English; a Spanglish message goes to the language most
of its words are in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ghl_real_estate_ai.domain.taxonomy import Language
from ghl_real_estate_ai.intelligence.local.preferences.text import fold

_WORD = re.compile(r"[a-z0-9']+")
# Words of one language only (folded: no accents). Frequent function words first, then the words of
# this trade and of texting.
_SPANISH = frozenset(
    """
    el la los las un una unos unas del que en por para con sin es esta estan estoy estamos
    tengo tenemos tiene tienen quiero queremos quisiera busco buscamos buscando necesito necesitamos
    necesita mi mis nos nuestro nuestra nuestros su sus pero muy mas tambien porque cuando donde como
    cual cuales hola gracias buenas buenos dias tardes noches casa casas recamaras recamara habitaciones
    habitacion cuartos cuarto banos bano precio dinero mil millon millones esposo esposa familia hijos
    hijo hija ahora todavia ya si señor senor señora senora usted ustedes vender venta comprar compra
    rentar renta alquilar alquiler dolares mes meses ano anos proximo proxima semana ahorita vale claro
    bueno buena perfecto listo manana hoy pasado llamar llamame llameme escribir mensaje favor puede
    podemos podria quisieramos tambien entonces aqui alla eso esto ese esta estos esas hay ser estar
    hacer hace tener ir vamos voy vas fue era soy eres somos fin ningun ninguna nada algo alguien
    zona cerca lejos cochera garaje piscina alberca escuela escuelas barrio colonia vecindario
    credito hipoteca enganche prestamo aprobado aprobados preaprobado preaprobados efectivo contado
    interesa interesado interesada interesados disponible cita visita verla verlo ver quiere quieren
    dijo digo decir gustaria gusta encanta tal vez quizas pues oye mira okey orale mande
    cuanto cuanta cuantos cuantas caro cara barato barata grande pequena chica nueva nuevo
    presupuesto maximo minimo pase pasar trabajo trabajamos mudarnos mudar mudanza antes despues
    luego tarde temprano siempre nunca solo sola juntos mejor peor otro otra otros tambien ademas
    numero equivocado dejen deje moleste molesten envien manden favor porfa porfavor xfa gracias
    lunes martes miercoles jueves viernes sabado domingo enero febrero marzo abril mayo junio julio
    agosto septiembre octubre noviembre diciembre verano invierno primavera otono navidad
    """.split()
)
_ENGLISH = frozenset(
    """
    the an and or of to in on for with without is are am was were be been being we i you my our your
    it its this that these those what when where how which who why do does did not don't can can't
    could would should will won't just looking look want wants need needs have had house home homes
    bedroom bedrooms bed beds bath baths bathroom bathrooms price budget thanks thank hi hello hey
    please yes yeah yep yup nope sure okay k kk sounds sound good great cool awesome fine perfect call
    calling text texting txt message works work working tomorrow today tonight morning afternoon evening
    week weekend month year maybe probably later soon now then there here they them their he she his
    her him us me we're i'm i'll we'll you're it's that's let's get got go going gonna wanna buy buying
    sell selling rent renting lease move moving looking find show showing see seeing visit tour schedule
    available still any some all more less than about around under over max up down out off from by at
    if but so because since until after before again also too very really much many most few lot lots
    like love know think sure wait waiting ready approved preapproved cash loan mortgage lender agent
    realtor wife husband kids family school schools area near close far yard garage pool kitchen office
    stop remove unsubscribe wrong number interested leave alone thx ty pls plz np lol omg btw idk
    sat sun mon tue tues wed thu thurs fri january february march april may june july august september
    october november december spring summer fall winter christmas asap tmrw tmr u ur rn bc cuz
    """.split()
)
# "ok", "no", "si" are typed in both; a weaker vote keeps a lone "ok" from deciding a Spanish chat.
_WEAK = {"ok": (0.3, 0.0), "si": (0.0, 0.6), "y": (0.0, 0.5), "no": (0.0, 0.0), "me": (0.0, 0.0)}
_SPANISH_MARKS = re.compile(r"[ñáéíóú]")
_INVERTED_MARKS = re.compile(r"[¿¡]")
_RAW_WORD = re.compile(r"[a-z0-9'ñáéíóúü]+")
# How many votes ahead one language must be before a message decides on its own.
DECISIVE_MARGIN = 1.0


@dataclass(frozen=True)
class Evidence:
    english: float
    spanish: float

    def __add__(self, other: Evidence) -> Evidence:
        return Evidence(self.english + other.english, self.spanish + other.spanish)

    def scaled(self, factor: float) -> Evidence:
        return Evidence(self.english * factor, self.spanish * factor)

    @property
    def margin(self) -> float:
        return abs(self.english - self.spanish)

    @property
    def language(self) -> Language:
        return Language.ES if self.spanish > self.english else Language.EN


NO_EVIDENCE = Evidence(0.0, 0.0)


def evidence(text: str) -> Evidence:
    english = spanish = 0.0
    for token in _RAW_WORD.findall(text.lower()):
        word = fold(token)
        if word in _WEAK:
            en, es = _WEAK[word]
            english, spanish = english + en, spanish + es
        elif word in _SPANISH:
            # A Spanish word votes once, accented or not ("está" is one vote, not a word and a mark).
            spanish += 1
        elif word in _ENGLISH:
            english += 1
        elif _SPANISH_MARKS.search(token):
            spanish += 1.5
    spanish += 1.5 * len(_INVERTED_MARKS.findall(text))
    return Evidence(english, spanish)


def detect_language(text: str) -> Language:
    """The language of one text on its own (English when nothing decides)."""
    return evidence(text).language


def conversation_language(
    message: str, earlier_prospect: Sequence[str] = (), agent_turns: Sequence[str] = ()
) -> Language:
    """The prospect's language: this message if it decides, else their recent messages, else the agent's."""
    reading = evidence(message)
    # A Spanglish message ("around 300k, tenemos el enganche ready") is weighed with the prospect's
    # earlier messages: coaching follows the language they mostly write in.
    mixed = min(reading.english, reading.spanish) >= 1.0
    if reading.margin >= DECISIVE_MARGIN and not (mixed and earlier_prospect):
        return reading.language
    for text in reversed(earlier_prospect[-3:]):
        reading = reading + evidence(text)
        if reading.margin >= DECISIVE_MARGIN:
            return reading.language
    for text in reversed(agent_turns[-2:]):
        reading = reading + evidence(text).scaled(0.5)
    return reading.language


__all__ = ["Evidence", "conversation_language", "detect_language", "evidence"]
