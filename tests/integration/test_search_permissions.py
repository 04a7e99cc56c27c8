"""Search shows nothing a member could not open: a group's draft only to that group, the
assembly's chairs and admins, until it is submitted; the same through the API, the page and the
suggestions; and the database has the last word when the index lags behind it."""
from pages import sign_in
from search_world import SECRET, hits, world  # noqa: F401  (fixture)

from deliberation.unit_of_work import UnitOfWork
from extensions import db


def test_a_draft_is_invisible_to_another_group_and_visible_after_submission(app, api, world):
    from deliberation.proposals.services import submit_proposal
    draft = ("proposal", world["draft"].id)
    for who in ("organiser", "writer", "chair", "admin"):
        assert draft in hits(api, world[who], SECRET), who
    assert hits(api, world["outsider"], SECRET) == []
    assert hits(api, world["outsider"], "title:plan") == []
    with UnitOfWork():
        submit_proposal(world["organiser"], world["draft"])
    assert draft in hits(api, world["outsider"], SECRET)


def test_a_drafts_hits_carry_its_changed_lines(app, api, world):
    reply = api(world["writer"]).get("/search", query_string={"q": SECRET, "kind": "proposal"})
    hit = reply.json["hits"][0]
    assert hit["title"] == f"{SECRET} plan for quorum" and "<mark>clandestine</mark>" in hit["snippet_html"]
    assert hit["url"] == f"/proposals/{world['draft'].id}"


def test_the_page_and_the_suggestions_hide_another_groups_draft(app, client, world):
    assert sign_in(client, world["outsider"].email, "correct horse").status_code == 302
    page = client.get("/search", query_string={"q": SECRET})
    assert page.status_code == 200 and SECRET not in page.text.split("<h2", 1)[-1]
    assert client.get("/search/suggest", query_string={"q": "clandes"}).json == {"suggestions": []}
    other = app.test_client()
    assert sign_in(other, world["writer"].email, "correct horse").status_code == 302
    assert f"{SECRET} plan for quorum" in other.get("/search", query_string={"q": SECRET}).text
    assert [s["kind"] for s in other.get("/search/suggest", query_string={"q": "clandes"}).json["suggestions"]] == [
        "proposal"]


def test_the_database_has_the_last_word_when_the_index_lags(app, api, world):
    """A draft the index still holds as submitted (another process's change not yet drained) is
    not shown to another group: the hits are checked against the database."""
    from deliberation.models import Proposal
    indexer = app.extensions["search"]
    proposal = db.session.get(Proposal, world["draft"].id)
    proposal.status = "submitted"
    db.session.commit()  # indexed as submitted: readable by all
    db.session.execute(db.update(Proposal).where(Proposal.id == proposal.id).values(status="draft"))
    db.session.commit()  # behind the ORM: the index does not know
    with indexer.index.searcher() as pooled:
        assert [f["readers"] for f in pooled.searcher.documents(kind="proposal")] == ["all"]
    assert hits(api, world["outsider"], SECRET) == []
    assert ("proposal", proposal.id) in hits(api, world["chair"], SECRET)


def test_a_live_edit_to_a_draft_is_found_by_its_group_only(app, api, world, token_for):
    """Keystrokes from the live editor arrive through the pump and the live_text_stored signal."""
    from test_live_socket import edit, yjs

    from deliberation.live import protocol, store
    from extensions import socketio
    app.extensions["search"].draft_seconds = 0
    socketio.server_options.pop("client_manager", None)
    room = world["draft"].room
    client = socketio.test_client(app, namespace="/live", auth={"token": token_for(world["writer"])})
    assert client.emit("join", {"room": room}, namespace="/live", callback=True)["ok"] is True
    text = store.live_text(room)
    assert yjs(client, room, protocol.update_message(edit(text, 0, "Zanzibar "))) == {"ok": True}
    assert ("proposal", world["draft"].id) in hits(api, world["writer"], "zanzibar")
    assert hits(api, world["outsider"], "zanzibar") == []
    client.disconnect("/live")
