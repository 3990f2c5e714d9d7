"""Objection types that stand only with their own words, and a runner-up that carries its words."""

from __future__ import annotations

import pytest

from ghl_real_estate_ai.domain.taxonomy import ObjectionType
from ghl_real_estate_ai.intelligence.local.objection_evidence import evidenced, supported


class TestTypesNeedTheirWords:
    @pytest.mark.parametrize(
        ("objection", "message"),
        [
            (ObjectionType.AFFORDABILITY, "we're preapproved up to 500k but want to stay around 450"),
            (ObjectionType.TRUST, "call me at 713 555 0199 after 6"),
            (ObjectionType.TIMING, "next june probably"),
        ],
    )
    def test_a_calm_fact_raises_no_objection_of_that_kind(
        self, objection: ObjectionType, message: str
    ) -> None:
        assert not supported(objection, message)

    @pytest.mark.parametrize(
        ("objection", "message"),
        [
            (ObjectionType.AFFORDABILITY, "oof. 3350?? idk if we can swing that honestly"),
            (ObjectionType.AFFORDABILITY, "con lo del seguro y los impuestos no nos alcanza"),
            (ObjectionType.TRUST, "is this an actual person or a bot?"),
            (ObjectionType.TRUST, "¿es usted agente de verdad? mandeme su numero de licencia"),
            (ObjectionType.TIMING, "not ready yet, maybe after the kids finish school"),
            (ObjectionType.TIMING, "no antes del proximo verano"),
        ],
    )
    def test_the_words_of_a_kind_let_it_stand(self, objection: ObjectionType, message: str) -> None:
        assert supported(objection, message)


class TestEvidencedRunnerUp:
    def test_fees_named_outright_are_evidence_of_a_fee_objection(self) -> None:
        message = "i dont see why i should pay someone 5 figures to put my house on zillow"
        assert evidenced(ObjectionType.COMMISSION_FEES, message)

    @pytest.mark.parametrize(
        "message", ["hoa fees are too much for us", "the closing fees seem crazy", "pet fees are insane"]
    )
    def test_what_a_home_costs_to_keep_is_no_agents_fee(self, message: str) -> None:
        assert not supported(ObjectionType.COMMISSION_FEES, message)

    def test_a_type_without_a_rule_is_supported_but_never_evidenced(self) -> None:
        assert supported(ObjectionType.MARKET_CONDITIONS, "ok")
        assert not evidenced(ObjectionType.MARKET_CONDITIONS, "ok")


class TestDecisionMakerNeedsSomeoneElse:
    def test_liking_it_alone_names_no_one_who_decides(self) -> None:
        assert not supported(ObjectionType.DECISION_MAKER, "i like it")

    def test_a_spouse_who_must_see_it_does(self) -> None:
        assert supported(ObjectionType.DECISION_MAKER, "my wife has to see it first")
