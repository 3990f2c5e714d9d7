"""English or Spanish, from function words: prospects' texts are short, informal and often unaccented."""

from __future__ import annotations

import re

from ghl_real_estate_ai.domain.taxonomy import Language

_WORD = re.compile(r"[a-záéíóúñü']+")
_SPANISH = frozenset(
    """
    el la los las un una unos unas de del que y en por para con sin es son está están estoy estamos
    tengo tenemos tiene quiero queremos busco buscamos buscando necesito necesitamos me mi mis nos
    nuestro nuestra su sus pero muy más también porque cuando donde dónde cómo como qué cuál hola gracias
    buenas buenos días tardes noches casa casas recámaras recamaras habitaciones cuartos baños precio
    dinero mil millón esposo esposa familia hijos ahora todavía ya si sí no señor señora usted ustedes
    vender comprar rentar alquilar dólares mes meses año años próximo proxima próxima semana ahorita
    """.split()
)
_ENGLISH = frozenset(
    """
    the a an and or of to in on for with without is are am was were be been we i you my our your it this
    that what when where how which do does did not don't can can't could would should will just looking
    want need have has had house home bedroom bedrooms bath baths price budget thanks hi hello please
    """.split()
)


def detect_language(text: str) -> Language:
    words = _WORD.findall(text.lower())
    spanish = sum(word in _SPANISH for word in words) + 2 * sum(ch in "ñ¿¡" for ch in text)
    english = sum(word in _ENGLISH for word in words)
    return Language.ES if spanish > english else Language.EN
