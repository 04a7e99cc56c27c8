"""The OpenAPI 3 description of API v1, built from one table so it stays complete."""
from flask import jsonify

from deliberation.api.blueprint import bp

OBJ = {"type": "object"}
ERR = {"$ref": "#/components/schemas/Error"}

#: (method, path, summary, request body schema or None, success status, response properties), and
#: optionally a dict with "query" ({name: (type, allowed values or None, required)}) and "files"
#: (the content types of a file answer, instead of JSON).
ROUTES = [
    ("post", "/groups", "Create a local group (admin)", {"name": "string", "region": "string"}, 201, ["id", "name", "region"]),
    ("post", "/groups/{id}/members", "Add a member to a group (admin, organiser)", {"email": "string", "role": "string"}, 201, ["group_id", "member_id", "role"]),
    ("post", "/members/import", "Import the membership roll as CSV (admin, returning officer)", "csv", 200, ["created", "updated", "rejected"]),
    ("post", "/assemblies", "Create an assembly with its base text (admin)", {"title": "string", "base_text": "string", "chairs": "array", "deadlines": "object", "support_threshold": "integer"}, 201, ["id", "phase", "current_version_id"]),
    ("get", "/assemblies/{id}", "An assembly, its phase and deadlines, and the audit log's head now", None, 200, ["id", "title", "phase", "current_version_id", "deadlines", "audit_head"]),
    ("post", "/assemblies/{id}/phase", "Move to another phase (chair)", {"phase": "string"}, 200, ["id", "phase"]),
    ("get", "/versions/{id}", "A version with numbered lines", None, 200, ["id", "assembly_id", "parent_id", "sha256", "text", "lines"]),
    ("get", "/versions/{id}/provenance", "Spans changed since the base text, with their sources", None, 200, ["spans"]),
    ("get", "/versions/{a}/diff/{b}", "Word-level diff and HTML redline", None, 200, ["ops", "html"]),
    ("post", "/assemblies/{id}/proposals", "Open a group's proposal (organiser)", {"group_id": "integer", "title": "string", "text": "string"}, 201, ["id", "room"]),
    ("get", "/proposals/{id}", "A proposal with its live text", None, 200, ["id", "title", "group_id", "room", "status", "text", "version_id"]),
    ("put", "/proposals/{id}/text", "Replace a draft proposal's text (group member)", {"text": "string"}, 200, ["id", "text"]),
    ("post", "/proposals/{id}/submit", "Freeze the live text as a version (organiser)", None, 200, ["version_id"]),
    ("post", "/assemblies/{id}/amendments", "File an amendment as a whole edited text", {"base_version_id": "integer", "text": "string", "title": "string", "rationale": "string", "group_id": "integer"}, 201, ["id", "status", "line_from", "line_to", "ops"]),
    ("get", "/assemblies/{id}/amendments", "An assembly's amendments, filtered, sorted and paged", None, 200, ["amendments", "total", "page", "per_page"]),
    ("get", "/amendments/{id}", "An amendment, its history and how it rebases onto the current draft", None, 200, ["id", "status", "base_version_id", "rebased_onto_version_id", "rebase", "line_from", "line_to", "supporters", "history", "merge_id"]),
    ("post", "/amendments/{id}/status", "Admit, reject or mark obsolete, with a reason (chair)", {"status": "string", "reason": "string"}, 200, ["id", "status", "history"]),
    ("post", "/amendments/{id}/withdraw", "Withdraw an amendment (sponsor, sponsoring group's organiser)", {"reason": "string"}, 200, ["id", "status", "history"]),
    ("post", "/amendments/{id}/support", "Support an amendment", None, 200, ["supporters"]),
    ("get", "/assemblies/{id}/collisions", "Groups of amendments touching the same words, with each group's region and wordings", None, 200, ["version_id", "groups", "regions"]),
    ("post", "/assemblies/{id}/merge", "Merge amendments into a new draft version (chair)", {"amendment_ids": "array", "resolutions": "array", "accept_review": "array", "expected_version_id": "integer"}, 200, ["version_id", "merged", "skipped", "merge_id"]),
    ("post", "/assemblies/{id}/merge/undo", "Undo the last merge still standing (chair)", {"merge_id": "integer"}, 200, ["version_id", "undone_merge_id", "restored"]),
    ("get", "/merges/{id}", "A merge record: what each amendment's outcome was, and whether it was undone", None, 200, ["id", "assembly_id", "version_id", "parent_version_id", "by", "at", "undone", "amendments"]),
    ("post", "/assemblies/{id}/ballots", "Create a ballot (chair, returning officer)", {"title": "string", "questions": "array", "quorum": "integer"}, 201, ["id"]),
    ("get", "/ballots/{id}", "A ballot and its questions", None, 200, ["id", "title", "status", "questions"]),
    ("post", "/ballots/{id}/open", "Open voting and freeze the electorate (returning officer)", None, 200, ["id", "status"]),
    ("post", "/ballots/{id}/close", "Close voting and count (returning officer)", None, 200, ["id", "status"]),
    ("post", "/ballots/{id}/certify", "Certify the results (returning officer)", None, 200, ["id", "status"]),
    ("post", "/ballots/{id}/votes", "Cast a secret ballot (eligible member)", {"answers": "array"}, 201, ["tracker"]),
    ("get", "/ballots/{id}/results", "Results, after close, with their SHA-256, the audit entries that sealed them and the audit log's head", None, 200, ["turnout", "electorate", "questions", "results_sha256", "audit_close", "audit_certify", "audit_head"]),
    ("get", "/ballots/{id}/trackers", "All trackers, after close", None, 200, ["trackers"]),
    ("get", "/notifications", "The caller's notifications, newest first, each with its sentence in the "
     "caller's language", None, 200, ["notifications", "unread", "total", "page", "per_page"]),
    ("get", "/audit/head", "The audit log's head now, for a scrutineer to hold: its position, hash and time", None, 200, ["position", "hash", "at"]),
    ("get", "/audit/events", "Audit log entries with their hashes, newest first from `before`, or oldest first after "
     "`after` (returning officer, admin)", None, 200, ["events", "next_before", "next_after", "head"]),
    ("post", "/notifications/read", "Mark some ({\"ids\": [...]}) or all ({\"all\": true}) of the caller's "
     "notifications read", {"ids": "array", "all": "boolean"}, 200, ["unread"]),
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


#: Query parameters, by (method, path): name -> schema type, or (schema type, required).
QUERIES: dict[tuple[str, str], dict] = {
    ("get", "/assemblies/{id}/amendments"): {
        "status": "string", "group_id": "integer", "line_from": "integer", "line_to": "integer",
        "colliding": "boolean", "sort": "string", "page": "integer", "per_page": "integer"},
    ("get", "/notifications"): {"unread": "boolean", "page": "integer", "per_page": "integer"},
    ("get", "/audit/events"): {"action": "string", "subject": "string", "actor_id": "integer", "before": "integer",
                               "after": "integer", "limit": "integer"},
}


def _params(path: str, method: str = "get") -> list[dict]:
    names = [part[1:-1] for part in path.split("/") if part.startswith("{")]
    params = [{"name": n, "in": "path", "required": True, "schema": {"type": "integer"}} for n in names]
    for name, spec in QUERIES.get((method, path), {}).items():
        kind, required = spec if isinstance(spec, tuple) else (spec, False)
        params.append({"name": name, "in": "query", "required": required, "schema": {"type": kind}})
    params += [{"name": name, "in": "query", "required": name == "q", "description": text, "schema": {"type": kind}}
               for name, kind, text in QUERY.get((method, path), [])]
    return params


def _query(query: dict) -> list[dict]:
    out = []
    for name, (kind, allowed, required) in query.items():
        schema = {"type": kind} | ({"enum": list(allowed)} if allowed else {})
        out.append({"name": name, "in": "query", "required": required, "schema": schema})
    return out


def _success(fields, extra: dict) -> dict:
    if "files" in extra:
        return {"description": "The file, with a Content-Disposition file name", "content": {
            kind: {"schema": {"type": "string", "format": "binary"}} for kind in extra["files"]}}
    return {"description": "Success", "content": {"application/json": {"schema": {
        "type": "object", "properties": {f: {} for f in fields}}}}}


def _body(schema) -> dict:
    if schema == "csv":
        return {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}
    props = {k: {"type": v} for k, v in schema.items()}
    return {"required": True, "content": {"application/json": {"schema": {"type": "object", "properties": props}}}}


def document() -> dict:
    paths: dict = {}
    for method, path, summary, body, status, fields, *more in ROUTES:
        extra = more[0] if more else {}
        op = {"summary": summary, "parameters": _params(path, method) + _query(extra.get("query", {})),
              "security": [{"bearer": []}],
              "responses": {
                  str(status): _success(fields, extra),
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
