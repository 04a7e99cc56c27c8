"""The OpenAPI 3 description of API v1, built from one table so it stays complete."""
from flask import jsonify

from deliberation.api.blueprint import bp

OBJ = {"type": "object"}
ERR = {"$ref": "#/components/schemas/Error"}

#: (method, path, summary, request body schema or None, success status, response properties)
ROUTES = [
    ("post", "/groups", "Create a local group (admin)", {"name": "string", "region": "string"}, 201, ["id", "name", "region"]),
    ("post", "/groups/{id}/members", "Add a member to a group (admin, organiser)", {"email": "string", "role": "string"}, 201, ["group_id", "member_id", "role"]),
    ("post", "/members/import", "Import the membership roll as CSV (admin, returning officer)", "csv", 200, ["created", "updated", "rejected"]),
    ("post", "/assemblies", "Create an assembly with its base text (admin)", {"title": "string", "base_text": "string", "chairs": "array", "deadlines": "object", "support_threshold": "integer"}, 201, ["id", "phase", "current_version_id"]),
    ("get", "/assemblies/{id}", "An assembly, its phase and deadlines", None, 200, ["id", "title", "phase", "current_version_id", "deadlines"]),
    ("post", "/assemblies/{id}/phase", "Move to another phase (chair)", {"phase": "string"}, 200, ["id", "phase"]),
    ("get", "/versions/{id}", "A version with numbered lines", None, 200, ["id", "assembly_id", "parent_id", "sha256", "text", "lines"]),
    ("get", "/versions/{id}/provenance", "Spans changed since the base text, with their sources", None, 200, ["spans"]),
    ("get", "/versions/{a}/diff/{b}", "Word-level diff and HTML redline", None, 200, ["ops", "html"]),
    ("post", "/assemblies/{id}/proposals", "Open a group's proposal (organiser)", {"group_id": "integer", "title": "string", "text": "string"}, 201, ["id", "room"]),
    ("get", "/proposals/{id}", "A proposal with its live text", None, 200, ["id", "title", "group_id", "room", "status", "text", "version_id"]),
    ("put", "/proposals/{id}/text", "Replace a draft proposal's text (group member)", {"text": "string"}, 200, ["id", "text"]),
    ("post", "/proposals/{id}/submit", "Freeze the live text as a version (organiser)", None, 200, ["version_id"]),
    ("post", "/assemblies/{id}/amendments", "File an amendment as a whole edited text", {"base_version_id": "integer", "text": "string", "title": "string", "rationale": "string", "group_id": "integer"}, 201, ["id", "status", "line_from", "line_to", "ops"]),
    ("get", "/assemblies/{id}/amendments", "All amendments of an assembly", None, 200, ["amendments"]),
    ("get", "/amendments/{id}", "An amendment and how it rebases onto the current draft", None, 200, ["id", "status", "base_version_id", "rebased_onto_version_id", "rebase", "line_from", "line_to", "supporters"]),
    ("post", "/amendments/{id}/support", "Support an amendment", None, 200, ["supporters"]),
    ("get", "/assemblies/{id}/collisions", "Groups of amendments touching the same words", None, 200, ["version_id", "groups"]),
    ("post", "/assemblies/{id}/merge", "Merge amendments into a new draft version (chair)", {"amendment_ids": "array", "resolutions": "array", "accept_review": "array", "expected_version_id": "integer"}, 200, ["version_id", "merged", "skipped"]),
    ("post", "/assemblies/{id}/ballots", "Create a ballot (chair, returning officer)", {"title": "string", "questions": "array", "quorum": "integer"}, 201, ["id"]),
    ("get", "/ballots/{id}", "A ballot and its questions", None, 200, ["id", "title", "status", "questions"]),
    ("post", "/ballots/{id}/open", "Open voting and freeze the electorate (returning officer)", None, 200, ["id", "status"]),
    ("post", "/ballots/{id}/close", "Close voting and count (returning officer)", None, 200, ["id", "status"]),
    ("post", "/ballots/{id}/certify", "Certify the results (returning officer)", None, 200, ["id", "status"]),
    ("post", "/ballots/{id}/votes", "Cast a secret ballot (eligible member)", {"answers": "array"}, 201, ["tracker"]),
    ("get", "/ballots/{id}/results", "Results, after close", None, 200, ["turnout", "electorate", "questions"]),
    ("get", "/ballots/{id}/trackers", "All trackers, after close", None, 200, ["trackers"]),
    ("get", "/search", "Search proposals, amendments, comments and clauses (Whoosh syntax): only what the caller may open",
     None, 200, ["total", "page", "per_page", "hits"]),
]

#: Query-string parameters of the routes that take them: (method, path) -> [(name, type, description)].
QUERY = {
    ("get", "/search"): [
        ("q", "string", 'Words (all must match), "phrases", OR, NOT, field:value (title, text, kind, status, '
                        "assembly, group) and prefix*; required"),
        ("assembly_id", "integer", "Only this assembly"),
        ("kind", "string", "proposal, amendment, comment or clause"),
        ("status", "string", "A proposal's (draft, submitted) or an amendment's status"),
        ("group_id", "integer", "Only what this group proposed or filed"),
        ("versions", "string", "current (default: clauses of each assembly's current draft) or all"),
        ("page", "integer", "From 1"),
        ("per_page", "integer", "1 to 100, default 20"),
    ],
}


def _params(path: str) -> list[dict]:
    names = [part[1:-1] for part in path.split("/") if part.startswith("{")]
    return [{"name": n, "in": "path", "required": True, "schema": {"type": "integer"}} for n in names]


def _body(schema) -> dict:
    if schema == "csv":
        return {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}
    props = {k: {"type": v} for k, v in schema.items()}
    return {"required": True, "content": {"application/json": {"schema": {"type": "object", "properties": props}}}}


def document() -> dict:
    paths: dict = {}
    for method, path, summary, body, status, fields in ROUTES:
        query = [{"name": name, "in": "query", "required": name == "q", "description": text,
                  "schema": {"type": kind}} for name, kind, text in QUERY.get((method, path), [])]
        op = {"summary": summary, "parameters": _params(path) + query, "security": [{"bearer": []}],
              "responses": {
                  str(status): {"description": "Success", "content": {"application/json": {"schema": {
                      "type": "object", "properties": {f: {} for f in fields}}}}},
                  "4XX": {"description": "Client error", "content": {"application/json": {"schema": ERR}}}}}
        if body is not None:
            op["requestBody"] = _body(body)
        paths.setdefault(path, {})[method] = op
    return {
        "openapi": "3.0.3",
        "info": {"title": "Refound API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": {"type": "object", "required": ["error"], "properties": {"error": {
                "type": "object", "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                               "field": {"type": "string"}}}}}}},
    }


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(document())
