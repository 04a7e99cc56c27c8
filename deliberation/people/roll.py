"""Importing the membership roll from CSV: create or update, never duplicate."""
import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email

from deliberation.models import Group, Member, Membership
from deliberation.models.audit import record
from extensions import db

COLUMNS = ("email", "name", "group", "member_number", "eligible")
TRUE = {"1", "true", "yes", "y", "t"}
FALSE = {"0", "false", "no", "n", "f", ""}


@dataclass
class RollReport:
    created: int = 0
    updated: int = 0
    rejected: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"created": self.created, "updated": self.updated, "rejected": self.rejected}


def _rows(text: str) -> tuple[list[str], Iterable[tuple[int, dict]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    reader.fieldnames = header

    def numbered():
        for row in reader:
            yield reader.line_num, row
    return header, numbered()


def import_roll(text: str, actor_id: int | None = None, progress: Callable[[int], None] | None = None,
                batch: int = 2000) -> RollReport:
    """Apply a roll; rows are checked one by one and bad ones reported, not fatal."""
    report = RollReport()
    header, rows = _rows(text)
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        report.rejected.append({"line": 1, "reason": f"missing column(s): {', '.join(missing)}"})
        return report
    groups = {g.name.casefold(): g.id for g in db.session.scalars(db.select(Group))}
    seen_emails: set[str] = set()
    seen_numbers: set[str] = set()
    pending = 0
    for line, row in rows:
        reason = _import_row(row, groups, seen_emails, seen_numbers, report)
        if reason:
            report.rejected.append({"line": line, "reason": reason})
        pending += 1
        if pending >= batch:
            db.session.commit()
            if progress:
                progress(pending)
            pending = 0
    record("roll.import", "roll", actor_id, created=report.created, updated=report.updated,
           rejected=len(report.rejected))
    db.session.commit()
    if progress and pending:
        progress(pending)
    return report


def _import_row(row: dict, groups: dict, seen_emails: set, seen_numbers: set, report: RollReport) -> str | None:
    raw_email = (row.get("email") or "").strip()
    try:
        email = validate_email(raw_email, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return f"bad email '{raw_email}'"
    name = (row.get("name") or "").strip()
    if not name:
        return "the name is empty"
    group_name = (row.get("group") or "").strip()
    group_id = groups.get(group_name.casefold()) if group_name else None
    if group_name and group_id is None:
        return f"unknown group '{group_name}'"
    number = (row.get("member_number") or "").strip() or None
    eligible_raw = (row.get("eligible") or "").strip().lower()
    if eligible_raw not in TRUE | FALSE:
        return f"'eligible' must be yes or no, not '{eligible_raw}'"
    if email in seen_emails:
        return f"duplicate email '{email}' in this file"
    if number and number in seen_numbers:
        return f"duplicate member number '{number}' in this file"
    seen_emails.add(email)
    if number:
        seen_numbers.add(number)
    member = db.session.scalar(db.select(Member).where(Member.email == email))
    if number:
        holder = db.session.scalar(db.select(Member).where(Member.member_number == number))
        if holder is not None and (member is None or holder.id != member.id):
            return f"member number '{number}' belongs to another member"
    if member is None:
        member = Member(email=email, name=name[:200], member_number=number, eligible=eligible_raw in TRUE)
        db.session.add(member)
        db.session.flush()
        report.created += 1
    else:
        member.name = name[:200]
        member.member_number = number or member.member_number
        member.eligible = eligible_raw in TRUE
        report.updated += 1
    if group_id is not None and group_id not in member.group_ids():
        db.session.add(Membership(member_id=member.id, group_id=group_id, role="member"))
        db.session.flush()
        db.session.expire(member, ["memberships"])
    return None
