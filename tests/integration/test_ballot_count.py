"""Closing a ballot counts the stored ballots exactly as the pure counting functions count the same
rankings."""
import gc
import json
import secrets
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select

from deliberation.ballot.counting import YES_NO, irv, schulze
from deliberation.ballot.models import CastBallot, Participation
from deliberation.ballot.results import _collector_paused
from deliberation.ballot.services import close_ballot, create_ballot, open_ballot
from deliberation.ballot.voting import answer_checker
from deliberation.demo.bulk import seed_voters
from extensions import db
from tests.unit.ballot.ballot_strategies import OPTIONS, rankings

#: One voter: the yes/no answer, the ranking, and whether it is stored in the form used
#: before the compact one (a list of tied groups of option names), as an older server wrote it.
voters = st.lists(st.tuples(st.sampled_from(YES_NO), rankings(), st.booleans()), max_size=40)


def open_two_question_ballot(officer, method: str):
    ballot = create_ballot(officer, None, "Count", [
        {"text": "Adopt?", "kind": "yes_no_abstain", "threshold": "two_thirds"},
        {"text": "Who?", "kind": "ranked", "options": list(OPTIONS), "method": method}])
    return open_ballot(officer, ballot)


def store(ballot, answers: list[list], legacy: list[bool]) -> None:
    """Write what a vote writes: a participation row per voter and their ballot, checked and in stored
    form."""
    check = answer_checker(ballot)
    voters = [member_id for member_id, _token in seed_voters(len(answers), prefix=f"ballot{ballot.id}voter")]
    if voters:
        db.session.execute(insert(Participation), [{"ballot_id": ballot.id, "member_id": m} for m in voters])
    rows = []
    for given_answers, old in zip(answers, legacy, strict=True):
        stored = check(given_answers)
        if old:
            stored = [given_answers[0], [list(group) for group in given_answers[1]]]
        rows.append({"id": secrets.token_hex(16), "ballot_id": ballot.id, "tracker": secrets.token_hex(10),
                     "answers": stored})
    if rows:
        db.session.execute(insert(CastBallot), rows)
    db.session.commit()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(voters, st.sampled_from(["schulze", "irv"]))
def test_close_counts_like_the_pure_functions(make_member, cast, method):
    """Ties, partial rankings, unlisted options, empty rankings and old-form rows alike."""
    officer = make_member(admin=True)
    ballot = open_two_question_ballot(officer, method)
    store(ballot, [[yes_no, ranking] for yes_no, ranking, _old in cast], [old for *_, old in cast])
    close_ballot(officer, ballot)
    results = ballot.results
    rankings_cast = [ranking for _yes_no, ranking, _old in cast]
    by_schulze = json.loads(json.dumps(schulze(OPTIONS, rankings_cast).to_dict()))
    by_irv = json.loads(json.dumps(irv(OPTIONS, rankings_cast).to_dict()))
    yes_no, ranked = results["questions"]
    assert yes_no["counts"] == {answer: 0 for answer in YES_NO} | Counter(answer for answer, *_ in cast)
    assert ranked["schulze"] == by_schulze and ranked["irv"] == by_irv
    primary = by_irv if method == "irv" else by_schulze
    assert (ranked["ranking"], ranked["winner"]) == (primary["ranking"], primary["winner"])
    assert ranked["pairwise"] == by_schulze["pairwise"] and ranked["rounds"] == by_irv["rounds"]
    assert results["checks"]["ballots"] == len(cast) and results["checks"]["consistent"]
    assert gc.isenabled()


def test_a_vote_stores_its_ranking_as_option_positions(api, make_member):
    officer, voter = make_member(admin=True), make_member()
    as_officer = api(officer)
    assembly = as_officer.post("/assemblies", {"title": "A", "base_text": "Text.\n"}).json["id"]
    ballot = as_officer.post(f"/assemblies/{assembly}/ballots", {"title": "Vote", "questions": [
        {"text": "Adopt?", "kind": "yes_no_abstain"},
        {"text": "Which?", "kind": "ranked", "options": ["Zebracorn", "Quokkaplan", "Axolotl"]}]}).json["id"]
    assert as_officer.post(f"/ballots/{ballot}/open").status_code == 200
    cast = api(voter).post(f"/ballots/{ballot}/votes", {"answers": ["yes", [["Quokkaplan", "Zebracorn"]]]})
    assert cast.status_code == 201
    assert db.session.scalar(select(CastBallot.answers).where(CastBallot.ballot_id == ballot)) == \
        ["yes", "0=1"]
    assert as_officer.post(f"/ballots/{ballot}/close").status_code == 200
    ranked = as_officer.get(f"/ballots/{ballot}/results").json["questions"][1]
    assert ranked["ranking"] == [["Zebracorn", "Quokkaplan"], "Axolotl"] and ranked["winner"] is None


def test_counting_leaves_the_cycle_collector_as_it_was():
    gc.disable()
    try:
        with _collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
    with _collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
