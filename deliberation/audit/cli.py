"""`flask audit verify` and `flask audit head`: for the returning officer, or a scrutineer at their
side, to check the log and to take down the head that pages and results publish."""
import re
import sys

import click
from flask.cli import AppGroup

from deliberation.audit.verify import verify, work_to_do
from deliberation.hash_chain import Head
from deliberation.models.audit import published_head

audit = AppGroup("audit", help="The hash-chained audit log.")


def _held(_ctx, _param, values: tuple[str, ...]) -> list[Head]:
    heads = []
    for value in values:
        match = re.fullmatch(r"\s*(\d+)\s*[: ]\s*([0-9a-fA-F]{64})\s*", value)
        if match is None:
            raise click.BadParameter(f"'{value}' is not POSITION:HASH (a number, a colon, 64 hex digits).")
        heads.append(Head(int(match.group(1)), match.group(2).lower()))
    return heads


@audit.command("verify")
@click.option("--expect", "expect", multiple=True, callback=_held, metavar="POSITION:HASH",
              help="A head taken down earlier (from a page, the results, `flask audit head`): the chain must "
                   "still hold that hash at that position. Repeat for several.")
def verify_command(expect: list[Head]) -> None:
    """Walk the chain and every version and ballot result it vouches for.

    Exits 0 and prints the head when everything is intact; otherwise names the first entry that
    was edited, deleted, reordered or replaced (and each version or ballot that no longer matches)
    and exits 1."""
    with click.progressbar(length=work_to_do(), label="Verifying the audit log", file=sys.stderr) as bar:
        report = verify(expect, progress=bar.update)
    if report.clean:
        click.echo(f"The audit log is intact: {report.entries} entries, {report.versions} versions and "
                   f"{report.ballots} ballots checked.")
        click.echo(f"Head: {report.head.position} {report.head.hash}")
        return
    click.echo(f"The audit log does NOT verify ({len(report.findings)} problem(s); the chain was intact up "
               f"to entry {report.entries}):")
    for finding in report.findings:
        where = f" at entry {finding.position}" if finding.position is not None else ""
        click.echo(f"  {finding.kind}{where}: {finding.message}")
    click.get_current_context().exit(1)


@audit.command("head")
def head_command() -> None:
    """Print the chain's head: POSITION HASH TIME."""
    head = published_head()
    click.echo(f"{head['position']} {head['hash']} {head['at'] or '-'}")
