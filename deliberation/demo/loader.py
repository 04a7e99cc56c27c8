"""Load the demonstration organisation through the same services people use."""
import random
import unicodedata
from pathlib import Path

from amendments.models import Amendment, Version
from amendments.services.filing import file_amendment, support
from amendments.services.merging import merge
from amendments.services.statuses import decide
from deliberation.assemblies.services import chairs_of, create_assembly, set_phase
from deliberation.auth.passwords import hash_password
from deliberation.ballot.services import close_ballot, create_ballot, open_ballot
from deliberation.ballot.voting import cast_vote
from deliberation.demo.amendments import AMENDMENTS, BALLOT, GROUPS, PROPOSALS
from deliberation.demo.people import NAMES
from deliberation.models import Assembly, Group, Member, Membership
from deliberation.proposals.services import create_proposal, submit_proposal
from extensions import db

#: Shared by every demo account; demo data is for trying Refound locally, never for production.
DEMO_PASSWORD = "refound-demo"
HERE = Path(__file__).parent


def _email(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ".".join(part.lower() for part in ascii_name.replace("'", "").split()) + "@example.org"


def _apply(text: str, edits) -> str:
    for old, new in edits:
        assert text.count(old) == 1, f"demo edit does not match exactly once: {old[:40]!r}"
        text = text.replace(old, new)
    return text


def _people() -> tuple[Member, list[Member], list[Group]]:
    password = hash_password(DEMO_PASSWORD)
    admin = Member(email="admin@example.org", name="Ada Returning-Officer", is_admin=True,
                   is_returning_officer=True, password_hash=password, member_number="A0001")
    db.session.add(admin)
    groups = [Group(name=name, region=region) for name, region in GROUPS]
    db.session.add_all(groups)
    db.session.flush()
    members = []
    for i, name in enumerate(NAMES):
        member = Member(email=_email(name), name=name, password_hash=password, member_number=f"M{i + 1:04d}")
        db.session.add(member)
        db.session.flush()
        role = "organiser" if i < len(groups) else "member"
        db.session.add(Membership(member_id=member.id, group_id=groups[i % len(groups)].id, role=role))
        members.append(member)
    return admin, members, groups


def load() -> list[str]:
    """Create the story: groups, members, an assembly in the amendments phase, a closed ballot."""
    rng = random.Random(2026)
    admin, members, groups = _people()
    by_name = {g.name: g for g in groups}
    chairs = members[6:8]
    base_text = (HERE / "constitution.md").read_text(encoding="utf-8")
    assembly = create_assembly(admin, "Refounding Assembly 2026", base_text, [c.email for c in chairs],
                               {"proposals": "2026-12-05", "amendments": "2027-01-16",
                                "compositing": "2027-02-06", "ballot": "2027-03-06"})
    proposal_amendments = []
    for spec in PROPOSALS:
        group = by_name[spec["group"]]
        organiser = next(m for m in members if group.id in m.group_ids("organiser"))
        proposal = create_proposal(organiser, assembly, group.id, spec["title"],
                                   _apply(base_text, spec["edits"]))
        submit_proposal(organiser, proposal)
        proposal_amendments.append(db.session.scalar(
            db.select(Amendment.id).where(Amendment.proposal_id == proposal.id)))
    # The chairs have already merged both groups' proposals into version 2 of the draft.
    merge(chairs[0], assembly, proposal_amendments)
    set_phase(admin, assembly, "amendments")
    drafts = {assembly.base_version_id: base_text,
              assembly.current_version_id: db.session.get(Version, assembly.current_version_id).text}
    filed = []
    for i, spec in enumerate(AMENDMENTS):
        sponsor = members[spec["sponsor"]]
        group = by_name.get(spec["group"]) if spec["group"] else None
        if group is not None and group.id not in sponsor.group_ids():
            group = None
        # Some members still read the base text; rebase carries their amendments onto the draft.
        on = assembly.base_version_id if i % 3 == 0 else assembly.current_version_id
        amendment, _ = file_amendment(sponsor, assembly, on, _apply(drafts[on], spec["edits"]),
                                      spec["title"], spec["rationale"], group_id=group.id if group else None)
        for supporter in rng.sample(members, rng.randint(2, 9)):
            support(supporter, amendment)
        filed.append(amendment)
    # A chair has already ruled one out of order, with the reason its sponsor is told.
    decide(chairs[1], filed[-1], "rejected",
           "Out of order at this assembly: officers' titles are for the national committee's review in "
           "the spring; please bring it there.")
    ballot = create_ballot(admin, assembly.id, BALLOT["title"], BALLOT["questions"], quorum=20)
    open_ballot(admin, ballot)
    options = next((q.get("options") for q in BALLOT["questions"] if q["kind"] == "ranked"), [])
    for member in members[:52]:
        answers = []
        for q in BALLOT["questions"]:
            if q["kind"] == "ranked":
                answers.append(rng.sample(options, rng.randint(1, len(options))))
            else:
                answers.append(rng.choices(["yes", "no", "abstain"], weights=[7, 2, 1])[0])
        cast_vote(member, ballot, answers)
    close_ballot(admin, ballot)
    return logins()


def logins() -> list[str]:
    """The demo accounts to sign in with, or nothing if this is not the demo database."""
    admin = db.session.scalar(db.select(Member).where(Member.email == "admin@example.org"))
    assembly = db.session.scalar(db.select(Assembly).order_by(Assembly.id))
    if admin is None or assembly is None:
        return []
    chairs = chairs_of(assembly.id)
    organisers = db.session.execute(
        db.select(Member.email, Group.name).join(Membership, Membership.member_id == Member.id)
        .join(Group, Group.id == Membership.group_id).where(Membership.role == "organiser")
        .order_by(Member.id).limit(2)).all()
    plain = db.session.scalar(db.select(Member.email).outerjoin(Membership)
                              .where(Member.is_admin.is_(False), Membership.role == "member")
                              .order_by(Member.id.desc()).limit(1))
    members = db.session.scalar(db.select(db.func.count(Member.id)))
    return [
        "Demo logins (password for every demo account: " + DEMO_PASSWORD + ")",
        f"  admin and returning officer: {admin.email}",
        *(f"  chair of the assembly:       {c.email}" for c in chairs),
        *(f"  organiser of {group + ':':<16}{email}" for email, group in organisers),
        f"  member:                      {plain}",
        f"  {members} members; the assembly is at /assemblies/{assembly.id}",
    ]
