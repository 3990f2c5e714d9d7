"""The agent dashboard (Streamlit). It talks to the API over HTTP and the WebSocket, never to the DB."""

from ghl_real_estate_ai.streamlit_components.agent_assistance_dashboard import AgentAssistanceDashboard

__all__ = ["AgentAssistanceDashboard"]
