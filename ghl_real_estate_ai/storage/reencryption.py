"""Re-encrypting stored values with the newest key (`enterprisehub keys rotate`), in batches.

Every column of an encrypted type is found from the table metadata, so a new encrypted column is rotated
without being listed here. Each batch is one short transaction (SQLite's write lock is held briefly); a
value already under the newest key is left alone, so an interrupted rotation simply runs again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Column, Table, select, type_coerce, update

from ghl_real_estate_ai.storage import (  # noqa: F401  (register every table on Base)
    action_tables,
    audit_chain,
    audit_tables,
    ghl_tables,
    qualification_tables,
)
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.encrypted_types import (
    EncryptedBytes,
    EncryptedJSON,
    EncryptedText,
    keyring_of,
)
from ghl_real_estate_ai.storage.models import Base

ENCRYPTED = (EncryptedText, EncryptedJSON, EncryptedBytes)
BATCH_ROWS = 500


@dataclass
class RotationReport:
    rewritten: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rewritten.values())


def encrypted_columns() -> list[tuple[Table, Column[object]]]:
    return [
        (table, column)
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, ENCRYPTED)
    ]


def _stored_as_current(raw: object, current_prefix: str) -> bool:
    text = bytes(raw).decode("ascii", "replace") if isinstance(raw, bytes | memoryview) else raw
    return isinstance(text, str) and text.startswith(current_prefix)


async def rotate(database: Database, batch_rows: int = BATCH_ROWS) -> RotationReport:
    keyring = keyring_of(database.engine.dialect)
    current = f"e1:{keyring.newest_id}:"
    report = RotationReport()
    for table, column in encrypted_columns():
        key = next(iter(table.primary_key.columns))
        decorated = column.type
        assert isinstance(decorated, ENCRYPTED)
        raw_column = type_coerce(column, decorated.impl_instance)
        last: object = None
        rewritten = 0
        while True:
            async with database.session() as session:
                query = select(key, raw_column).where(column.isnot(None)).order_by(key).limit(batch_rows)
                if last is not None:
                    query = query.where(key > last)
                rows = (await session.execute(query)).all()
                for row_key, raw in rows:
                    if _stored_as_current(raw, current):
                        continue
                    plain = decorated.process_result_value(raw, database.engine.dialect)
                    await session.execute(update(table).where(key == row_key).values({column.name: plain}))
                    rewritten += 1
            if len(rows) < batch_rows:
                break
            last = rows[-1][0]
        report.rewritten[f"{table.name}.{column.name}"] = rewritten
    async with database.session() as session:
        await audit_chain.append(
            session, "key.rotate", "cli", details={"key_id": keyring.newest_id, "rewritten": report.total}
        )
    return report
