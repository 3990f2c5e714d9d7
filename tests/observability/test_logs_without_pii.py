"""Logs are JSON lines with the request's ids, and carry no PII, also when the database fails."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import httpx
import pytest

from ghl_real_estate_ai.api.app import create_app
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.observability.logging import render_exception
from ghl_real_estate_ai.settings import Settings
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.migrate import upgrade_to_head
from tests.conftest import make_tenant
from tests.support.servers import serve_in_thread

EMAIL, PHONE, SSN = "jane.doe@example.com", "512-555-0143", "123-45-6789"
MESSAGE = f"Email me at {EMAIL} or call {PHONE}, my SSN is {SSN}; we want a condo in Austin"
SECRETS = (EMAIL, PHONE, SSN, "Email me at", "condo in Austin")


def lines(buffer: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]


class TestLogsWithoutPii:
    async def test_messages_with_an_email_phone_and_ssn_and_a_database_error_leave_none_in_the_logs(
        self,
        tmp_path: Path,
        local_engine: LocalEngine,
        captured: io.StringIO,
        capfd: pytest.CaptureFixture[str],
    ) -> None:
        path = tmp_path / "pii.db"
        url = f"sqlite+aiosqlite:///{path}"
        upgrade_to_head(url)
        database = Database(url)
        tenant = await make_tenant(database)
        await database.dispose()
        settings = Settings(DATABASE_URL=url, ENTERPRISEHUB_ENV="test", ENTERPRISEHUB_WORKER=False)
        coaching = {"agent_id": "agent_pii", "prospect_message": MESSAGE}
        with serve_in_thread(create_app(settings, engine=local_engine)) as base_url:
            async with httpx.AsyncClient(base_url=base_url, timeout=10, headers=tenant.headers) as http:
                answered = await http.post("/api/v1/claude/coaching/real-time", json=coaching)
                assert answered.status_code == 200, answered.text
                semantic = {"conversation_messages": [{"speaker": "prospect", "message": MESSAGE}]}
                assert (await http.post("/api/v1/claude/semantic/analyze", json=semantic)).status_code == 200
                flow = {"contact_id": "c-pii", "contact_name": "Jane Doe", "initial_message": MESSAGE}
                assert (await http.post("/api/v1/claude/qualification/start", json=flow)).status_code == 201
                # The database fails under the next answer: its table of messages is gone.
                with sqlite3.connect(path) as connection:
                    connection.execute("DROP TABLE messages")
                failed = await http.post(
                    "/api/v1/claude/coaching/real-time",
                    json=coaching,
                    headers={"X-Request-ID": "req-pii-test"},
                )
        out, err = capfd.readouterr()
        assert failed.status_code == 500
        assert failed.json()["error"] == "internal_error"
        assert failed.headers["x-request-id"] == "req-pii-test"

        logged = captured.getvalue()
        for secret in SECRETS:
            assert secret not in logged, secret
            assert secret not in out and secret not in err, secret
        records = lines(captured)
        [error] = [r for r in records if str(r["event"]).startswith("unhandled error")]
        assert error["request_id"] == "req-pii-test"
        assert error["location_id"] == tenant.location_id
        assert error["agent_id"] == "agent_pii"
        assert "OperationalError" in str(error["exception"])
        # The spec's debug loggers said what was answered, with the request's ids beside it.
        coached = [r for r in records if r["logger"] == "claude_agent_service"]
        assert coached and coached[0]["location_id"] == tenant.location_id
        assert coached[0]["analysis_id"] == answered.json()["analysis_id"]
        assert {r["logger"] for r in records} >= {"claude_semantic_analyzer", "qualification_orchestrator"}


class TestExceptionRendering:
    def test_a_validation_error_names_its_fields_not_their_values(self) -> None:
        from pydantic import BaseModel

        class Lead(BaseModel):
            phone: int

        try:
            Lead.model_validate({"phone": PHONE})
        except Exception as error:
            rendered = render_exception((type(error), error, error.__traceback__))
        assert "phone: int_parsing" in rendered
        assert PHONE not in rendered

    def test_any_other_message_is_scrubbed(self) -> None:
        error = RuntimeError(f"could not reach {EMAIL}")
        rendered = render_exception((RuntimeError, error, None))
        assert EMAIL not in rendered and "[EMAIL]" in rendered
