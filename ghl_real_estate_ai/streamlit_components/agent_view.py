"""The agent's page: the lead's thread and its coaching panels, kept live, plus typing a prospect's
message in and the demo player.

Live updates: a small fragment re-runs every `poll_seconds` (0.5 s by default) and asks the API
whether anything changed (the leads' last activity and the shown lead's version); only then does it
re-run the page, which re-renders the panels from the API. A message that arrived by the API, the
WebSocket or a GHL webhook shows within about one poll, without a reload, and the panels stay
still (an edit being typed is not disturbed) while nothing changes.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

import streamlit as st

from ghl_real_estate_ai.demo_conversation import PLAY_INTERVAL_S, PLAYED_MESSAGES
from ghl_real_estate_ai.domain.dashboard import LeadDetail, LeadList
from ghl_real_estate_ai.domain.feedback import FeedbackAction, FeedbackItem, FeedbackRequest
from ghl_real_estate_ai.streamlit_components.agent_assistance_dashboard import (
    AgentAssistanceDashboard,
    FeedbackTarget,
)
from ghl_real_estate_ai.streamlit_components.api_client import ApiError
from ghl_real_estate_ai.streamlit_components.sign_in import SignedIn

FOLLOW_LATEST = "(latest activity)"
DEMO = "demo"
CURRENT_LEAD = "current_lead"
CURRENT_CONVERSATION = "current_conversation"


RENDERED = "rendered_signature"
SAVED = "feedback_saved"


def render_agent_view(signed: SignedIn, poll_seconds: float) -> None:
    st.title("Agent assist")
    if SAVED in st.session_state:
        st.toast(st.session_state.pop(SAVED))
    with st.sidebar:
        _demo_controls()
        _message_form(signed)
    _live_panels(signed)
    st.fragment(run_every=poll_seconds)(_watch)(signed)


def _signature(leads: LeadList, lead_id: str | None, version: str) -> str:
    """What changes when the page should: any lead's last activity, and the shown lead's version."""
    activity = ",".join(f"{lead.lead_id}@{lead.last_activity.isoformat()}" for lead in leads.leads)
    return f"{activity}|{lead_id}:{version}"


def _current_signature(signed: SignedIn, lead_id: str | None) -> str:
    leads = signed.agent.leads()
    shown = lead_id is not None and lead_id in {lead.lead_id for lead in leads.leads}
    return _signature(leads, lead_id, signed.agent.lead(lead_id).version if shown and lead_id else "")


def _watch(signed: SignedIn) -> None:
    _advance_demo(signed)
    try:
        current = _current_signature(signed, st.session_state.get(CURRENT_LEAD))
    except ApiError:
        return  # the page shows the error on its next full run
    if current != st.session_state.get(RENDERED):
        st.rerun(scope="app")


def _live_panels(signed: SignedIn) -> None:
    try:
        leads = signed.agent.leads()
    except ApiError as error:
        st.error(f"The API answered: {error.message}")
        return
    if not leads.leads:
        st.session_state[RENDERED] = _signature(leads, None, "")
        st.info("No leads yet. Type a prospect's message in the sidebar, or press Play demo.")
        return
    ids = [lead.lead_id for lead in leads.leads]
    choice = st.selectbox("Lead", [FOLLOW_LATEST, *ids], key="lead_choice")
    lead_id = ids[0] if choice == FOLLOW_LATEST or choice not in ids else str(choice)
    try:
        detail = signed.agent.lead(lead_id)
        given = signed.agent.feedback_for(lead_id)
    except ApiError as error:
        st.error(f"The API answered: {error.message}")
        return
    st.session_state[CURRENT_LEAD] = lead_id
    st.session_state[CURRENT_CONVERSATION] = (
        detail.thread[-1].conversation_id if detail.thread else f"dash-{lead_id}"
    )
    st.session_state[RENDERED] = _signature(leads, lead_id, detail.version)
    verdicts = {
        (f.item, f.item_index): f.action
        for f in given.feedback
        if detail.coaching
        and f.analysis_id == detail.coaching.analysis_id
        and f.revision == detail.coaching.revision
    }
    _panels(signed, detail, verdicts)


def _panels(
    signed: SignedIn, detail: LeadDetail, verdicts: dict[tuple[FeedbackItem, int], FeedbackAction]
) -> None:
    dashboard = AgentAssistanceDashboard()
    st.text(f"Lead {detail.lead_id}" + (f" · {detail.name}" if detail.name else ""))
    thread, panels = st.columns([2, 3])
    with thread:
        dashboard.render_conversation_thread(detail.thread)
        dashboard.render_preferences(detail.preferences)
        dashboard.render_actions_due(detail.actions)
    with panels:
        live = detail.coaching
        if live is None:
            st.info("No coaching yet for this lead.")
            dashboard.render_qualification_progress(detail.qualification)
            return
        target = FeedbackTarget(live.analysis_id, live.revision, lambda r: _submit(signed, r), verdicts)
        coaching = live.coaching
        dashboard.render_live_coaching_panel(
            agent_id=signed.agent_id,
            coaching_suggestions=[] if coaching.objection_detected else coaching.suggestions,
            urgency=coaching.urgency_level.value,
            conversation_stage=detail.qualification.stage.value,
            confidence=coaching.confidence_score,
            engine=coaching.engine,
            revision=live.revision,
            feedback=target,
            note="Objection raised: the replies are in the Objection Assistant."
            if coaching.objection_detected
            else None,
        )
        dashboard.render_claude_objection_assistant(
            objection_type=coaching.objection_type.value if coaching.objection_type else None,
            severity=coaching.objection_severity.value if coaching.objection_severity else None,
            suggested_responses=coaching.suggestions if coaching.objection_detected else [],
            talking_points=coaching.talking_points,
            feedback=target,
        )
        dashboard.render_question_guide(live.question_guide, feedback=target)
        dashboard.render_qualification_progress(detail.qualification)


def _submit(signed: SignedIn, request: FeedbackRequest) -> None:
    try:
        signed.agent.give_feedback(request)
    except ApiError as error:
        st.error(f"Feedback not saved: {error.message}")
        return
    # Run the page again so the verdict shows on its item; the toast waits for that run.
    st.session_state[SAVED] = f"Feedback saved: {request.action.value}"
    st.rerun()


def _message_form(signed: SignedIn) -> None:
    """For calls and texts outside GHL: the agent types what the prospect said and gets coaching."""
    with st.form("prospect_message", clear_on_submit=True):
        st.markdown("**Type the prospect's message**")
        lead = st.text_input("Lead id", value=str(st.session_state.get(CURRENT_LEAD, "")), max_chars=128)
        message = st.text_area("Message", max_chars=10_000)
        if st.form_submit_button("Send as prospect"):
            if not lead.strip() or not message.strip():
                st.warning("Give a lead id and the message.")
                return
            same_lead = lead.strip() == st.session_state.get(CURRENT_LEAD)
            conversation = st.session_state.get(CURRENT_CONVERSATION) if same_lead else f"dash-{lead.strip()}"
            try:
                signed.agent.send_prospect_message(signed.agent_id, lead.strip(), str(conversation), message)
            except (ApiError, OSError, TimeoutError) as error:
                st.error(f"Not sent: {error}")


def _demo_controls() -> None:
    """Play demo: the prospect's messages go to a new demo lead, one every few seconds."""
    playing: dict[str, Any] | None = st.session_state.get(DEMO)
    if playing is None:
        if st.button("▶ Play demo"):
            st.session_state[DEMO] = {
                "lead": f"demo-{secrets.token_hex(3)}",
                "next": 0,
                "at": time.monotonic(),
            }
            st.session_state["lead_choice"] = FOLLOW_LATEST
    else:
        st.caption(f"Demo playing: message {playing['next']} of {len(PLAYED_MESSAGES)}")
        if st.button("■ Stop demo"):
            st.session_state.pop(DEMO, None)


def _advance_demo(signed: SignedIn) -> None:
    playing: dict[str, Any] | None = st.session_state.get(DEMO)
    if playing is None or time.monotonic() < playing["at"]:
        return
    lead = playing["lead"]
    try:
        signed.agent.send_prospect_message(
            signed.agent_id, lead, f"conv-{lead}", PLAYED_MESSAGES[playing["next"]]
        )
    except (ApiError, OSError, TimeoutError) as error:
        st.error(f"Demo stopped: {error}")
        st.session_state.pop(DEMO, None)
        return
    playing["next"] += 1
    playing["at"] = time.monotonic() + PLAY_INTERVAL_S
    if playing["next"] >= len(PLAYED_MESSAGES):
        st.session_state.pop(DEMO, None)
