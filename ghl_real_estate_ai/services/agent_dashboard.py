"""What the agent dashboard shows, read from storage: leads, a lead's live coaching, team counts.

Reads only. A token's agent sees only the conversations it had; the location's key sees all.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.coaching import CoachingResponse, RankedQuestion
from ghl_real_estate_ai.domain.dashboard import (
    CountBy,
    EngineFigures,
    LeadDetail,
    LeadList,
    LeadSummary,
    LiveCoaching,
    QualificationProgress,
    TeamSummary,
    ThreadMessage,
)
from ghl_real_estate_ai.domain.errors import NotFound
from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.taxonomy import Speaker
from ghl_real_estate_ai.intelligence.coaching.composer import CoachingComposer
from ghl_real_estate_ai.intelligence.qualification.lead_progress import lead_progress
from ghl_real_estate_ai.observability.percentile import percentile
from ghl_real_estate_ai.services.claude_action_planner import action_view
from ghl_real_estate_ai.services.read_audit import audit_read, reader
from ghl_real_estate_ai.services.scope import TenantScope
from ghl_real_estate_ai.services.stored_coaching import stored_coaching
from ghl_real_estate_ai.storage.action_repository import ActionRepository, as_utc
from ghl_real_estate_ai.storage.coaching_reads import CoachingReads
from ghl_real_estate_ai.storage.models import Analysis, Contact

THREAD_LIMIT = 200
TEAM_LEAD_LIMIT = 5_000
TIMING_WINDOW = 1_000
UNPLANNED = "unplanned"


class LeadNotFound(NotFound):
    """No such lead here, or (for a token) not one of this agent's."""


def progress(contact: Contact) -> QualificationProgress:
    stage, overall, areas = lead_progress(Preferences.model_validate(contact.preferences or {}))
    return QualificationProgress(stage=stage, completeness=overall, areas=areas)


class AgentDashboard:
    def __init__(self, scope: TenantScope, agent_id: str | None, composer: CoachingComposer) -> None:
        self.scope = scope
        self.agent_id = agent_id
        self.composer = composer
        self.reads = CoachingReads(scope.session, scope.location_id)

    async def leads(self, limit: int) -> LeadList:
        rows = await self.reads.leads(self.agent_id, limit)
        leads = [
            LeadSummary(
                lead_id=row.contact.external_id,
                name=row.contact.name,
                last_activity=as_utc(row.last_activity),
                conversations=row.conversations,
                qualification=progress(row.contact),
                priority_tier=row.priority_tier,
            )
            for row in rows
        ]
        await audit_read(
            self.scope, reader(self.agent_id), "dashboard.leads", [lead.lead_id for lead in leads]
        )
        return LeadList(count=len(leads), leads=leads)

    async def lead(self, lead_id: str) -> LeadDetail:
        contact = await self.reads.contact(lead_id, self.agent_id)
        if contact is None:
            raise LeadNotFound(f"no lead '{lead_id}' for this caller")
        conversations = await self.reads.conversations(contact, self.agent_id)
        ids = [conversation.id for conversation, _ in conversations]
        external = {conversation.id: conversation.external_id for conversation, _ in conversations}
        messages = await self.reads.messages(ids, THREAD_LIMIT)
        revisions = await self.reads.latest_coaching(ids)
        pending = [
            action_view(record, contact)
            for record in await ActionRepository(self.scope.session, self.scope.location_id).for_contact(
                contact
            )
            if record.status in ("open", "snoozed")
        ]
        coaching = self._live(revisions) if revisions else None
        await audit_read(self.scope, reader(self.agent_id), "dashboard.lead", [contact.external_id])
        newest = max((row.id for row in revisions), default=0)
        return LeadDetail(
            lead_id=contact.external_id,
            name=contact.name,
            agents=sorted({agent for _, agent in conversations if agent is not None}),
            thread=[
                ThreadMessage(
                    message_id=m.id,
                    conversation_id=external[m.conversation_id],
                    speaker=Speaker(m.speaker),
                    body=m.body,
                    created_at=as_utc(m.created_at),
                )
                for m in messages
            ],
            coaching=coaching,
            qualification=progress(contact),
            preferences=Preferences.model_validate(contact.preferences or {}),
            actions=pending,
            version=f"{messages[-1].id if messages else 0}.{newest}.{len(pending)}",
        )

    def _live(self, revisions: list[Analysis]) -> LiveCoaching | None:
        latest = revisions[-1]
        coaching = stored_coaching(latest, self.composer)
        if coaching is None:
            return None
        analysis = MessageAnalysis.model_validate(latest.result["analysis"])
        return LiveCoaching(
            coaching=coaching,
            analysis_id=latest.analysis_id,
            revision=latest.revision,
            revisions=[row.revision for row in revisions],
            message_id=int(latest.message_id) if latest.message_id is not None else None,
            created_at=as_utc(latest.created_at),
            question_guide=self._guide(coaching, analysis),
        )

    def _guide(self, coaching: CoachingResponse, analysis: MessageAnalysis) -> list[RankedQuestion]:
        """The coaching's questions in its order, each with the planner's reason for it."""
        ranked = self.composer.planner.rank(
            answered=self.composer.answered(analysis),
            intent=analysis.primary_intent.label,
            objection=analysis.objection.type if analysis.objection else None,
            language=analysis.language,
            limit=10,
        )
        by_text = {question.question: question for question in ranked}
        return [
            by_text.get(text)
            or RankedQuestion(question=text, area="", slot="", expected_information_gain=0.0, rationale="")
            for text in coaching.recommended_questions
        ]

    async def team(self) -> TeamSummary:
        rows = await self.reads.leads(self.agent_id, TEAM_LEAD_LIMIT)
        stages = Counter(progress(row.contact).stage.value for row in rows)
        tiers = Counter(row.priority_tier or UNPLANNED for row in rows)
        timings = await self.reads.recent_timings(self.agent_id, TIMING_WINDOW)
        per_engine: dict[str, list[float]] = defaultdict(list)
        for engine, elapsed in timings:
            per_engine[engine].append(elapsed)
        return TeamSummary(
            leads=len(rows),
            by_stage=[CountBy(key=key, count=n) for key, n in stages.most_common()],
            by_tier=[CountBy(key=key, count=n) for key, n in tiers.most_common()],
            engines=[
                EngineFigures(
                    engine=engine,
                    analyses=len(values),
                    latency_p50_ms=percentile(values, 50),
                    latency_p95_ms=percentile(values, 95),
                    latency_p99_ms=percentile(values, 99),
                )
                for engine, values in sorted(per_engine.items())
            ],
            analyses_considered=len(timings),
        )
