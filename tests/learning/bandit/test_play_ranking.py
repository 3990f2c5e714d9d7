"""Agents' use reorders plays for their own location only, on SQLite and PostgreSQL."""

from __future__ import annotations

import random

from ghl_real_estate_ai.domain.taxonomy import Language, ObjectionType
from ghl_real_estate_ai.intelligence.coaching.playbook import objection_play
from ghl_real_estate_ai.learning.bandit import PlayCounts, order_plays, play_id
from ghl_real_estate_ai.services.play_ranking_service import PlayRankingService
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.play_feedback_repository import SqlFeedbackStats
from tests.conftest import make_tenant

CONTEXT = ObjectionType.PRICE_CONCERN.value
PLAYS = list(objection_play(ObjectionType.PRICE_CONCERN, Language.EN).suggestions)
A, B = PLAYS[0], PLAYS[1]


class TestFeedbackSimulation:
    async def test_when_agents_keep_using_b_over_a_b_moves_ahead_for_that_location_only(
        self, database: Database
    ) -> None:
        busy, other = await make_tenant(database, "Busy"), await make_tenant(database, "Other")
        agents = random.Random(3)
        for _ in range(40):  # 40 coaching moments: both plays shown, agents pick B four times in five
            async with database.session() as session:
                ranking = PlayRankingService(SqlFeedbackStats(session))
                await ranking.shown(busy.location_id, CONTEXT, [A, B])
                await ranking.used(busy.location_id, CONTEXT, B if agents.random() < 0.8 else A)
        async with database.session() as session:
            ranking = PlayRankingService(SqlFeedbackStats(session), random.Random(0))
            here = await ranking.order(busy.location_id, CONTEXT, PLAYS)
            there = await ranking.order(other.location_id, CONTEXT, PLAYS)
            sampled = [
                (await ranking.order(busy.location_id, CONTEXT, [A, B], mode="thompson"))[0].text
                for _ in range(50)
            ]
        assert [p.text for p in here].index(B) < [p.text for p in here].index(A)
        assert here[0].text == B
        assert "times shown" in here[0].explanation
        assert [p.text for p in there] == PLAYS  # no evidence there: the playbook's order
        assert there[0].explanation == "not shown yet: playbook order"
        assert sampled.count(B) > 40  # Thompson sampling still mostly puts B first


class TestPrior:
    def test_one_use_moves_a_play_up_but_the_prior_keeps_its_rate_modest(self) -> None:
        counts = {play_id(B): PlayCounts(shown=1, used=1), play_id(A): PlayCounts(shown=1, used=0)}
        ranked = order_plays([A, B, PLAYS[2]], counts)
        assert ranked[0].text == B
        assert ranked[0].use_rate < 0.5  # 1 use in 1 showing reads as 2.2 in 5 with the prior

    def test_equal_evidence_keeps_the_written_order(self) -> None:
        counts = {play_id(t): PlayCounts(shown=10, used=3) for t in PLAYS}
        assert [p.text for p in order_plays(PLAYS, counts)] == PLAYS
