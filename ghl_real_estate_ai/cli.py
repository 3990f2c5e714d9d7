"""The `enterprisehub` command line."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ghl_real_estate_ai.demo_conversation import DEMO_AGENT_ID, DEMO_LEAD_ID
from ghl_real_estate_ai.learning_cli import engine_app, model_app, properties_app
from ghl_real_estate_ai.settings import Settings

app = typer.Typer(help="EnterpriseHub: real-time AI copilot for real-estate agents.", no_args_is_help=True)
locations = typer.Typer(help="Tenants (GHL locations) and their API keys.", no_args_is_help=True)
app.add_typer(locations, name="locations")
keys = typer.Typer(help="Encryption keys at rest (ENTERPRISEHUB_ENCRYPTION_KEYS).", no_args_is_help=True)
app.add_typer(keys, name="keys")
audit = typer.Typer(help="The tamper-evident audit trail.", no_args_is_help=True)
app.add_typer(audit, name="audit")
retention = typer.Typer(
    help="Per-location retention (the worker purges every interval).", no_args_is_help=True
)
app.add_typer(retention, name="retention")
app.add_typer(model_app, name="model")
app.add_typer(properties_app, name="properties")
app.add_typer(engine_app, name="engine")
console = Console()
DEMO_GHL_LOCATION_ID = "loc_789"
# How `serve` runs uvicorn (the GHL benchmark's floor server uses the same).
UVICORN: dict[str, Any] = {"log_level": "warning", "access_log": False}


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes")] = 1,
    no_worker: Annotated[
        bool, typer.Option("--no-worker", help="Leave GHL events to `enterprisehub worker` processes")
    ] = False,
) -> None:
    """Serve the HTTP API (and, unless --no-worker, the GHL worker in the same process)."""
    import os

    from ghl_real_estate_ai.observability.logging import configure_logging

    if no_worker:
        os.environ["ENTERPRISEHUB_WORKER"] = "false"

    import uvicorn

    settings = Settings()
    configure_logging(settings.log_level)
    console.print(f"serving on http://{host}:{port} (OpenAPI at /docs)")

    uvicorn.run(
        "ghl_real_estate_ai.api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        **UVICORN,
        # Heartbeats: a peer that misses a ping's pong is closed (1011), freeing its connection.
        ws_ping_interval=settings.hub_ping_interval_seconds,
        ws_ping_timeout=settings.hub_ping_timeout_seconds,
    )


@app.command()
def worker(
    niceness: Annotated[
        int, typer.Option(help="Lower this process's CPU priority (acknowledging webhooks comes first)")
    ] = 0,
) -> None:
    """Run the GHL worker alone (inbox -> analysis -> outbox -> GHL) until SIGTERM."""
    import os

    from ghl_real_estate_ai.observability.logging import configure_logging

    if niceness:
        os.nice(niceness)

    from ghl_real_estate_ai.intelligence.factory import batched, build_engine
    from ghl_real_estate_ai.services.analysis_service import AnalysisService
    from ghl_real_estate_ai.services.ghl_worker_runner import run_until_signalled

    settings = Settings()
    configure_logging(settings.log_level)
    # Events the worker reads at the same time share engine calls, as the API's messages do.
    analysis = AnalysisService(batched(build_engine(settings), settings))
    asyncio.run(run_until_signalled(settings, analysis))


@app.command()
def migrate() -> None:
    """Upgrade the database schema to the latest migration."""
    from ghl_real_estate_ai.storage.migrate import upgrade_to_head

    settings = Settings()
    upgrade_to_head(settings.database_url)
    console.print(f"[green]database at head[/green] ({_redacted(settings.database_url)})")


@locations.command("create")
def create_location(
    name: str,
    ghl_location_id: Annotated[str | None, typer.Option(help="The GHL location (sub-account) id")] = None,
    ghl_token: Annotated[
        str | None, typer.Option(help="GHL private integration token (encrypted at rest when keys are set)")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Create a tenant and print its API key (shown once)."""
    issued = asyncio.run(_create_location(Settings(), name, ghl_location_id, ghl_token))
    if as_json:
        typer.echo(json.dumps(issued))
    else:
        console.print(
            f"location [bold]{issued['location_id']}[/bold]\napi key  [bold]{issued['api_key']}[/bold]"
        )


async def _create_location(
    settings: Settings, name: str, ghl_location_id: str | None, ghl_token: str | None = None
) -> dict[str, str]:
    from ghl_real_estate_ai.ghl.secrets import seal
    from ghl_real_estate_ai.security.encryption import Keyring
    from ghl_real_estate_ai.storage.database import Database
    from ghl_real_estate_ai.storage.ghl_repository import GhlSettingsRepository
    from ghl_real_estate_ai.storage.repositories import LocationRepository

    database = Database(settings.database_url, Keyring.from_settings(settings))
    try:
        async with database.session() as session:
            issued = await LocationRepository(session).create(name, ghl_location_id)
            if ghl_token:
                stored = await GhlSettingsRepository(session).for_location(issued.location.id)
                stored.access_token = seal(settings, ghl_token)
            return {"location_id": issued.location.id, "api_key": issued.api_key}
    finally:
        await database.dispose()


@app.command()
def demo(
    key_file: Annotated[
        Path | None, typer.Option(help="Also write the demo's API key here (for the dashboard to sign in)")
    ] = None,
) -> None:
    """Seed a demo tenant and a demo lead when the database has none, and print how to call the API."""
    settings = Settings()
    issued = asyncio.run(_seed_demo(settings))
    if issued is not None and key_file is not None:
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.touch(mode=0o600)
        key_file.write_text(issued["api_key"])
    if issued is None:
        console.print(
            "database already has tenants: no demo seeded (create one with `enterprisehub locations create`)"
        )
        return
    example = json.dumps(
        {
            "agent_id": "agent_123",
            "prospect_message": "Not sure if I can afford this right now...",
            "conversation_stage": "discovery",
        }
    )
    console.print(
        f"\n[bold green]Demo tenant ready[/bold green]  location_id={issued['location_id']} "
        f"(GHL location {DEMO_GHL_LOCATION_ID})\n"
        f"API key (shown once): [bold]{issued['api_key']}[/bold]\n"
        f"Agent token for {DEMO_AGENT_ID}: {_demo_agent_token(settings, issued)}\n"
        f"Demo lead {DEMO_LEAD_ID} is seeded with a coached conversation.\n\n"
        "Try it:\n"
        "curl -s -X POST http://127.0.0.1:8000/api/v1/claude/coaching/real-time \\\n"
        f"  -H 'Authorization: Bearer {issued['api_key']}' -H 'Content-Type: application/json' \\\n"
        f"  -d '{example}'\n",
        soft_wrap=True,
        highlight=False,
    )


def _demo_agent_token(settings: Settings, issued: dict[str, str]) -> str:
    from datetime import timedelta

    from ghl_real_estate_ai.clock import system_clock
    from ghl_real_estate_ai.security.agent_tokens import AgentTokens
    from ghl_real_estate_ai.security.local_keys import signing_secret

    tokens = AgentTokens(
        signing_secret(settings),  # what the server signs with (a kept local key in development)
        system_clock,
        timedelta(seconds=settings.agent_token_ttl_seconds),
    )
    return tokens.issue(DEMO_AGENT_ID, issued["location_id"], issued.get("key_id", "")).token


async def _seed_demo(settings: Settings) -> dict[str, str] | None:
    from ghl_real_estate_ai.intelligence.factory import build_engine
    from ghl_real_estate_ai.security.encryption import Keyring
    from ghl_real_estate_ai.services.demo_seed import seed_demo_lead
    from ghl_real_estate_ai.storage.api_key_repository import ApiKeyRepository
    from ghl_real_estate_ai.storage.database import Database
    from ghl_real_estate_ai.storage.repositories import LocationRepository

    database = Database(settings.database_url, Keyring.from_settings(settings))
    try:
        async with database.session() as session:
            repository = LocationRepository(session)
            if await repository.count() > 0:
                return None
            # The spec's examples use location_id "loc_789": the demo tenant answers to it as its GHL id.
            issued = await repository.create("Demo Realty", ghl_location_id=DEMO_GHL_LOCATION_ID)
            # The demo's agent token names this key: it stands as long as the key does.
            key = await ApiKeyRepository(session).presented(issued.api_key)
            key_id = key.id if key is not None else ""
        # The demo lead's conversation, coached, so the dashboard shows something from the start.
        engine = await asyncio.to_thread(build_engine, settings)
        await seed_demo_lead(database, issued.location.id, engine)
        return {"location_id": issued.location.id, "api_key": issued.api_key, "key_id": key_id}
    finally:
        await database.dispose()


@app.command()
def dashboard(
    port: Annotated[int, typer.Option(help="Port to serve the dashboard on")] = 8501,
    host: Annotated[str, typer.Option(help="Interface to bind")] = "127.0.0.1",
    api_url: Annotated[
        str | None, typer.Option(help="The API (default ENTERPRISEHUB_DASHBOARD_API_URL)")
    ] = None,
    key_file: Annotated[
        Path | None, typer.Option(help="A file with a location API key to sign in with (make run's demo key)")
    ] = None,
) -> None:
    """Serve the agent dashboard (Streamlit); it talks only to the API."""
    import os

    from ghl_real_estate_ai.streamlit_components.launcher import dashboard_environment, streamlit_command

    console.print(f"dashboard on http://{host}:{port}")
    command = streamlit_command(host, port)
    os.execve(command[0], command, dashboard_environment(api_url, key_file))


@app.command()
def up(
    api_port: Annotated[int, typer.Option(help="Port of the API")] = 8000,
    dashboard_port: Annotated[int, typer.Option(help="Port of the dashboard")] = 8501,
    key_file: Annotated[Path | None, typer.Option(help="Location key file for the dashboard")] = None,
) -> None:
    """The API (with its worker) and the dashboard together, on 127.0.0.1; Ctrl-C stops both."""
    import sys

    from ghl_real_estate_ai.streamlit_components.launcher import dashboard_environment, run_together

    api_url = f"http://127.0.0.1:{api_port}"
    cli = [sys.executable, "-m", "ghl_real_estate_ai.cli"]
    dashboard_args = ["--port", str(dashboard_port), "--api-url", api_url]
    if key_file is not None:
        dashboard_args += ["--key-file", str(key_file)]
    opening = f"Open http://127.0.0.1:{dashboard_port}"
    console.print(f"\n[bold green]{opening}[/bold green] (API on {api_url}); Ctrl-C stops all\n")
    code = run_together(
        [[*cli, "serve", "--port", str(api_port)], [*cli, "dashboard", *dashboard_args]],
        dashboard_environment(api_url, key_file),
    )
    raise typer.Exit(code)


@app.command("eval")
def evaluate_engine(
    data: Annotated[Path, typer.Option(exists=True, dir_okay=False, help="Labeled JSONL file")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
    limit: Annotated[int | None, typer.Option(help="Score only the first N examples")] = None,
    record: Annotated[
        bool, typer.Option("--record", help="Store the run (dataset, time, metrics) for the analytics")
    ] = False,
) -> None:
    """Score the embedded engine on labeled conversations (metrics in taxonomy.md)."""
    from itertools import islice

    from ghl_real_estate_ai.domain.conversation import AnalysisRequest
    from ghl_real_estate_ai.evaluation.dataset import read_examples
    from ghl_real_estate_ai.evaluation.runner import evaluate
    from ghl_real_estate_ai.intelligence.local.engine import load_local_engine

    engine = load_local_engine(Settings().model_cache_dir)
    engine.analyze_now(AnalysisRequest(message="warm up"))
    try:
        report = evaluate(islice(read_examples(data), limit), engine.analyze_now)
    except ValueError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from error
    if record:
        _record_evaluation(data.name, engine.name, report)
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
        return
    table = Table(title=f"{data.name}: {report.examples} examples")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key, value in _flatten(report.model_dump()).items():
        table.add_row(
            key, "-" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)
        )
    console.print(table)


def _record_evaluation(dataset: str, engine: str, report: Any) -> None:
    from ghl_real_estate_ai.clock import system_clock
    from ghl_real_estate_ai.services.evaluation_runs import record_evaluation
    from ghl_real_estate_ai.storage.database import Database

    database = Database(Settings().database_url)
    run_id = asyncio.run(
        record_evaluation(database, dataset=dataset, engine=engine, report=report, recorded_at=system_clock())
    )
    typer.echo(f"recorded evaluation run {run_id}", err=True)


def _flatten(tree: dict[str, object], prefix: str = "") -> dict[str, object]:
    flat: dict[str, object] = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _redacted(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@keys.command("rotate")
def rotate_keys(
    batch: Annotated[int, typer.Option(help="Rows per transaction")] = 500,
) -> None:
    """Re-encrypt every stored value with the newest key (put it first in ENTERPRISEHUB_ENCRYPTION_KEYS,
    run this, then drop the old key). Safe to run again after an interruption."""
    from ghl_real_estate_ai.security.encryption import Keyring
    from ghl_real_estate_ai.storage.database import Database
    from ghl_real_estate_ai.storage.reencryption import rotate

    settings = Settings()

    async def run() -> dict[str, int]:
        database = Database(settings.database_url, Keyring.from_settings(settings))
        try:
            return (await rotate(database, batch)).rewritten
        finally:
            await database.dispose()

    rewritten = asyncio.run(run())
    for column, count in rewritten.items():
        console.print(f"{column}: {count} re-encrypted")
    console.print(f"total: {sum(rewritten.values())}")


@audit.command("verify")
def verify_audit(
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON")] = False,
    head: Annotated[
        str | None, typer.Option(help="The head hash last seen (catches rows cut off the end)")
    ] = None,
) -> None:
    """Check every audit row's hash and link; name the first edited, inserted or deleted row (exit 1)."""
    import json
    from dataclasses import asdict

    from ghl_real_estate_ai.security.encryption import Keyring
    from ghl_real_estate_ai.storage import audit_chain
    from ghl_real_estate_ai.storage.database import Database

    settings = Settings()

    async def run() -> audit_chain.Verification:
        database = Database(settings.database_url, Keyring.from_settings(settings))
        try:
            async with database.session() as session:
                return await audit_chain.verify(session, head)
        finally:
            await database.dispose()

    result = asyncio.run(run())
    if as_json:
        typer.echo(json.dumps(asdict(result)))
    elif result.ok:
        console.print(f"audit chain intact: {result.rows} rows, head {result.head}")
    else:
        where = f"row {result.first_bad_row}" if result.first_bad_row is not None else "the end of the chain"
        console.print(f"audit chain broken at {where}: {result.problem}")
    if not result.ok:
        raise typer.Exit(1)


@retention.command("purge")
def purge_retention() -> None:
    """Delete what each location keeps no longer, now (the worker does this every
    ENTERPRISEHUB_RETENTION_PURGE_INTERVAL_SECONDS); each purge is audited with its counts."""
    from ghl_real_estate_ai.security.encryption import Keyring
    from ghl_real_estate_ai.services.retention import LocationPurge, RetentionPurge
    from ghl_real_estate_ai.storage.database import Database

    settings = Settings()

    async def run() -> list[LocationPurge]:
        database = Database(settings.database_url, Keyring.from_settings(settings))
        try:
            return await RetentionPurge(settings, database).purge()
        finally:
            await database.dispose()

    for purged in asyncio.run(run()):
        counts = ", ".join(f"{kind} {count}" for kind, count in purged.deleted.items())
        console.print(f"{purged.location_id} ({purged.days} days): {counts}")


if __name__ == "__main__":
    app()
