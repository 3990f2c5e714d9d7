"""Contact PII (names too), message bodies, qualification answers and raw webhook payloads are encrypted
at rest.

A conversation full of identifiers goes in over HTTP; then the SQLite file's bytes (WAL included) or a
pg_dump of the database must not contain any of them (tests/ghl/test_contact_lookup.py does the same for a
GHL webhook's raw payload with a name, email and phone).
"""

from __future__ import annotations

import secrets
import subprocess
from pathlib import Path

import httpx
import pytest
from cryptography.fernet import Fernet
from sqlalchemy.engine import make_url

from ghl_real_estate_ai.security.encryption import Keyring, Undecryptable
from tests.conftest import Tenant


def _identifiers() -> dict[str, str]:
    tag = secrets.token_hex(3)
    return {
        "email": f"jane.{tag}@example.com",
        "phone": f"(512) 555-{secrets.randbelow(9000) + 1000}",
        "ssn": f"{secrets.randbelow(900) + 100}-45-{secrets.randbelow(9000) + 1000}",
        "text": f"our cat Whiskers{tag} hates stairs",
        "name": f"Jolene Farquar{tag}",
    }


class TestKeyring:
    def test_values_round_trip_and_each_encryption_differs(self) -> None:
        ring = Keyring([Fernet.generate_key().decode()])
        first, second = ring.encrypt(b"jane@example.com"), ring.encrypt(b"jane@example.com")
        assert first != second
        assert b"jane" not in first.encode()
        assert ring.decrypt(first) == ring.decrypt(second) == b"jane@example.com"

    def test_an_older_key_still_decrypts_after_a_new_one_is_put_in_front(self) -> None:
        old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
        stored = Keyring([old]).encrypt(b"secret")
        rotated = Keyring([new, old])
        assert rotated.decrypt(stored) == b"secret"
        assert not rotated.is_current(stored)
        assert rotated.is_current(rotated.encrypt(b"secret"))

    def test_a_missing_key_or_an_altered_value_is_refused(self) -> None:
        stored = Keyring([Fernet.generate_key().decode()]).encrypt(b"secret")
        with pytest.raises(Undecryptable):
            Keyring([Fernet.generate_key().decode()]).decrypt(stored)
        ring = Keyring([Fernet.generate_key().decode()])
        altered = ring.encrypt(b"secret")
        # A character in the middle of the ciphertext (the last ones may only carry base64 padding bits).
        middle = len(altered) - 20
        altered = altered[:middle] + ("A" if altered[middle] != "A" else "B") + altered[middle + 1 :]
        with pytest.raises(Undecryptable):
            ring.decrypt(altered)


async def _converse(client: httpx.AsyncClient, tenant: Tenant, said: dict[str, str]) -> None:
    message = f"Email me at {said['email']} or call {said['phone']}, SSN {said['ssn']}; {said['text']}"
    lead = f"lead_{secrets.token_hex(4)}"
    coached = await client.post(
        "/api/v1/claude/coaching/real-time",
        json={"agent_id": "a1", "prospect_message": message, "conversation_context": {"lead_id": lead}},
        headers=tenant.headers,
    )
    assert coached.status_code == 200, coached.text
    started = await client.post(
        "/api/v1/claude/qualification/start",
        json={"contact_id": lead, "contact_name": said["name"], "initial_message": message},
        headers=tenant.headers,
    )
    assert started.status_code == 201, started.text
    answered = await client.post(
        f"/api/v1/claude/qualification/{started.json()['flow_id']}/response",
        json={"message": f"Best is text at {said['phone']}, {said['text']}"},
        headers=tenant.headers,
    )
    assert answered.status_code == 200, answered.text


def _database_bytes(database_url: str) -> bytes:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        path = Path(str(url.database))
        # Read by another process: closing any descriptor of a SQLite file drops every POSIX lock this
        # process holds on it (the session's servers keep it open), after which a worker process may
        # write beside them unlocked and corrupt it.
        files = [str(p) for p in (path, Path(f"{path}-wal")) if p.exists()]
        return subprocess.run(["cat", *files], capture_output=True, check=True).stdout
    dump = subprocess.run(
        ["pg_dump", "-h", url.host or "127.0.0.1", "-U", url.username or "postgres", str(url.database)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return dump.stdout


class TestNothingReadableAtRest:
    async def test_the_database_holds_no_identifier_or_message_text_of_the_conversation(
        self, client: httpx.AsyncClient, tenant: Tenant, database_url: str
    ) -> None:
        said = _identifiers()
        await _converse(client, tenant, said)
        stored = _database_bytes(database_url)
        assert tenant.location_id.encode() in stored  # the dump is of the right database
        for name, value in said.items():
            assert value.encode() not in stored, f"{name} {value!r} is readable at rest"
        digits = said["phone"][-4:] + "-"  # nor the phone number written another way
        assert f"555-{digits}".encode() not in stored


class TestKeyRotation:
    async def test_rotation_rewrites_every_value_under_the_newest_key_and_all_stay_readable(
        self, tmp_path: Path
    ) -> None:
        from sqlalchemy import select, type_coerce

        from ghl_real_estate_ai.storage.migrate import upgrade_to_head

        # A database of its own: every value in it is rewritten under keys no other test has.
        database_url = f"sqlite+aiosqlite:///{tmp_path / 'rotation.db'}"
        upgrade_to_head(database_url)

        from ghl_real_estate_ai.storage.database import Database
        from ghl_real_estate_ai.storage.models import Location, Message
        from ghl_real_estate_ai.storage.reencryption import encrypted_columns, rotate
        from ghl_real_estate_ai.storage.repositories import ConversationRepository

        old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
        before = Database(database_url, Keyring([old]))
        text = f"message {secrets.token_hex(4)}"
        async with before.session() as session:
            location = Location(name="rotation")
            session.add(location)
            await session.flush()
            conversations = ConversationRepository(session, location.id)
            conversation, _ = await conversations.conversation("c1")
            conversations.add_message(conversation.id, "prospect", text)
        await before.dispose()
        after = Database(database_url, Keyring([new, old]))
        try:
            report = await rotate(after, batch_rows=7)
            assert report.total >= 1
            assert (await rotate(after)).total == 0  # nothing left under the old key
            only_new = Database(database_url, Keyring([new]))
            async with only_new.session() as session:
                stored = await session.execute(select(Message.body).where(Message.location_id == location.id))
                assert list(stored.scalars()) == [text]
                raw = await session.execute(
                    select(type_coerce(Message.body, Message.__table__.c.body.type.impl_instance)).where(
                        Message.location_id == location.id
                    )
                )
                assert raw.scalar_one().startswith(f"e1:{Keyring([new]).newest_id}:")
            await only_new.dispose()
        finally:
            await after.dispose()
        assert {f"{t.name}.{c.name}" for t, c in encrypted_columns()} >= {"messages.body", "ghl_inbox.body"}
