"""Live coaching's group commit: concurrent answers are stored in shared transactions, each published
only once its rows have committed, and one answer's fault or refusal stays its own."""

from __future__ import annotations

import asyncio

from sqlalchemy import event

from ghl_real_estate_ai.domain.requests import CoachingRequest, ConversationContext
from ghl_real_estate_ai.intelligence.batching import MicroBatcher
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.services.analysis_service import AnalysisService, RevisionEvent, TenantScope
from ghl_real_estate_ai.services.answer_commit import AnswerCommit
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.repositories import AnalysisRepository, ConversationRepository
from tests.conftest import Tenant, make_tenant

MESSAGES = [
    "We're looking for a 3 bedroom house with a yard for our kids",
    "Is the price negotiable? It seems high for the area",
    "My husband needs to see it before we decide",
    "We need to move within 2 weeks, lease is ending",
]
AGENTS = 24


class StoredBeforePublished:
    """A publisher that, for every event, reads the answer back through a connection of its own."""

    def __init__(self, database: Database, location_id: str) -> None:
        self.database = Database(database.url)
        self.location_id = location_id
        self.events: list[RevisionEvent] = []
        self.unstored: list[str] = []

    async def publish(self, event: RevisionEvent) -> None:
        self.events.append(event)
        async with self.database.session() as session:
            rows = await AnalysisRepository(session, self.location_id).revisions(event.analysis_id)
        if not rows:
            self.unstored.append(event.analysis_id)


def request(index: int) -> CoachingRequest:
    return CoachingRequest(
        agent_id=f"agent_{index}",
        conversation_context=ConversationContext(lead_id=f"lead_{index}"),
        prospect_message=MESSAGES[index % len(MESSAGES)],
    )


def count_commits(database: Database) -> list[int]:
    commits = [0]

    @event.listens_for(database.engine.sync_engine, "commit")
    def counted(_connection: object) -> None:
        commits[0] += 1

    return commits


async def allow(_scope: TenantScope) -> bool:
    return True


class TestLiveCoaching:
    async def test_concurrent_answers_share_transactions_and_each_is_published_after_it_is_stored(
        self, local_engine: LocalEngine, database: Database, tenant: Tenant
    ) -> None:
        publisher = StoredBeforePublished(database, tenant.location_id)
        service = AnalysisService(MicroBatcher(local_engine), database=database, publisher=publisher)
        commits = count_commits(database)
        answers = await asyncio.gather(
            *(service.live_coaching(tenant.location_id, request(i), allow) for i in range(AGENTS))
        )
        assert all(answer is not None and answer.suggestions for answer in answers)
        assert sorted(e.analysis_id for e in publisher.events) == sorted(a.analysis_id for a in answers if a)
        assert publisher.unstored == []
        await publisher.database.dispose()
        # One short read per answer (its stored history), and the writes grouped: fewer than one each.
        assert commits[0] < 2 * AGENTS, commits[0]
        async with database.session() as session:
            conversations = ConversationRepository(session, tenant.location_id)
            for i in range(AGENTS):
                conversation = await conversations.find_conversation(f"lead-lead_{i}")
                assert conversation is not None
                bodies = [m.body for m in await conversations.messages(conversation.id)]
                assert bodies == [MESSAGES[i % len(MESSAGES)]]

    async def test_the_answer_equals_the_one_read_one_at_a_time(
        self, local_engine: LocalEngine, database: Database, tenant: Tenant
    ) -> None:
        service = AnalysisService(MicroBatcher(local_engine), database=database)
        together = await asyncio.gather(
            *(service.live_coaching(tenant.location_id, request(i), allow) for i in range(8))
        )
        # The same messages in a location of their own, one request at a time through the HTTP door.
        other = await make_tenant(database)
        alone = AnalysisService(local_engine, database=database)
        for i, answer in enumerate(together):
            async with database.session() as session:
                single = await alone.real_time_coaching(TenantScope(session, other.location_id), request(i))
            assert answer is not None
            apart = {"analysis_id", "processing_time_ms"}  # new per answer, and timed
            assert answer.model_dump(exclude=apart) == single.model_dump(exclude=apart)

    async def test_a_refused_answer_is_neither_stored_nor_published_and_the_others_are(
        self, local_engine: LocalEngine, database: Database, tenant: Tenant
    ) -> None:
        publisher = StoredBeforePublished(database, tenant.location_id)
        service = AnalysisService(MicroBatcher(local_engine), database=database, publisher=publisher)

        async def refuse(_scope: TenantScope) -> bool:
            return False

        answers = await asyncio.gather(
            *(
                service.live_coaching(tenant.location_id, request(100 + i), refuse if i == 3 else allow)
                for i in range(6)
            )
        )
        assert answers[3] is None
        assert all(answer is not None for i, answer in enumerate(answers) if i != 3)
        assert len(publisher.events) == 5 and publisher.unstored == []
        await publisher.database.dispose()
        async with database.session() as session:
            refused = await ConversationRepository(session, tenant.location_id).find_conversation(
                "lead-lead_103"
            )
        assert refused is None


class TestAnswerCommit:
    async def test_a_failing_answer_fails_alone_and_the_rest_of_its_group_commits(
        self, database: Database, tenant: Tenant
    ) -> None:
        writes = AnswerCommit(database)

        async def store(scope: TenantScope, index: int) -> int:
            conversations = ConversationRepository(scope.session, scope.location_id)
            conversation, _ = await conversations.conversation(f"group-{tenant.location_id}-{index}")
            conversations.add_message(conversation.id, "prospect", f"message {index}")
            await scope.session.flush()
            if index == 2:
                raise RuntimeError("this answer cannot be stored")
            return index

        outcomes = await asyncio.gather(
            *(writes.write(tenant.location_id, lambda s, i=i: store(s, i)) for i in range(5)),
            return_exceptions=True,
        )
        assert isinstance(outcomes[2], RuntimeError)
        assert [o for i, o in enumerate(outcomes) if i != 2] == [0, 1, 3, 4]
        async with database.session() as session:
            conversations = ConversationRepository(session, tenant.location_id)
            stored = [
                await conversations.find_conversation(f"group-{tenant.location_id}-{i}") for i in range(5)
            ]
        assert [c is not None for c in stored] == [True, True, False, True, True]

    async def test_a_lone_answer_is_written_at_once(self, database: Database, tenant: Tenant) -> None:
        writes = AnswerCommit(database)
        commits = count_commits(database)

        async def store(scope: TenantScope) -> str:
            conversations = ConversationRepository(scope.session, scope.location_id)
            await conversations.conversation(f"lone-{tenant.location_id}")
            return "stored"

        assert await writes.write(tenant.location_id, store) == "stored"
        assert commits[0] == 1
        assert writes.queued == 0
