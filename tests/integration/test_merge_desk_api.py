"""The merge desk's API: collision groups come with their regions (where, the text now, and what
each amendment would make of it), so a chair can resolve a group by choosing a wording."""

TEXT = ("1. Name\n1.1 The organisation is called Mudiad Cymru 🌱, the Example Movement.\n"
        "2. Meetings\n2.1 A quorum of the assembly is one hundred delegates.\n2.2 Branches meet monthly.\n")


def test_collision_regions_word_each_amendment_and_a_chosen_wording_merges_as_it(api, make_member):
    admin, chair = make_member(admin=True), make_member("Chair")
    made = api(admin).post("/assemblies", {"title": "Regions", "base_text": TEXT, "chairs": [chair.email]})
    assembly, base = made.json["id"], made.json["current_version_id"]
    api(chair).post(f"/assemblies/{assembly}/phase", {"phase": "amendments"})

    def file(old, new):
        reply = api(make_member()).post(f"/assemblies/{assembly}/amendments", {
            "base_version_id": base, "text": TEXT.replace(old, new), "title": new[:40], "rationale": ""})
        assert reply.status_code == 201, reply.json
        return reply.json["id"]

    a = file("one hundred delegates", "fifty delegates")
    b = file("A quorum of the assembly is one hundred", "A quorum of the assembly is a third of all")
    c = file("Mudiad Cymru 🌱", "Mudiad Newydd 🌳")  # collides with no one
    reply = api(chair).get(f"/assemblies/{assembly}/collisions").json
    assert reply["groups"] == [[a, b]]
    [region] = reply["regions"]
    assert region["amendment_ids"] == [a, b]
    assert TEXT[region["start"]:region["end"]] == region["text"]
    assert "one hundred" in region["text"]
    lines = {ln["n"]: ln["text"] for ln in api(chair).get(f"/versions/{base}").json["lines"]}
    assert "quorum" in lines[region["line_from"]] and region["line_to"] >= region["line_from"]
    wordings = {w["amendment_id"]: w["text"] for w in region["wordings"]}
    assert wordings[a] == region["text"].replace("one hundred", "fifty")
    assert wordings[b] == region["text"].replace("one hundred", "a third of all")

    merged = api(chair).post(f"/assemblies/{assembly}/merge", {
        "amendment_ids": [a, b, c], "resolutions": [{"amendment_ids": [a, b], "text": wordings[b]}]})
    assert merged.status_code == 200, merged.json
    text = api(chair).get(f"/versions/{merged.json['version_id']}").json["text"]
    assert text == TEXT.replace("one hundred", "a third of all") \
        .replace("Mudiad Cymru 🌱", "Mudiad Newydd 🌳")
    assert api(chair).get(f"/assemblies/{assembly}/collisions").json == {
        "version_id": merged.json["version_id"], "groups": [], "regions": [], "unplaced": []}
