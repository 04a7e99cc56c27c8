"""Importing the membership roll from CSV: create or update, never duplicate.

Built for 500,000 rows: rows are read in batches of 2,000; each batch's members are looked up
with a few queries (never one per row, never the whole roll in memory) and its changes written
together. Memory grows with the file (the emails and numbers seen, to catch duplicates), not with
the roll already stored.
New members are queued for an invitation with the batch that creates them. Each rejected row goes to the
caller's `on_reject` sink when one is given (the web page's background job stores them as it goes),
otherwise into the report.
"""
import csv
import hashlib
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import ARRAY, any_, bindparam, insert, select, update

from deliberation.models import Group, Member, Membership
from deliberation.people.invitations import queue_invitations, send_invitations
from deliberation.text_input import UNSTORABLE, storable
from deliberation.unit_of_work import UnitOfWork
from extensions import db

COLUMNS = ("email", "name", "group", "member_number", "eligible")
TRUE = {"1", "true", "yes", "y", "t"}
FALSE = {"0", "false", "no", "n", "f", ""}


#: on_reject(line, reason, fields): fields are the row's raw values in COLUMNS order, or None when
#: the line could not be read as CSV at all.
RejectSink = Callable[[int, str, list[str] | None], None]


@dataclass
class RollReport:
    created: int = 0
    #: Members on the roll whose details or groups the file changed.
    updated: int = 0
    #: Members on the roll that the file matched exactly: nothing written.
    unchanged: int = 0
    rejected: list[dict] = field(default_factory=list)
    #: Every rejected row, whether kept in `rejected` or handed to an on_reject sink.
    rejected_count: int = 0
    #: Ids of members created by this import (they are queued for an invitation).
    created_ids: list[int] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "rejected": self.rejected}


@dataclass
class _Roll:
    """What checking a row needs: the groups (a few hundred, loaded once), the emails and numbers
    seen so far in the file, and the members the current batch names (looked up per batch)."""
    groups: dict[str, int]
    seen_emails: set[str] = field(default_factory=set)
    seen_numbers: set[str] = field(default_factory=set)
    #: This batch's members already on the roll: email -> (id, name, number, eligible).
    by_email: dict[str, tuple] = field(default_factory=dict)
    #: Who holds each member number this batch uses.
    by_number: dict[str, int] = field(default_factory=dict)
    #: (member, group) pairs of this batch's members.
    memberships: set[tuple[int, int]] = field(default_factory=set)
    #: Numbers this import moved members off, with who held them: still theirs for this file's
    #: rows, so that what a row may take never depends on where the batches fall.
    released: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "_Roll":
        return cls({name.casefold(): gid for gid, name in db.session.execute(select(Group.id, Group.name))})

    def look_up(self, rows: list[tuple]) -> None:
        """Load the members that a batch of parsed rows names, by email and by member number."""
        emails = [row[0] for row in rows]
        numbers = [row[2] for row in rows if row[2]]
        found = db.session.execute(select(Member.id, Member.email, Member.name, Member.member_number,
                                          Member.eligible).where(_among(Member.email, emails))).all() \
            if emails else []
        self.by_email = {email: (mid, name, number, eligible) for mid, email, name, number, eligible in found}
        self.by_number = dict(db.session.execute(select(Member.member_number, Member.id).where(
            _among(Member.member_number, numbers))).all()) if numbers else {}
        ids = [known[0] for known in self.by_email.values()]
        self.memberships = set(db.session.execute(select(Membership.member_id, Membership.group_id).where(
            _among(Membership.member_id, ids))).all()) if ids else set()


def _among(column, values: list):
    """``column IN values``; on PostgreSQL as ``= ANY(array)``, one parameter, because psycopg
    parses a statement with 2,000 placeholders afresh every time (a third of a re-import's time)."""
    if db.session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=ARRAY(column.type)))
    return column.in_(values)


def _rows(text: str) -> tuple[list[str], Iterable[tuple[int, dict]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    reader.fieldnames = header

    def numbered():
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                yield line, {"__error__": _("unreadable CSV: %(error)s", error=str(err))}
                return
            yield line, row
    return header, numbered()


def import_roll(text: str, actor_id: int | None = None, progress: Callable[[int], None] | None = None,
                batch: int = 2000, on_reject: RejectSink | None = None) -> RollReport:
    """Apply a roll; rows are checked one by one and bad ones reported (with line and reason), not fatal.

    progress(n) is called after each batch is committed, with the number of rows it covered.
    """
    report = RollReport()

    def reject(line: int, reason: str, row: dict | None) -> None:
        report.rejected_count += 1
        if on_reject is None:
            report.rejected.append({"line": line, "reason": reason})
        else:
            fields = None if row is None or "__error__" in row else [row.get(c) or "" for c in COLUMNS]
            on_reject(line, reason, fields)

    header, rows = _rows(text)
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        reject(1, _("missing column(s): %(columns)s", columns=", ".join(missing)), None)
        return report
    roll = _Roll.load()
    # The audit log names the file (its SHA-256) with the first batch stored, so an import that
    # dies half-way has still left its mark; the counts follow with the last batch.
    fingerprint = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    start = [("roll.import_start", "roll", actor_id, {"sha256": fingerprint})]
    pending, done = [], 0
    for line, row in rows:
        pending.append((line, row, _parse_row(row, roll.groups)))
        done += 1
        if len(pending) == batch:
            with UnitOfWork() as uow:  # each batch is stored on its own: a long roll shows its progress
                uow.record_many(start)
                _apply(pending, roll, report, reject)
            pending, start = [], []
            if progress:
                progress(batch)
    with UnitOfWork() as uow:
        uow.record_many(start)
        _apply(pending, roll, report, reject)
        uow.record("roll.import", "roll", actor_id, created=report.created, updated=report.updated,
                   unchanged=report.unchanged, rejected=report.rejected_count, sha256=fingerprint)
    if progress and done % batch:
        progress(done % batch)
    if 0 < len(report.created_ids) <= current_app.config.get("INVITE_SEND_NOW_MAX", 100):
        send_invitations(report.created_ids)
    return report


def _apply(pending: list[tuple], roll: _Roll, report: RollReport, reject) -> None:
    """Check one batch of rows against the roll, in file order, and write what they change."""
    if not pending:
        return
    roll.look_up([parsed for _line, _row, parsed in pending if not isinstance(parsed, str)])
    new, changed, joins = [], [], []
    for line, row, parsed in pending:
        outcome = parsed if isinstance(parsed, str) else _check_row(parsed, roll)
        if isinstance(outcome, str):
            reject(line, outcome, row)
        else:
            _stage(outcome, roll, new, changed, joins, report)
    _flush(new, changed, joins, report)


def _parse_row(row: dict, groups: dict[str, int]) -> str | tuple:
    """What the row says, checked on its own: a reason to reject it, or the clean
    (email, name, number, eligible, group_id)."""
    if "__error__" in row:
        return row["__error__"]
    if None in row:
        return _("too many fields on this line")
    for column in COLUMNS:
        value = row.get(column)
        if value and not storable(value):
            row[column] = UNSTORABLE.sub("\ufffd", value)  # the rejection keeps a copy that can be stored
            return _("'%(column)s' contains a character that cannot be stored "
                     "(a NUL or other control character)", column=column)
    raw_email = (row.get("email") or "").strip()
    try:
        email = validate_email(raw_email, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return _("bad email '%(email)s'", email=raw_email[:254])
    name = (row.get("name") or "").strip()
    if not name:
        return _("the name is empty")
    group_name = (row.get("group") or "").strip()
    group_id = groups.get(group_name.casefold()) if group_name else None
    if group_name and group_id is None:
        return _("unknown group '%(group)s'", group=group_name[:200])
    number = (row.get("member_number") or "").strip() or None
    if number and len(number) > 64:
        return _("the member number is longer than 64 characters")
    eligible_raw = (row.get("eligible") or "").strip().lower()
    if eligible_raw not in TRUE | FALSE:
        return _("'eligible' must be yes or no, not '%(value)s'", value=eligible_raw[:20])
    return email, name[:200], number, eligible_raw in TRUE, group_id


def _check_row(clean: tuple, roll: _Roll) -> str | tuple:
    """A reason to reject a well-formed row given the file so far and the roll, or the row."""
    email, _name, number, _eligible, _group_id = clean
    if email in roll.seen_emails:
        return _("duplicate email '%(email)s' in this file", email=email)
    if number and number in roll.seen_numbers:
        return _("duplicate member number '%(number)s' in this file", number=number)
    existing = roll.by_email.get(email)
    holder = roll.released.get(number, roll.by_number.get(number)) if number else None
    if holder is not None and (existing is None or holder != existing[0]):
        return _("member number '%(number)s' belongs to another member", number=number)
    roll.seen_emails.add(email)
    if number:
        roll.seen_numbers.add(number)
    return clean


def _stage(clean: tuple, roll: _Roll, new: list, changed: list, joins: list, report: RollReport) -> None:
    email, name, number, eligible, group_id = clean
    existing = roll.by_email.get(email)
    if existing is None:
        new.append(({"email": email, "name": name, "member_number": number, "eligible": eligible}, group_id))
        report.created += 1
        return
    # A member appears once in a file (duplicates are refused), so what was looked up is current.
    mid, old_name, old_number, old_eligible = existing
    number = number or old_number
    details_change = (name, number, eligible) != (old_name, old_number, old_eligible)
    if details_change:
        if old_number and old_number != number:
            roll.released[old_number] = mid
        changed.append({"id": mid, "name": name, "member_number": number, "eligible": eligible})
    joins_group = group_id is not None and (mid, group_id) not in roll.memberships
    if joins_group:
        joins.append({"member_id": mid, "group_id": group_id, "role": "member"})
    if details_change or joins_group:
        report.updated += 1
    else:
        report.unchanged += 1


def _flush(new: list, changed: list, joins: list, report: RollReport) -> None:
    """Write one batch: inserts with RETURNING for new ids, executemany updates, new memberships."""
    if new:
        rows = db.session.execute(insert(Member).returning(Member.id, Member.email),
                                  [values for values, _group in new]).all()
        ids = {email: mid for mid, email in rows}
        for values, group_id in new:
            mid = ids[values["email"]]
            report.created_ids.append(mid)
            if group_id is not None:
                joins.append({"member_id": mid, "group_id": group_id, "role": "member"})
        queue_invitations(list(ids.values()))  # in the batch's transaction: no member left uninvited
    if changed:
        db.session.execute(update(Member), changed)  # ORM bulk update by primary key
    if joins:
        db.session.execute(insert(Membership), joins)
