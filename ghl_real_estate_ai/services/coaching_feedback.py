"""Feedback on coaching: record the agent's verdict on one item, list it, report use rates.

The item is named by analysis id, revision, list and position; its text, engine, objection type and
language are read from the stored analysis, so the record is complete whatever the client sends.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from ghl_real_estate_ai.domain.coaching import CoachingResponse, ObjectionResponse
from ghl_real_estate_ai.domain.errors import Invalid, NotFound, Refused
from ghl_real_estate_ai.domain.feedback import (
    Feedback,
    FeedbackAction,
    FeedbackItem,
    FeedbackList,
    FeedbackReport,
    FeedbackRequest,
    UseRate,
)
from ghl_real_estate_ai.intelligence.coaching.composer import CoachingComposer
from ghl_real_estate_ai.services.read_audit import audit_read, reader
from ghl_real_estate_ai.services.scope import TenantScope
from ghl_real_estate_ai.services.stored_coaching import stored_coaching
from ghl_real_estate_ai.storage.action_repository import as_utc
from ghl_real_estate_ai.storage.coaching_reads import CoachingReads, OwnedAnalysis
from ghl_real_estate_ai.storage.feedback_repository import FeedbackRepository, VerdictCount
from ghl_real_estate_ai.storage.feedback_tables import FeedbackRecord

NO_OBJECTION = "none"


class FeedbackNotFound(NotFound):
    """No such analysis revision for this caller."""


class FeedbackRejected(Invalid):
    """The item named does not exist in that analysis, or the agent is missing."""


class FeedbackForbidden(Refused):
    """A token's agent giving feedback in another agent's name."""


def _items(answer: CoachingResponse | ObjectionResponse, item: FeedbackItem) -> list[str]:
    if isinstance(answer, ObjectionResponse):
        return answer.response_suggestions if item is FeedbackItem.REPLY else []
    if item is FeedbackItem.QUESTION:
        return answer.recommended_questions
    # An objection's replies are the coaching's suggestions: one list, named by what it is.
    wanted = FeedbackItem.REPLY if answer.objection_detected else FeedbackItem.SUGGESTION
    return answer.suggestions if item is wanted else []


def _answer(owned: OwnedAnalysis, composer: CoachingComposer) -> CoachingResponse | ObjectionResponse:
    if owned.row.kind == "objection":
        return ObjectionResponse.model_validate(owned.row.result["response"])
    coaching = stored_coaching(owned.row, composer)
    if coaching is None:
        raise FeedbackRejected(
            f"analysis '{owned.row.analysis_id}' is a {owned.row.kind} analysis, not coaching"
        )
    return coaching


def feedback_view(record: FeedbackRecord) -> Feedback:
    fields = {name: getattr(record, name) for name in Feedback.model_fields if name != "feedback_id"}
    fields.update(created_at=as_utc(record.created_at), updated_at=as_utc(record.updated_at))
    return Feedback.model_validate({"feedback_id": record.id, **fields})


class CoachingFeedback:
    def __init__(self, scope: TenantScope, agent_id: str | None, composer: CoachingComposer) -> None:
        """`agent_id`: the token's agent (None for the location's key, which sees every agent)."""
        self.scope = scope
        self.agent_id = agent_id
        self.composer = composer
        self.repository = FeedbackRepository(scope.session, scope.location_id)

    def _agent(self, request: FeedbackRequest) -> str:
        if self.agent_id is not None:
            if request.agent_id not in (None, self.agent_id):
                raise FeedbackForbidden("an agent token gives feedback only in its own agent's name")
            return self.agent_id
        if request.agent_id is None:
            raise FeedbackRejected("agent_id is required with a location key")
        return request.agent_id

    async def record(self, request: FeedbackRequest) -> Feedback:
        agent = self._agent(request)
        reads = CoachingReads(self.scope.session, self.scope.location_id)
        owned = await reads.analysis(request.analysis_id, request.revision)
        # Another agent's coaching is not found, not forbidden: its existence is not the caller's business.
        # A token needs coaching its agent owns; the key may name any agent for coaching nobody owns.
        owner = owned.agent_id if owned is not None else None
        if owned is None or owner not in ((agent,) if self.agent_id is not None else (agent, None)):
            raise FeedbackNotFound(
                f"no coaching '{request.analysis_id}' revision {request.revision} for agent '{agent}'"
            )
        answer = _answer(owned, self.composer)
        items = _items(answer, request.item)
        if request.item_index >= len(items):
            raise FeedbackRejected(
                f"that coaching has {len(items)} {request.item.value} item(s); "
                f"item_index {request.item_index} names none"
            )
        record = await self.repository.record(
            agent_id=agent,
            lead_id=owned.lead_id,
            conversation_id=owned.conversation_id,
            analysis_id=request.analysis_id,
            revision=request.revision,
            engine=owned.row.engine,
            item=request.item.value,
            item_index=request.item_index,
            item_text=items[request.item_index],
            action=request.action.value,
            rating=request.rating,
            edited_text=request.edited_text,
            note=request.note,
            objection_type=answer.objection_type.value if answer.objection_type else None,
            language=answer.language.value,
        )
        return feedback_view(record)

    async def listed(self, *, lead_id: str | None, analysis_id: str | None, limit: int) -> FeedbackList:
        records = await self.repository.listed(
            agent_id=self.agent_id, lead_id=lead_id, analysis_id=analysis_id, limit=limit
        )
        # What agents wrote to or about the lead (edited replies, notes) is conversation content.
        leads = {record.lead_id for record in records if record.lead_id is not None}
        await audit_read(self.scope, reader(self.agent_id), "feedback.list", leads)
        return FeedbackList(count=len(records), feedback=[feedback_view(r) for r in records])

    async def report(self, since: datetime | None) -> FeedbackReport:
        groups = {
            grouping: await self.repository.counts(grouping, agent_id=self.agent_id, since=since)
            for grouping in ("objection_type", "language", "engine", "item", "day")
        }
        everything = [
            VerdictCount("all", c.action, c.count, c.rating_sum, c.rated) for c in groups["language"]
        ]
        overall = use_rates(everything) or [
            UseRate(key="all", used=0, edited=0, dismissed=0, total=0, use_rate=0.0)
        ]
        return FeedbackReport(
            total=overall[0].total if overall else 0,
            overall=overall[0]
            if overall
            else UseRate(key="all", used=0, edited=0, dismissed=0, total=0, use_rate=0),
            by_objection_type=use_rates(groups["objection_type"], missing=NO_OBJECTION),
            by_language=use_rates(groups["language"]),
            by_engine=use_rates(groups["engine"]),
            by_item=use_rates(groups["item"]),
            by_day=sorted(use_rates(groups["day"]), key=lambda rate: rate.key),
        )


def use_rates(counts: Iterable[VerdictCount], missing: str = "unknown") -> list[UseRate]:
    """Per group: verdicts per action, (used + edited) / total, and the mean rating; most verdicts first.

    >>> counts = [VerdictCount("en", "used", 3, 0, 0), VerdictCount("en", "dismissed", 1, 0, 0)]
    >>> [rate.use_rate for rate in use_rates(counts)]
    [0.75]
    """
    actions: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    ratings: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for count in counts:
        key = count.key if count.key is not None else missing
        actions[key][count.action] += count.count
        ratings[key][0] += count.rating_sum
        ratings[key][1] += count.rated
    rates = []
    for key, by_action in actions.items():
        total = sum(by_action.values())
        used = sum(n for action, n in by_action.items() if FeedbackAction(action).counts_as_use)
        rating_sum, rated = ratings[key]
        rates.append(
            UseRate(
                key=key,
                used=by_action.get(FeedbackAction.USED.value, 0),
                edited=by_action.get(FeedbackAction.EDITED.value, 0),
                dismissed=by_action.get(FeedbackAction.DISMISSED.value, 0),
                total=total,
                use_rate=round(used / total, 4) if total else 0.0,
                mean_rating=round(rating_sum / rated, 3) if rated else None,
            )
        )
    return sorted(rates, key=lambda rate: (-rate.total, rate.key))
