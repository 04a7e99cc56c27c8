"""Real ranked elections cast through the API one member at a time must give the published results.

Each published ballot becomes one member's vote (POST /ballots/{id}/votes, ties as nested
lists); after close the results endpoint must show the published winners and figures.
"""
import csv
import io
import time

import pytest

from deliberation.ballot.counting import parse_abif, parse_debian_tally, ranking_to_json
from deliberation.demo.bulk import seed_voters
from tests.integration.pages import sign_in


def cast_all(client, api, make_member, options, ballots, method):
    """Open a one-question ranked ballot, cast every ballot through the API, close it, return results."""
    officer = make_member(admin=True)
    as_officer = api(officer)
    assembly = as_officer.post("/assemblies", {"title": "Election", "base_text": "Text.\n"}).json["id"]
    made = as_officer.post(f"/assemblies/{assembly}/ballots", {
        "title": "Election",
        "questions": [{"text": "Who?", "kind": "ranked", "options": options, "method": method}]})
    assert made.status_code == 201, made.json
    ballot_id = made.json["id"]
    answers = [ranking_to_json(ranking) for ranking, count in ballots for _ in range(count)]
    voters = seed_voters(len(answers))
    assert as_officer.post(f"/ballots/{ballot_id}/open").status_code == 200
    path = f"/api/v1/ballots/{ballot_id}/votes"
    started = time.perf_counter()
    for (_member_id, token), answer in zip(voters, answers, strict=True):
        reply = client.post(path, json={"answers": [answer]}, headers={"Authorization": f"Bearer {token}"})
        assert reply.status_code == 201, reply.json
    elapsed = time.perf_counter() - started
    print(f"{len(answers)} votes through the API in {elapsed:.1f} s ({len(answers) / elapsed:.0f}/s)")
    assert as_officer.post(f"/ballots/{ballot_id}/close").status_code == 200
    results = as_officer.get(f"/ballots/{ballot_id}/results").json
    assert results["turnout"] == len(answers) and results["checks"]["consistent"] is True
    assert_csv_matches(client, officer, ballot_id, results)
    return results["questions"][0]


def assert_csv_matches(client, officer, ballot_id: int, results: dict) -> None:
    """The results CSV lists each option once, at its rank in the API's ranking (a lone option is a
    string there, a tie a list), with the winner marked."""
    assert sign_in(client, officer.email, "correct horse").status_code == 302
    reply = client.get(f"/ballots/{ballot_id}/results.csv")
    assert reply.status_code == 200 and reply.mimetype == "text/csv"
    rows = [r for r in csv.DictReader(io.StringIO(reply.text)) if r["kind"] == "ranked"]
    question = results["questions"][0]
    expected = [(option, str(rank), str(option == question["winner"]))
                for rank, group in enumerate(question["ranking"], start=1)
                for option in ([group] if isinstance(group, str) else group)]
    assert [(r["answer_or_option"], r["count_or_rank"], r["passed_or_winner"]) for r in rows] == expected
    assert sorted(r["answer_or_option"] for r in rows) == sorted(question["options"])


def test_debian_2006_towns_over_mcintyre_190_to_184(client, api, make_member, shared_data):
    options, ballots = parse_debian_tally((shared_data / "ballots/debian-dpl-2006/leader2006_tally.txt")
                                          .read_text())
    assert sum(count for _, count in ballots) == 421
    result = cast_all(client, api, make_member, options, ballots, "schulze")
    assert result["winner"] == "Anthony Towns"
    assert result["ranking"][1] == "Steve McIntyre"
    assert result["pairwise"]["Anthony Towns"]["Steve McIntyre"] == 190
    assert result["pairwise"]["Steve McIntyre"]["Anthony Towns"] == 184


def test_debian_2020_carter_and_the_published_figures(client, api, make_member, shared_data):
    options, ballots = parse_debian_tally((shared_data / "ballots/debian-dpl-2020/leader2020_tally.txt")
                                          .read_text())
    assert sum(count for _, count in ballots) == 339
    result = cast_all(client, api, make_member, options, ballots, "schulze")
    carter, chandran, gupta, nota = options
    assert result["winner"] == carter == "Jonathan Carter"
    assert result["ranking"] == [carter, chandran, gupta, nota]
    d = result["pairwise"]
    assert [(d[o][nota], d[nota][o]) for o in (carter, chandran, gupta)] == [(301, 34), (244, 76), (194, 125)]
    assert (d[carter][chandran], d[chandran][carter]) == (258, 57)


@pytest.mark.timeout(240)
def test_burlington_2009_irv_kiss_and_schulze_montroll(client, api, make_member, shared_data):
    options, ballots = parse_abif((shared_data / "ballots/burlington-2009-mayor/burl2009.abif").read_text())
    assert sum(count for _, count in ballots) == 8980
    result = cast_all(client, api, make_member, options, ballots, "irv")
    assert result["method"] == "irv" and result["winner"] == "Kiss"
    first, final = result["rounds"][0], result["rounds"][-1]
    assert first["tallies"] == {"Wright": 2951, "Kiss": 2585, "Montroll": 2063, "Smith": 1306,
                                "Write-in": 36, "Simpson": 35}
    assert final["tallies"] == {"Kiss": 4313, "Wright": 4061}
    assert final["exhausted"] == 8980 - 8374  # 8,374 continuing ballots in the final round
    assert result["irv"]["winner"] == "Kiss"
    assert result["schulze"]["winner"] == "Montroll"
    montroll = result["pairwise"]["Montroll"]
    assert all(montroll[o] > result["pairwise"][o]["Montroll"] for o in options if o != "Montroll")
