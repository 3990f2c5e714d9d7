"""The embedded engine: classifiers, extractors and a few rules, combined into one MessageAnalysis."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from ghl_real_estate_ai.domain.analysis import MessageAnalysis, ObjectionFinding, Scored
from ghl_real_estate_ai.domain.conversation import AnalysisRequest, ConversationTurn
from ghl_real_estate_ai.domain.taxonomy import (
    DecisionStage,
    Intent,
    Motivation,
    ObjectionType,
    Sentiment,
    Severity,
    Speaker,
    UrgencyLevel,
)
from ghl_real_estate_ai.intelligence.local import cues
from ghl_real_estate_ai.intelligence.local.answers import answered_prospect_texts
from ghl_real_estate_ai.intelligence.local.batch_predictor import BatchPredictor, ClassifierInput
from ghl_real_estate_ai.intelligence.local.classifier import (
    CONVERSATION_INTENT,
    NONE,
    LabelClassifiers,
    Prediction,
    load_classifiers,
)
from ghl_real_estate_ai.intelligence.local.corpus import context_text
from ghl_real_estate_ai.intelligence.local.embedding import SentenceEmbedder
from ghl_real_estate_ai.intelligence.local.language import conversation_language
from ghl_real_estate_ai.intelligence.local.listing_reaction import (
    doubts_owning_costs,
    judges_something,
    rejects_offered_listing,
)
from ghl_real_estate_ai.intelligence.local.objection_evidence import evidenced, supported
from ghl_real_estate_ai.intelligence.local.preferences import PreferenceExtractor, TimelineReading
from ghl_real_estate_ai.intelligence.local.preferences.text import fold
from ghl_real_estate_ai.intelligence.local.reading import Reading, read_intent
from ghl_real_estate_ai.intelligence.local.replies import is_assent, is_bare_opt_out
from ghl_real_estate_ai.intelligence.local.retrained import load_active_retrained
from ghl_real_estate_ai.intelligence.local.showings import agreed_showing
from ghl_real_estate_ai.intelligence.local.sms import normalize
from ghl_real_estate_ai.intelligence.local.state import advance, prior_state
from ghl_real_estate_ai.intelligence.local.urgency import (
    level_for_days,
    score_for_days,
    score_for_distribution,
)

E = TypeVar("E", bound=StrEnum)

# Earlier turns come back with every new message of their conversation: fold each text once.
_folded = lru_cache(maxsize=8192)(fold)

OBJECTION_THRESHOLD = 0.5
# Objections that judge a property or its price: they need one offered or named (`listing_reaction.py`).
_JUDGES_A_PROPERTY = frozenset({ObjectionType.PROPERTY_FIT.value, ObjectionType.PRICE_CONCERN.value})
MOTIVATION_THRESHOLD = 0.45


class LocalEngine:
    name = "local"

    def __init__(self, classifiers: LabelClassifiers, extractor: PreferenceExtractor) -> None:
        self.classifiers = classifiers
        self.extractor = extractor
        self._predictor = BatchPredictor(classifiers)
        # One thread: the event loop keeps serving sockets while a message is read, and the embedding
        # model (which releases the GIL) runs beside the storage and delivery of earlier answers.
        # Measured under WebSocket load in benchmarks/realtime_hub.py; one thread keeps the engine's
        # caches free of concurrent use.
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="local-engine")

    async def analyze(self, request: AnalysisRequest) -> MessageAnalysis:
        return await asyncio.get_running_loop().run_in_executor(self._thread, self.analyze_now, request)

    async def analyze_many(self, requests: Sequence[AnalysisRequest]) -> list[MessageAnalysis]:
        """`analyze_batch` on the engine's thread: the serving side's micro-batch, read in one go."""
        batch = list(requests)
        return await asyncio.get_running_loop().run_in_executor(self._thread, self.analyze_batch, batch)

    def analyze_now(self, request: AnalysisRequest) -> MessageAnalysis:
        return self.analyze_batch([request])[0]

    def analyze_batch(self, requests: Sequence[AnalysisRequest]) -> list[MessageAnalysis]:
        """Read several messages at once; each answer is the one it would get alone, bit for bit."""
        # The classifiers learned from the corpus as people wrote it, so they read the turns as typed.
        predictions = self._predictor.predict(
            [
                ClassifierInput(
                    request.message,
                    tuple((turn.speaker.value, turn.message) for turn in request.context),
                )
                for request in requests
            ]
        )
        return [
            self._combine(request, prediction)
            for request, prediction in zip(requests, predictions, strict=True)
        ]

    def _combine(self, request: AnalysisRequest, predictions: dict[str, Prediction]) -> MessageAnalysis:
        reference = request.reference_date or datetime.now(UTC).date()
        raw_texts = request.prospect_texts()
        # A short reply ("ok", "sí") says little about language: the prospect's recent messages decide.
        language = conversation_language(
            request.message,
            raw_texts[:-1],
            [turn.message for turn in request.context if turn.speaker is not Speaker.PROSPECT],
        )
        # SMS spelling ("3bd 2ba undr 400k nr katy tmrw") is written out once, before anyone reads it.
        texts = [normalize(text) for text in raw_texts]
        message = texts[-1]
        context = context_text(
            [
                (
                    turn.speaker.value,
                    normalize(turn.message) if turn.speaker is Speaker.PROSPECT else turn.message,
                )
                for turn in request.context
            ]
        )
        # A bare "at least 3" answers the agent's "how many bedrooms?": read with its question.
        answered = answered_prospect_texts(request.context, request.message)
        answers = [
            spelled if answer == raw else normalize(answer)
            for raw, answer, spelled in zip(raw_texts, answered, texts, strict=True)
        ]
        preferences = self.extractor.extract(answers, reference, language)
        timeline = self._latest_timeline(texts, reference)
        prospect = [_folded(text) for text in texts]
        agent = [_folded(turn.message) for turn in request.context if turn.speaker is not Speaker.PROSPECT]
        reading = Reading(
            message=prospect[-1],
            prospect=prospect,
            conversation=fold(context),
            has_context=bool(request.context),
            agent_spoke_last=bool(request.context) and request.context[-1].speaker is not Speaker.PROSPECT,
            prior=prior_state(prospect[:-1], agent),
        )
        intent = self._intent(predictions, reading, context)
        objection_probability, objection = self._objection(predictions, message, reading, agent)
        # "ok sounds good, call me tmrw at 5" agrees to a callback the agent offered: its "tomorrow" is no
        # emergency of the move. A prospect asking on their own ("Call me today") still is.
        emergency = cues.is_emergency(message) and not is_assent(reading.message)
        # "sat works" after "we need a place asap": the reply agrees, the conversation's hurry stands.
        emergency = emergency or (reading.prior.emergency and reading.acknowledgement)
        # "sat works" to "Saturday at 11 or Sunday at 2?": the showing's date is the hurry it agrees to.
        pace = timeline
        if pace is None and is_assent(reading.message):
            pace = agreed_showing(request.context, reference, language)
        urgency, urgency_score = self._urgency(predictions["urgency_level"], pace, emergency, intent)
        timeline_days = timeline.days if timeline else None
        state = advance(
            reading.prior, reading.message, intent.label, preferences, timeline_days, urgency.label
        )
        return MessageAnalysis(
            primary_intent=intent,
            intent_alternatives=_alternatives(predictions["primary_intent"], intent.label),
            objection=objection,
            objection_probability=objection_probability,
            motivation=self._motivation(predictions["motivation"], reading.message),
            decision_stage=self._decision_stage(predictions["decision_stage"], intent.label),
            urgency_level=urgency,
            urgency_score=urgency_score,
            sentiment=_scored(Sentiment, predictions["sentiment"]),
            language=language,
            preferences=preferences,
            timeline_days=timeline_days,
            state=state,
        )

    def _latest_timeline(self, texts: list[str], reference: date) -> TimelineReading | None:
        for text in reversed(texts):
            reading = self.extractor.read_timeline(text, reference)
            if reading is not None:
                return reading
        return None

    def _intent(self, predictions: dict[str, Prediction], reading: Reading, context: str) -> Scored[Intent]:
        prediction = predictions["primary_intent"]
        if reading.has_context:
            # The less the message itself says ("yes, the 5th works"), the more the conversation decides.
            own_weight = 0.0 if reading.acknowledgement else prediction.confidence
            prediction = prediction.blended_with(predictions[CONVERSATION_INTENT], own_weight)
        ruled = read_intent(reading, prediction)
        if ruled is not None:
            return ruled
        ruled = cues.intent_override(reading.message, reading.conversation, prediction)
        if ruled is not None:
            return Scored[Intent](label=ruled.label, probability=ruled.probability)
        return _scored(Intent, prediction)

    def _objection(
        self, predictions: dict[str, Prediction], message: str, reading: Reading, agent: list[str]
    ) -> tuple[float, ObjectionFinding | None]:
        types = predictions["objection_type"]
        probability = 1.0 - types.probability(NONE)
        if reading.acknowledgement or is_bare_opt_out(reading.message):
            # "ok", "sat works", "👍" answer the agent, "lose my number" gives no reason: no objection.
            return probability, None
        last_agent = agent[-1] if agent and reading.agent_spoke_last else None
        if rejects_offered_listing(reading.message, last_agent):
            # "not feeling that one, the layout is weird" to the listing just sent: the home does not fit,
            # however unsure the classifiers are.
            raised = max(probability, OBJECTION_THRESHOLD)
            return raised, self._finding(ObjectionType.PROPERTY_FIT, predictions, raised, message)
        if probability >= OBJECTION_THRESHOLD and doubts_owning_costs(reading.message):
            return probability, self._finding(ObjectionType.AFFORDABILITY, predictions, probability, message)
        # An opt-out can still carry its reason ("I have an agent, stop texting"), so it is not suppressed.
        if probability < OBJECTION_THRESHOLD:
            return probability, None
        best = next(label for label in types.labels if label != NONE)
        if not supported(ObjectionType(best), reading.message):
            # "wife is expecting" names a spouse and no one deciding: what is left must still be an objection,
            # unless the runner-up's own words are there ("why pay someone 5 figures": fees, not trust).
            runner_up = next(label for label in types.labels if label not in (NONE, best))
            if not evidenced(ObjectionType(runner_up), reading.message):
                probability -= types.probability(best)
            best = runner_up
            if probability < OBJECTION_THRESHOLD or not supported(ObjectionType(best), reading.message):
                return probability, None
        if best in _JUDGES_A_PROPERTY and not judges_something(reading.message, agent):
            # "can't do stairs. 2 bed condo in Sun City": a search's requirements, nothing offered to judge.
            return probability, None
        return probability, self._finding(ObjectionType(best), predictions, probability, message)

    @staticmethod
    def _finding(
        objection: ObjectionType, predictions: dict[str, Prediction], probability: float, message: str
    ) -> ObjectionFinding:
        share = predictions["objection_type"].probability(objection.value) / probability
        return ObjectionFinding(
            type=objection,
            severity=Severity(predictions["objection_severity"].best),
            probability=round(min(1.0, share), 4),
            evidence=cues.objection_evidence(message),
        )

    def _motivation(self, prediction: Prediction, message: str) -> Scored[Motivation] | None:
        said = cues.motivation_override(message, prediction)
        if said is not None:
            return said
        if prediction.best == NONE or prediction.confidence < MOTIVATION_THRESHOLD:
            return None
        return _scored(Motivation, prediction)

    def _decision_stage(self, prediction: Prediction, intent: Intent) -> Scored[DecisionStage]:
        if intent is Intent.NOT_INTERESTED:
            return Scored[DecisionStage](
                label=DecisionStage.EARLY_RESEARCH, probability=prediction.confidence
            )
        return _scored(DecisionStage, prediction)

    def _urgency(
        self,
        prediction: Prediction,
        timeline: TimelineReading | None,
        emergency: bool,
        intent: Scored[Intent],
    ) -> tuple[Scored[UrgencyLevel], int]:
        distribution = {
            UrgencyLevel(label): p
            for label, p in zip(prediction.labels, prediction.probabilities, strict=True)
        }
        if intent.label is Intent.NOT_INTERESTED:
            return Scored[UrgencyLevel](label=UrgencyLevel.LOW, probability=intent.probability), 0
        if timeline is not None:
            level = level_for_days(timeline.days)
            # The classifier's agreement with the stated date is the confidence in the reading.
            agreement = max(distribution.get(level, 0.0), 0.6)
            return Scored[UrgencyLevel](label=level, probability=agreement), score_for_days(timeline.days)
        if emergency:
            critical = distribution.get(UrgencyLevel.CRITICAL, 0.0)
            return Scored[UrgencyLevel](label=UrgencyLevel.CRITICAL, probability=max(critical, 0.6)), 95
        return _scored(UrgencyLevel, prediction), score_for_distribution(distribution)


def _prospect_spelling(turn: ConversationTurn) -> str:
    return normalize(turn.message) if turn.speaker is Speaker.PROSPECT else turn.message


def _scored(enum: type[E], prediction: Prediction) -> Scored[E]:
    return Scored(label=enum(prediction.best), probability=prediction.confidence)


def _alternatives(prediction: Prediction, chosen: Intent) -> list[Scored[Intent]]:
    return [
        Scored[Intent](label=Intent(label), probability=p)
        for label, p in zip(prediction.labels, prediction.probabilities, strict=True)
        if label != chosen
    ][:3]


@lru_cache(maxsize=4)
def load_local_engine(cache_dir: str = "./var/models") -> LocalEngine:
    """One engine per process and cache folder: the models are read-only and shared safely."""
    embedder = SentenceEmbedder()
    # Heads a team retrained and activated (`enterprisehub engine retrain`) win over the shipped fit.
    classifiers = load_active_retrained(Path(cache_dir), embedder) or load_classifiers(
        Path(cache_dir), embedder
    )
    engine = LocalEngine(classifiers, PreferenceExtractor())
    # The first inference pays for lazy initialisation (ONNX session, regex and date-parser caches):
    # pay it at load time, not on a prospect's first message.
    engine.analyze_now(AnalysisRequest(message="Hi, we want to buy a 3 bed house by June, budget $400k"))
    return engine


__all__ = ["LocalEngine", "load_local_engine"]
