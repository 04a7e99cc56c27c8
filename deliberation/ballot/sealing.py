"""What the audit log holds for a ballot: the SHA-256 of its frozen electorate (recorded when it
opens) and of its results (recorded when it closes and when it is certified), so `flask audit
verify` finds a changed electorate or result, and the audit entry that sealed a result, published
with it. Nothing here touches a cast ballot or who cast it."""
from sqlalchemy import select

from deliberation.ballot.models import Ballot, Elector
from deliberation.hash_chain import digest, plain_json
from deliberation.models.audit import latest_entry, published_head
from extensions import db


def electorate_digest(ballot_id: int) -> str:
    """SHA-256 of the frozen electorate: the canonical JSON list of its member ids, ascending."""
    return digest(list(db.session.scalars(select(Elector.member_id).where(Elector.ballot_id == ballot_id)
                                          .order_by(Elector.member_id))))


def results_digest(results: dict | None) -> str | None:
    """SHA-256 of the results' canonical JSON, as stored (README, "The audit log")."""
    return None if results is None else digest(plain_json(results))


def published_seal(ballot: Ballot) -> dict:
    """The results' digest, the audit entries that recorded the close (and the certification),
    and the chain's head now: the fields results answers carry for a scrutineer to hold."""
    out = {"results_sha256": results_digest(ballot.results), "audit_head": published_head()}
    for action, name in (("ballot.close", "audit_close"), ("ballot.certify", "audit_certify")):
        entry = latest_entry(action, f"ballot:{ballot.id}")
        out[name] = None if entry is None else {"position": entry.id, "hash": entry.hash}
    return out
