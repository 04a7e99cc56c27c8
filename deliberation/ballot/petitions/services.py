"""Member petitions: the low-barrier route to an all-member ballot on a submitted proposal.

Rule: a petition needs PETITION_MEMBERS supporters (a number, or a percentage of the
eligible members when it starts, at least 1) AND PETITION_GROUPS supporting groups,
where a group supports when at least one of its organisers has signed (0 = groups
not required). Both thresholds are frozen when the petition starts, so the goal
does not move while members sign. When both are met, a draft ballot is created
once for the returning officer to schedule.
"""
import math

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from deliberation.ballot.petitions.models import Petition, PetitionSupport
from deliberation.ballot.services import new_ballot
from deliberation.errors import Conflict, Forbidden, NotFound
from deliberation.models import Member, Membership, Proposal
from deliberation.models.audit import record
from deliberation.models.timeutil import utcnow
from extensions import db


def thresholds() -> tuple[int, int]:
    """(members, groups) a new petition needs, from the configuration and the roll now."""
    raw = str(current_app.config.get("PETITION_MEMBERS", "2%")).strip() or "2%"
    groups = max(0, int(current_app.config.get("PETITION_GROUPS", 0)))
    if raw.endswith("%"):
        eligible = db.session.scalar(select(db.func.count(Member.id)).where(Member.eligible.is_(True)))
        members = max(1, math.ceil(eligible * float(raw[:-1]) / 100))
    else:
        members = max(0, int(raw))
    if members == 0 and groups == 0:
        members = 1
    return members, groups


def get_petition(petition_id: int) -> Petition:
    petition = db.session.get(Petition, petition_id)
    if petition is None:
        raise NotFound(f"There is no petition {petition_id}.")
    return petition


def petition_for(proposal_id: int) -> Petition | None:
    return db.session.scalar(select(Petition).where(Petition.proposal_id == proposal_id))


def counts(petition: Petition) -> dict:
    """Supporters, and groups with at least one organiser among them."""
    supporters = db.session.scalar(select(db.func.count()).select_from(PetitionSupport).where(
        PetitionSupport.petition_id == petition.id))
    groups = db.session.scalar(select(db.func.count(db.distinct(Membership.group_id))).join(
        PetitionSupport, PetitionSupport.member_id == Membership.member_id).where(
        PetitionSupport.petition_id == petition.id, Membership.role == "organiser"))
    return {"supporters": supporters, "groups": groups}


def has_supported(member: Member, petition: Petition) -> bool:
    return db.session.get(PetitionSupport, (petition.id, member.id)) is not None


def support_petition(member: Member, proposal: Proposal) -> tuple[Petition, bool]:
    """Start the proposal's petition or add this member's support; (petition, started now)."""
    if not member.eligible:
        raise Forbidden("Only members on the roll may support a petition for a ballot.", code="not_eligible")
    if proposal.status != "submitted":
        raise Conflict("Only a submitted proposal can be put to an all-member ballot.", code="not_submitted")
    petition, started = petition_for(proposal.id), False
    if petition is None:
        members, groups = thresholds()
        petition = Petition(proposal_id=proposal.id, started_by=member.id,
                            members_needed=members, groups_needed=groups)
        db.session.add(petition)
        try:
            db.session.flush()
            record("petition.start", f"petition:{petition.id}", member.id, proposal_id=proposal.id,
                   members_needed=members, groups_needed=groups)
            db.session.commit()
            started = True
        except IntegrityError:  # someone started it at the same moment: support theirs
            db.session.rollback()
            petition = petition_for(proposal.id)
    if not has_supported(member, petition):
        db.session.add(PetitionSupport(petition_id=petition.id, member_id=member.id))
        record("petition.support", f"petition:{petition.id}", member.id)
        try:
            db.session.commit()
        except IntegrityError:  # the same member twice at once: once is enough
            db.session.rollback()
    _reach_if_due(member, petition, proposal)
    return petition, started


def _reach_if_due(member: Member, petition: Petition, proposal: Proposal) -> None:
    """Create the ballot once: counts read after commit, then a guarded UPDATE only one caller wins."""
    if petition.reached_at is not None:
        return
    now = counts(petition)
    if now["supporters"] < petition.members_needed or now["groups"] < petition.groups_needed:
        return
    won = db.session.execute(update(Petition).where(
        Petition.id == petition.id, Petition.reached_at.is_(None)).values(reached_at=utcnow())).rowcount
    if won != 1:
        db.session.rollback()
        db.session.refresh(petition)
        return
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "en")):
        title = _("Member ballot: %(title)s", title=proposal.title)
        question = _("Adopt proposal “%(title)s” as the organisation's position?", title=proposal.title)
    ballot = new_ballot(None, proposal.assembly_id, title[:300],
                        [{"text": question, "kind": "yes_no_abstain", "threshold": "simple"}],
                        petition_id=petition.id, proposal_id=proposal.id)
    db.session.execute(update(Petition).where(Petition.id == petition.id).values(ballot_id=ballot.id))
    record("petition.reached", f"petition:{petition.id}", member.id, ballot_id=ballot.id, **now)
    db.session.commit()
    db.session.refresh(petition)
