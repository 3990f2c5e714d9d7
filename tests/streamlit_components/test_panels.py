"""The spec's AgentAssistanceDashboard panels, rendered by Streamlit's AppTest (no server needed)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def spec_panels() -> None:
    from ghl_real_estate_ai.streamlit_components.agent_assistance_dashboard import AgentAssistanceDashboard

    dashboard = AgentAssistanceDashboard()
    dashboard.render_live_coaching_panel(
        agent_id="agent_123",
        coaching_suggestions=["Acknowledge the concern", "Ask about their budget range"],
        urgency="medium",
        conversation_stage="discovery",
    )
    dashboard.render_claude_objection_assistant(
        objection_type="price_concern",
        severity="medium",
        suggested_responses=["Compare recent sales nearby", "Show homes at a lower price point"],
    )


def other_panels(xss: str) -> None:
    from datetime import UTC, datetime

    from ghl_real_estate_ai.domain.coaching import RankedQuestion
    from ghl_real_estate_ai.domain.dashboard import QualificationProgress, ThreadMessage
    from ghl_real_estate_ai.domain.preferences import Preferences
    from ghl_real_estate_ai.domain.taxonomy import Speaker
    from ghl_real_estate_ai.intelligence.qualification.lead_progress import lead_progress
    from ghl_real_estate_ai.streamlit_components.agent_assistance_dashboard import AgentAssistanceDashboard

    dashboard = AgentAssistanceDashboard()
    at = datetime(2026, 12, 3, 13, 0, tzinfo=UTC)
    dashboard.render_conversation_thread(
        [ThreadMessage(message_id=1, conversation_id="c", speaker=Speaker.PROSPECT, body=xss, created_at=at)]
    )
    dashboard.render_question_guide(
        [
            RankedQuestion(
                question="What price range feels comfortable?",
                area="budget",
                slot="budget_range",
                expected_information_gain=0.3,
                rationale="budget carries 30% of qualification and is unknown",
            )
        ]
    )
    preferences = Preferences(bedrooms=3, budget_max=450_000, locations=[xss])
    stage, overall, areas = lead_progress(preferences)
    dashboard.render_qualification_progress(
        QualificationProgress(stage=stage, completeness=overall, areas=areas)
    )
    dashboard.render_preferences(preferences)


def texts(app: AppTest) -> list[str]:
    return [element.value for element in app.text]


class TestTheSpecsCalls:
    def test_live_coaching_shows_each_suggestion_with_urgency_and_stage(self) -> None:
        app = AppTest.from_function(spec_panels).run()
        assert not app.exception
        assert [s.value for s in app.subheader][:1] == ["Live Coaching"]
        assert "Acknowledge the concern" in texts(app)
        assert "Ask about their budget range" in texts(app)
        assert any(m.label == "Urgency" and m.value == "medium" for m in app.metric)
        assert "Agent agent_123 · stage discovery" in texts(app)

    def test_the_objection_assistant_shows_type_severity_and_replies(self) -> None:
        app = AppTest.from_function(spec_panels).run()
        assert "Objection Assistant" in [s.value for s in app.subheader]
        metrics = {m.label: m.value for m in app.metric}
        assert metrics["Objection"] == "price concern"
        assert metrics["Severity"] == "medium"
        assert "Compare recent sales nearby" in texts(app)

    def test_without_a_feedback_target_there_are_no_feedback_buttons(self) -> None:
        app = AppTest.from_function(spec_panels).run()
        assert len(app.button) == 0


class TestTheOtherPanels:
    def test_the_question_guide_gives_each_question_with_why(self) -> None:
        app = AppTest.from_function(other_panels, args=(XSS,)).run()
        assert not app.exception
        assert "What price range feels comfortable?" in texts(app)
        assert "budget carries 30% of qualification and is unknown" in texts(app)

    def test_qualification_progress_has_a_bar_per_area_and_the_stage(self) -> None:
        app = AppTest.from_function(other_panels, args=(XSS,)).run()
        bars = app.get("progress")
        assert len(bars) == 5
        assert {m.label: m.value for m in app.metric}["Stage"] == "qualifying"

    def test_prospect_text_is_shown_as_literal_text_and_never_as_html(self) -> None:
        app = AppTest.from_function(other_panels, args=(XSS,)).run()
        assert XSS in texts(app)
        assert f"locations: {XSS}" in texts(app)
        assert all(not markdown.proto.allow_html for markdown in app.markdown)
        assert all(XSS not in markdown.value for markdown in app.markdown)
