"""The authorization matrix's world: eight roles, the objects their rights differ on, and a request
for every route that a permitted role would send (a valid body, its own CSRF token), so that the
answer shows the permission and not a validation error. Each cell runs on the world as built
(matrix restores the SQLite file after every request)."""
import re
from dataclasses import dataclass, field

from pages import csrf, sign_in

from deliberation.ballot.services import create_ballot, open_ballot
from deliberation.discussion.comments import post_comment
from deliberation.models import ApiToken
from deliberation.proposals.services import create_proposal, submit_proposal
from deliberation.unit_of_work import UnitOfWork
from extensions import db

#: The matrix's columns, least privileged first.
ROLES = ("anonymous", "member", "other_group", "organiser", "other_chair", "chair", "officer", "admin")
PASSWORD = "correct horse"


@dataclass
class World:
    ids: dict = field(default_factory=dict)
    emails: dict = field(default_factory=dict)
    text: str = ""


def build(app, make_member, make_group, make_assembly, constitution) -> World:
    """Assembly 1 (chaired by `chair`), assembly 2 (by `other_chair`); group 1 (organiser, member),
    group 2 (other_group); a draft proposal of group 1, an amendment by member with a comment, a
    merge, a draft and an open ballot, a notification of member's."""
    people = {
        "member": make_member(name="Mel Member"), "other_group": make_member(name="Otto Other"),
        "organiser": make_member(name="Olga Organiser"), "other_chair": make_member(name="Cora Elsewhere"),
        "chair": make_member(name="Chad Chair"),
        "officer": make_member(name="Rita Officer", returning_officer=True),
        "admin": make_member(name="Ada Admin", admin=True)}
    group = make_group("Leeds", organisers=[people["organiser"]], members=[people["member"]])
    other = make_group("Sheffield", members=[people["other_group"]])
    assembly = make_assembly(constitution, chairs=[people["chair"]], admin=people["admin"])
    make_assembly(constitution, chairs=[people["other_chair"]], admin=people["admin"], title="Other")
    from amendments.services.filing import file_amendment
    from amendments.services.merging import merge
    with UnitOfWork():
        draft = create_proposal(people["organiser"], assembly, group.id, "Draft", constitution)
        submitted = create_proposal(people["organiser"], assembly, group.id, "Submitted",
                                    constitution.replace("one hundred", "two hundred"))
        submit_proposal(people["organiser"], submitted)
    with UnitOfWork():
        merged, _shown = file_amendment(people["member"], assembly, assembly.current_version_id,
                                        constitution.replace("Example", "Sample"), "Rename", admit=True)
    with UnitOfWork():
        merge(people["chair"], assembly, [merged.id])
    db.session.refresh(assembly)
    with UnitOfWork():
        base = assembly.current_version_id
        from amendments.models import Version
        current = db.session.get(Version, base).text
        amendment, _shown = file_amendment(people["member"], assembly, base,
                                           current.replace("once a year", "twice a year"), "Twice",
                                           group_id=group.id)
    with UnitOfWork():
        comment = post_comment(people["member"], "amendment", amendment.id, "A comment")
        from deliberation.discussion.moderation import report_comment
        report_comment(people["other_group"], comment, "Rude")
        draft_ballot = create_ballot(people["admin"], assembly.id, "Draft ballot",
                                     [{"text": "Adopt?", "kind": "yes_no_abstain"}])
        open_one = create_ballot(people["admin"], assembly.id, "Open ballot",
                                 [{"text": "Adopt?", "kind": "yes_no_abstain"}])
        open_ballot(people["admin"], open_one)
        from deliberation.notifications.services import notify
        note = notify([people["member"].id], "amendment_admitted", "amendment", amendment.id,
                      actor_id=people["chair"].id, assembly_id=assembly.id)[0]
    from amendments.models import MergeRecord
    world = World(text=db.session.get(Version, assembly.current_version_id).text)
    world.ids = {"assembly": assembly.id, "version": assembly.current_version_id,
                 "base": assembly.base_version_id, "proposal": draft.id, "submitted": submitted.id,
                 "amendment": amendment.id, "comment": comment.id,
                 "merge": db.session.scalar(db.select(MergeRecord.id).limit(1)),
                 "draft_ballot": draft_ballot.id, "ballot": open_one.id, "notification": note.id,
                 "group": group.id, "other_group": other.id}
    world.emails = {role: person.email for role, person in people.items()}
    world.people = {role: person.id for role, person in people.items()}
    return world


@dataclass
class Caller:
    """One role's ways in: a signed-in browser with its CSRF token, and an API token."""
    role: str
    client: object
    csrf: str = ""
    token: str = ""


def callers(app, world: World) -> dict:
    anonymous = app.test_client()
    out = {"anonymous": Caller("anonymous", anonymous, csrf(anonymous.get("/login").text))}
    for role, email in world.emails.items():
        client = app.test_client()
        assert sign_in(client, email, PASSWORD).status_code == 302
        from deliberation.models import Member
        member = db.session.get(Member, world.people[role])
        _row, plain = ApiToken.issue(member, "matrix")
        db.session.commit()
        out[role] = Caller(role, client, csrf(client.get("/account").text), plain)
    return out


#: Path arguments by name: the world's objects (token_id and sign_in_id are the member's own).
def path_values(world: World, app) -> dict:
    from deliberation.models import ApiToken, SignIn
    member = world.people["member"]
    return {"assembly_id": world.ids["assembly"], "version_id": world.ids["version"], "a": world.ids["base"],
            "b": world.ids["version"], "proposal_id": world.ids["proposal"],
            "amendment_id": world.ids["amendment"], "comment_id": world.ids["comment"],
            "merge_id": world.ids["merge"], "ballot_id": world.ids["ballot"],
            "notification_id": world.ids["notification"], "group_id": world.ids["group"],
            "petition_id": 1, "job_id": 1, "token": "not-an-invitation",
            "kind": "proposal", "target_id": world.ids["proposal"],  # a draft: its group and chairs only
            "token_id": db.session.scalar(db.select(ApiToken.id).where(ApiToken.member_id == member)
                                          .limit(1)),
            "sign_in_id": db.session.scalar(db.select(SignIn.id).where(SignIn.member_id == member).limit(1))}


def url_for_rule(rule: str, values: dict) -> str:
    url = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: str(values[m.group(1)]), rule)
    return url + QUERIES.get(rule, "").format(**values)


#: The query strings of the GET routes that need one, asking about the draft proposal where they can.
QUERIES = {
    "/api/v1/comments": "?target=proposal&target_id={proposal_id}",
    "/api/v1/comments/mentions": "?target=proposal&target_id={proposal_id}&q=M",
    "/discussion/mentions": "?target=proposal&target_id={proposal_id}&q=M",
    "/api/v1/search": "?q=constitution",
    "/search": "?q=constitution",
    "/search/suggest": "?q=cons",
    "/api/v1/versions/<int:version_id>/export": "?format=md",
    "/versions/<int:version_id>/export": "?format=md",
    "/api/v1/assemblies/<int:assembly_id>/booklet": "?format=docx&kind=decisions",
    "/assemblies/<int:assembly_id>/booklet": "?format=docx&kind=decisions",
}


def api_body(world: World) -> dict:
    """Every field any API route takes, each valid for the world; views read only their own."""
    return {"name": "Bradford", "region": "North", "email": world.emails["other_group"], "role": "member",
            "title": "A title", "base_text": "# Text\n\nWords.\n", "phase": "compositing",
            "group_id": world.ids["group"], "text": world.text.replace("quorum", "minimum"),
            "base_version_id": world.ids["version"], "status": "rejected", "reason": "Because",
            "amendment_ids": [world.ids["amendment"]],
            "questions": [{"text": "Adopt?", "kind": "yes_no_abstain"}], "answers": ["yes"], "all": True,
            "target": "amendment", "target_id": world.ids["amendment"], "body": "Words"}


def form_body(world: World, token: str) -> dict:
    return {"csrf_token": token, "phase": "compositing", "status": "rejected", "reason": "Because",
            "amendment_id": str(world.ids["amendment"]), "text": world.text.replace("quorum", "minimum"),
            "title": "A title", "rationale": "", "group_id": str(world.ids["group"]), "action": "file",
            "target": "amendment", "target_id": str(world.ids["amendment"]), "body": "Words", "a0": "yes",
            "label": "script", "amendment_ids": str(world.ids["amendment"]), "email": "x@example.org",
            "current_password": "wrong", "new_password": "a new long password",
            "confirm": "a new long password", "password": "a new long password", "ids": "", "q0": "Adopt?",
            "kind0": "yes_no_abstain"}
