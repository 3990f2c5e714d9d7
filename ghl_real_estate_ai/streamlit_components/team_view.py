"""The team's page: leads by stage and tier, actions due, the qualification funnel, how often coaching
is used, and engine health. Every chart is drawn from figures the API recorded; none is made up here."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from ghl_real_estate_ai.domain.dashboard import TeamSummary
from ghl_real_estate_ai.domain.feedback import FeedbackReport
from ghl_real_estate_ai.domain.qualification import QualificationAnalytics, QualificationStage
from ghl_real_estate_ai.streamlit_components.api_client import ApiError, DashboardApi, Health
from ghl_real_estate_ai.streamlit_components.sign_in import SignedIn

FUNNEL = (
    QualificationStage.NEW,
    QualificationStage.ENGAGED,
    QualificationStage.QUALIFYING,
    QualificationStage.QUALIFIED,
)
SNOOZE_MINUTES = 60


def render_team_view(signed: SignedIn) -> None:
    st.title("Team")
    # Without the location key the page shows what the agent's own token may see.
    api = signed.location or signed.agent
    try:
        team = api.team()
        report = api.feedback_report()
        health = api.health()
    except ApiError as error:
        st.error(f"The API answered: {error.message}")
        return
    _leads(team)
    _use_rates(report)
    _engines(team, health)
    if signed.location is None:
        st.info("Actions due and the qualification funnel need the location's API key: sign in with it.")
        return
    _actions_due(signed.location)
    try:
        _funnel(signed.location.qualification_analytics())
    except ApiError as error:
        st.error(f"The API answered: {error.message}")


def _bar(title: str, keys: list[str], values: list[float], key: str) -> None:
    figure = go.Figure(go.Bar(x=keys, y=values))
    figure.update_layout(title=title, height=280, margin={"t": 40, "b": 20, "l": 20, "r": 20})
    st.plotly_chart(figure, key=key)


def _leads(team: TeamSummary) -> None:
    st.subheader("Leads")
    st.metric("Leads with a conversation", team.leads)
    stage, tier = st.columns(2)
    with stage:
        _bar(
            "By qualification stage",
            [c.key for c in team.by_stage],
            [c.count for c in team.by_stage],
            "stage",
        )
    with tier:
        _bar("By priority tier", [c.key for c in team.by_tier], [c.count for c in team.by_tier], "tier")


def _use_rates(report: FeedbackReport) -> None:
    st.subheader("Coaching use")
    st.metric("Use rate (used or edited / all verdicts)", f"{report.overall.use_rate:.0%}")
    st.caption(f"over {report.total} verdicts")
    if not report.total:
        st.info("No feedback yet: the rates appear once agents use or dismiss coaching.")
        return
    over_time, by_type = st.columns(2)
    with over_time:
        figure = go.Figure(
            go.Scatter(x=[d.key for d in report.by_day], y=[d.use_rate for d in report.by_day])
        )
        figure.update_layout(title="Use rate per day", height=280, yaxis={"range": [0, 1]})
        st.plotly_chart(figure, key="use_over_time")
    with by_type:
        rates = report.by_objection_type
        _bar(
            "Use rate per objection type", [r.key for r in rates], [r.use_rate for r in rates], "use_by_type"
        )
    language, engine = st.columns(2)
    with language:
        rates = report.by_language
        _bar("Use rate per language", [r.key for r in rates], [r.use_rate for r in rates], "use_by_language")
    with engine:
        rates = report.by_engine
        _bar("Use rate per engine", [r.key for r in rates], [r.use_rate for r in rates], "use_by_engine")


def _engines(team: TeamSummary, health: Health) -> None:
    st.subheader("Engine health")
    overall, claude, circuit = st.columns(3)
    overall.metric("API", health.overall_status)
    claude.metric(f"Claude ({health.claude_mode})", health.claude_status)
    circuit.metric("Circuit", health.claude_circuit or "-")
    figure = go.Figure()
    for engine in team.engines:
        values = [engine.latency_p50_ms, engine.latency_p95_ms, engine.latency_p99_ms]
        figure.add_trace(
            go.Bar(name=f"{engine.engine} ({engine.analyses})", x=["p50", "p95", "p99"], y=values)
        )
    if any(value is not None for value in health.claude_latency_ms.values()):
        figure.add_trace(
            go.Bar(
                name="Claude calls",
                x=list(health.claude_latency_ms),
                y=list(health.claude_latency_ms.values()),
            )
        )
    figure.update_layout(
        title=f"Latency (ms) over the latest {team.analyses_considered} analyses",
        barmode="group",
        height=300,
    )
    st.plotly_chart(figure, key="latency")


def _actions_due(api: DashboardApi) -> None:
    st.subheader("Actions due (next 7 days)")
    try:
        due = api.due_actions("7d")
    except ApiError as error:
        st.error(f"The API answered: {error.message}")
        return
    if not due.actions:
        st.info("Nothing due.")
    for action in due.actions:
        with st.container(border=True):
            st.text(
                f"{action.due_at:%a %d %b %H:%M} UTC · {action.contact_id} · {action.channel.value} · "
                f"{action.description}"
            )
            complete, snooze = st.columns(2)
            try:
                if complete.button("Complete", key=f"complete-{action.action_id}") and action.action_id:
                    api.complete_action(action.action_id)
                    st.rerun()
                if (
                    snooze.button(f"Snooze {SNOOZE_MINUTES} min", key=f"snooze-{action.action_id}")
                    and action.action_id
                ):
                    api.snooze_action(action.action_id, SNOOZE_MINUTES)
                    st.rerun()
            except ApiError as error:
                st.error(f"The API answered: {error.message}")


def _funnel(analytics: QualificationAnalytics) -> None:
    st.subheader("Qualification funnel")
    if not analytics.total_flows:
        st.info("No qualification flows yet.")
        return
    # A flow at a later rung has passed the earlier ones: each rung counts the flows at or past it.
    at_stage = [analytics.by_stage.get(stage, 0) for stage in FUNNEL]
    reached = [sum(at_stage[i:]) for i in range(len(FUNNEL))]
    figure = go.Figure(go.Funnel(y=[stage.value for stage in FUNNEL], x=reached))
    figure.update_layout(title=f"{analytics.total_flows} flows", height=300)
    st.plotly_chart(figure, key="funnel")
    if analytics.drop_off:
        questions = analytics.drop_off
        _bar(
            "Went quiet after this question",
            [q.question for q in questions],
            [q.dropped for q in questions],
            "drop",
        )
