"""GET /api/v1/search: its fields, filters, pages and versions; clear 400s for what cannot run;
and links that open the right lines."""
import re

import pytest
from pages import sign_in
from search_world import hits, world  # noqa: F401  (fixture)

from deliberation.unit_of_work import UnitOfWork


def test_a_clause_hit_has_every_field_and_its_link_opens_the_lines(app, api, client, world):
    reply = api(world["outsider"]).get("/search", query_string={"q": '"one hundred delegates"'})
    assert reply.status_code == 200
    assert reply.json["total"] == 1 and reply.json["page"] == 1
    hit = reply.json["hits"][0]
    version = world["assembly"].current_version_id
    assert hit == {"kind": "clause", "id": 7, "title": "2.2 · 2. Assembly",
                   "assembly_id": world["assembly"].id,
                   "version_id": version, "line_from": 13, "line_to": 13,
                   "url": f"/versions/{version}?lines=13-13#L13",
                   "snippet_html": '<span class="snippet-line"><span class="ln">13</span><span class="lt">'
                                   '2.2 A quorum of the assembly is <mark>one</mark> <mark>hundred</mark> '
                                   '<mark>delegates</mark>.</span></span>'}
    assert sign_in(client, world["outsider"].email, "correct horse").status_code == 302
    page = client.get(hit["url"].split("#")[0]).text
    marked = re.findall(r'<li value="(\d+)" class="kind-\w+ marked" id="L\d+">', page)
    assert marked == ["13"] and 'id="L13"' in page


def test_an_amendment_hit_escapes_its_users_text_and_gives_its_lines(app, api, world):
    hit = api(world["outsider"]).get("/search", query_string={"q": "involved"}).json["hits"][0]
    assert hit["kind"] == "amendment" and hit["id"] == world["amendment"].id
    assert (hit["line_from"], hit["line_to"]) == (11, 11)
    assert "&lt;b&gt;members&lt;/b&gt; <mark>involved</mark> &amp; informed" in hit["snippet_html"]
    assert "<b>" not in hit["snippet_html"] and hit["url"] == f"/amendments/{world['amendment'].id}"


def test_filters_narrow_by_assembly_kind_status_and_group(app, api, world, make_assembly):
    other = make_assembly(title="Another")
    member = world["writer"]
    assert {k for k, _ in hits(api, member, "meet* OR quorum")} == {"clause", "amendment", "proposal"}
    assert len(hits(api, member, "quorum", assembly_id=other.id)) == 1
    in_assembly = hits(api, member, "quorum", assembly_id=world["assembly"].id)
    assert {k for k, _ in in_assembly} == {"clause", "proposal"}
    assert hits(api, member, "meet* OR quorum", kind="amendment") == [("amendment", world["amendment"].id)]
    assert hits(api, member, "meet* OR quorum", status="draft") == [("proposal", world["draft"].id)]
    assert hits(api, member, "twice", group_id=world["leeds"].id) == [("amendment", world["amendment"].id)]
    assert hits(api, member, "twice", group_id=world["york"].id) == []
    assert hits(api, member, "anything", kind="comment") == []  # comments are not switched on yet


def test_pages_split_the_hits_and_total_counts_them_all(app, api, world):
    member = world["outsider"]
    every = hits(api, member, "organisation OR assembly OR constitution")
    assert len(every) >= 5
    wide = "organisation OR assembly OR constitution"
    first = api(member).get("/search", query_string={"q": wide, "per_page": 2})
    second = api(member).get("/search", query_string={"q": wide, "per_page": 2, "page": 2})
    assert first.json["total"] == second.json["total"] == len(every)
    assert [(h["kind"], h["id"]) for h in first.json["hits"] + second.json["hits"]] == every[:4]


def test_only_the_current_draft_unless_every_version_is_asked_for(app, api, world, constitution):
    """A merge makes a new current version: its clauses are found, the base text's only on request."""
    from amendments.services.merging import merge
    from deliberation.models import Assembly
    from extensions import db
    assembly = db.session.get(Assembly, world["assembly"].id)
    base = assembly.current_version_id
    assembly.phase = "compositing"
    db.session.commit()
    with UnitOfWork():
        current = merge(world["chair"], assembly, [world["amendment"].id])["version_id"]
    assert current not in (None, base)
    found = api(world["outsider"]).get("/search", query_string={"q": "meets", "kind": "clause"}).json["hits"]
    assert [h["version_id"] for h in found] == [current]
    assert "<mark>meets</mark> twice" in found[0]["snippet_html"]
    every = api(world["outsider"]).get("/search",
                                       query_string={"q": "meets", "kind": "clause", "versions": "all"})
    assert sorted(h["version_id"] for h in every.json["hits"]) == sorted([base, current])


@pytest.mark.parametrize("params, code, field", [
    ({}, "missing_field", "q"),
    ({"q": "   "}, "missing_field", "q"),
    ({"q": "colour:red"}, "invalid_query", "q"),
    ({"q": "a*"}, "invalid_query", "q"),
    ({"q": "NOT quorum"}, "invalid_query", "q"),
    ({"q": "*"}, "invalid_query", "q"),
    ({"q": "x" * 501}, "invalid_query", "q"),
    ({"q": "quorum", "per_page": "101"}, "invalid_field", "per_page"),
    ({"q": "quorum", "per_page": "0"}, "invalid_field", "per_page"),
    ({"q": "quorum", "page": "-1"}, "invalid_field", "page"),
    ({"q": "quorum", "page": "two"}, "invalid_field", "page"),
    ({"q": "quorum", "kind": "ballot"}, "invalid_field", "kind"),
    ({"q": "quorum", "status": "lost"}, "invalid_field", "status"),
    ({"q": "quorum", "assembly_id": "x"}, "invalid_field", "assembly_id"),
    ({"q": "quorum", "group_id": str(2**70)}, "invalid_field", "group_id"),
    ({"q": "quorum", "versions": "some"}, "invalid_field", "versions"),
])
def test_what_cannot_run_is_a_400_that_says_why(app, api, world, params, code, field):
    reply = api(world["writer"]).get("/search", query_string=params)
    assert reply.status_code == 400
    assert reply.json["error"]["code"] == code and reply.json["error"]["field"] == field
    assert reply.json["error"]["message"]


def test_hostile_queries_never_make_a_server_error(app, api, world):
    for q in ['"unclosed', "(((", ")", "AND OR NOT", "title:", ":", "^^^", "quorum^999999999999999999",
              "\u202e", "a" * 499 + "*", "[a TO z]", "title:[a TO z]", "kind:*", "?" * 10, "\\", "'", '"" ""',
              "ＱＵＯＲＵＭ",
              "quorum~2", "assembly:1 assembly:2", "𝔮𝔲𝔬𝔯𝔲𝔪", "<script>alert(1)</script>"]:
        reply = api(world["writer"]).get("/search", query_string={"q": q})
        assert reply.status_code in (200, 400), (q, reply.status_code)
        if reply.status_code == 200:
            assert "<script>" not in reply.text


def test_search_needs_a_token(app, client):
    reply = client.get("/api/v1/search", query_string={"q": "quorum"})
    assert reply.status_code == 401 and reply.json["error"]["code"] == "unauthorized"


def test_openapi_describes_search_and_its_parameters(client):
    document = client.get("/api/v1/openapi.json").json
    op = document["paths"]["/search"]["get"]
    assert {p["name"] for p in op["parameters"]} >= {"q", "assembly_id", "kind", "status", "group_id", "page",
                                                     "per_page"}
    schema = op["responses"]["200"]["content"]["application/json"]["schema"]
    schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]  # a component
    assert set(schema["properties"]) >= {
        "total", "page", "hits"}


def test_phrases_answer_the_same_from_the_words_kept_decoded(app, api, world):
    """The words a process keeps decoded for phrases (hot.py) answer as the index does, and no
    more: the same hits for each member, the draft still only for its group."""
    from search_world import SECRET

    from deliberation.search.hot import HotPostings
    index = app.extensions["search"].index
    queries = ['"one hundred delegates"', '"the assembly"', f'"fifty {SECRET.lower()} delegates"',
               '"quorum of"']
    index.hot = None
    before = {(name, q): hits(api, world[name], q) for name in ("outsider", "writer") for q in queries}
    assert before[("writer", queries[2])] and not before[("outsider", queries[2])]
    index.hot = HotPostings(10**6, least=1)
    for _search in range(3):  # seen, then kept, then from what was kept
        assert {(name, q): hits(api, world[name], q) for name, q in before} == before
    assert index.hot.held() > 0
