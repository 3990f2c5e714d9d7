"""Objection handling content, in both languages the engine reads.

Written as coaching for the agent (what to do), not as scripts to paste: agents keep their own voice.
"""

from __future__ import annotations

from dataclasses import dataclass

from ghl_real_estate_ai.domain.taxonomy import Intent, Language, ObjectionType


@dataclass(frozen=True)
class Play:
    suggestions: tuple[str, ...]
    talking_points: tuple[str, ...]
    follow_up: str


OT = ObjectionType
EN, ES = Language.EN, Language.ES

OBJECTION_PLAYS: dict[tuple[ObjectionType, Language], Play] = {
    (OT.AFFORDABILITY, EN): Play(
        (
            "Acknowledge their concern and ask about their budget range",
            "Offer to show properties in different price ranges",
            "Discuss financing options available, including down-payment assistance programs",
        ),
        (
            "Monthly payment depends on price, rate, down payment and taxes: a lender can run real numbers",
            "Many buyers qualify for programs with 3-5% down",
            "Seeing a few homes at a lower price point costs nothing and clarifies trade-offs",
        ),
        "Connect them with a lender for a no-obligation payment estimate, then follow up with listings "
        "inside the comfortable range within 48 hours.",
    ),
    (OT.AFFORDABILITY, ES): Play(
        (
            "Reconozca su preocupación y pregunte qué rango de presupuesto les resulta cómodo",
            "Ofrezca mostrar propiedades en diferentes rangos de precio",
            "Explique las opciones de financiamiento, incluidos los programas de ayuda para el enganche",
        ),
        (
            "El pago mensual depende del precio, la tasa, el enganche y los impuestos",
            "Muchos compradores califican para programas con 3-5% de enganche",
            "Ver algunas casas a un precio menor no compromete a nada",
        ),
        "Póngalos en contacto con un prestamista para un cálculo de pagos sin compromiso y envíe opciones "
        "dentro del rango cómodo en 48 horas.",
    ),
    (OT.PRICE_CONCERN, EN): Play(
        (
            "Agree that value matters and ask which part of the price feels off to them",
            "Share recent comparable sales so they can judge the price on evidence",
            "Offer alternatives with similar features at a lower price, or discuss an offer strategy",
        ),
        (
            "Comparable sales, days on market and price history show how negotiable a listing is",
            "Price per square foot and condition explain most gaps between similar homes",
            "An offer below asking is possible when the data supports it",
        ),
        "Send a short comparable-sales summary for this property and two alternatives, then ask which fits.",
    ),
    (OT.PRICE_CONCERN, ES): Play(
        (
            "Reconozca que el valor importa y pregunte qué parte del precio no les convence",
            "Comparta ventas comparables recientes para juzgar el precio con datos",
            "Ofrezca alternativas parecidas a menor precio o hable de una estrategia de oferta",
        ),
        (
            "Las ventas comparables y el tiempo en el mercado muestran cuánto se puede negociar",
            "El precio por pie cuadrado y el estado explican la mayoría de las diferencias",
            "Se puede ofertar por debajo del precio si los datos lo respaldan",
        ),
        "Envíe un resumen de ventas comparables y dos alternativas, y pregunte cuál les conviene.",
    ),
    (OT.FINANCING_CONCERN, EN): Play(
        (
            "Normalise the concern and ask where they are with pre-approval",
            "Offer an introduction to a trusted lender who handles their situation (credit, down payment)",
            "Explain the loan programs that fit (FHA, VA, first-time buyer, down-payment assistance)",
        ),
        (
            "Pre-approval shows what is realistic and strengthens offers",
            "Credit scores can often be improved within a few months",
            "Down-payment assistance and seller credits reduce cash needed at closing",
        ),
        "Book a lender call this week, then review pre-approval numbers together.",
    ),
    (OT.FINANCING_CONCERN, ES): Play(
        (
            "Normalice la preocupación y pregunte si ya tienen una precalificación",
            "Ofrezca presentarles a un prestamista de confianza para su situación (crédito, enganche)",
            "Explique los programas que aplican (FHA, VA, primer comprador, ayuda para el enganche)",
        ),
        (
            "La precalificación muestra lo que es realista y fortalece las ofertas",
            "El puntaje de crédito a menudo mejora en pocos meses",
            "Hay programas de ayuda para el enganche y créditos del vendedor",
        ),
        "Agende una llamada con un prestamista esta semana y revisen juntos la precalificación.",
    ),
    (OT.TIMING, EN): Play(
        (
            "Respect their timeline and ask what needs to happen before they are ready",
            "Offer to set up a listing alert so they can watch the market without pressure",
            "If they must sell or end a lease first, map out the sequence and dates together",
        ),
        (
            "Starting early means knowing prices and neighbourhoods when the time comes",
            "Buy-and-sell timing can be bridged with contingencies or rent-backs",
            "Pre-approval lasts about 90 days, so timing it well matters",
        ),
        "Agree on a check-in date that matches their timeline and send a market update before it.",
    ),
    (OT.TIMING, ES): Play(
        (
            "Respete sus tiempos y pregunte qué tiene que pasar antes de estar listos",
            "Ofrezca alertas de propiedades para seguir el mercado sin presión",
            "Si primero deben vender o terminar un contrato, planeen juntos las fechas",
        ),
        (
            "Empezar temprano ayuda a conocer precios y zonas cuando llegue el momento",
            "Comprar y vender a la vez se puede coordinar con contingencias",
            "La precalificación dura unos 90 días, conviene planearla",
        ),
        "Acuerden una fecha de seguimiento según sus tiempos y envíe una actualización del mercado antes.",
    ),
    (OT.DECISION_MAKER, EN): Play(
        (
            "Welcome the other decision maker and offer a time when everyone can join",
            "Ask what matters most to the person who has to agree",
            "Send a short summary they can share, with photos and key numbers",
        ),
        (
            "Decisions go faster when everyone sees the same information",
            "A virtual tour or video call can include someone who cannot be there",
            "Knowing each person's must-haves avoids wasted showings",
        ),
        "Schedule a joint call or showing within the week and confirm who will attend.",
    ),
    (OT.DECISION_MAKER, ES): Play(
        (
            "Invite a la otra persona que decide y proponga un horario en que todos puedan",
            "Pregunte qué es lo más importante para quien tiene que aprobar",
            "Envíe un resumen breve que puedan compartir, con fotos y números clave",
        ),
        (
            "Se decide más rápido cuando todos ven la misma información",
            "Un recorrido virtual permite incluir a quien no puede venir",
            "Conocer lo indispensable para cada persona evita visitas inútiles",
        ),
        "Agende una llamada o visita conjunta esta semana y confirme quién asistirá.",
    ),
    (OT.EXISTING_AGENT, EN): Play(
        (
            "Respect the existing relationship and avoid criticising the other agent",
            "Ask whether they have a signed agreement and how it is going",
            "Offer to stay a resource (market data, answers) without pressure",
        ),
        (
            "Buyer agreements have terms and end dates: the prospect should check theirs",
            "Professional courtesy protects the prospect and your reputation",
            "Service gaps (slow replies, no showings) are fair to ask about",
        ),
        "Check back politely in a few weeks; if they are free to choose, offer a consultation.",
    ),
    (OT.EXISTING_AGENT, ES): Play(
        (
            "Respete la relación existente y no critique al otro agente",
            "Pregunte si firmaron un contrato y cómo les va",
            "Ofrezca seguir siendo un recurso (datos del mercado, respuestas) sin presión",
        ),
        (
            "Los contratos de representación tienen términos y fechas de vencimiento",
            "La cortesía profesional protege al cliente y su reputación",
            "Es válido preguntar por fallas de servicio (no responden, no muestran casas)",
        ),
        "Vuelva a contactar con cortesía en unas semanas; si están libres, ofrezca una consulta.",
    ),
    (OT.COMMISSION_FEES, EN): Play(
        (
            "Explain clearly what the fee covers and what they get for it",
            "Ask what fee structure they had in mind and what matters most in the service",
            "Show the net result: pricing, marketing and negotiation usually outweigh the fee",
        ),
        (
            "Commission is negotiable and should be agreed in writing",
            "Net proceeds matter more than the headline rate",
            "Marketing reach and negotiation skill affect the final price",
        ),
        "Send a net-sheet comparison with the services itemised and offer a call to walk through it.",
    ),
    (OT.COMMISSION_FEES, ES): Play(
        (
            "Explique con claridad qué cubre la comisión y qué obtienen a cambio",
            "Pregunte qué estructura de honorarios esperaban y qué servicio valoran más",
            "Muestre el resultado neto: precio, mercadeo y negociación suelen pesar más que la comisión",
        ),
        (
            "La comisión es negociable y debe acordarse por escrito",
            "Importa más lo que reciben al final que el porcentaje",
            "El alcance del mercadeo y la negociación influyen en el precio final",
        ),
        "Envíe una comparación de ganancias netas con los servicios detallados y ofrezca una llamada.",
    ),
    (OT.MARKET_CONDITIONS, EN): Play(
        (
            "Acknowledge the uncertainty and share local data on prices and rates",
            "Explain the trade-off of waiting: rates may fall but prices and competition may rise",
            "Offer to watch the market for them and flag the right moment",
        ),
        (
            "Nobody times the market perfectly; a payment that works today is the anchor",
            "Refinancing later is possible if rates fall",
            "Fewer buyers in a slow market can mean better negotiation",
        ),
        "Send a monthly local market snapshot and agree on a rate or price trigger to revisit.",
    ),
    (OT.MARKET_CONDITIONS, ES): Play(
        (
            "Reconozca la incertidumbre y comparta datos locales de precios y tasas",
            "Explique lo que implica esperar: las tasas pueden bajar pero los precios subir",
            "Ofrezca vigilar el mercado por ellos y avisar en el momento adecuado",
        ),
        (
            "Nadie adivina el mercado; un pago que funciona hoy es la referencia",
            "Se puede refinanciar después si bajan las tasas",
            "Con menos compradores se negocia mejor",
        ),
        "Envíe un resumen mensual del mercado local y acuerden cuándo volver a hablar.",
    ),
    (OT.PROPERTY_FIT, EN): Play(
        (
            "Ask what exactly did not fit: location, size, layout or condition",
            "Refine the search criteria with them and confirm the must-haves",
            "Send two or three better-matched options quickly",
        ),
        (
            "Each 'no' sharpens the search",
            "Condition issues can sometimes be priced into an offer",
            "Nearby areas may offer the same features at a better fit",
        ),
        "Update the saved search with the new criteria and send matches within a day.",
    ),
    (OT.PROPERTY_FIT, ES): Play(
        (
            "Pregunte qué no les convenció: zona, tamaño, distribución o estado",
            "Afinen juntos los criterios de búsqueda y confirme lo indispensable",
            "Envíe pronto dos o tres opciones que se ajusten mejor",
        ),
        (
            "Cada 'no' ayuda a afinar la búsqueda",
            "Algunos problemas de estado se pueden negociar en la oferta",
            "Zonas cercanas pueden ofrecer lo mismo y ajustarse mejor",
        ),
        "Actualice la búsqueda guardada con los nuevos criterios y envíe opciones en un día.",
    ),
    (OT.TRUST, EN): Play(
        (
            "Introduce yourself plainly: who you are, your brokerage and how you got their contact",
            "Respect privacy: offer to continue by the channel they prefer, or to stop",
            "Share something verifiable (license number, reviews, a useful market fact)",
        ),
        (
            "Transparency about how their information is used builds trust",
            "They can opt out at any time",
            "A helpful answer with no pitch earns the next conversation",
        ),
        "Send one useful, no-pressure message with your credentials; don't follow up more than once.",
    ),
    (OT.TRUST, ES): Play(
        (
            "Preséntese con claridad: quién es, su agencia y cómo obtuvo su contacto",
            "Respete su privacidad: ofrezca seguir por el medio que prefieran o dejar de escribir",
            "Comparta algo verificable (número de licencia, reseñas, un dato útil del mercado)",
        ),
        (
            "Ser transparente sobre el uso de sus datos genera confianza",
            "Pueden darse de baja cuando quieran",
            "Una respuesta útil sin presión abre la siguiente conversación",
        ),
        "Envíe un mensaje útil y sin presión con sus credenciales; no insista más de una vez.",
    ),
    (OT.LOW_COMMITMENT, EN): Play(
        (
            "Keep it light: browsing is fine, offer help without pressure",
            "Ask one easy question about what caught their eye",
            "Offer a listing alert or market report so they can keep exploring",
        ),
        (
            "Early research is the best time to learn neighbourhoods and prices",
            "A saved search keeps them informed with no commitment",
            "Pre-approval later will be faster with a clear picture now",
        ),
        "Set up a saved search and follow up in two weeks with something relevant.",
    ),
    (OT.LOW_COMMITMENT, ES): Play(
        (
            "Sin presión: está bien solo mirar, ofrezca ayuda",
            "Haga una pregunta sencilla sobre lo que les llamó la atención",
            "Ofrezca alertas de propiedades o un reporte del mercado",
        ),
        (
            "Investigar temprano ayuda a conocer zonas y precios",
            "Una búsqueda guardada los mantiene informados sin compromiso",
            "Con una idea clara ahora, la precalificación será más rápida después",
        ),
        "Configure una búsqueda guardada y haga seguimiento en dos semanas con algo relevante.",
    ),
}

INTENT_SUGGESTIONS: dict[tuple[Intent, Language], tuple[str, ...]] = {
    (Intent.PROPERTY_SEARCH, EN): (
        "Confirm what they're looking for and reflect it back in one sentence",
        "Offer two or three listings that match and propose a showing",
        "Ask about pre-approval to make any offer stronger",
    ),
    (Intent.RENTAL_SEARCH, EN): (
        "Confirm move-in date, monthly budget and must-haves",
        "Send matching rentals and offer viewing times",
        "Explain application requirements (income, deposit, pets) up front",
    ),
    (Intent.SELL_PROPERTY, EN): (
        "Offer a free comparative market analysis of their home",
        "Ask about their timeline and where they are moving next",
        "Propose a walk-through to discuss pricing and preparation",
    ),
    (Intent.INVESTMENT, EN): (
        "Ask about their investment goals: cash flow, appreciation or both",
        "Share rent and cap-rate figures for the areas they mentioned",
        "Clarify financing (cash, conventional, DSCR) and target returns",
    ),
    (Intent.HOME_VALUATION, EN): (
        "Offer a comparative market analysis with recent nearby sales",
        "Ask about upgrades and condition to refine the estimate",
        "Ask whether they are thinking of selling and when",
    ),
    (Intent.FINANCING_INQUIRY, EN): (
        "Answer the financing question plainly and offer a lender introduction",
        "Ask about their price range and down payment to frame options",
        "Mention assistance programs they may qualify for",
    ),
    (Intent.GENERAL_INQUIRY, EN): (
        "Answer the question directly and briefly",
        "Offer the next step (showing, call, information pack)",
        "Ask one question to learn what they are planning",
    ),
    (Intent.NOT_INTERESTED, EN): (
        "Thank them and confirm you will stop messaging",
        "Mark the contact as opted out so no automation follows up",
        "Leave the door open politely in one line, without a question",
    ),
    (Intent.PROPERTY_SEARCH, ES): (
        "Confirme lo que buscan y resúmalo en una frase",
        "Ofrezca dos o tres propiedades que coincidan y proponga una visita",
        "Pregunte por la precalificación para fortalecer cualquier oferta",
    ),
    (Intent.RENTAL_SEARCH, ES): (
        "Confirme fecha de mudanza, presupuesto mensual e indispensables",
        "Envíe rentas que coincidan y ofrezca horarios de visita",
        "Explique desde el inicio los requisitos (ingresos, depósito, mascotas)",
    ),
    (Intent.SELL_PROPERTY, ES): (
        "Ofrezca un análisis comparativo de mercado gratuito de su casa",
        "Pregunte por sus tiempos y a dónde se mudan",
        "Proponga una visita para hablar de precio y preparación",
    ),
    (Intent.INVESTMENT, ES): (
        "Pregunte por sus metas: flujo de efectivo, plusvalía o ambas",
        "Comparta rentas y rendimientos de las zonas que mencionaron",
        "Aclare el financiamiento (contado, convencional) y el rendimiento esperado",
    ),
    (Intent.HOME_VALUATION, ES): (
        "Ofrezca un análisis comparativo con ventas cercanas recientes",
        "Pregunte por mejoras y estado de la casa para afinar el valor",
        "Pregunte si piensan vender y cuándo",
    ),
    (Intent.FINANCING_INQUIRY, ES): (
        "Responda con claridad y ofrezca presentarles a un prestamista",
        "Pregunte por su rango de precio y enganche",
        "Mencione programas de ayuda para los que podrían calificar",
    ),
    (Intent.GENERAL_INQUIRY, ES): (
        "Responda la pregunta de forma directa y breve",
        "Ofrezca el siguiente paso (visita, llamada, información)",
        "Haga una pregunta para conocer sus planes",
    ),
    (Intent.NOT_INTERESTED, ES): (
        "Agradezca y confirme que dejará de escribir",
        "Marque el contacto como dado de baja para que no haya seguimientos automáticos",
        "Deje la puerta abierta con cortesía, sin hacer preguntas",
    ),
}


def objection_play(objection: ObjectionType, language: Language) -> Play:
    return OBJECTION_PLAYS[(objection, language)]


def intent_suggestions(intent: Intent, language: Language) -> tuple[str, ...]:
    return INTENT_SUGGESTIONS[(intent, language)]
