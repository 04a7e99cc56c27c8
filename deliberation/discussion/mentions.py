"""@mentions: which members a comment names, refused when a name fits nobody or several."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, or_, union

from amendments.models import Amendment
from deliberation.discussion.markdown import MAX_MENTIONS, Mention, mentions, name_key
from deliberation.discussion.models import Comment
from deliberation.errors import Invalid
from deliberation.models import AssemblyChair, Member, Membership
from extensions import db

SUGGESTIONS = 8


def _named(name: str) -> list[Member]:
    rows = db.session.scalars(
        db.select(Member).where(or_(Member.name == name, func.lower(Member.name) == name.lower())).limit(50)
    ).all()
    return [m for m in rows if name_key(m.name) == name_key(name)]


def _one(mention: Mention) -> Member:
    if mention.member_id is not None:
        member = db.session.get(Member, mention.member_id) if mention.member_id < 2**62 else None
        if member is None or name_key(member.name) != mention.key:
            raise Invalid(
                _(
                    "No member is called “%(name)s” with the number #%(id)s. Choose them from the "
                    "suggestions, or write the name without @[ ].",
                    name=mention.name,
                    id=mention.member_id,
                ),
                code="unknown_mention",
                field="body",
            )
        return member
    found = _named(mention.name)
    if not found:
        raise Invalid(
            _("No member is called “%(name)s”. Check the name, or write it without @[ ].", name=mention.name),
            code="unknown_mention",
            field="body",
        )
    if len(found) > 1:
        raise Invalid(
            _(
                "%(n)s members are called “%(name)s”: say which, e.g. @[%(name)s #%(id)s] (the "
                "suggestions add the number).",
                n=len(found),
                name=mention.name,
                id=found[0].id,
            ),
            code="ambiguous_mention",
            field="body",
        )
    return found[0]


def mentioned(body: str) -> list[Member]:
    """The members a body mentions, each once; Invalid for a name that fits nobody or several."""
    found = mentions(body)
    if len(found) > MAX_MENTIONS:
        raise Invalid(
            _("A comment may mention at most %(n)s members.", n=MAX_MENTIONS),
            code="too_many_mentions",
            field="body",
        )
    members: dict[int, Member] = {}
    for mention in found:
        member = _one(mention)
        members.setdefault(member.id, member)
    return list(members.values())


def mention_text(member: Member) -> str:
    """What to write to mention this member: with their number when someone shares the name."""
    return f"@[{member.name}]" if len(_named(member.name)) == 1 else f"@[{member.name} #{member.id}]"


def suggest(viewer: Member, assembly_id: int, prefix: str) -> list[dict]:
    """Members to mention whose name (or a word of it) starts with what was typed.

    Suggested are only the people of this discussion: the viewer's groups, the assembly's chairs,
    sponsors of its amendments and those who have commented in it. Anyone else is still mentioned
    by their exact name; the box just does not list the whole roll to every member.
    """
    prefix = " ".join(prefix.split())[:100]
    if not prefix:
        return []
    people = union(
        db.select(Membership.member_id).where(Membership.group_id.in_(list(viewer.group_ids()) or [0])),
        db.select(AssemblyChair.member_id).where(AssemblyChair.assembly_id == assembly_id),
        db.select(Amendment.sponsor_id).where(Amendment.assembly_id == assembly_id),
        db.select(Comment.author_id).where(Comment.assembly_id == assembly_id),
    ).subquery()
    like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = db.session.scalars(
        db.select(Member)
        .where(
            Member.id.in_(db.select(people.c[0])),
            or_(Member.name.ilike(f"{like}%", escape="\\"), Member.name.ilike(f"% {like}%", escape="\\")),
        )
        .order_by(Member.name, Member.id)
        .limit(SUGGESTIONS)
    ).all()
    return [
        {
            "id": m.id,
            "name": m.name,
            "groups": sorted(ms.group.name for ms in m.memberships),
            "mention": mention_text(m),
        }
        for m in rows
    ]
