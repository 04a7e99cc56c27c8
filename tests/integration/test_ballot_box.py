"""The ballot box stores a batch of votes in one transaction and tells each voter their own outcome."""
import secrets
import threading

from ballot_server import open_yes_no_ballot
from sqlalchemy import func, select

from deliberation.ballot import ballot_box as box_module
from deliberation.ballot.ballot_box import BallotBox, Slip
from deliberation.ballot.models import CastBallot, Participation
from deliberation.ballot.services import close_ballot, create_ballot, open_ballot
from extensions import db


def _counts(ballot_id: int) -> tuple[int, int]:
    db.session.expire_all()
    cast = db.session.scalar(select(func.count()).select_from(CastBallot)
                             .where(CastBallot.ballot_id == ballot_id))
    voted = db.session.scalar(select(func.count()).select_from(Participation).where(
        Participation.ballot_id == ballot_id))
    return cast, voted


def _record(app, slips: list[Slip]) -> None:
    """What the box thread does with one batch (in a thread and app context of its own, as the
    box's), called directly so that the batch is exactly these slips."""
    db.session.commit()

    def run() -> None:
        with app.app_context():
            BallotBox(app)._record(slips)
    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    db.session.expire_all()


def test_one_batch_takes_each_voter_once_and_explains_every_refusal(app, make_member):
    officer = make_member(admin=True)
    ballot_id, voters = open_yes_no_ballot(officer, 3)
    outsider = make_member()  # joined after the electorate froze
    (a, _), (b, _), (c, _) = voters
    db.session.add(Participation(ballot_id=ballot_id, member_id=c))  # c voted before this batch
    db.session.commit()
    slips = [Slip(ballot_id, a, ["yes"]), Slip(ballot_id, b, ["no"]), Slip(ballot_id, a, ["no"]),
             Slip(ballot_id, outsider.id, ["yes"]), Slip(ballot_id, c, ["yes"])]
    _record(app, slips)
    assert [s.refusal for s in slips] == [None, None, "already_voted", "not_in_electorate", "already_voted"]
    trackers = {s.tracker for s in slips[:2]}
    assert None not in trackers and len(trackers) == 2 and all(s.tracker is None for s in slips[2:])
    stored = dict(db.session.execute(select(CastBallot.tracker, CastBallot.answers)).all())
    # each voter's tracker is their ballot
    assert stored == {slips[0].tracker: ["yes"], slips[1].tracker: ["no"]}
    assert _counts(ballot_id) == (2, 3)  # c's participation came from outside the box, with no cast ballot


def test_a_batch_spanning_ballots_refuses_votes_on_a_closed_one(app, make_member):
    officer = make_member(admin=True)
    open_id, voters = open_yes_no_ballot(officer, 2)
    closed = create_ballot(officer, None, "Closed", [{"text": "Adopt?", "kind": "yes_no_abstain"}])
    open_ballot(officer, closed)
    close_ballot(officer, closed)
    slips = [Slip(open_id, voters[0][0], ["yes"]), Slip(closed.id, voters[1][0], ["yes"])]
    _record(app, slips)
    assert slips[0].tracker and slips[0].refusal is None
    assert slips[1].tracker is None and slips[1].refusal == "not_open"
    assert _counts(open_id) == (1, 1) and _counts(closed.id) == (0, 0)


def test_when_a_batch_fails_each_vote_is_retried_alone_and_none_is_lost(app, make_member, monkeypatch):
    officer = make_member(admin=True)
    ballot_id, voters = open_yes_no_ballot(officer, 3)
    real = secrets.token_hex
    clashes = iter(["c1a5h" * 4, "c1a5h" * 4])  # the first two trackers collide: the batch's INSERT fails

    def token_hex(nbytes=None):
        return next(clashes, None) or real(nbytes) if nbytes == 10 else real(nbytes)
    monkeypatch.setattr(box_module.secrets, "token_hex", token_hex)
    slips = [Slip(ballot_id, member_id, ["yes"]) for member_id, _token in voters]
    _record(app, slips)
    assert all(s.refusal is None and s.tracker for s in slips)
    assert len({s.tracker for s in slips}) == 3
    assert _counts(ballot_id) == (3, 3)


def test_concurrent_votes_share_transactions_and_each_gets_its_own_tracker(app, make_member):
    officer = make_member(admin=True)
    ballot_id, voters = open_yes_no_ballot(officer, 40)
    db.session.commit()
    box = BallotBox(app)
    trackers: dict[int, str] = {}
    start = threading.Barrier(len(voters))

    def vote(member_id: int) -> None:
        start.wait(10)
        trackers[member_id] = box.cast(ballot_id, member_id, ["yes" if member_id % 2 else "no"], timeout=30)
    threads = [threading.Thread(target=vote, args=(member_id,)) for member_id, _ in voters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(trackers) == 40 and len(set(trackers.values())) == 40
    db.session.expire_all()
    stored = dict(db.session.execute(select(CastBallot.tracker, CastBallot.answers)).all())
    assert stored == {t: ["yes" if m % 2 else "no"] for m, t in trackers.items()}
    assert _counts(ballot_id) == (40, 40)


def test_the_vote_api_refuses_clearly_at_every_step(api, make_member, token_for, client):
    from deliberation.models import ApiToken
    from deliberation.models.timeutil import utcnow
    officer, voter = make_member(admin=True), make_member()
    ballot = create_ballot(officer, None, "Steps", [{"text": "Adopt?", "kind": "yes_no_abstain"}])
    as_voter = api(voter)

    def vote(ballot_id, answers=("yes",)):
        return as_voter.post(f"/ballots/{ballot_id}/votes", {"answers": list(answers)})
    assert vote(ballot.id + 1000).status_code == 404
    draft = vote(ballot.id)
    assert draft.status_code == 409 and draft.json["error"]["code"] == "not_open"
    open_ballot(officer, ballot)
    wrong = vote(ballot.id, ["perhaps"])
    assert wrong.status_code == 400 and wrong.json["error"]["field"] == "answers"
    assert vote(ballot.id).status_code == 201
    again = vote(ballot.id, ["no"])
    assert again.status_code == 409 and again.json["error"]["code"] == "already_voted"
    late = make_member()
    token = token_for(late)
    refused = client.post(f"/api/v1/ballots/{ballot.id}/votes", json={"answers": ["yes"]},
                          headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 403 and refused.json["error"]["code"] == "not_in_electorate"
    db.session.execute(db.update(ApiToken).values(revoked_at=utcnow()))
    db.session.commit()
    revoked = client.post(f"/api/v1/ballots/{ballot.id}/votes", json={"answers": ["yes"]},
                          headers={"Authorization": f"Bearer {token}"})
    assert revoked.status_code == 401
    close_ballot(officer, db.session.get(type(ballot), ballot.id))
    other = make_member()
    assert _counts(ballot.id) == (1, 1)
    assert client.post(f"/api/v1/ballots/{ballot.id}/votes", json={"answers": ["yes"]},
                       headers={"Authorization": f"Bearer {token_for(other)}"}) \
        .json["error"]["code"] == "not_open"


def test_tokens_are_checked_in_the_batch_each_slip_getting_its_own_answer(app, make_member):
    from deliberation.models import ApiToken
    from deliberation.models.timeutil import utcnow
    officer = make_member(admin=True)
    ballot_id, voters = open_yes_no_ballot(officer, 3)
    (good_id, good), (_, revoked), (_, never_used) = voters
    db.session.execute(db.update(ApiToken).where(ApiToken.digest == ApiToken.digest_of(revoked))
                       .values(revoked_at=utcnow()))
    db.session.execute(db.update(ApiToken).where(ApiToken.digest == ApiToken.digest_of(never_used))
                       .values(last_used_at=None))
    db.session.commit()
    slips = [Slip(ballot_id, None, ["yes"], ApiToken.digest_of(good)),
             Slip(ballot_id, None, ["yes"], ApiToken.digest_of("rf_not-a-token")),
             Slip(ballot_id, None, ["no"], ApiToken.digest_of(revoked)),
             Slip(ballot_id, None, ["no"], ApiToken.digest_of(never_used))]
    _record(app, slips)
    assert [s.refusal for s in slips] == [None, "unauthorized", "unauthorized", None]
    assert slips[0].member_id == good_id and slips[0].tracker and slips[3].tracker
    assert _counts(ballot_id) == (2, 2)
    marked = db.session.scalar(select(ApiToken.last_used_at)
                               .where(ApiToken.digest == ApiToken.digest_of(never_used)))
    assert marked is not None  # first use recorded, in the same transaction
