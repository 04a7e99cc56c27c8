"""The comment kind, switched on with a stand-in for the discussion area's Comment model (its own
table, outside the app's metadata): comments are found by whoever may read what they are on,
and a hidden one by nobody."""
import pytest
from search_world import SECRET, hits, world  # noqa: F401  (fixture)
from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from extensions import db


class Base(DeclarativeBase):
    pass


class Comment(Base):
    """What kinds/comments.py needs of the discussion area's model."""

    __tablename__ = "stand_in_comments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[int]
    body: Mapped[str] = mapped_column(Text)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    line_from: Mapped[int | None]
    line_to: Mapped[int | None]


@pytest.fixture
def comments(app):
    from deliberation.search import kinds
    from deliberation.search.kinds.comments import Comments
    Base.metadata.create_all(db.engine)
    kinds.install(Comments(Comment))
    yield Comment
    kinds.uninstall("comment")
    db.session.rollback()
    Base.metadata.drop_all(db.engine)


def add(**fields) -> Comment:
    comment = Comment(**fields)
    db.session.add(comment)
    db.session.commit()
    return comment


def test_comments_are_found_by_who_may_read_their_target(app, api, world, comments):
    on_amendment = add(target="amendment", target_id=world["amendment"].id, body="Twice is too often for a <i>quorum</i>.")
    on_draft = add(target="proposal", target_id=world["draft"].id, body=f"Keep the {SECRET} bit quiet.")
    on_version = add(target="version", target_id=world["assembly"].current_version_id, body="Line 13 reads well.",
                     line_from=13, line_to=13)
    reply = api(world["outsider"]).get("/search", query_string={"q": "often", "kind": "comment"}).json
    assert reply["hits"][0]["id"] == on_amendment.id
    assert reply["hits"][0]["url"] == f"/amendments/{world['amendment'].id}#comment-{on_amendment.id}"
    assert "<mark>often</mark> for a &lt;i&gt;quorum&lt;/i&gt;." in hits_html(api, world["outsider"], "often")
    assert hits(api, world["outsider"], "quiet") == []
    assert hits(api, world["writer"], "quiet") == [("comment", on_draft.id)]
    assert hits(api, world["outsider"], "reads", kind="comment") == [("comment", on_version.id)]


def test_a_hidden_comment_is_found_by_nobody(app, api, world, comments):
    comment = add(target="amendment", target_id=world["amendment"].id, body="Something rude about walruses.")
    assert hits(api, world["admin"], "walruses") == [("comment", comment.id)]
    comment.hidden = True
    db.session.commit()
    assert hits(api, world["admin"], "walruses") == []
    assert hits(api, world["chair"], "walruses") == []


def test_submitting_a_proposal_opens_its_comments_to_everyone(app, api, world, comments):
    from deliberation.proposals.services import submit_proposal
    from deliberation.unit_of_work import UnitOfWork
    comment = add(target="proposal", target_id=world["draft"].id, body="Ready to submit, I think.")
    assert hits(api, world["outsider"], "ready") == []
    with UnitOfWork():
        submit_proposal(world["organiser"], world["draft"])
    assert ("comment", comment.id) in hits(api, world["outsider"], "ready")


def test_check_and_rebuild_cover_comments(app, world, comments, runner):
    add(target="amendment", target_id=world["amendment"].id, body="A comment to count.")
    assert runner.invoke(args=["search", "check"]).exit_code == 0
    result = runner.invoke(args=["search", "rebuild"])
    assert "Indexed 13 documents from 4 sources" in result.output, result.output


def hits_html(api, member, q: str) -> str:
    return " ".join(h["snippet_html"] for h in api(member).get("/search", query_string={"q": q}).json["hits"])
