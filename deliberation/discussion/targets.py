"""What a comment can be on: an amendment, a proposal or a version, with what moderation and
line anchors need to know about it."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from amendments.models import Amendment, Version
from deliberation.auth.permissions import can_read_proposal
from deliberation.discussion.models import TARGETS
from deliberation.errors import Invalid, NotFound
from deliberation.models import Proposal
from extensions import db

#: Where each kind of target is shown (the pages' paths; tests check them against url_for).
PATHS = {"amendment": "/amendments/{id}", "proposal": "/proposals/{id}", "version": "/versions/{id}"}


@dataclass(frozen=True, slots=True)
class Target:
    kind: str
    id: int
    assembly_id: int
    #: The group whose organisers moderate it: the proposing group, or the group an amendment
    #: was filed for (or whose proposal it carries); None for the assembly's own versions.
    group_id: int | None
    #: The version whose numbered lines a comment on it may cite: a version's own, an amendment's
    #: base version, a submitted proposal's frozen version; None for a draft proposal (its text
    #: still changes, so its lines cannot be cited).
    lines_version_id: int | None

    @property
    def path(self) -> str:
        return PATHS[self.kind].format(id=self.id)


def parse_kind(kind) -> str:
    if kind not in TARGETS:
        raise Invalid(
            _("'target' must be one of: %(choices)s.", choices=", ".join(TARGETS)),
            code="invalid_field",
            field="target",
        )
    return kind


def load_target(kind, target_id, reader=None) -> Target:
    """The target, or a 400 for an unknown kind and a 404 for a missing row; with a reader, a 404
    too when they may not open it (a group's draft proposal: auth/permissions.can_read_proposal)."""
    kind = parse_kind(kind)
    if not isinstance(target_id, int) or isinstance(target_id, bool) or not 0 < target_id < 2**62:
        raise Invalid(_("'target_id' must be a positive integer."), code="invalid_field", field="target_id")
    if kind == "amendment":
        amendment = db.session.get(Amendment, target_id)
        if amendment is None:
            raise NotFound(_("There is no amendment %(id)s.", id=target_id))
        group_id = amendment.group_id
        if group_id is None and amendment.proposal_id is not None:
            group_id = db.session.scalar(
                db.select(Proposal.group_id).where(Proposal.id == amendment.proposal_id)
            )
        return Target(kind, target_id, amendment.assembly_id, group_id, amendment.base_version_id)
    if kind == "proposal":
        proposal = db.session.get(Proposal, target_id)
        if proposal is None or (reader is not None and not can_read_proposal(reader, proposal)):
            raise NotFound(_("There is no proposal %(id)s.", id=target_id))
        frozen = proposal.version_id if proposal.status == "submitted" else None
        return Target(kind, target_id, proposal.assembly_id, proposal.group_id, frozen)
    row = db.session.execute(
        db.select(Version.id, Version.assembly_id).where(Version.id == target_id)
    ).first()
    if row is None:
        raise NotFound(_("There is no version %(id)s.", id=target_id))
    group_id = db.session.scalar(
        db.select(Proposal.group_id).where(Proposal.version_id == target_id).limit(1)
    )
    return Target(kind, target_id, row.assembly_id, group_id, target_id)
