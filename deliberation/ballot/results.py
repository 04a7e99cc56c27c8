"""Counting a closed ballot: every cast ballot, the three-way consistency check, per-question results."""
import json
from collections import Counter

from sqlalchemy import select

from deliberation.ballot.models import Ballot, CastBallot, Elector, Participation
from deliberation.ballot.tally import tally
from extensions import db


def turnout(ballot_id: int) -> int:
    return db.session.scalar(select(db.func.count()).select_from(Participation).where(Participation.ballot_id == ballot_id))


def electorate_size(ballot_id: int) -> int:
    return db.session.scalar(select(db.func.count(Elector.id)).where(Elector.ballot_id == ballot_id))


def compute_results(ballot: Ballot) -> dict:
    """Count every cast ballot; check trackers == participation == ballots.

    Identical ballots are grouped on their stored JSON text before decoding (in one call),
    so 100,000 yes/no ballots decode as three answers and ranked ones as their distinct rankings.
    """
    raw = db.cast(CastBallot.answers, db.Text)
    grouped = Counter(db.session.scalars(select(raw).where(CastBallot.ballot_id == ballot.id)))
    decoded = list(zip(json.loads("[" + ",".join(grouped) + "]"), grouped.values()))
    cast = sum(n for _answers, n in decoded)
    voted = turnout(ballot.id)
    trackers = db.session.scalar(select(db.func.count(CastBallot.tracker)).where(CastBallot.ballot_id == ballot.id))
    hours = Counter()
    for hour, n in db.session.execute(select(Participation.hour, db.func.count()).where(
            Participation.ballot_id == ballot.id).group_by(Participation.hour)):
        hours[hour.isoformat() + "Z" if hour else "unknown"] += n
    per_question = []
    for q in ballot.questions:
        counts = Counter()
        for answers, n in decoded:
            answer = answers[q.position]
            counts[answer if q.kind == "yes_no_abstain" else tuple(map(tuple, answer))] += n
        per_question.append(tally(q, counts, ballot.quorum, voted))
    return {
        "turnout": voted,
        "electorate": electorate_size(ballot.id),
        "quorum": ballot.quorum,
        "checks": {"trackers": trackers, "participation": voted, "ballots": cast,
                   "consistent": trackers == voted == cast},
        "turnout_by_hour": sorted(hours.items()),
        "questions": per_question,
    }
