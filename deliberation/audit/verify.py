"""Verifying the audit log against the database: walk the chain entry by entry (hash_chain.Walk),
then check what its entries vouch for: each version's text against its SHA-256 and against the
SHA-256 recorded when it was made, each ballot's frozen electorate and results against theirs.

Only reads. The walk covers the chain up to the head read when it starts, so writers may go on
appending meanwhile; entries past the head that no commit moved it for are caught after.
"""
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import func, select

from amendments.engine import text_sha256
from amendments.models import Version
from deliberation.ballot.models import Ballot
from deliberation.ballot.sealing import electorate_digest, results_digest
from deliberation.hash_chain import Entry, Head, Walk
from deliberation.models.audit import AuditEvent, current_head
from extensions import db

BATCH = 5000


@dataclass(frozen=True)
class Finding:
    #: The chain's kinds (hash_chain.Break), or "version", "electorate", "results".
    kind: str
    #: The audit entry it concerns, if any.
    position: int | None
    message: str


@dataclass
class Report:
    head: Head
    entries: int = 0
    versions: int = 0
    ballots: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.findings


def work_to_do() -> int:
    """Entries plus versions: the length of the progress bar."""
    return current_head().position + db.session.scalar(select(func.count()).select_from(Version))


def verify(expect: Iterable[Head] = (), progress: Callable[[int], object] = lambda n: None) -> Report:
    """Check the chain (stopping at its first break) and everything it vouches for."""
    head = current_head()
    report = Report(head)
    walk = Walk(locate=_locate, expect=expect)
    versions: dict[int, tuple[str, int]] = {}
    ballots: list[tuple[int, str, str, int]] = []
    for batch in _entries(head.position):
        for entry in batch:
            if walk.feed(entry) is not None:
                break
            _vouched(entry, versions, ballots)
        progress(len(batch))
        if walk.broken is not None:
            break
    broken = walk.finish(head)
    report.entries = walk.count
    if broken is not None:
        report.findings.append(Finding(broken.kind, broken.position, broken.message))
    else:
        report.findings.extend(_added_outside())
    report.findings.extend(_check_versions(versions, progress, report))
    report.findings.extend(_check_ballots(ballots, report))
    return report


def _entries(up_to: int) -> Iterator[list[Entry]]:
    """The chain's entries in position order, BATCH at a time, up to the head."""
    after = 0
    while after < up_to:
        rows = db.session.execute(
            select(AuditEvent.id, AuditEvent.at, AuditEvent.actor_id, AuditEvent.action, AuditEvent.subject,
                   AuditEvent.detail, AuditEvent.prev_hash, AuditEvent.hash)
            .where(AuditEvent.id > after, AuditEvent.id <= up_to).order_by(AuditEvent.id).limit(BATCH)).all()
        if not rows:
            return
        after = rows[-1].id
        yield [Entry(*row) for row in rows]


def _locate(hash_: str) -> int | None:
    """Where the entry with this hash sits now (a scan, but only once, at a broken link)."""
    return db.session.scalar(select(AuditEvent.id).where(AuditEvent.hash == hash_).limit(1))


def _vouched(entry: Entry, versions: dict, ballots: list) -> None:
    """Note the digests an entry recorded: a version's SHA-256, a ballot's electorate and results."""
    detail = entry.detail if isinstance(entry.detail, dict) else {}
    if isinstance(detail.get("version_id"), int) and detail.get("version_sha256"):
        versions[detail["version_id"]] = (detail["version_sha256"], entry.position)
    kind, _sep, ident = entry.subject.partition(":")
    if kind == "ballot" and ident.isdigit():
        for name in ("electorate_sha256", "results_sha256"):
            if detail.get(name):
                ballots.append((int(ident), name, detail[name], entry.position))


def _added_outside() -> list[Finding]:
    """Entries past the head that no commit moved it for. The highest position is read before the
    head: a commit stores its entries and moves the head together, so the app's own never show."""
    highest = db.session.scalar(select(func.max(AuditEvent.id))) or 0
    head = current_head()
    if highest > head.position:
        return [Finding("added", head.position + 1,
                        f"entries {head.position + 1} to {highest} lie past the chain "
                        f"head: they were put in without moving it, outside the app")]
    return []


def _check_versions(recorded: dict[int, tuple[str, int]], progress, report: Report) -> list[Finding]:
    findings, after = [], 0
    while True:
        rows = db.session.execute(select(Version.id, Version.sha256, Version.text).where(Version.id > after)
                                  .order_by(Version.id).limit(200)).all()
        if not rows:
            break
        after = rows[-1].id
        for ident, stored, text in rows:
            report.versions += 1
            sha, position = recorded.pop(ident, (None, None))
            if text_sha256(text) != stored:
                findings.append(Finding("version", position, f"version {ident}'s text no longer matches its "
                                        f"SHA-256: the text was edited"))
            elif sha is not None and sha != stored:
                findings.append(Finding("version", position,
                                        f"version {ident} is not the version entry {position} "
                                        f"recorded (SHA-256 {sha}): it was replaced"))
        progress(len(rows))
    findings.extend(Finding("version", position, f"version {ident}, recorded in entry {position}, is missing")
                    for ident, (_sha, position) in sorted(recorded.items()))
    return findings


def _check_ballots(recorded: list[tuple[int, str, str, int]], report: Report) -> list[Finding]:
    findings = []
    report.ballots = len({ballot_id for ballot_id, *_rest in recorded})
    for ballot_id, name, sha, position in recorded:
        ballot = db.session.get(Ballot, ballot_id)
        if ballot is None:
            findings.append(Finding("results", position,
                                    f"ballot {ballot_id}, recorded in entry {position}, is missing"))
        elif name == "electorate_sha256" and electorate_digest(ballot_id) != sha:
            findings.append(Finding("electorate", position,
                                    f"ballot {ballot_id}'s electorate is not the one frozen "
                                    f"when it opened (entry {position}): electors were added or removed"))
        elif name == "results_sha256" and results_digest(ballot.results) != sha:
            findings.append(Finding("results", position,
                                    f"ballot {ballot_id}'s results are not those recorded in "
                                    f"entry {position}: they were changed"))
    return findings
