"""Who wrote each changed span of a version, for tracked changes and redline marks: the
amendment and its group, dated by the merge that put it in (merge records), or the group
whose proposal it was; what provenance does not explain is the version's maker's edit."""
from flask_babel import gettext as _

from amendments.engine import Span
from amendments.models import Amendment, MergeRecord, Version
from deliberation.exports.model import Author, Authors
from deliberation.exports.pieces import Source
from deliberation.models import Group, Member, Proposal
from extensions import db


def _names(model, ids) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(db.session.execute(db.select(model.id, model.name).where(model.id.in_(ids))).all())


def merge_times(assembly_id: int) -> dict[int, object]:
    """When each version a merge made was made: the merge record's time, by version id."""
    rows = db.session.execute(db.select(MergeRecord.to_version_id, MergeRecord.at).where(
        MergeRecord.assembly_id == assembly_id, MergeRecord.to_version_id.is_not(None))
        .order_by(MergeRecord.id)).all()
    return {version_id: at for version_id, at in rows}


def _amendment_authors(ids: set[int], assembly_id: int) -> dict[int, Author]:
    if not ids:
        return {}
    rows = db.session.execute(
        db.select(Amendment, Group.name, Member.name, Version.created_at)
        .outerjoin(Group, Group.id == Amendment.group_id)
        .outerjoin(Member, Member.id == Amendment.sponsor_id)
        .outerjoin(Version, Version.id == Amendment.merged_version_id)
        .where(Amendment.id.in_(ids))).all()
    merged_at = merge_times(assembly_id)
    out = {}
    for amendment, group, sponsor, version_made in rows:
        who = group or sponsor
        name = (_("Amendment %(id)s — %(who)s", id=amendment.id, who=who) if who
                else _("Amendment %(id)s", id=amendment.id))
        date = merged_at.get(amendment.merged_version_id) or version_made
        out[amendment.id] = Author(name, date, str(amendment.id))
    return out


def _proposal_authors(ids: set[int]) -> dict[int, Author]:
    if not ids:
        return {}
    rows = db.session.execute(db.select(Proposal, Group.name).outerjoin(Group, Group.id == Proposal.group_id)
                              .where(Proposal.id.in_(ids))).all()
    return {p.id: Author(_("Proposal %(id)s — %(group)s", id=p.id, group=group) if group
                         else _("Proposal %(id)s", id=p.id), p.submitted_at, f"P{p.id}")
            for p, group in rows}


def fallback_author(version: Version) -> Author:
    """Changes no span explains: the chair who made the merge, or the group whose proposal this is."""
    if version.kind == "proposal":
        row = db.session.execute(db.select(Proposal, Group.name)
                                 .outerjoin(Group, Group.id == Proposal.group_id)
                                 .where(Proposal.version_id == version.id)).first()
        if row is not None:
            proposal, group = row
            return Author(_("Proposal %(id)s — %(group)s", id=proposal.id, group=group or ""),
                          proposal.submitted_at or version.created_at)
    maker = _names(Member, [version.created_by]).get(version.created_by)
    if version.kind == "merge":
        name = _("Chair's edit — %(name)s", name=maker) if maker else _("Chair's edit")
    else:
        name = (_("Version %(id)s — %(name)s", id=version.id, name=maker) if maker
                else _("Version %(id)s", id=version.id))
    return Author(name, version.created_at)


def authors_of(version: Version, spans: tuple[Span, ...]) -> Authors:
    """Every source the version's provenance names, with its author line and date."""
    sources = {Source(s.amendment_id, s.proposal_id) for s in spans
               if s.amendment_id is not None or s.proposal_id is not None}
    amendments = _amendment_authors({s.amendment_id for s in sources if s.amendment_id is not None},
                                    version.assembly_id)
    proposals = _proposal_authors({s.proposal_id for s in sources if s.amendment_id is None})
    by_source = {}
    for s in sources:
        author = (amendments.get(s.amendment_id) if s.amendment_id is not None
                  else proposals.get(s.proposal_id))
        if author is not None:
            by_source[s] = author
    return Authors(by_source, fallback_author(version))
