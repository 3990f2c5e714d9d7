"""The Streamlit app `enterprisehub dashboard` serves: sign in, then the agent's or the team's view."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ghl_real_estate_ai.settings import Settings
from ghl_real_estate_ai.streamlit_components.agent_view import render_agent_view
from ghl_real_estate_ai.streamlit_components.api_client import ApiError
from ghl_real_estate_ai.streamlit_components.sign_in import SignedIn, sign_in
from ghl_real_estate_ai.streamlit_components.team_view import render_team_view

SIGNED_IN = "signed_in"
SIGNED_OUT = "signed_out"  # set when the user signs out, so the key file does not sign them back in


def _from_key_file(settings: Settings) -> SignedIn | None:
    """`make run` hands the demo location's key over in a file; sign in with it as the demo agent."""
    if not settings.dashboard_key_file or st.session_state.get(SIGNED_OUT):
        return None
    path = Path(settings.dashboard_key_file)
    if not path.is_file():
        return None
    try:
        return sign_in(settings.dashboard_api_url, path.read_text().strip(), settings.dashboard_agent_id)
    except ApiError:
        return None


def _sign_in_form(settings: Settings) -> None:
    st.title("EnterpriseHub agent assist")
    with st.form("sign_in"):
        api_url = st.text_input("API", value=settings.dashboard_api_url)
        credential = st.text_input("Agent token or location API key", type="password")
        agent_id = st.text_input("Agent id (with the location key)", value="")
        if st.form_submit_button("Sign in"):
            try:
                st.session_state[SIGNED_IN] = sign_in(api_url, credential, agent_id)
            except ApiError as error:
                st.error(f"Not signed in: {error.message}")
                return
            st.session_state.pop(SIGNED_OUT, None)
            st.rerun()


def main() -> None:
    st.set_page_config(page_title="EnterpriseHub agent assist", layout="wide")
    settings = Settings()
    signed: SignedIn | None = st.session_state.get(SIGNED_IN)
    if signed is None:
        signed = _from_key_file(settings)
        if signed is not None:
            st.session_state[SIGNED_IN] = signed
    if signed is None:
        _sign_in_form(settings)
        return
    with st.sidebar:
        st.text(f"Agent {signed.agent_id}")
        st.text(f"Signed in with {signed.shown_credential}")
        if st.button("Sign out"):
            signed.close()
            st.session_state.pop(SIGNED_IN, None)
            st.session_state[SIGNED_OUT] = True
            st.rerun()
        view = st.radio("View", ["Agent", "Team"], horizontal=True)
    if view == "Team":
        render_team_view(signed)
    else:
        render_agent_view(signed, settings.dashboard_poll_seconds)


main()
