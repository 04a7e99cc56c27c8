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
    suggested = other.get("/search/suggest", query_string={"q": "clandes"}).json["suggestions"]
    assert [s["kind"] for s in suggested] == [
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
