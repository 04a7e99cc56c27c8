"""A scene for the discussion tests: an assembly with a long enough text to cite lines 12-14, a
chair, a group with an organiser and members, a submitted proposal and an amendment."""

import pytest
from sqlalchemy import select

from deliberation.models import AuditEvent
from deliberation.unit_of_work import UnitOfWork
from extensions import db

TEXT = "".join(
    f"{n}.1 Clause {n}: the members of each branch meet and vote on matter number {n}.\n"
    for n in range(1, 31)
)


@pytest.fixture
def scene(app, make_member, make_group, make_assembly, api):
    from amendments.services.filing import file_amendment
    from deliberation.proposals.services import create_proposal, submit_proposal

    chair, organiser, ann, bob, outsider_org = (
        make_member(name=n)
        for n in ("Carol Chair", "Olu Organiser", "Ann Lee", "Bob Stone", "Other Organiser")
    )
    group = make_group(organisers=[organiser], members=[ann, bob])
    other_group = make_group(organisers=[outsider_org])
    assembly = make_assembly(text=TEXT, chairs=[chair])
    with UnitOfWork():
        draft = create_proposal(organiser, assembly, group.id, "Our draft", "Draft words.\n")
        frozen = create_proposal(organiser, assembly, group.id, "Our proposal", "Frozen words.\n")
    with UnitOfWork():
        submit_proposal(organiser, frozen)
    with UnitOfWork():
        amendment, _shown = file_amendment(
            ann,
            assembly,
            assembly.current_version_id,
            TEXT.replace("matter number 13.", "matter number thirteen."),
            "Spell it out",
            group_id=group.id,
        )
    return {
        "chair": chair,
        "organiser": organiser,
        "ann": ann,
        "bob": bob,
        "other_organiser": outsider_org,
        "group": group,
        "other_group": other_group,
        "assembly": assembly,
        "version": assembly.current_version_id,
        "draft": draft.id,
        "proposal": frozen.id,
        "proposal_version": frozen.version_id,
        "amendment": amendment.id,
        "api": {m.name: api(m) for m in (chair, organiser, ann, bob, outsider_org)},
    }


def post(scene, who, **body):
    return scene["api"][who].post("/comments", body)


def on_lines(scene, who="Ann Lee", body="Lines 12 to 14 need work.", line_from=12, line_to=14, **extra):
    return post(
        scene,
        who,
        target="version",
        target_id=scene["version"],
        line_from=line_from,
        line_to=line_to,
        body=body,
        **extra,
    )


def patch(scene, who, comment_id, body, client):
    return client.patch(
        f"/api/v1/comments/{comment_id}", json={"body": body}, headers=scene["api"][who].headers
    )


def audit(subject):
    """The audit rows of one subject, oldest first."""
    return db.session.scalars(
        select(AuditEvent).where(AuditEvent.subject == subject).order_by(AuditEvent.id)
    ).all()
