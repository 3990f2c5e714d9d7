"""The spec's AgentAssistanceDashboard: the coaching panels, each a method that renders into the page.

Every piece of prospect or model text goes through `st.text`, which shows it as text: nothing a
prospect types (markup, script, a markdown link) is ever interpreted by the browser. No call here
passes `unsafe_allow_html`.

Feedback: give a panel a `FeedbackTarget` (the coaching's analysis id and revision, and where to
send verdicts) and each item gets Use / Dismiss buttons, an edit box and a rating.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import streamlit as st

from ghl_real_estate_ai.domain.actions import ActionView
from ghl_real_estate_ai.domain.coaching import RankedQuestion
from ghl_real_estate_ai.domain.dashboard import QualificationProgress, ThreadMessage
from ghl_real_estate_ai.domain.feedback import FeedbackAction, FeedbackItem, FeedbackRequest
from ghl_real_estate_ai.domain.preferences import Preferences

NO_RATING = "no rating"
RATINGS: list[str | int] = [NO_RATING, 1, 2, 3, 4, 5]


@dataclass(frozen=True)
class FeedbackTarget:
    """Where verdicts on one coaching revision go, and the verdicts already given on it."""

    analysis_id: str
    revision: int
    submit: Callable[[FeedbackRequest], None]
    given: Mapping[tuple[FeedbackItem, int], FeedbackAction] = field(default_factory=dict)

    def key(self, item: FeedbackItem, index: int, control: str) -> str:
        return f"fb-{self.analysis_id}-{self.revision}-{item.value}-{index}-{control}"


class AgentAssistanceDashboard:
    """Coaching panels for Streamlit pages (the spec's component 6)."""

    def render_live_coaching_panel(
        self,
        agent_id: str,
        coaching_suggestions: Sequence[str],
        urgency: str = "medium",
        conversation_stage: str = "discovery",
        *,
        confidence: int | None = None,
        engine: str | None = None,
        revision: int | None = None,
        feedback: FeedbackTarget | None = None,
        note: str | None = None,
    ) -> None:
        """Suggestions for what to say next, with urgency, confidence and the engine that answered."""
        st.subheader("Live Coaching")
        columns = st.columns(4)
        columns[0].metric("Urgency", urgency)
        columns[1].metric("Confidence", "-" if confidence is None else f"{confidence}%")
        columns[2].metric("Engine", engine or "-")
        columns[3].metric("Revision", "-" if revision is None else str(revision))
        st.text(f"Agent {agent_id} · stage {conversation_stage}")
        if note:
            st.info(note)
        elif not coaching_suggestions:
            st.info("No suggestions for this message.")
        for index, suggestion in enumerate(coaching_suggestions):
            self._item(suggestion, FeedbackItem.SUGGESTION, index, feedback)

    def render_claude_objection_assistant(
        self,
        objection_type: str | None,
        severity: str | None,
        suggested_responses: Sequence[str],
        *,
        talking_points: Sequence[str] = (),
        feedback: FeedbackTarget | None = None,
    ) -> None:
        """The objection the prospect raised, how serious it is, replies to give and points to make."""
        st.subheader("Objection Assistant")
        if objection_type is None:
            st.info("No objection in the latest message.")
            return
        columns = st.columns(2)
        columns[0].metric("Objection", objection_type.replace("_", " "))
        columns[1].metric("Severity", severity or "-")
        st.markdown("**Replies**")
        for index, reply in enumerate(suggested_responses):
            self._item(reply, FeedbackItem.REPLY, index, feedback)
        if talking_points:
            st.markdown("**Talking points**")
            for point in talking_points:
                st.text(f"• {point}")

    def render_question_guide(
        self, questions: Sequence[RankedQuestion | str], *, feedback: FeedbackTarget | None = None
    ) -> None:
        """The next questions to ask, best first, each with why it is worth asking now."""
        st.subheader("Question Guide")
        if not questions:
            st.info("Nothing left to ask: the lead has answered every question.")
        for index, question in enumerate(questions):
            ranked = question if isinstance(question, RankedQuestion) else None
            self._item(ranked.question if ranked else str(question), FeedbackItem.QUESTION, index, feedback)
            if ranked is not None and ranked.rationale:
                st.caption("Why now")
                st.text(ranked.rationale)

    def render_qualification_progress(self, progress: QualificationProgress) -> None:
        """Completeness per qualification area and the stage the lead is in."""
        st.subheader("Qualification Progress")
        columns = st.columns(2)
        columns[0].metric("Stage", progress.stage.value)
        columns[1].metric("Complete", f"{progress.completeness:.0f}%")
        for area in progress.areas:
            label = f"{area.area} ({'required' if area.required else 'optional'})"
            st.progress(area.completeness, text=f"{label}: {area.completeness:.0%}")

    def render_conversation_thread(self, thread: Sequence[ThreadMessage]) -> None:
        st.subheader("Conversation")
        if not thread:
            st.info("No messages yet.")
        for message in thread:
            speaker = "Prospect" if message.speaker.value == "prospect" else "Agent"
            with st.container(border=True):
                st.caption(f"{speaker} · {message.created_at:%H:%M:%S}")
                st.text(message.body)

    def render_preferences(self, preferences: Preferences) -> None:
        st.subheader("Preferences")
        stated = preferences.stated_slots()
        if not stated:
            st.info("Nothing stated yet.")
        for name, value in stated.items():
            shown = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
            st.text(f"{name.replace('_', ' ')}: {shown}")

    def render_actions_due(self, actions: Sequence[ActionView]) -> None:
        st.subheader("Actions due")
        if not actions:
            st.info("No open actions for this lead.")
        for action in actions:
            st.text(f"{action.due_at:%a %H:%M} UTC · {action.channel.value} · {action.description}")

    # One item and its feedback controls ---------------------------------------------------------

    def _item(self, text: str, item: FeedbackItem, index: int, feedback: FeedbackTarget | None) -> None:
        with st.container(border=True):
            st.text(text)
            if feedback is not None:
                self._feedback_controls(text, item, index, feedback)

    def _feedback_controls(self, text: str, item: FeedbackItem, index: int, target: FeedbackTarget) -> None:
        given = target.given.get((item, index))
        if given is not None:
            st.caption(f"✓ {given.value}")
        use, dismiss, rate = st.columns([1, 1, 2])
        rating = rate.selectbox(
            "Rating", RATINGS, key=target.key(item, index, "rating"), label_visibility="collapsed"
        )
        stars = rating if isinstance(rating, int) else None
        if use.button("Use", key=target.key(item, index, "use")):
            self._send(target, item, index, FeedbackAction.USED, stars)
        if dismiss.button("Dismiss", key=target.key(item, index, "dismiss")):
            self._send(target, item, index, FeedbackAction.DISMISSED, stars)
        with st.expander("Edit before sending"):
            edited = st.text_area("Edited text", value=text, key=target.key(item, index, "text"))
            if st.button("Send edited", key=target.key(item, index, "edit")) and edited.strip():
                self._send(target, item, index, FeedbackAction.EDITED, stars, edited.strip())

    @staticmethod
    def _send(
        target: FeedbackTarget,
        item: FeedbackItem,
        index: int,
        action: FeedbackAction,
        rating: int | None,
        edited: str | None = None,
    ) -> None:
        target.submit(
            FeedbackRequest(
                analysis_id=target.analysis_id,
                revision=target.revision,
                item=item,
                item_index=index,
                action=action,
                rating=rating,
                edited_text=edited,
            )
        )
