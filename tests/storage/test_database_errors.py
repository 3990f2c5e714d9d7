"""A failing statement's error, and what the logs make of it, never carry the values it was given
(finding 3: "a database error log prints them")."""

from __future__ import annotations

import io
import logging
import secrets

import pytest
from sqlalchemy.exc import IntegrityError

from ghl_real_estate_ai.observability.logging import configure_logging
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.models import Contact
from tests.conftest import make_tenant


class TestDatabaseErrorsHideParameters:
    async def test_a_failing_insert_names_the_statement_but_no_value_in_its_error_or_the_log(
        self, database: Database
    ) -> None:
        tenant = await make_tenant(database)
        email = f"pat.{secrets.token_hex(3)}@example.com"
        name = f"Pat Quimby{secrets.token_hex(3)}"
        async with database.session() as session:
            session.add(Contact(location_id=tenant.location_id, external_id=email))
        buffer = io.StringIO()
        handler = configure_logging("DEBUG", stream=buffer)
        try:
            with pytest.raises(IntegrityError) as failed:
                async with database.session() as session:
                    # The same (location, external id) again: a unique violation with the email bound.
                    session.add(Contact(location_id=tenant.location_id, external_id=email, name=name))
            logging.getLogger("enterprisehub.test").error("insert failed", exc_info=failed.value)
        finally:
            logging.getLogger().removeHandler(handler)
            logging.getLogger().setLevel(logging.WARNING)
        error = str(failed.value)
        assert "INSERT INTO contacts" in error
        assert "parameters hidden" in error
        logged = buffer.getvalue()
        assert "IntegrityError" in logged
        for value in (email, name):
            assert value not in logged, f"{value!r} is in the log"
            assert value not in error, f"{value!r} is in the error's text"
