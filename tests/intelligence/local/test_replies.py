"""Opt-outs need explicit words; acknowledgements are read in context (the tested lists of issue 12)."""

from __future__ import annotations

import pytest

from ghl_real_estate_ai.domain.conversation import AnalysisRequest, ConversationTurn
from ghl_real_estate_ai.domain.taxonomy import Intent, Speaker
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.intelligence.local.preferences.text import fold
from ghl_real_estate_ai.intelligence.local.replies import is_acknowledgement, is_bare_opt_out, is_opt_out

OPT_OUTS = [
    "STOP",
    "stop",
    "Stop texting me. Remove me from your list",
    "unsubscribe",
    "wrong number",
    "please take me off your list",
    "lose my number",
    "do not contact me again",
    "don't text me",
    "we're not interested",
    "no longer interested, thanks",
    "quit sending me postcards",
    "No me interesa",
    "no me interesa, gracias",
    "Número equivocado",
    "no me escriban más",
    "dejen de mandarme mensajes",
    "déjeme en paz",
    "ya no estamos buscando",
    "bórrenme de su lista",
]
ACKNOWLEDGEMENTS = [
    "k",
    "kk",
    "ok",
    "Ok!",
    "yes",
    "yep",
    "sure",
    "sí",
    "si",
    "vale",
    "claro",
    "perfecto",
    "👍",
    "👌🙏",
    "sat works",
    "saturday works for me",
    "maybe",
    "ok sounds good, call me tmrw at 5",
    "thanks!",
    "gracias",
    "sounds good see you then",
    "nos vemos el sábado",
    "Thank you, I'm all set now.",
]
NEITHER = [
    "can we stop by the open house saturday?",
    "not interested in condos, only houses",
    "no me interesa el condo, prefiero casa",
    "I can't stop thinking about that kitchen",
    "we need 3 bedrooms in Katy",
    "no",
]


class TestOptOuts:
    @pytest.mark.parametrize("message", OPT_OUTS)
    def test_explicit_opt_out_language_is_an_opt_out(self, message: str) -> None:
        assert is_opt_out(fold(message))

    @pytest.mark.parametrize("message", ACKNOWLEDGEMENTS + NEITHER)
    def test_nothing_else_is(self, message: str) -> None:
        assert not is_opt_out(fold(message))

    def test_an_opt_out_with_a_reason_is_not_bare(self) -> None:
        assert is_bare_opt_out(fold("Who is this? Wrong number"))
        assert not is_bare_opt_out(fold("my brother is a realtor, im all set. unsubscribe"))


class TestAcknowledgements:
    @pytest.mark.parametrize("message", ACKNOWLEDGEMENTS)
    def test_assent_thanks_hedges_and_callback_times_are_acknowledgements(self, message: str) -> None:
        assert is_acknowledgement(fold(message))

    @pytest.mark.parametrize("message", OPT_OUTS + NEITHER[:-1])
    def test_requests_and_opt_outs_are_not(self, message: str) -> None:
        assert not is_acknowledgement(fold(message))


class TestInTheEngine:
    @pytest.mark.parametrize("message", ACKNOWLEDGEMENTS)
    def test_no_acknowledgement_is_read_as_an_opt_out(self, local_engine: LocalEngine, message: str) -> None:
        context = [
            ConversationTurn(speaker=Speaker.PROSPECT, message="we want to buy a 3 bed house in Plano"),
            ConversationTurn(speaker=Speaker.AGENT, message="Great! Can I send you a few listings?"),
        ]
        reading = local_engine.analyze_now(AnalysisRequest(message=message, context=context))
        assert reading.primary_intent.label is not Intent.NOT_INTERESTED
        assert reading.objection is None
