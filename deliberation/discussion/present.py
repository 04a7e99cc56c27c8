"""A comment as members may read it: the API's JSON, the live message and the pages' rows.

A hidden comment's words never leave here: only who hid it (their role) and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from deliberation.discussion.markdown import render
from deliberation.discussion.models import Comment
from deliberation.discussion.targets import PATHS
from deliberation.models import Member
from deliberation.models.timeutil import iso
from extensions import db


def names_of(ids) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(db.session.execute(db.select(Member.id, Member.name).where(Member.id.in_(ids))).all())


def comment_json(comment: Comment, names: dict[int, str] | None = None) -> dict:
    names = names if names is not None else names_of([comment.author_id])
    hidden = comment.is_hidden
    return {
        "id": comment.id,
        "target": comment.target,
        "target_id": comment.target_id,
        "author": names.get(comment.author_id),
        "author_id": comment.author_id,
        "body_html": None if hidden else render(comment.body),
        "line_from": comment.line_from,
        "line_to": comment.line_to,
        "version_id": comment.version_id,
        "reply_to": comment.reply_to_id,
        "thread_id": comment.root_id,
        "hidden": hidden,
        "hidden_by": comment.hidden_role if hidden else None,
        "hidden_reason": comment.hidden_reason if hidden else None,
        "created_at": iso(comment.created_at),
        "edited_at": iso(comment.edited_at),
        "url": f"{PATHS[comment.target].format(id=comment.target_id)}#comment-{comment.id}",
    }


def stamp(comment: Comment) -> str:
    """Changes whenever what a reader sees of the comment changes (an edit, hiding)."""
    return f"{iso(comment.edited_at) or ''}|{'hidden' if comment.is_hidden else ''}"


@dataclass
class Thread:
    """A first comment and its replies (in the order written), and where its lines are on the
    page showing it: ``line_from``/``line_to`` there, or ``gone`` when its words no longer are."""

    root: Comment
    replies: list[Comment] = field(default_factory=list)
    line_from: int | None = None
    line_to: int | None = None
    gone: bool = False
    #: Written on an earlier version than the one shown, and carried to it.
    carried: bool = False


def threads_of(comments: list[Comment]) -> list[Thread]:
    """Comments (in id order) grouped into threads, in the order the threads began."""
    threads: dict[int, Thread] = {}
    for c in comments:
        if c.thread_id is None:
            threads[c.id] = Thread(c, line_from=c.line_from, line_to=c.line_to)
        elif c.thread_id in threads:
            threads[c.thread_id].replies.append(c)
    return list(threads.values())
