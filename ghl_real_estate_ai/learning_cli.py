"""`enterprisehub model ...`: train, evaluate, list and activate a location's outcome models."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.settings import Settings

model_app = typer.Typer(help="Outcome models trained on a location's own CRM history.", no_args_is_help=True)
properties_app = typer.Typer(help="Listings to match leads against.", no_args_is_help=True)
console = Console(stderr=True)
T = TypeVar("T")

LocationOption = Annotated[
    str | None,
    typer.Option("--location", help="Location id or GHL location id (default: the only location)"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON")]
CsvOption = Annotated[Path, typer.Option("--csv", exists=True, dir_okay=False, help="CRM export (CSV)")]


def fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


async def resolve_location(session: AsyncSession, wanted: str | None) -> str:
    from ghl_real_estate_ai.storage.models import Location

    if wanted is not None:
        query = select(Location.id).where(or_(Location.id == wanted, Location.ghl_location_id == wanted))
        found = await session.scalar(query)
        if found is None:
            raise ValueError(f"no location {wanted!r}")
        return found
    ids = list(await session.scalars(select(Location.id).limit(2)))
    if len(ids) != 1:
        raise ValueError(
            "no location yet: create one with `enterprisehub locations create NAME`"
            if not ids
            else "several locations: say which with --location"
        )
    return ids[0]


def in_location(wanted: str | None, work: Callable[[AsyncSession, str], Awaitable[T]]) -> T:
    """Run `work` in one transaction for the resolved location (committed when it returns)."""
    from ghl_real_estate_ai.storage.database import Database

    async def run() -> T:
        database = Database(Settings().database_url)
        try:
            async with database.session() as session:
                return await work(session, await resolve_location(session, wanted))
        finally:
            await database.dispose()

    try:
        return asyncio.run(run())
    except ValueError as error:
        raise fail(str(error)) from error


@model_app.command("train")
def train(
    csv_path: CsvOption,
    target: Annotated[str, typer.Option(help="The outcome column (two values, e.g. Converted 0/1)")],
    id_column: Annotated[
        list[str] | None, typer.Option(help="Identifier column(s), never learned from")
    ] = None,
    allow: Annotated[
        list[str] | None, typer.Option(help="Keep a column the leak guard would refuse (you vouch for it)")
    ] = None,
    location: LocationOption = None,
    as_json: JsonOption = False,
) -> None:
    """Train on a CRM export, cross-validate, store as the location's next model version."""
    from ghl_real_estate_ai.learning.tabular import read_csv_table, train_model
    from ghl_real_estate_ai.learning.tabular.trainer import CV_FOLDS
    from ghl_real_estate_ai.services.lead_model_service import LeadModelService

    # Resolve the location before minutes of training, so a wrong one fails at once.
    in_location(location, lambda _session, loc: asyncio.sleep(0, loc))
    try:
        table = read_csv_table(csv_path)
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TimeElapsedColumn(),
            console=console,
        ) as progress:
            task = progress.add_task("training", total=CV_FOLDS + 2)
            started = [False]

            def step(description: str) -> None:
                if started[0]:
                    progress.advance(task)
                started[0] = True
                progress.update(task, description=description)

            trained = train_model(
                table, target, frozenset(id_column or []), frozenset(allow or []), step=step
            )
            progress.advance(task)
    except ValueError as error:
        raise fail(str(error)) from error
    for warning in trained.warnings:
        console.print(f"[yellow]warning[/yellow] {warning}", highlight=False)
    summary = in_location(location, lambda session, loc: LeadModelService(session).store(loc, trained))
    if as_json:
        typer.echo(summary.model_dump_json())
        return
    cv = summary.cv
    state = "active" if summary.active else "stored, not active (the active model cross-validated better)"
    console.print(
        f"model version [bold]{summary.version}[/bold] ({state})\n"
        f"{summary.folds}-fold CV on {cv.rows} rows: AUC {cv.auc:.4f}  accuracy {cv.accuracy:.4f}  "
        f"Brier {cv.brier:.4f}",
        highlight=False,
    )


@model_app.command("evaluate")
def evaluate(csv_path: CsvOption, location: LocationOption = None, as_json: JsonOption = False) -> None:
    """Score a labeled file with the active model: AUC, accuracy, Brier, rows."""
    from ghl_real_estate_ai.learning.tabular import evaluate_model, read_csv_table
    from ghl_real_estate_ai.services.lead_model_service import LeadModelService

    loaded = in_location(location, lambda session, loc: LeadModelService(session).active(loc))
    if loaded is None:
        raise fail("no active model: train one with `enterprisehub model train`")
    try:
        result = evaluate_model(loaded.model, read_csv_table(csv_path))
    except ValueError as error:
        raise fail(str(error)) from error
    if as_json:
        typer.echo(json.dumps({**result.model_dump(), "model_version": loaded.summary.version}))
        return
    typer.echo(
        f"model {loaded.summary.version} on {result.rows} rows: AUC {result.auc:.4f}  "
        f"accuracy {result.accuracy:.4f}  Brier {result.brier:.4f}"
    )


@model_app.command("list")
def list_models(location: LocationOption = None, as_json: JsonOption = False) -> None:
    """Every stored model version of the location, with its cross-validated figures."""
    from ghl_real_estate_ai.services.lead_model_service import LeadModelService

    versions = in_location(location, lambda session, loc: LeadModelService(session).versions(loc))
    if as_json:
        typer.echo(json.dumps([v.model_dump(mode="json") for v in versions]))
        return
    table = RichTable("version", "active", "target", "CV AUC", "Brier", "rows", "data", "trained")
    for v in versions:
        table.add_row(
            str(v.version),
            "yes" if v.active else "",
            v.target,
            f"{v.cv.auc:.4f}",
            f"{v.cv.brier:.4f}",
            str(v.cv.rows),
            v.data_fingerprint[:12],
            v.created_at.strftime("%Y-%m-%d %H:%M"),
        )
    Console().print(table)


@model_app.command("activate")
def activate(version: int, location: LocationOption = None) -> None:
    """Make VERSION the model that scores this location's leads."""
    from ghl_real_estate_ai.services.lead_model_service import LeadModelService

    summary = in_location(location, lambda session, loc: LeadModelService(session).activate(loc, version))
    if summary is None:
        raise fail(f"no model version {version}")
    typer.echo(f"model version {summary.version} is active (CV AUC {summary.cv.auc:.4f})")


@properties_app.command("import")
def import_properties(
    csv_path: CsvOption,
    mapping: Annotated[
        list[str] | None,
        typer.Option(help="field=column over the UCI defaults (fields: see learning/matching/importer.py)"),
    ] = None,
    location: LocationOption = None,
) -> None:
    """Import listings (a listing id seen before is replaced); embeddings are computed once, here."""
    from ghl_real_estate_ai.intelligence.local.embedding import SentenceEmbedder
    from ghl_real_estate_ai.learning.matching.importer import listings_from_table, parse_mapping
    from ghl_real_estate_ai.learning.tabular import read_csv_table
    from ghl_real_estate_ai.services.property_matching_service import PropertyMatchingService

    in_location(location, lambda _session, loc: asyncio.sleep(0, loc))
    try:
        listings = listings_from_table(read_csv_table(csv_path), parse_mapping(mapping or []))
    except ValueError as error:
        raise fail(str(error)) from error
    # Two threads: a bulk embed is an offline job, where they pay off (see SentenceEmbedder).
    service = PropertyMatchingService(SentenceEmbedder(intra_op_threads=2))
    with console.status(f"embedding {len(listings)} listings"):
        embeddings = service.embed_listings(listings)
    in_location(location, lambda session, loc: service.store(session, loc, listings, embeddings))
    typer.echo(f"imported {len(listings)} listings")


@model_app.command("retrain")
def retrain(location: LocationOption = None, as_json: JsonOption = False) -> None:
    """Train on the location's stored conversations, readings and final outcomes; store the next version."""
    from ghl_real_estate_ai.learning.tabular import train_model
    from ghl_real_estate_ai.services.lead_model_service import LeadModelService
    from ghl_real_estate_ai.services.outcome_training import TARGET, outcome_table

    table = in_location(location, outcome_table)
    try:
        with console.status(f"training on {table.rows} leads with a final outcome"):
            trained = train_model(table, TARGET)
    except ValueError as error:
        raise fail(str(error)) from error
    summary = in_location(location, lambda session, loc: LeadModelService(session).store(loc, trained))
    if as_json:
        typer.echo(summary.model_dump_json())
        return
    state = "active" if summary.active else "stored, not active (the active model cross-validated better)"
    typer.echo(
        f"model version {summary.version} ({state}): CV AUC {summary.cv.auc:.4f} on {summary.cv.rows} leads"
    )


engine_app = typer.Typer(help="The embedded engine's label heads.", no_args_is_help=True)
SHIPPED_EVAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "conversations"


@engine_app.command("retrain")
def retrain_engine(
    labels: Annotated[Path, typer.Option(exists=True, dir_okay=False, help="Corrected labels (JSONL)")],
    eval_file: Annotated[
        list[Path] | None, typer.Option("--eval", help="Evaluation files (default: the shipped ones)")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Score only the first N examples of each file")] = None,
    as_json: JsonOption = False,
) -> None:
    """Refit the heads with corrected labels; activate only if no evaluation file scores worse (exit 3)."""
    from dataclasses import asdict

    from ghl_real_estate_ai.learning.engine_heads import retrain

    files = eval_file or sorted(SHIPPED_EVAL.glob("*.jsonl"))
    if not files:
        raise fail("no evaluation files: pass --eval FILE")
    try:
        with console.status("refitting and scoring both heads"):
            result = retrain(labels, files, Path(Settings().model_cache_dir), limit)
    except ValueError as error:
        raise fail(str(error)) from error
    typer.echo(json.dumps(asdict(result)) if as_json else result.reason)
    if not result.activated:
        raise typer.Exit(3)
