"""Command-line tools: `flask users ...`, `flask members import`, `flask demo load`."""
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from deliberation.auth.passwords import hash_password
from deliberation.demo.loader import load, logins
from deliberation.errors import ServiceError
from deliberation.models import ApiToken, Member
from deliberation.people.invitations import pending_count, send_invitations
from deliberation.people.roll.importer import import_roll
from deliberation.people.services import clean_email
from deliberation.unit_of_work import UnitOfWork
from extensions import db

users = AppGroup("users", help="Create members and API tokens.")
members = AppGroup("members", help="The membership roll.")
demo = AppGroup("demo", help="Demonstration data.")


@users.command("create")
@click.argument("email")
@click.option("--name", required=True, help="The member's name as others will see it.")
@click.option("--admin", is_flag=True,
              help="Give admin rights (everything a chair, organiser or returning officer may do).")
@click.option("--password", default=None,
              help="Set a password (otherwise the member signs in after an invitation).")
def create_user(email: str, name: str, admin: bool, password: str | None) -> None:
    """Create a member."""
    try:
        email = clean_email(email)
    except ServiceError as err:
        raise click.BadParameter(err.message, param_hint="EMAIL") from None
    if db.session.scalar(db.select(Member.id).where(Member.email == email)) is not None:
        raise click.ClickException(f"A member with the email {email} already exists.")
    with UnitOfWork() as uow:
        member = Member(email=email, name=name.strip(), is_admin=admin,
                        password_hash=hash_password(password) if password else None)
        uow.session.add(member)
        uow.flush()
        uow.record("member.create", f"member:{member.id}", None, admin=admin)
    click.echo(f"Created member {member.id} <{email}>{' (admin)' if admin else ''}.")


@users.command("role")
@click.argument("email")
@click.option("--admin/--no-admin", default=None, help="Give or take admin rights.")
@click.option("--returning-officer/--no-returning-officer", default=None,
              help="Appoint or stand down as returning officer (runs every ballot, imports the roll, "
                   "reads the audit log).")
def set_role(email: str, admin: bool | None, returning_officer: bool | None) -> None:
    """Change a member's roles; each change is written to the audit log with what it was before."""
    member = db.session.scalar(db.select(Member).where(Member.email == email.strip().lower()))
    if member is None:
        raise click.ClickException(f"No member has the email {email}.")
    if admin is None and returning_officer is None:
        raise click.UsageError("Say which role: --admin/--no-admin, "
                               "--returning-officer/--no-returning-officer.")
    before = {"admin": member.is_admin, "returning_officer": member.is_returning_officer}
    with UnitOfWork() as uow:
        if admin is not None:
            member.is_admin = admin
        if returning_officer is not None:
            member.is_returning_officer = returning_officer
        after = {"admin": member.is_admin, "returning_officer": member.is_returning_officer}
        if after != before:
            uow.record("member.role", f"member:{member.id}", None, before=before, after=after)
    roles = [name for name, held in (("admin", after["admin"]),
                                     ("returning officer", after["returning_officer"]))
             if held]
    click.echo(f"{member.email}: {', '.join(roles) or 'no special role'}"
               f"{'' if after != before else ' (unchanged)'}.")


@users.command("token")
@click.argument("emails", nargs=-1, required=True)
@click.option("--label", default="cli", help="What the token is for.")
def create_token(emails: tuple[str, ...], label: str) -> None:
    """Print a new API token for each EMAIL, one 'EMAIL TOKEN' line each."""
    lines = []
    with UnitOfWork():  # all the tokens or, if one email is unknown, none
        for email in emails:
            member = db.session.scalar(db.select(Member).where(Member.email == email.strip().lower()))
            if member is None:
                raise click.ClickException(f"No member has the email {email}.")
            _row, plain = ApiToken.issue(member, label)
            lines.append(f"{member.email} {plain}")
    click.echo("\n".join(lines))


@members.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_members(file: Path) -> None:
    """Import the roll from a CSV file: email,name,group,member_number,eligible."""
    text = file.read_text(encoding="utf-8-sig")
    total = max(0, text.count("\n") - 1)
    with click.progressbar(length=total, label="Importing the roll", file=sys.stderr) as bar:
        report = import_roll(text, None, progress=bar.update)
    click.echo(f"Created {report.created}, updated {report.updated}, unchanged {report.unchanged}, "
               f"rejected {len(report.rejected)}.")
    for item in report.rejected:
        click.echo(f"  line {item['line']}: {item['reason']}")
    waiting = pending_count()
    if waiting:
        click.echo(f"{waiting} invitation(s) queued: send them with `flask members invite --send`.")


@members.command("invite")
@click.option("--send", is_flag=True, help="Send every queued invitation now (SMTP_HOST and friends).")
def invite_members(send: bool) -> None:
    """Show how many invitations are queued, or send them with --send."""
    waiting = pending_count()
    if not send:
        click.echo(f"{waiting} invitation(s) queued. Add --send to send them.")
        return
    with click.progressbar(length=waiting, label="Sending invitations", file=sys.stderr) as bar:
        outcome = send_invitations(progress=bar.update)
    click.echo(f"Sent {outcome['sent']}, failed {outcome['failed']}, still queued {outcome['pending']}.")


@demo.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has members.")
def load_demo(if_empty: bool) -> None:
    """Load the demonstration organisation and print its logins."""
    if if_empty and db.session.scalar(db.select(Member.id).limit(1)) is not None:
        lines = logins()
        if not lines:
            click.echo("The database already has members; demo data not loaded.")
        for line in lines:
            click.echo(line)
        return
    with UnitOfWork():
        lines = load()
    if not current_app.extensions["search"].finish(timeout=300):
        click.echo("Search is still indexing the demo; the server will finish it.", err=True)
    for line in lines:
        click.echo(line)


def register_cli(app: Flask) -> None:
    for group in (users, members, demo):
        app.cli.add_command(group)
