"""The system prompt and the sanitised user content: the only text that leaves for Claude."""

from __future__ import annotations

import hashlib
import json

from ghl_real_estate_ai.domain.conversation import AnalysisRequest
from ghl_real_estate_ai.security.pii import sanitize_for_claude, scrub_text

SYSTEM_PROMPT = (
    "You are a real estate coaching expert. Read the prospect's latest message in its conversation and "
    "classify it with the given labels: the prospect's intent, any objection (type, severity), "
    "motivation, decision stage, urgency (level and a 0-100 score) and sentiment, with probabilities "
    "that reflect your real certainty. Quote short evidence phrases from the message. Placeholders such "
    "as [EMAIL] or [PHONE] replace personal data that was removed on purpose: ignore them."
)


class SanitisedPrompt:
    """The user content sent to Claude, with a flag saying whether anything had to be scrubbed."""

    def __init__(self, request: AnalysisRequest) -> None:
        scrubbed_message = scrub_text(request.message)
        history = [(turn.speaker.value, scrub_text(turn.message)) for turn in request.context[-20:]]
        lead = sanitize_for_claude(request.lead)
        self.pii_scrubbed = (
            scrubbed_message.found
            or any(s.found for _, s in history)
            or lead != {k: v for k, v in request.lead.items()}
        )
        self.content = json.dumps(
            {
                "conversation_stage": request.conversation_stage,
                "history": [{"speaker": speaker, "message": s.text} for speaker, s in history],
                "lead": lead,
                "latest_prospect_message": scrubbed_message.text,
            },
            sort_keys=True,
            ensure_ascii=False,
        )

    @property
    def key(self) -> str:
        """Cache key and audit hash: SHA-256 of exactly what is sent."""
        return hashlib.sha256(self.content.encode()).hexdigest()
