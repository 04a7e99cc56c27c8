"""The JSON Schemas of the API's main objects, for the OpenAPI document (openapi.py): accurate enough
that schemathesis checks every answer against them (tests/integration/test_api_schemathesis.py).
Objects name the fields they always carry as required; other fields may be added later."""

INT = {"type": "integer"}
STR = {"type": "string"}
BOOL = {"type": "boolean"}
TIME = {"type": "string", "format": "date-time"}


def nullable(schema: dict) -> dict:
    return dict(schema, nullable=True)


def obj(required: list[str] | None = None, **properties) -> dict:
    """An object whose `required` fields (default: all given) are always present."""
    out = {"type": "object", "properties": properties}
    names = list(properties) if required is None else required
    if names:
        out["required"] = names
    return out


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


PHASES = ["proposals", "amendments", "compositing", "review", "ballot", "closed"]
AMENDMENT_STATUSES = ["open", "admitted", "merged", "merged_modified", "rejected", "withdrawn", "obsolete"]
REBASE = ["clean", "review", "conflict"]
TARGETS = ["amendment", "proposal", "version"]

SCHEMAS: dict[str, dict] = {
    "Error": obj(["error"], error=obj(["code", "message"], code=STR, message=STR, field=STR)),
    "Assembly": obj(["id", "title", "phase", "base_version_id", "current_version_id", "support_threshold",
                     "deadlines"], id=INT, title=STR, phase={"type": "string", "enum": PHASES},
                    base_version_id=nullable(INT), current_version_id=nullable(INT), support_threshold=INT,
                    deadlines={"type": "object"}, audit_head={"type": "object"}),
    "Version": obj(id=INT, assembly_id=INT, parent_id=nullable(INT), kind=STR, sha256=STR, text=STR,
                   lines=array(obj(n=INT, text=STR))),
    "Provenance": obj(version_id=INT, spans=array(obj(
        start=INT, end=INT, amendment_id=nullable(INT), proposal_id=nullable(INT), group_id=nullable(INT),
        merge_id=nullable(INT)))),
    # Each op is ["equal" | "insert" | "delete", text] (OpenAPI 3.0 cannot type a pair's items apart).
    "Diff": obj(ops=array({"type": "array", "minItems": 2, "maxItems": 2, "items": STR}), html=STR),
    "HistoryEntry": obj(["status", "by", "at", "reason"], status=STR, by=nullable(STR), at=TIME,
                        reason=nullable(STR), merge_id=nullable(INT)),
    "Amendment": obj(
        ["id", "assembly_id", "title", "status", "base_version_id", "sponsor_id", "group_id", "line_from",
         "line_to", "edits", "supporters", "rebased_onto_version_id", "rebase", "merge_id"],
        id=INT, assembly_id=INT, title=STR, rationale=nullable(STR),
        status={"type": "string", "enum": AMENDMENT_STATUSES}, base_version_id=INT, sponsor_id=nullable(INT),
        group_id=nullable(INT), proposal_id=nullable(INT), line_from=nullable(INT), line_to=nullable(INT),
        edits=array(obj(start=INT, end=INT, text=STR)), supporters=INT, merged_version_id=nullable(INT),
        rebased_onto_version_id=nullable(INT), rebase=nullable({"type": "string", "enum": REBASE}),
        rebase_reason=nullable(STR), rebase_confidence=nullable({"type": "number"}), merge_id=nullable(INT),
        current_line_from=nullable(INT), current_line_to=nullable(INT), history=array(ref("HistoryEntry"))),
    "FiledAmendment": obj(id=INT, status={"type": "string", "enum": AMENDMENT_STATUSES}, base_version_id=INT,
                          line_from=nullable(INT), line_to=nullable(INT), ops=array(array(STR))),
    "ListedAmendment": obj(
        ["id", "assembly_id", "title", "status", "line_from", "line_to", "supporters", "rebase", "colliding"],
        id=INT, assembly_id=INT, title=STR, status={"type": "string", "enum": AMENDMENT_STATUSES},
        base_version_id=INT, sponsor_id=nullable(INT), sponsor=nullable(STR), group_id=nullable(INT),
        group=nullable(STR), proposal_id=nullable(INT), line_from=nullable(INT), line_to=nullable(INT),
        supporters=INT, rebase=nullable(STR), rebase_reason=nullable(STR), colliding=BOOL,
        merged_version_id=nullable(INT), created_at=TIME),
    "AmendmentPage": obj(amendments=array(ref("ListedAmendment")), total=INT, page=INT, per_page=INT),
    "Collisions": obj(["version_id", "groups", "regions"], version_id=INT, groups=array(array(INT)),
                      regions=array(obj(amendment_ids=array(INT), start=INT, end=INT, line_from=INT,
                                        line_to=INT, text=STR,
                                        wordings=array(obj(amendment_id=INT, text=STR)))),
                      unplaced=array(obj(["id", "rebase"], id=INT, rebase=STR, reason=nullable(STR)))),
    "MergeResult": obj(["version_id", "merged", "skipped", "merge_id"], version_id=INT, merged=array(INT),
                       skipped=array(obj(["id", "reason"], id=INT, reason=STR)), merge_id=nullable(INT)),
    "UndoResult": obj(["version_id", "undone_merge_id", "restored"], version_id=INT, undone_merge_id=INT,
                      restored=array(INT), merge_id=INT),
    "Merge": obj(["id", "assembly_id", "version_id", "parent_version_id", "by", "at", "undone", "amendments"],
                 # version_id: null when the merge merged nothing (it records what it skipped and why)
                 id=INT, assembly_id=INT, kind=STR, version_id=nullable(INT), parent_version_id=nullable(INT),
                 by=nullable(STR), by_id=nullable(INT), at=TIME, undone=BOOL,
                 undone_by_merge_id=nullable(INT), undoes_merge_id=nullable(INT),
                 resolutions={"type": "array"},
                 amendments=array(obj(["id", "outcome"], id=INT, outcome=STR, reason=nullable(STR)))),
    "Proposal": obj(id=INT, assembly_id=INT, title=STR, group_id=INT, room=STR,
                    status={"type": "string", "enum": ["draft", "submitted"]}, base_version_id=nullable(INT),
                    version_id=nullable(INT), text=STR),
    "Ballot": obj(["id", "assembly_id", "title", "status", "quorum", "questions"], id=INT,
                  assembly_id=nullable(INT), title=STR,
                  status={"type": "string", "enum": ["draft", "open", "closed", "certified"]},
                  quorum=nullable(INT), turnout=INT, electorate=INT,
                  questions=array(obj(text=STR, kind={"type": "string", "enum": ["yes_no_abstain", "ranked"]},
                                      options=nullable({"type": "array"}), threshold=nullable(STR),
                                      method=nullable(STR)))),
    "Results": obj(["turnout", "electorate", "questions", "status"], turnout=INT, electorate=INT,
                   questions={"type": "array"}, status=STR, results_sha256=nullable(STR),
                   audit_close=nullable({"type": "object"}), audit_certify=nullable({"type": "object"}),
                   audit_head=nullable({"type": "object"})),
    "AuditHead": obj(["position", "hash"], position=INT, hash=nullable(STR), at=nullable(TIME)),
    "Trackers": obj(["trackers"], trackers=array(STR), checks={}),
    "Comment": obj(["id", "target", "target_id", "author", "body_html", "line_from", "line_to", "reply_to",
                    "hidden", "created_at", "edited_at"],
                   id=INT, target={"type": "string", "enum": TARGETS}, target_id=INT, author=nullable(STR),
                   author_id=nullable(INT), body_html=nullable(STR), line_from=nullable(INT),
                   line_to=nullable(INT), version_id=nullable(INT), reply_to=nullable(INT),
                   thread_id=nullable(INT), hidden=BOOL, hidden_by=nullable(STR), hidden_reason=nullable(STR),
                   created_at=TIME, edited_at=nullable(TIME), url=STR),
    "Comments": obj(["comments"], comments=array(ref("Comment"))),
    "Notifications": obj(notifications=array(obj(
        id=INT, kind=STR, text=STR, url=nullable(STR), subject=nullable(STR), at=TIME, read=BOOL,
        by=nullable(STR), reason=nullable(STR))), unread=INT, total=INT, page=INT, per_page=INT),
    "SearchResults": obj(total=INT, page=INT, per_page=INT, hits=array(obj(
        ["kind", "id", "title", "assembly_id", "snippet_html", "url"],
        kind={"type": "string", "enum": ["proposal", "amendment", "comment", "clause"]}, id=INT, title=STR,
        assembly_id=nullable(INT), version_id=INT, line_from=INT, line_to=INT, snippet_html=STR, url=STR))),
    "Petition": obj(["id", "proposal_id", "supporters", "groups", "needed", "reached", "ballot_id",
                     "supported"],
                    id=INT, proposal_id=INT, supporters=INT, groups=INT,
                    needed=obj(members=INT, groups=INT), reached=BOOL, ballot_id=nullable(INT),
                    supported=BOOL),
    "RollReport": obj(["created", "updated", "rejected"], created=INT, updated=INT, unchanged=INT,
                      rejected=array(obj(["line", "reason"], line=INT, reason=STR))),
}
