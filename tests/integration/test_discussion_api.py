"""The comments API: posting on each kind of target and on lines, replies, errors, mentions sent
to notifications, and threads carried to later versions (editing, hiding and reporting:
test_discussion_moderation_api.py)."""


import pytest
from discussion_world import TEXT, audit, on_lines, patch, post, scene  # noqa: F401  (the scene fixture)
from sqlalchemy import select

from deliberation.discussion.models import Comment
from deliberation.models import Assembly
from deliberation.signals import comment_mentions
from extensions import db


def test_a_member_comments_on_lines_12_to_14_and_everyone_reads_it(scene):
    made = on_lines(scene, body="These **lines** need work <script>alert(1)</script>")
    assert made.status_code == 201, made.json
    assert (
        made.json["line_from"] == 12
        and made.json["line_to"] == 14
        and made.json["version_id"] == scene["version"]
    )
    assert (
        made.json["author"] == "Ann Lee" and made.json["hidden"] is False and made.json["edited_at"] is None
    )
    listed = scene["api"]["Bob Stone"].get(f"/comments?target=version&target_id={scene['version']}")
    assert listed.status_code == 200
    [comment] = listed.json["comments"]
    assert set(comment) >= {
        "id",
        "author",
        "body_html",
        "line_from",
        "line_to",
        "reply_to",
        "hidden",
        "created_at",
        "edited_at",
    }
    assert comment["body_html"].startswith("<p>These <strong>lines</strong> need work &lt;script&gt;")
    assert "<script" not in comment["body_html"] and comment["created_at"].endswith("Z")
    row = db.session.get(Comment, made.json["id"])
    assert (
        TEXT[row.char_start : row.char_end].startswith("12.1 Clause 12")
        and "matter number 14." in TEXT[row.char_start : row.char_end]
    )
    assert [a.action for a in audit(f"comment:{row.id}")] == ["comment.create"]


def test_comments_on_an_amendment_and_a_proposal_and_a_reply(scene):
    on_amendment = post(scene, "Bob Stone", target="amendment", target_id=scene["amendment"], body="Agreed.")
    on_proposal = post(scene, "Ann Lee", target="proposal", target_id=scene["draft"], body="Looks good.")
    assert on_amendment.status_code == on_proposal.status_code == 201
    reply = post(
        scene,
        "Ann Lee",
        target="amendment",
        target_id=scene["amendment"],
        body="Thanks!",
        reply_to=on_amendment.json["id"],
    )
    assert reply.status_code == 201 and reply.json["reply_to"] == on_amendment.json["id"]
    assert reply.json["thread_id"] == on_amendment.json["id"] and reply.json["line_from"] is None
    listed = (
        scene["api"]["Carol Chair"].get(f"/comments?target=amendment&target_id={scene['amendment']}").json
    )
    assert [c["id"] for c in listed["comments"]] == [on_amendment.json["id"], reply.json["id"]]
    cited = post(
        scene,
        "Ann Lee",
        target="amendment",
        target_id=scene["amendment"],
        body="Here.",
        line_from=13,
        line_to=13,
    )
    assert cited.status_code == 201 and cited.json["version_id"] == scene["version"]  # the amendment's base
    frozen = post(scene, "Ann Lee", target="proposal", target_id=scene["proposal"], body="x", line_from=1)
    assert frozen.status_code == 201 and frozen.json["version_id"] == scene["proposal_version"]
    assert (frozen.json["line_from"], frozen.json["line_to"]) == (1, 1)


@pytest.mark.parametrize(
    "body, status, code, field",
    [
        ({"target_id": 1, "body": "x"}, 400, "missing_field", "target"),
        ({"target": "ballot", "target_id": 1, "body": "x"}, 400, "invalid_field", "target"),
        ({"target": "version", "body": "x"}, 400, "missing_field", "target_id"),
        ({"target": "version", "target_id": "1", "body": "x"}, 400, "invalid_field", "target_id"),
        ({"target": "version", "target_id": 999999, "body": "x"}, 404, "not_found", None),
        ({"target": "version", "target_id": 0, "body": "x"}, 400, "invalid_field", "target_id"),
        ({"target": "version", "target_id": "V", "body": "   \n"}, 400, "empty_body", "body"),
        ({"target": "version", "target_id": "V"}, 400, "missing_field", "body"),
        ({"target": "version", "target_id": "V", "body": "x" * 20001}, 400, "too_long", "body"),
        ({"target": "version", "target_id": "V", "body": "a\u0000b"}, 400, "invalid_text", "body"),
        (
            {"target": "version", "target_id": "V", "body": "x", "line_from": 0, "line_to": 2},
            400,
            "invalid_lines",
            "line_from",
        ),
        (
            {"target": "version", "target_id": "V", "body": "x", "line_from": 14, "line_to": 12},
            400,
            "invalid_lines",
            "line_to",
        ),
        (
            {"target": "version", "target_id": "V", "body": "x", "line_from": 12, "line_to": 31},
            400,
            "invalid_lines",
            "line_to",
        ),
        (
            {"target": "version", "target_id": "V", "body": "x", "line_from": "12"},
            400,
            "invalid_field",
            "line_from",
        ),
        (
            {"target": "proposal", "target_id": "D", "body": "x", "line_from": 9999},
            400,
            "invalid_lines",
            "line_from",
        ),
        (
            {"target": "version", "target_id": "V", "body": "x", "reply_to": 999999},
            400,
            "invalid_field",
            "reply_to",
        ),
        (
            {"target": "version", "target_id": "V", "body": "Hi @[Nobody Here]"},
            400,
            "unknown_mention",
            "body",
        ),
    ],
)
def test_bad_comments_are_refused_with_a_clear_error_and_store_nothing(scene, body, status, code, field):
    body = {k: scene["version"] if v == "V" else scene["draft"] if v == "D" else v for k, v in body.items()}
    reply = scene["api"]["Ann Lee"].post("/comments", body)
    assert reply.status_code == status, reply.json
    assert reply.json["error"]["code"] == code and reply.json["error"].get("field") == field
    assert reply.json["error"]["message"]
    assert db.session.scalar(select(db.func.count(Comment.id))) == 0


def test_without_a_token_nothing_is_read_or_written(scene, client):
    assert (
        client.post(
            "/api/v1/comments", json={"target": "version", "target_id": scene["version"], "body": "x"}
        ).status_code
        == 401
    )
    assert client.get(f"/api/v1/comments?target=version&target_id={scene['version']}").status_code == 401


def test_list_needs_a_target_and_an_integer_id(scene):
    ann = scene["api"]["Ann Lee"]
    assert ann.get("/comments").json["error"]["field"] == "target"
    assert ann.get("/comments?target=version&target_id=abc").json["error"]["code"] == "invalid_field"
    assert ann.get("/comments?target=version&target_id=99999999").status_code == 404


def test_a_reply_stays_on_its_thread_and_cites_no_lines(scene):
    first = on_lines(scene).json["id"]
    elsewhere = post(
        scene, "Bob Stone", target="amendment", target_id=scene["amendment"], body="x", reply_to=first
    )
    assert elsewhere.status_code == 400 and elsewhere.json["error"]["field"] == "reply_to"
    with_lines = on_lines(scene, who="Bob Stone", reply_to=first)
    assert with_lines.status_code == 400 and with_lines.json["error"]["field"] == "line_from"
    reply = post(scene, "Bob Stone", target="version", target_id=scene["version"], body="Yes", reply_to=first)
    second = post(
        scene, "Ann Lee", target="version", target_id=scene["version"], body="Re", reply_to=reply.json["id"]
    )
    assert second.json["thread_id"] == first and second.json["reply_to"] == reply.json["id"]


def test_a_closed_assembly_keeps_its_discussion_to_read(scene):
    made = on_lines(scene).json["id"]
    db.session.get(Assembly, scene["assembly"].id).phase = "closed"
    db.session.commit()
    refused = on_lines(scene, who="Bob Stone")
    assert refused.status_code == 409 and refused.json["error"]["code"] == "discussion_closed"
    listed = scene["api"]["Bob Stone"].get(f"/comments?target=version&target_id={scene['version']}").json
    assert [c["id"] for c in listed["comments"]] == [made]
@pytest.fixture
def mentions_sent():
    sent = []

    def listen(sender, **kw):
        sent.append((sender, kw))

    comment_mentions.connect(listen)
    yield sent
    comment_mentions.disconnect(listen)


def test_mentions_notify_those_named_once_and_never_the_author(scene, mentions_sent, client):
    made = on_lines(
        scene, body="Over to @[bob  stone] and @[Carol Chair], cc @[Ann Lee]; not `@[Olu Organiser]`"
    )
    assert made.status_code == 201
    [(sender, kw)] = mentions_sent
    assert sender == made.json["id"] and sorted(kw["member_ids"]) == sorted(
        [scene["bob"].id, scene["chair"].id]
    )
    assert (
        kw["author_id"] == scene["ann"].id
        and kw["target"] == "version"
        and kw["target_id"] == scene["version"]
    )
    assert kw["url"] == f"/versions/{scene['version']}#comment-{made.json['id']}"
    assert kw["excerpt"].startswith("Over to @bob stone and @Carol Chair") and len(kw["excerpt"]) <= 200
    assert '<span class="mention">@bob stone</span>' in made.json["body_html"]
    mentions_sent.clear()
    patch(scene, "Ann Lee", made.json["id"], "Now @[Olu Organiser] and @[Bob Stone]", client)
    assert [kw["member_ids"] for _s, kw in mentions_sent] == [[scene["organiser"].id]]


def test_a_name_several_members_share_needs_their_number(scene, make_member, mentions_sent):
    twin = make_member(name="Bob Stone")
    ambiguous = on_lines(scene, body="@[Bob Stone]")
    assert ambiguous.status_code == 400 and ambiguous.json["error"]["code"] == "ambiguous_mention"
    exact = on_lines(scene, body=f"@[Bob Stone #{twin.id}]")
    assert exact.status_code == 201 and mentions_sent[0][1]["member_ids"] == [twin.id]
    wrong = on_lines(scene, body=f"@[Ann Lee #{twin.id}]")
    assert wrong.status_code == 400 and wrong.json["error"]["code"] == "unknown_mention"
    assert on_lines(scene, body="".join(f"@[Bob Stone #{twin.id}] " for _ in range(3))).status_code == 201


def test_mention_suggestions_list_only_the_people_of_the_discussion(scene, make_member):
    make_member(name="Annabel Stranger")
    ann = scene["api"]["Ann Lee"]
    found = ann.get(f"/comments/mentions?target=version&target_id={scene['version']}&q=ann").json["members"]
    assert [m["name"] for m in found] == ["Ann Lee"]
    assert found[0]["mention"] == "@[Ann Lee]" and found[0]["groups"]
    chair = ann.get(f"/comments/mentions?target=version&target_id={scene['version']}&q=cha").json["members"]
    assert [m["mention"] for m in chair] == ["@[Carol Chair]"]  # a word of the name, not only its start


def test_a_thread_follows_its_lines_to_later_versions_or_says_they_are_gone(scene):
    from amendments.services.versions import create_version

    ident = on_lines(scene).json["id"]
    first = scene["version"]
    lines = TEXT.splitlines(keepends=True)
    later = create_version(scene["assembly"].id, first, "merge", "0.1 A new first clause.\n" + TEXT, [], None)
    gone = create_version(scene["assembly"].id, later.id, "merge", "".join(lines[:11] + lines[14:]), [], None)
    db.session.commit()
    bob = scene["api"]["Bob Stone"]
    assert (
        bob.get(f"/comments?target=version&target_id={later.id}").json["comments"] == []
    )  # written elsewhere
    [carried] = bob.get(f"/comments?target=version&target_id={later.id}&carried=true").json["comments"]
    assert carried["id"] == ident and (carried["line_from"], carried["line_to"]) == (13, 15)
    assert carried["gone"] is False and carried["written"] == {
        "version_id": first,
        "line_from": 12,
        "line_to": 14,
    }
    [lost] = bob.get(f"/comments?target=version&target_id={gone.id}&carried=true").json["comments"]
    assert lost["gone"] is True and lost["line_from"] is None
    own = bob.get(f"/comments?target=version&target_id={first}&carried=true").json["comments"]
    assert (own[0]["line_from"], own[0]["line_to"]) == (12, 14) and "written" not in own[0]


def test_the_openapi_document_describes_every_comment_route(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"post", "get"} <= set(paths["/comments"])
    assert {"get", "patch"} <= set(paths["/comments/{id}"])
    for path in ("/comments/{id}/hide", "/comments/{id}/report", "/comments/{id}/reports/dismiss"):
        assert "post" in paths[path]
    assert {"/comments/reports", "/comments/mentions", "/comments/{id}/revisions"} <= set(paths)
    query = {p["name"] for p in paths["/comments"]["get"]["parameters"] if p["in"] == "query"}
    assert query == {"target", "target_id", "carried"}


def test_every_comment_route_answers_a_missing_comment_or_a_bad_body_clearly(scene, client):
    ann = scene["api"]["Ann Lee"]
    for method, path in (("get", "/comments/987654"), ("get", "/comments/987654/revisions"),
                         ("post", "/comments/987654/hide"), ("post", "/comments/987654/report"),
                         ("post", "/comments/987654/reports/dismiss")):
        reply = getattr(ann, method)(path, {"reason": "x"}) if method == "post" else ann.get(path)
        assert reply.status_code == 404 and reply.json["error"]["code"] == "not_found", path
    ident = on_lines(scene).json["id"]
    no_body = client.patch(f"/api/v1/comments/{ident}", data="nope", content_type="application/json",
                           headers=ann.headers)
    assert no_body.status_code == 400 and no_body.json["error"]["code"] == "malformed_json"
    wrong = client.patch(f"/api/v1/comments/{ident}", json={"body": 5}, headers=ann.headers)
    assert wrong.status_code == 400 and wrong.json["error"]["field"] == "body"
    reason = scene["api"]["Carol Chair"].post(f"/comments/{ident}/hide", {"reason": ["not", "text"]})
    assert reason.status_code == 400 and reason.json["error"]["field"] == "reason"
    assert scene["api"]["Carol Chair"].get("/comments/reports?assembly_id=x").status_code == 400
    assert ann.get("/comments/mentions?target=version&q=a").json["error"]["field"] == "target_id"


def test_a_draft_proposal_takes_comments_on_lines_as_its_live_text_reads(scene):
    """The live editor cites the official lines of the text as it reads now; a comment filed from
    there keeps those numbers (the draft moves on, so the thread says when they were read)."""
    reply = post(scene, "Bob Stone", target="proposal", target_id=scene["draft"], body="Tighten this.",
                 line_from=1, line_to=1)
    assert reply.status_code == 201, reply.json
    listed = scene["api"]["Ann Lee"].get(f"/comments?target=proposal&target_id={scene['draft']}").json
    mine = next(c for c in listed["comments"] if c["id"] == reply.json["id"])
    assert (mine["line_from"], mine["line_to"]) == (1, 1)
    too_far = post(scene, "Bob Stone", target="proposal", target_id=scene["draft"], body="x", line_from=2)
    assert too_far.status_code == 400 and too_far.json["error"]["code"] == "invalid_lines"  # one line so far
