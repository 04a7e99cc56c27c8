"""`flask search rebuild | check | drain`: the index from the command line."""
import sys

import click
from flask import current_app
from flask.cli import AppGroup

search = AppGroup("search", help="The search index.")


def _indexer():
    return current_app.extensions["search"]


@search.command("rebuild")
def rebuild() -> None:
    """Index everything again from the database (searches go on meanwhile, on the old index)."""
    indexer = _indexer()
    total = indexer.source_count()
    with click.progressbar(length=total, label="Indexing", show_pos=True, file=sys.stderr) as bar:
        written = indexer.rebuild(progress=bar.update)
    click.echo(f"Indexed {written} documents from {total} sources.")


@search.command("check")
@click.option("--repair", is_flag=True,
              help="Index again what is missing or stale, and drop what should not be there.")
def check(repair: bool) -> None:
    """Compare the index with the database; exit 1 when they differ."""
    indexer = _indexer()
    with click.progressbar(length=indexer.source_count(), label="Checking", file=sys.stderr) as bar:
        report = indexer.check(progress=bar.update)
    for label, names in (("missing", report.missing), ("stale", report.stale), ("extra", report.extra)):
        for name in names:
            click.echo(f"{label} {name}")
    if report.pending:
        click.echo(f"pending {report.pending} outbox rows not yet indexed")
    if report.ok:
        click.echo("The index matches the database.")
        return
    if repair:
        indexer.repair(report)
        click.echo("Repaired: run check again to confirm.")
    sys.exit(1)


@search.command("drain")
def drain() -> None:
    """Index the changes waiting in the outbox now (after the index could not be written)."""
    indexer = _indexer()
    count = 0
    while rows := indexer.drain():
        count += rows
    click.echo(f"Indexed {count} queued changes.")
