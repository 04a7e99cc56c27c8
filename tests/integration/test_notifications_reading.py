"""Reading notifications: the API's list and marks, the page, opening one, marking all read and the
header's badge; only ever the member's own."""
import notification_scene
import pytest
from pages import csrf, sign_in
from sqlalchemy import event, func, select, text

from deliberation.notifications.models import Notification
from deliberation.notifications.services import notify
from deliberation.unit_of_work import UnitOfWork
from extensions import db


@pytest.fixture
def scene(api, make_member, make_group, make_assembly, constitution):
    return notification_scene.build(api, make_member, make_group, make_assembly, constitution)


def rejected(api, scene, title: str = "Quorum") -> int:
    """An amendment the chair rejected: one notification for its sponsor."""
    ident = scene["file"](title=title)
    assert api(scene["chair"]).post(f"/amendments/{ident}/status",
                                    {"status": "rejected", "reason": "No."}).status_code == 200
    return ident


def many(member, count: int) -> None:
    """`count` notifications for the member, made by the service other areas call."""
    with UnitOfWork():
        for i in range(count):
            notify([member.id], "amendment_rejected", "amendment", 1000 + i,
                   params={"amendment_id": 1000 + i, "title": f"Amendment {i}"}, parts={member.id: "sponsor"})


def signed_in(app, member):
    client = app.test_client()
    assert sign_in(client, member.email, "correct horse").status_code == 302
    return client


def test_the_list_is_newest_first_paginated_and_filters_unread(api, scene):
    first, second = rejected(api, scene, "First"), rejected(api, scene, "Second")
    sponsor = api(scene["sponsor"])
    listed = sponsor.get("/notifications").json
    assert [n["subject"]["id"] for n in listed["notifications"]] == [second, first]
    assert (listed["unread"], listed["total"], listed["page"], listed["per_page"]) == (2, 2, 1, 20)
    one = listed["notifications"][1]
    assert set(one) >= {"id", "kind", "text", "url", "subject", "at", "read"}
    assert one["kind"] == "amendment_rejected" and one["read"] is False and one["at"].endswith("Z")

    marked = sponsor.post("/notifications/read", {"ids": [one["id"]]})
    assert marked.status_code == 200 and marked.json == {"unread": 1}
    assert sponsor.post("/notifications/read", {"ids": [one["id"]]}).json == {"unread": 1}  # again: no change
    unread = sponsor.get("/notifications?unread=true").json
    assert [n["subject"]["id"] for n in unread["notifications"]] == [second] and unread["total"] == 1
    assert sponsor.get("/notifications?unread=false").json["total"] == 2
    paged = sponsor.get("/notifications?per_page=1&page=2").json
    assert [n["subject"]["id"] for n in paged["notifications"]] == [first] \
        and paged["notifications"][0]["read"]
    assert sponsor.get("/notifications?page=9").json["notifications"] == []
    assert sponsor.post("/notifications/read", {"all": True}).json == {"unread": 0}


@pytest.mark.parametrize("query,field", [
    ("per_page=101", "per_page"), ("per_page=0", "per_page"), ("page=0", "page"), ("page=-1", "page"),
    ("page=two", "page"), ("page=%C2%B2", "page"), ("unread=maybe", "unread")])
def test_bad_list_queries_are_400_naming_the_field(api, scene, query, field):
    reply = api(scene["sponsor"]).get(f"/notifications?{query}")
    assert reply.status_code == 400
    assert reply.json["error"]["code"] == "invalid_field" and reply.json["error"]["field"] == field


@pytest.mark.parametrize("body,code,field", [
    ({}, "missing_field", "ids"), ({"all": False}, "missing_field", "ids"),
    ({"ids": "1"}, "invalid_field", "ids"), ({"ids": ["1"]}, "invalid_field", "ids"),
    ({"ids": [True]}, "invalid_field", "ids"), ({"ids": [1.5]}, "invalid_field", "ids"),
    ({"ids": [0]}, "invalid_field", "ids"), ({"ids": list(range(1, 1002))}, "too_long", "ids"),
    ({"all": "yes"}, "invalid_field", "all"), ({"all": True, "ids": [1]}, "invalid_field", "ids")])
def test_bad_marks_are_400_and_mark_nothing(api, scene, body, code, field):
    rejected(api, scene)
    reply = api(scene["sponsor"]).post("/notifications/read", body)
    assert reply.status_code == 400, reply.json
    assert reply.json["error"]["code"] == code and reply.json["error"].get("field") == field
    assert api(scene["sponsor"]).get("/notifications").json["unread"] == 1


def test_the_api_needs_a_token_and_a_json_body(api, client, scene):
    assert client.get("/api/v1/notifications").status_code == 401
    assert api(None).post("/notifications/read", {"all": True}).status_code == 401
    malformed = client.post("/api/v1/notifications/read", data="{", content_type="application/json",
                            headers=api(scene["sponsor"]).headers)
    assert malformed.status_code == 400 and malformed.json["error"]["code"] == "malformed_json"


def test_someone_elses_notification_is_refused_and_nothing_is_marked(app, api, scene):
    rejected(api, scene)
    mine = api(scene["sponsor"]).get("/notifications").json["notifications"][0]["id"]
    many(scene["other"], 1)
    theirs = api(scene["other"]).get("/notifications").json["notifications"][0]["id"]
    refused = api(scene["other"]).post("/notifications/read", {"ids": [theirs, mine]})
    assert refused.status_code == 404
    assert refused.json["error"]["field"] == "ids" and refused.json["error"]["ids"] == [mine]
    assert api(scene["other"]).get("/notifications").json["unread"] == 1  # not even their own was marked
    assert api(scene["sponsor"]).get("/notifications").json["unread"] == 1
    assert api(scene["other"]).get("/notifications").json["total"] == 1  # and they never see the sponsor's

    page = signed_in(app, scene["other"])
    assert page.get(f"/notifications/{mine}").status_code == 404
    assert f"/notifications/{mine}" not in page.get("/notifications").text
    assert api(scene["sponsor"]).get("/notifications").json["unread"] == 1


def test_the_page_marks_unread_in_words_and_opening_one_reads_it_and_follows_it(app, api, scene):
    ident = rejected(api, scene)
    page = signed_in(app, scene["sponsor"])
    listed = page.get("/notifications")
    assert listed.status_code == 200
    html = listed.text
    assert f"Your amendment {ident}, “Quorum”, was rejected." in html and "Unread</span>" in html
    assert "by Chair" in html and "No." in html and "1 unread notification." in html
    opened = page.get(
        f"/notifications/{api(scene['sponsor']).get('/notifications').json['notifications'][0]['id']}")
    assert opened.status_code == 302 and opened.headers["Location"] == f"/amendments/{ident}"
    after = page.get("/notifications").text
    assert "Unread</span>" not in after and "Nothing unread." in after
    assert api(scene["sponsor"]).get("/notifications").json["unread"] == 0


def test_mark_all_as_read_needs_the_csrf_token(app, scene):
    many(scene["sponsor"], 3)
    page = signed_in(app, scene["sponsor"])
    listed = page.get("/notifications").text
    assert page.post("/notifications/read").status_code == 400
    assert page.post("/notifications/read", data={"csrf_token": "forged"}).status_code == 400
    assert db.session.scalar(select(func.count()).where(Notification.read_at.is_(None))) == 3
    done = page.post("/notifications/read", data={"csrf_token": csrf(listed)}, follow_redirects=True)
    assert done.status_code == 200 and "3 notifications marked as read." in done.text
    assert db.session.scalar(select(func.count()).where(Notification.read_at.is_(None))) == 0


def test_the_page_needs_a_sign_in_and_pages_through_many(app, client, scene):
    assert client.get("/notifications").status_code == 302
    assert client.get("/notifications/1").status_code == 302
    many(scene["sponsor"], 30)
    page = signed_in(app, scene["sponsor"])
    first = page.get("/notifications").text
    assert "Amendment 29" in first and "Amendment 4”" not in first and "Page 1 of 2" in first
    second = page.get("/notifications?page=2").text
    assert "Amendment 4”" in second and "Amendment 29" not in second and "Page 2 of 2" in second
    assert "Page 2 of 2" in page.get("/notifications?page=99").text
    assert page.get("/notifications?page=x").status_code == 200


def test_the_badge_counts_unread_with_words_for_screen_readers(app, api, scene):
    page = signed_in(app, scene["sponsor"])
    assert 'class="count"' not in page.get("/").text
    rejected(api, scene)
    many(scene["sponsor"], 2)
    home = page.get("/").text
    assert '<span class="count">3</span>' in home
    assert '<span class="sr-only">Notifications, 3 unread</span>' in home
    many(scene["sponsor"], 100)
    home = page.get("/").text
    assert '<span class="count">99+</span>' in home and "Notifications, more than 99 unread" in home
    assert "Notifications" not in app.test_client().get("/").text  # signed out: no badge


def test_the_badge_costs_one_indexed_query_per_page(app, scene):
    many(scene["sponsor"], 5)
    page = signed_in(app, scene["sponsor"])
    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert page.get("/").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert sum("notifications" in s for s in seen) == 1
    if db.engine.dialect.name == "sqlite":
        plan = db.session.execute(text(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM (SELECT id FROM notifications "
            "WHERE member_id = 1 AND read_at IS NULL LIMIT 100)")).all()
        assert any("COVERING INDEX ix_notifications_member_read_at" in row[-1] for row in plan), plan


def test_the_openapi_document_describes_both_routes(client):
    document = client.get("/api/v1/openapi.json").json
    paths = document["paths"]
    listing = paths["/notifications"]["get"]
    assert {p["name"]: p["in"] for p in listing["parameters"]} == {"unread": "query", "page": "query",
                                                                   "per_page": "query"}
    schema = listing["responses"]["200"]["content"]["application/json"]["schema"]
    schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]  # a component
    assert set(schema["properties"]) == {
        "notifications", "unread", "total", "page", "per_page"}
    marking = paths["/notifications/read"]["post"]
    assert set(marking["requestBody"]["content"]["application/json"]["schema"]["properties"]) == \
        {"ids", "all"}
