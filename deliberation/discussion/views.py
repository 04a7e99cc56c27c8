"""What a page needs to show a target's discussion: its threads, where each sits, and what the
reader may do with each comment. Pages of other areas reach it through the ``discussion``
template global (registered by blueprint.py), so they need not import this area."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_login import current_user

from amendments.models import Version
from deliberation.discussion.comments import comments_on, discussion_open, edit_minutes, may_edit
from deliberation.discussion.models import Comment, CommentReport
from deliberation.discussion.moderation import may_moderate_target
from deliberation.discussion.placement import threads_on_version
from deliberation.discussion.present import Thread, names_of, threads_of
from deliberation.discussion.targets import PATHS, Target, load_target
from deliberation.models import Member
from extensions import db


@dataclass
class DiscussionView:
    target: Target
    threads: list[Thread]
    names: dict[int, str]
    reader: Member | None
    moderator: bool
    reported: set[int]
    edit_minutes: int
    #: New comments are taken (not once the assembly is closed).
    open: bool = True
    by_line: dict[int, list[Thread]] = field(default_factory=dict)
    covered: set[int] = field(default_factory=set)

    @property
    def general(self) -> list[Thread]:
        return [t for t in self.threads if t.root.char_start is None]

    @property
    def on_lines(self) -> list[Thread]:
        return [t for t in self.threads if t.root.char_start is not None and not t.gone]

    @property
    def gone(self) -> list[Thread]:
        return [t for t in self.threads if t.gone]

    @property
    def count(self) -> int:
        return sum(1 + len(t.replies) for t in self.threads)

    @property
    def view(self) -> str:
        return f"{self.target.kind}:{self.target.id}"

    def may_edit(self, comment: Comment) -> bool:
        return may_edit(self.reader, comment)

    def may_report(self, comment: Comment) -> bool:
        return (
            self.reader is not None
            and comment.author_id != self.reader.id
            and not comment.is_hidden
            and comment.id not in self.reported
        )

    def written_at(self, comment: Comment) -> str:
        """Where a comment was written, with its anchor: for links from carried threads."""
        return f"{PATHS[comment.target].format(id=comment.target_id)}#comment-{comment.id}"


def _reader() -> Member | None:
    user = current_user._get_current_object() if current_user else None
    return user if user is not None and user.is_authenticated else None


def discussion_view(kind: str, target_id: int) -> DiscussionView:
    """The discussion of a target as the signed-in reader sees it (template global ``discussion``)."""
    reader = _reader()
    # With the reader, so that a group's draft proposal's discussion (its standalone page, its
    # comments.json) is a 404 to those who may not read the draft, as its API and live room are.
    target = load_target(kind, target_id, reader)
    if kind == "version":
        threads = threads_on_version(db.session.get(Version, target_id))
    else:
        threads = threads_of(comments_on(kind, target_id))
    every = [c for t in threads for c in (t.root, *t.replies)]
    reported = set()
    if reader is not None and every:
        reported = set(
            db.session.scalars(
                db.select(CommentReport.comment_id).where(
                    CommentReport.member_id == reader.id, CommentReport.comment_id.in_([c.id for c in every])
                )
            )
        )
    view = DiscussionView(
        target,
        threads,
        names_of(c.author_id for c in every),
        reader,
        may_moderate_target(reader, target.assembly_id, target.group_id),
        reported,
        edit_minutes(),
        discussion_open(target),
    )
    for thread in view.on_lines if kind == "version" else ():
        view.by_line.setdefault(thread.line_to, []).append(thread)
        view.covered.update(range(thread.line_from, thread.line_to + 1))
    return view
