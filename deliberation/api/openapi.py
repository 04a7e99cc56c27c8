"""The OpenAPI 3 description of API v1, built from one table so it stays complete."""
from flask import jsonify

from deliberation.api.blueprint import bp
from deliberation.api.openapi_schemas import INT, PHASES, SCHEMAS, STR, array, obj, ref

ERR = ref("Error")
ID_ARRAY = array(INT)
QUESTION = obj(["text", "kind"], text=STR, kind={"type": "string", "enum": ["yes_no_abstain", "ranked"]},
               options=array(STR), threshold={"type": "string", "enum": ["simple", "two_thirds"]},
               method={"type": "string", "enum": ["schulze", "irv"]})

#: (method, path, summary, request body, success status, response), and optionally a dict with "query"
#: ({name: (type, allowed values or None, required)}), "files" (the content types of a file answer,
#: instead of JSON), "also" (other success statuses with the same answer) and "optional_body".
#: A request body is None, "csv", or {field: type or schema}, a type ending in "!" being required.
#: A response is a component's name (openapi_schemas.py), or a list of the fields always present.
ROUTES = [
    ("post", "/groups", "Create a local group (admin)", {"name": "string!", "region": "string"}, 201,
     ["id", "name", "region"]),
    ("post", "/groups/{id}/members", "Add a member to a group (admin, organiser)",
     {"email": "string!", "role": {"type": "string", "enum": ["member", "organiser"]}}, 201,
     ["group_id", "member_id", "role"]),
    ("post", "/members/import", "Import the membership roll as CSV (admin, returning officer)", "csv", 200,
     "RollReport"),
    ("post", "/assemblies", "Create an assembly with its base text (admin)",
     {"title": "string!", "base_text": "string!", "chairs": array(STR),
      "deadlines": {"type": "object", "additionalProperties": STR}, "support_threshold": "integer"},
     201, "Assembly"),
    ("get", "/assemblies/{id}", "An assembly, its phase and deadlines, and the audit log's head now", None,
     200, "Assembly"),
    ("post", "/assemblies/{id}/phase", "Move to another phase (chair)",
     {"phase": {"type": "string", "enum": PHASES, "x-required": True}}, 200, "Assembly"),
    ("get", "/versions/{id}", "A version with numbered lines", None, 200, "Version"),
    ("get", "/versions/{id}/provenance", "Spans changed since the base text, with their sources", None, 200,
     "Provenance"),
    ("get", "/versions/{a}/diff/{b}", "Word-level diff and HTML redline", None, 200, "Diff"),
    ("post", "/assemblies/{id}/proposals", "Open a group's proposal (organiser)",
     {"group_id": "integer!", "title": "string!", "text": "string"}, 201, ["id", "room"]),
    ("get", "/proposals/{id}", "A proposal with its live text", None, 200, "Proposal"),
    ("put", "/proposals/{id}/text", "Replace a draft proposal's text (group member)", {"text": "string!"},
     200, "Proposal"),
    ("post", "/proposals/{id}/submit", "Freeze the live text as a version (organiser)", None, 200,
     ["version_id"]),
    ("post", "/assemblies/{id}/amendments", "File an amendment as a whole edited text",
     {"base_version_id": "integer!", "text": "string!", "title": "string!", "rationale": "string",
      "group_id": "integer"}, 201, "FiledAmendment"),
    ("get", "/assemblies/{id}/amendments", "An assembly's amendments, filtered, sorted and paged", None, 200,
     "AmendmentPage"),
    ("get", "/amendments/{id}", "An amendment, its history and how it rebases onto the current draft", None,
     200, "Amendment"),
    ("post", "/amendments/{id}/status", "Admit, reject or mark obsolete, with a reason (chair)",
     {"status": {"type": "string", "enum": ["admitted", "rejected", "obsolete"], "x-required": True},
      "reason": "string"}, 200, "Amendment"),
    ("post", "/amendments/{id}/withdraw", "Withdraw an amendment (sponsor, sponsoring group's organiser)",
     {"reason": "string"}, 200, "Amendment", {"optional_body": True}),
    ("post", "/amendments/{id}/support", "Support an amendment", None, 200, ["supporters"]),
    ("get", "/assemblies/{id}/collisions", "Groups of amendments touching the same words, with each group's "
     "region and wordings", None, 200, "Collisions"),
    ("post", "/assemblies/{id}/merge", "Merge amendments into a new draft version (chair)",
     {"amendment_ids": dict(ID_ARRAY, **{"x-required": True}),
      "resolutions": array(obj(["amendment_ids", "text"], amendment_ids=ID_ARRAY, text=STR)),
      "accept_review": ID_ARRAY, "expected_version_id": "integer"}, 200, "MergeResult"),
    ("post", "/assemblies/{id}/merge/undo", "Undo the last merge still standing (chair)",
     {"merge_id": "integer"}, 200, "UndoResult", {"optional_body": True}),
    ("get", "/merges/{id}", "A merge record: what each amendment's outcome was, and whether it was undone",
     None, 200, "Merge"),
    ("post", "/assemblies/{id}/ballots", "Create a ballot (chair, returning officer)",
     {"title": "string!", "questions": dict(array(QUESTION), **{"x-required": True}), "quorum": "integer"},
     201, ["id"]),
    ("get", "/ballots/{id}", "A ballot and its questions", None, 200, "Ballot"),
    ("post", "/ballots/{id}/open", "Open voting and freeze the electorate (returning officer)", None, 200,
     "Ballot"),
    ("post", "/ballots/{id}/close", "Close voting and count (returning officer)", None, 200, "Ballot"),
    ("post", "/ballots/{id}/certify", "Certify the results (returning officer)", None, 200, "Ballot"),
    ("post", "/ballots/{id}/votes", "Cast a secret ballot (eligible member)",
     {"answers": {"type": "array", "x-required": True}}, 201, ["tracker"]),
    ("get", "/ballots/{id}/results",
     "Results, after close, with their SHA-256, the audit entries that sealed "
     "them and the audit log's head", None, 200, "Results"),
    ("get", "/ballots/{id}/trackers", "All trackers, after close", None, 200, "Trackers"),
    ("get", "/notifications", "The caller's notifications, newest first, each with its sentence in the "
     "caller's language", None, 200, "Notifications"),
    ("get", "/audit/head", "The audit log's head now, for a scrutineer to hold: its position, hash and time",
     None, 200, "AuditHead"),
    ("get", "/audit/events",
     "Audit log entries with their hashes, newest first from `before`, or oldest first "
     "after `after` (returning officer, admin)", None, 200, ["events", "next_before", "next_after", "head"]),
    ("post", "/notifications/read", "Mark some ({\"ids\": [...]}) or all ({\"all\": true}) of the caller's "
     "notifications read", {"ids": ID_ARRAY, "all": "boolean"}, 200, ["unread"]),
    ("get", "/search",
     "Search proposals, amendments, comments and clauses (Whoosh syntax): only what the caller "
     "may open", None, 200, "SearchResults"),
    ("get", "/openapi.json", "This document", None, 200, ["openapi", "info", "paths", "components"]),
]

#: Query-string parameters of the routes that take them: (method, path) -> [(name, type, description)].
QUERY = {
    ("get", "/search"): [
        ("q", "string", 'Words (all must match), "phrases", OR, NOT, field:value (title, text, kind, status, '
                        "assembly, group) and prefix*; required"),
        ("assembly_id", "integer", "Only this assembly"),
        ("kind", {"type": "string", "enum": ["proposal", "amendment", "comment", "clause"]},
         "proposal, amendment, comment or clause"),
        ("status", "string", "A proposal's (draft, submitted) or an amendment's status"),
        ("group_id", "integer", "Only what this group proposed or filed"),
        ("versions", {"type": "string", "enum": ["current", "all"]},
         "current (default: clauses of each assembly's current draft) or all"),
        ("page", {"type": "integer", "minimum": 1}, "From 1"),
        ("per_page", {"type": "integer", "minimum": 1, "maximum": 100}, "1 to 100, default 20"),
    ],
}


#: Query parameters, by (method, path): name -> schema type or schema, or (either, required).
QUERIES: dict[tuple[str, str], dict] = {
    ("get", "/assemblies/{id}/amendments"): {
        "status": "string", "group_id": "integer", "line_from": "integer", "line_to": "integer",
        "colliding": "boolean", "sort": {"type": "string", "enum": ["line", "support", "id"]},
        "page": "integer", "per_page": {"type": "integer", "minimum": 1, "maximum": 200}},
    ("get", "/notifications"): {"unread": "boolean", "page": {"type": "integer", "minimum": 1},
                                "per_page": {"type": "integer", "minimum": 1, "maximum": 100}},
    ("get", "/audit/events"): {"action": "string", "subject": "string", "actor_id": "integer",
                               "before": "integer", "after": "integer",
                               "limit": {"type": "integer", "minimum": 1, "maximum": 500}},
}
#: The largest id worth asking for: no row has a larger one (app.BoundedInt refuses beyond 2**62).
MAX_ID = 2**62 - 1


def _schema(kind) -> dict:
    return dict(kind) if isinstance(kind, dict) else {"type": kind}


def _params(path: str, method: str = "get") -> list[dict]:
    names = [part[1:-1] for part in path.split("/") if part.startswith("{")]
    params = [{"name": n, "in": "path", "required": True,
               "schema": {"type": "integer", "minimum": 0, "maximum": MAX_ID}} for n in names]
    for name, spec in QUERIES.get((method, path), {}).items():
        kind, required = spec if isinstance(spec, tuple) else (spec, False)
        params.append({"name": name, "in": "query", "required": required, "schema": _schema(kind)})
    params += [{"name": name, "in": "query", "required": name == "q", "description": text,
                "schema": _schema(kind)}
               for name, kind, text in QUERY.get((method, path), [])]
    return params


def _query(query: dict) -> list[dict]:
    out = []
    for name, (kind, allowed, required) in query.items():
        schema = {"type": kind} | ({"enum": list(allowed)} if allowed else {})
        out.append({"name": name, "in": "query", "required": required, "schema": schema})
    return out


def _response_schema(answer) -> dict:
    if isinstance(answer, str):
        return ref(answer)
    if isinstance(answer, dict):
        return answer
    return {"type": "object", "required": list(answer), "properties": {f: {} for f in answer}} if answer \
        else {"type": "object"}


def _success(answer, extra: dict) -> dict:
    if "files" in extra:
        return {"description": "The file, with a Content-Disposition file name", "content": {
            kind: {"schema": {"type": "string", "format": "binary"}} for kind in extra["files"]}}
    return {"description": "Success", "content": {"application/json": {"schema": _response_schema(answer)}}}


def _field(kind) -> tuple[dict, bool]:
    """A body field's schema and whether it is required ("string!", or a schema with x-required)."""
    if isinstance(kind, dict):
        schema = dict(kind)
        return schema, bool(schema.pop("x-required", False))
    return {"type": kind.rstrip("!")}, kind.endswith("!")


def _body(spec, required: bool = True) -> dict:
    if spec == "csv":
        return {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}
    props, needed = {}, []
    for name, kind in spec.items():
        props[name], must = _field(kind)
        if must:
            needed.append(name)
    schema = {"type": "object", "properties": props} | ({"required": needed} if needed else {})
    return {"required": required, "content": {"application/json": {"schema": schema}}}


def document() -> dict:
    paths: dict = {}
    for method, path, summary, body, status, answer, *more in ROUTES:
        extra = more[0] if more else {}
        success = _success(answer, extra)
        responses = {str(code): success for code in (status, *extra.get("also", ()))}
        responses["4XX"] = {"description": "Client error", "content": {"application/json": {"schema": ERR}}}
        op = {"summary": summary, "parameters": _params(path, method) + _query(extra.get("query", {})),
              "security": [] if path == "/openapi.json" else [{"bearer": []}], "responses": responses}
        if body is not None:
            op["requestBody"] = _body(body, not extra.get("optional_body"))
        paths.setdefault(path, {})[method] = op
    return {
        "openapi": "3.0.3",
        "info": {"title": "Refound API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": SCHEMAS},
    }


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(document())
