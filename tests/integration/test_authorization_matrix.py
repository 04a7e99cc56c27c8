"""The authorization matrix: every route (from the app's url_map) and every socket event, as each of
eight roles, against a table of the answer each must get. A route missing from the table fails, so
a new route must be added with its answers. Pages are asked with the role's signed-in browser and
CSRF token, the API with the role's bearer token; each request sends what a permitted role would
(authz_world.py), and runs on the world as built: the database file is put back after each one.

Answers: a status, or "login" for a redirect to the sign-in page. An escalation is any cell whose
answer differs from the table: a refusal (401, 403, 404, login) that turns into anything else.
MATRIX_RECORD=1 prints the table as the app answers now, to paste after review.
"""
import os
import shutil
from pathlib import Path

import pytest
from authz_world import ROLES, api_body, build, callers, form_body, path_values, url_for_rule
from sqlalchemy import text

from extensions import db

pytestmark = [pytest.mark.timeout(900),
              pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")),
                                 reason="the matrix puts the SQLite file back after each request")]
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
SKIP = {"static"}

# One row per route and method: the answers of anonymous, member, member of another group,
# organiser, chair of another assembly, chair, returning officer, admin.
EXPECTED = {
    'GET /': '200 200 200 200 200 200 200 200',
    'GET /account': 'login 200 200 200 200 200 200 200',
    'POST /account': 'login 200 200 200 200 200 200 200',
    'POST /account/password': 'login 400 400 400 400 400 400 400',
    'POST /account/sign-ins/<int:sign_in_id>/end': 'login 302 404 404 404 404 404 404',
    'POST /account/sign-ins/end-others': 'login 302 302 302 302 302 302 302',
    'POST /account/tokens/<int:token_id>/revoke': 'login 302 404 404 404 404 404 404',
    'GET /amendments/<int:amendment_id>': 'login 200 200 200 200 200 200 200',
    'POST /amendments/<int:amendment_id>/decision': 'login 403 403 403 403 302 403 302',
    'POST /amendments/<int:amendment_id>/support': 'login 302 302 302 302 302 302 302',
    'POST /amendments/<int:amendment_id>/withdraw': 'login 302 403 302 403 403 403 302',
    'POST /amendments/decision': 'login 403 403 403 403 302 403 302',
    'GET /api/v1/amendments/<int:amendment_id>': '401 200 200 200 200 200 200 200',
    'POST /api/v1/amendments/<int:amendment_id>/status': '401 403 403 403 403 200 403 200',
    'POST /api/v1/amendments/<int:amendment_id>/support': '401 200 200 200 200 200 200 200',
    'POST /api/v1/amendments/<int:amendment_id>/withdraw': '401 200 403 200 403 403 403 200',
    'POST /api/v1/assemblies': '401 403 403 403 403 403 403 201',
    'GET /api/v1/assemblies/<int:assembly_id>': '401 200 200 200 200 200 200 200',
    'POST /api/v1/assemblies/<int:assembly_id>/amendments': '401 201 403 201 403 403 403 201',
    'GET /api/v1/assemblies/<int:assembly_id>/amendments': '401 200 200 200 200 200 200 200',
    'POST /api/v1/assemblies/<int:assembly_id>/ballots': '401 403 403 403 403 201 201 201',
    'GET /api/v1/assemblies/<int:assembly_id>/booklet': '401 200 200 200 200 200 200 200',
    'GET /api/v1/assemblies/<int:assembly_id>/collisions': '401 200 200 200 200 200 200 200',
    'POST /api/v1/assemblies/<int:assembly_id>/merge': '401 403 403 403 403 200 403 200',
    'POST /api/v1/assemblies/<int:assembly_id>/merge/undo': '401 403 403 403 403 200 403 200',
    'POST /api/v1/assemblies/<int:assembly_id>/phase': '401 403 403 403 403 200 403 200',
    'POST /api/v1/assemblies/<int:assembly_id>/proposals': '401 403 403 201 403 403 403 201',
    'GET /api/v1/ballots/<int:ballot_id>': '401 200 200 200 200 200 200 200',
    'POST /api/v1/ballots/<int:ballot_id>/certify': '401 403 403 403 403 403 409 409',
    'POST /api/v1/ballots/<int:ballot_id>/close': '401 403 403 403 403 200 200 200',
    'POST /api/v1/ballots/<int:ballot_id>/open': '401 403 403 403 403 409 409 409',
    'GET /api/v1/ballots/<int:ballot_id>/results': '401 409 409 409 409 409 409 409',
    'GET /api/v1/ballots/<int:ballot_id>/trackers': '401 409 409 409 409 409 409 409',
    'POST /api/v1/ballots/<int:ballot_id>/votes': '401 201 201 201 201 201 201 201',
    'POST /api/v1/comments': '401 201 201 201 201 201 201 201',
    'GET /api/v1/comments': '401 200 404 200 404 200 404 200',
    'GET /api/v1/comments/<int:comment_id>': '401 200 200 200 200 200 200 200',
    'PATCH /api/v1/comments/<int:comment_id>': '401 200 403 403 403 403 403 403',
    'POST /api/v1/comments/<int:comment_id>/hide': '401 403 403 200 403 200 403 200',
    'POST /api/v1/comments/<int:comment_id>/report': '401 409 409 201 201 201 201 201',
    'POST /api/v1/comments/<int:comment_id>/reports/dismiss': '401 403 403 200 403 200 403 200',
    'GET /api/v1/comments/<int:comment_id>/revisions': '401 200 200 200 200 200 200 200',
    'GET /api/v1/comments/mentions': '401 200 404 200 404 200 404 200',
    'GET /api/v1/comments/reports': '401 200 200 200 200 200 200 200',
    'POST /api/v1/groups': '401 403 403 403 403 403 403 201',
    'POST /api/v1/groups/<int:group_id>/members': '401 403 403 201 403 403 403 201',
    'POST /api/v1/members/import': '401 403 403 403 403 403 200 200',
    'GET /api/v1/merges/<int:merge_id>': '401 200 200 200 200 200 200 200',
    'GET /api/v1/notifications': '401 200 200 200 200 200 200 200',
    'POST /api/v1/notifications/read': '401 200 200 200 200 200 200 200',
    'GET /api/v1/openapi.json': '200 200 200 200 200 200 200 200',
    'GET /api/v1/petitions/<int:petition_id>': '401 404 404 404 404 404 404 404',
    'GET /api/v1/proposals/<int:proposal_id>': '401 200 403 200 403 200 403 200',
    'POST /api/v1/proposals/<int:proposal_id>/petition': '401 409 409 409 409 409 409 409',
    'GET /api/v1/proposals/<int:proposal_id>/petition': '401 404 404 404 404 404 404 404',
    'POST /api/v1/proposals/<int:proposal_id>/submit': '401 403 403 200 403 403 403 200',
    'PUT /api/v1/proposals/<int:proposal_id>/text': '401 200 403 200 403 403 403 200',
    'GET /api/v1/search': '401 200 200 200 200 200 200 200',
    'GET /api/v1/audit/events': '401 403 403 403 403 403 200 200',
    'GET /api/v1/audit/head': '401 200 200 200 200 200 200 200',
    'GET /audit': 'login 403 403 403 403 403 200 200',
    'GET /healthz': '200 200 200 200 200 200 200 200',
    'GET /readyz': '200 200 200 200 200 200 200 200',
    'GET /api/v1/versions/<int:a>/diff/<int:b>': '401 200 200 200 200 200 200 200',
    'GET /api/v1/versions/<int:version_id>': '401 200 200 200 200 200 200 200',
    'GET /api/v1/versions/<int:version_id>/export': '401 200 200 200 200 200 200 200',
    'GET /api/v1/versions/<int:version_id>/provenance': '401 200 200 200 200 200 200 200',
    'GET /assemblies/<int:assembly_id>': 'login 200 200 200 200 200 200 200',
    'GET /assemblies/<int:assembly_id>/amendments': 'login 200 200 200 200 200 200 200',
    'GET /assemblies/<int:assembly_id>/ballots/new': 'login 403 403 403 403 200 200 200',
    'POST /assemblies/<int:assembly_id>/ballots/new': 'login 403 403 403 403 400 400 400',
    'GET /assemblies/<int:assembly_id>/booklet': 'login 200 200 200 200 200 200 200',
    'GET /assemblies/<int:assembly_id>/draft': 'login 200 200 200 200 200 200 200',
    'GET /assemblies/<int:assembly_id>/draft/clause': 'login 200 200 200 200 200 200 200',
    'GET /assemblies/<int:assembly_id>/merge': 'login 403 403 403 403 200 403 200',
    'POST /assemblies/<int:assembly_id>/merge': 'login 403 403 403 403 200 403 200',
    'GET /assemblies/<int:assembly_id>/merge/lines': 'login 403 403 403 403 200 403 200',
    'GET /assemblies/<int:assembly_id>/merge/resolve': 'login 403 403 403 403 400 403 400',
    'POST /assemblies/<int:assembly_id>/merge/resolve': 'login 403 403 403 403 400 403 400',
    'POST /assemblies/<int:assembly_id>/merge/undo': 'login 403 403 403 403 302 403 302',
    'POST /assemblies/<int:assembly_id>/phase': 'login 403 403 403 403 302 403 302',
    'GET /assemblies/<int:assembly_id>/proposals/new': 'login 200 200 200 200 200 200 200',
    'POST /assemblies/<int:assembly_id>/proposals/new': 'login 403 403 302 403 403 403 302',
    'GET /ballots/<int:ballot_id>': 'login 200 200 200 200 200 200 200',
    'POST /ballots/<int:ballot_id>/cast': 'login 201 201 201 201 201 201 201',
    'POST /ballots/<int:ballot_id>/close': 'login 403 403 403 403 302 302 302',
    'POST /ballots/<int:ballot_id>/open': 'login 403 403 403 403 302 302 302',
    'GET /ballots/<int:ballot_id>/results': 'login 409 409 409 409 409 409 409',
    'GET /ballots/<int:ballot_id>/results.csv': 'login 409 409 409 409 409 409 409',
    'GET /ballots/<int:ballot_id>/results.json': 'login 409 409 409 409 409 409 409',
    'GET /ballots/<int:ballot_id>/trackers': 'login 409 409 409 409 409 409 409',
    'POST /ballots/<int:ballot_id>/vote': 'login 200 200 200 200 200 200 200',
    'GET /discussion/<any(amendment, proposal, version):kind>/<int:target_id>':
        'login 200 404 200 404 200 404 200',
    'GET /discussion/<any(amendment, proposal, version):kind>/<int:target_id>/comments.json':
        'login 200 404 200 404 200 404 200',
    'POST /discussion/comments': 'login 200 200 200 200 200 200 200',
    'GET /discussion/comments/<int:comment_id>': 'login 200 200 200 200 200 200 200',
    'POST /discussion/comments/<int:comment_id>/dismiss': 'login 403 403 200 403 200 403 200',
    'POST /discussion/comments/<int:comment_id>/edit': 'login 200 403 403 403 403 403 403',
    'POST /discussion/comments/<int:comment_id>/hide': 'login 403 403 200 403 200 403 200',
    'POST /discussion/comments/<int:comment_id>/report': 'login 409 409 200 200 200 200 200',
    'GET /discussion/mentions': 'login 200 400 200 400 200 400 200',
    'GET /discussion/reports': 'login 200 200 200 200 200 200 200',
    'GET /invite/<token>': '404 404 404 404 404 404 404 404',
    'POST /invite/<token>': '404 404 404 404 404 404 404 404',
    'GET /login': '200 200 200 200 200 200 200 200',
    'POST /login': '400 400 400 400 400 400 400 400',
    'POST /logout': '302 302 302 302 302 302 302 302',
    'GET /notifications': 'login 200 200 200 200 200 200 200',
    'GET /notifications/<int:notification_id>': 'login 302 404 404 404 404 404 404',
    'POST /notifications/read': 'login 302 302 302 302 302 302 302',
    'GET /password/forgot': '200 200 200 200 200 200 200 200',
    'POST /password/forgot': 'login login login login login login login login',
    'GET /petitions/<int:petition_id>': 'login 404 404 404 404 404 404 404',
    'GET /proposals/<int:proposal_id>': 'login 200 403 200 403 200 403 200',
    'POST /proposals/<int:proposal_id>/petition': 'login 302 302 302 302 302 302 302',
    'POST /proposals/<int:proposal_id>/submit': 'login 403 404 302 404 403 404 302',
    'POST /proposals/<int:proposal_id>/text': 'login 302 404 302 404 403 404 302',
    'GET /roll/example.csv': 'login 403 403 403 403 403 200 200',
    'GET /roll/import': 'login 403 403 403 403 403 200 200',
    'POST /roll/import': 'login 403 403 403 403 403 400 400',
    'GET /roll/imports/<int:job_id>': 'login 403 403 403 403 403 404 404',
    'GET /roll/imports/<int:job_id>/rejected.csv': 'login 403 403 403 403 403 404 404',
    'GET /roll/imports/<int:job_id>/status': '401 403 403 403 403 403 404 404',
    'GET /search': 'login 200 200 200 200 200 200 200',
    'GET /search/suggest': '401 200 200 200 200 200 200 200',
    'GET /versions/<int:version_id>': 'login 200 200 200 200 200 200 200',
    'GET /versions/<int:version_id>/amend': 'login 200 200 200 200 200 200 200',
    'POST /versions/<int:version_id>/amend': 'login 302 403 302 403 403 403 302',
    'POST /versions/<int:version_id>/amend/preview': 'login 200 200 200 200 200 200 200',
    'GET /versions/<int:version_id>/diff': 'login 200 200 200 200 200 200 200',
    'GET /versions/<int:version_id>/export': 'login 200 200 200 200 200 200 200',
}


def _file(app) -> Path:
    return Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))


def _snapshot(app) -> Path:
    db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    db.session.remove()
    db.engine.dispose()
    saved = _file(app).with_suffix(".snapshot")
    shutil.copy(_file(app), saved)
    return saved


def _restore(app, saved: Path) -> None:
    db.session.remove()
    db.engine.dispose()
    for suffix in ("-wal", "-shm"):
        Path(str(_file(app)) + suffix).unlink(missing_ok=True)
    shutil.copy(saved, _file(app))


def _answer(reply) -> str:
    if reply.status_code in (301, 302, 303) and "/login" in reply.headers.get("Location", ""):
        return "login"
    return str(reply.status_code)


def _ask(caller, method: str, rule: str, url: str, world) -> str:
    if rule.startswith("/api/"):
        headers = {"Authorization": f"Bearer {caller.token}"} if caller.token else {}
        if rule == "/api/v1/members/import":
            return _answer(caller.client.open(url, method=method, headers=headers, content_type="text/csv",
                                              data="email,name,group,member_number,eligible\n"
                                                   "new@example.org,New Person,,,true\n"))
        body = {} if method == "GET" else {"json": api_body(world)}
        return _answer(caller.client.open(url, method=method, headers=headers, **body))
    body = {} if method == "GET" else {"data": form_body(world, caller.csrf)}
    # The discussion's forms answer a refusal with a redirect and a message; as the page's script
    # sends them they answer with the status instead.
    headers = {"X-Requested-With": "fetch"} if rule.startswith("/discussion/") and method == "POST" else {}
    cookies = dict(caller.client._cookies)  # signing out must not end the role's browser for the next rows
    try:
        return _answer(caller.client.open(url, method=method, headers=headers, **body))
    finally:
        caller.client._cookies.clear()
        caller.client._cookies.update(cookies)


def _rows(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint in SKIP:
            continue
        for method in METHODS:
            if method in rule.methods:
                yield f"{method} {rule.rule}", method, rule.rule


@pytest.fixture
def matrix_world(app, make_member, make_group, make_assembly, constitution):
    app.config.update(SEARCH_INDEXING="off", ROLL_IMPORT_BACKGROUND=False)
    world = build(app, make_member, make_group, make_assembly, constitution)
    return world, callers(app, world)


def test_every_route_answers_each_role_as_the_table_says(app, matrix_world, capsys):
    world, who = matrix_world
    values = path_values(world, app)
    saved = _snapshot(app)
    answers, cells = {}, 0
    for row, method, rule in _rows(app):
        url = url_for_rule(rule, values)
        got = []
        for role in ROLES:
            got.append(_ask(who[role], method, rule, url, world))
            cells += 1
            _restore(app, saved)
        answers[row] = " ".join(got)
    if os.environ.get("MATRIX_RECORD"):
        with capsys.disabled():
            print("\nEXPECTED = {")
            for row, line in answers.items():
                print(f"    {row!r}: {line!r},")
            print("}")
    with capsys.disabled():
        print(f"\nauthorization matrix: {len(answers)} routes x {len(ROLES)} roles = {cells} cells")
    missing = sorted(set(answers) - set(EXPECTED))
    assert missing == [], "routes missing from the table (add their answers): " + ", ".join(missing)
    wrong = [f"{row}: expected {EXPECTED[row]!r}, got {line!r}" for row, line in answers.items()
             if line != EXPECTED[row]]
    assert wrong == []
    assert not set(EXPECTED) - set(answers), "rows in the table for routes that no longer exist"
