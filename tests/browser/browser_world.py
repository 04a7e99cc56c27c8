"""Test data built with the service functions directly (no HTTP), for the browser tests."""
import itertools

from deliberation.assemblies.services import create_assembly
from deliberation.auth.passwords import hash_password
from deliberation.ballot.services import create_ballot, open_ballot
from deliberation.models import Member
from deliberation.people.services import add_to_group, create_group
from extensions import db

PASSWORD = "correct horse battery"

TEXT = """# Constitution

## 1. Name

1.1 The organisation is called the Example Movement.

1.2 Its members are the people who have joined it and pay their dues every month to their local branch.

## 2. Assembly

2.1 The assembly meets once a year and decides the policy of the organisation.

2.2 A quorum of the assembly is one hundred delegates.
"""

_serial = itertools.count(1)


def member(name: str, **flags) -> Member:
    n = next(_serial)
    row = Member(name=name, email=f"{name.split()[0].lower()}{n}@example.org",
                 password_hash=hash_password(PASSWORD), **flags)
    db.session.add(row)
    db.session.commit()
    return row


def assembly_world() -> dict:
    """A chair, a member in a group, and an assembly in the amendments phase."""
    n = next(_serial)
    admin = member("Ada Admin", is_admin=True)
    chair = member("Carol Chair")
    alice = member("Alice Member")
    group = create_group(None, f"Leeds {n}", "North")
    add_to_group(None, group.id, alice.email, "member")
    assembly = create_assembly(admin, f"Refounding assembly {n}", TEXT, [chair.email])
    assembly.phase = "amendments"
    db.session.commit()
    return {"chair": chair.email, "alice": alice.email, "assembly": assembly.id,
            "version": assembly.current_version_id, "group": group.name}


def ballot_world(open_now: bool = True) -> dict:
    """An open ballot with one yes/no question (two-thirds) and one ranked question."""
    world = assembly_world()
    officer = member("Rita Officer", is_returning_officer=True)
    voter = member("Vera Voter")
    ballot = create_ballot(officer, world["assembly"], "Adopt the new constitution", [
        {"text": "Adopt the consolidated draft?", "kind": "yes_no_abstain", "threshold": "two_thirds"},
        {"text": "Name of the organisation", "kind": "ranked", "options": ["Movement", "Party", "Union"],
         "method": "schulze"}], quorum=1)
    if open_now:
        open_ballot(officer, ballot)
    return world | {"officer": officer.email, "voter": voter.email, "ballot": ballot.id}


def proposal_world() -> dict:
    """An assembly still in the proposals phase, and an organiser of a group."""
    world = assembly_world()
    from deliberation.models import Assembly
    db.session.get(Assembly, world["assembly"]).phase = "proposals"
    db.session.commit()
    organiser = member("Owen Organiser")
    group = create_group(None, f"Cardiff {next(_serial)}", "Wales")
    add_to_group(None, group.id, organiser.email, "organiser")
    return world | {"organiser": organiser.email, "organiser_group": group.name}


def collision_world() -> dict:
    """Two admitted amendments that change the same words."""
    from amendments.models import Version
    from amendments.services.filing import file_amendment
    from deliberation.models import Assembly
    world = assembly_world()
    alice = db.session.scalar(db.select(Member).where(Member.email == world["alice"]))
    assembly = db.session.get(Assembly, world["assembly"])
    text = db.session.get(Version, world["version"]).text
    first, _ = file_amendment(alice, assembly, world["version"], text.replace("once a year", "twice a year"),
                              "Twice a year")
    second, _ = file_amendment(alice, assembly, world["version"],
                               text.replace("once a year", "every quarter"), "Every quarter")
    return world | {"first": first.id, "second": second.id}
