"""Many members with API tokens at once, for load tests and benchmarks (never for a real roll)."""
import hashlib
import secrets

from sqlalchemy import insert

from deliberation.models import ApiToken, Member
from deliberation.models.timeutil import utcnow
from deliberation.unit_of_work import UnitOfWork


def seed_voters(count: int, prefix: str = "voter", chunk: int = 5000) -> list[tuple[int, str]]:
    """Insert `count` eligible members without passwords, each with one token: [(member_id, token)].

    Tokens are marked as used just now, as a member's token is during a session; so a
    vote does not also pay for the once-an-hour write that records a token's first use.
    """
    now = utcnow()
    out: list[tuple[int, str]] = []
    for start in range(0, count, chunk):
        rows = [{"email": f"{prefix}{n}@example.org", "name": f"Voter {n}", "eligible": True}
                for n in range(start, min(count, start + chunk))]
        with UnitOfWork() as uow:  # a chunk at a time: a large electorate is never one long transaction
            ids = [mid for mid, _email in sorted(
                uow.session.execute(insert(Member).returning(Member.id, Member.email), rows).all(),
                key=lambda row: int(row[1][len(prefix):].split("@")[0]))]
            plain = ["rf_" + secrets.token_urlsafe(32) for _ in ids]
            uow.session.execute(insert(ApiToken), [
                {"member_id": mid, "digest": hashlib.sha256(token.encode()).hexdigest(), "label": "bulk",
                 "last_used_at": now}
                for mid, token in zip(ids, plain, strict=True)])
        out += zip(ids, plain, strict=True)
    return out
