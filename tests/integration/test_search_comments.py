"""Comments in search: found by whoever may read what they are on, a hidden one by nobody, and a
draft proposal's comments by everyone once it is submitted."""
from search_world import SECRET, hits, world  # noqa: F401  (fixture)


def comment(api, member, **body) -> int:
    reply = api(member).post("/comments", body)
    assert reply.status_code == 201, reply.json
    return reply.json["id"]


def hits_html(api, member, q: str) -> str:
    return " ".join(h["snippet_html"] for h in api(member).get("/search", query_string={"q": q}).json["hits"])


def test_comments_are_found_by_who_may_read_their_target(app, api, world):
    on_amendment = comment(api, world["outsider"], target="amendment", target_id=world["amendment"].id,
                           body="Twice is too often for a <i>quorum</i>.")
    on_draft = comment(api, world["writer"], target="proposal", target_id=world["draft"].id,
                       body=f"Keep the {SECRET} bit quiet.")
    on_version = comment(api, world["outsider"], target="version",
                         target_id=world["assembly"].current_version_id,
                         body="Line 13 reads well.", line_from=13, line_to=13)
    reply = api(world["outsider"]).get("/search", query_string={"q": "often", "kind": "comment"}).json
    assert reply["hits"][0]["id"] == on_amendment
    assert reply["hits"][0]["url"] == f"/amendments/{world['amendment'].id}#comment-{on_amendment}"
    assert "<mark>often</mark> for a &lt;i&gt;quorum&lt;/i&gt;." in hits_html(api, world["outsider"], "often")
    assert hits(api, world["outsider"], "quiet") == []
    assert hits(api, world["writer"], "quiet") == [("comment", on_draft)]
    assert hits(api, world["outsider"], "reads", kind="comment") == [("comment", on_version)]
    refused = api(world["outsider"]).post("/comments", {"target": "proposal", "target_id": world["draft"].id,
                                                        "body": "Let me in."})
    assert refused.status_code == 404  # another group's draft cannot be read, so not commented on


def test_a_hidden_comment_is_found_by_nobody(app, api, world):
    rude = comment(api, world["outsider"], target="amendment", target_id=world["amendment"].id,
                   body="Something rude about walruses.")
    assert hits(api, world["admin"], "walruses") == [("comment", rude)]
    hidden = api(world["chair"]).post(f"/comments/{rude}/hide", {"reason": "Not about the amendment."})
    assert hidden.status_code == 200, hidden.json
    assert hits(api, world["admin"], "walruses") == []
    assert hits(api, world["chair"], "walruses") == []


def test_submitting_a_proposal_opens_its_comments_to_everyone(app, api, world):
    from deliberation.proposals.services import submit_proposal
    from deliberation.unit_of_work import UnitOfWork
    ready = comment(api, world["writer"], target="proposal", target_id=world["draft"].id,
                    body="Ready to submit, I think.")
    assert hits(api, world["outsider"], "ready") == []
    with UnitOfWork():
        submit_proposal(world["organiser"], world["draft"])
    assert ("comment", ready) in hits(api, world["outsider"], "ready")
