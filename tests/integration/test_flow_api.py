"""The whole flow through the JSON API: assembly → amendments → collisions → merge → ballot."""


def amended(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1
    return text.replace(old, new)


def test_whole_flow(api, make_member, constitution):
    admin = make_member(admin=True)
    chair = make_member("Chair")
    voters = [make_member(f"Voter {i}") for i in range(5)]
    as_admin, as_chair = api(admin), api(chair)

    made = as_admin.post("/assemblies",
                         {"title": "Refounding", "base_text": constitution, "chairs": [chair.email]})
    assert made.status_code == 201, made.json
    assembly_id, base_id = made.json["id"], made.json["current_version_id"]
    assert made.json["phase"] == "proposals"
    assert as_chair.post(f"/assemblies/{assembly_id}/phase", {"phase": "amendments"}).json["phase"] == \
        "amendments"

    def file(member, old, new, title):
        reply = api(member).post(f"/assemblies/{assembly_id}/amendments", {
            "base_version_id": base_id, "text": amended(constitution, old, new), "title": title,
            "rationale": "Because."})
        assert reply.status_code == 201, reply.json
        return reply.json

    a = file(voters[0], "one hundred delegates", "fifty delegates", "Smaller quorum")
    b = file(voters[1], "A quorum of the assembly is one hundred",
             "A quorum of the assembly is a third of all", "Relative quorum")
    c = file(voters[2], "called the Example Movement", "called the Refounded Movement", "New name")
    lines = {line["n"]: line["text"] for line in as_admin.get(f"/versions/{base_id}").json["lines"]}
    assert a["line_from"] == a["line_to"] and "one hundred delegates" in lines[a["line_from"]]
    assert "Example Movement" in lines[c["line_from"]] and c["line_to"] == c["line_from"]
    assert ["delete", "one hundred"] in a["ops"] and ["insert", "fifty"] in a["ops"]

    collisions = as_admin.get(f"/assemblies/{assembly_id}/collisions").json
    assert collisions["version_id"] == base_id
    assert collisions["groups"] == [sorted([a["id"], b["id"]])]

    first = as_chair.post(f"/assemblies/{assembly_id}/merge", {"amendment_ids": [a["id"], b["id"], c["id"]]})
    assert first.status_code == 200, first.json
    assert first.json["merged"] == [c["id"]]
    assert {(s["id"], s["reason"]) for s in first.json["skipped"]} == {(a["id"], "collision"),
                                                                       (b["id"], "collision")}
    assert first.json["version_id"] != base_id

    after_first = as_admin.get(f"/versions/{first.json['version_id']}").json
    assert after_first["parent_id"] == base_id
    assert "Refounded Movement" in after_first["text"] and "one hundred delegates" in after_first["text"]
    assert as_admin.get(f"/amendments/{a['id']}").json["rebase"] == "clean"

    second = as_chair.post(f"/assemblies/{assembly_id}/merge", {
        "amendment_ids": [a["id"], b["id"]],
        "resolutions": [{"amendment_ids": [a["id"], b["id"]], "text": "A quorum of the assembly is fifty"}]})
    assert second.status_code == 200, second.json
    assert sorted(second.json["merged"]) == sorted([a["id"], b["id"]]) and second.json["skipped"] == []
    final = as_admin.get(f"/versions/{second.json['version_id']}").json
    assert "A quorum of the assembly is fifty delegates." in final["text"]
    assert "Refounded Movement" in final["text"]

    spans = as_admin.get(f"/versions/{final['id']}/provenance").json["spans"]
    named = {s["amendment_id"] for s in spans}
    assert c["id"] in named and named & {a["id"], b["id"]}
    for span in spans:
        if span["amendment_id"] == c["id"] and span["end"] > span["start"]:
            assert "Refounded" in final["text"][span["start"]:span["end"]]

    diff = as_admin.get(f"/versions/{base_id}/diff/{final['id']}").json
    assert "<ins" in diff["html"] and "<del" in diff["html"]
    assert "".join(t for op, t in diff["ops"] if op != "insert") == constitution

    ballot = as_chair.post(f"/assemblies/{assembly_id}/ballots", {
        "title": "Adopt the new constitution",
        "questions": [{"text": "Adopt it?", "kind": "yes_no_abstain", "threshold": "two_thirds"}]})
    assert ballot.status_code == 201, ballot.json
    ballot_id = ballot.json["id"]
    assert as_admin.post(f"/ballots/{ballot_id}/open").status_code == 200
    # Two yes, one no, two abstain: 2 of 3 decided votes is exactly two thirds, so it passes;
    # counting abstentions in the majority (2 of 5) would wrongly fail it.
    trackers = []
    for voter, answer in zip(voters, ["yes", "yes", "no", "abstain", "abstain"], strict=True):
        cast = api(voter).post(f"/ballots/{ballot_id}/votes", {"answers": [answer]})
        assert cast.status_code == 201, cast.json
        trackers.append(cast.json["tracker"])
    again = api(voters[0]).post(f"/ballots/{ballot_id}/votes", {"answers": ["no"]})
    assert again.status_code == 409 and again.json["error"]["code"] == "already_voted"
    assert as_admin.get(f"/ballots/{ballot_id}/results").status_code == 409  # hidden until close
    assert as_admin.post(f"/ballots/{ballot_id}/close").status_code == 200

    results = as_admin.get(f"/ballots/{ballot_id}/results").json
    assert results["turnout"] == 5 and results["electorate"] >= 5
    question = results["questions"][0]
    assert question["counts"] == {"yes": 2, "no": 1, "abstain": 2}
    assert question["passed"] is True
    assert results["checks"]["consistent"] is True
    assert sorted(as_admin.get(f"/ballots/{ballot_id}/trackers").json["trackers"]) == sorted(trackers)
