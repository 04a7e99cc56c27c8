"""The notifications that other areas' signals make (deliberation/signals.py).

The signals are sent inside the transaction that made the change, so these only add rows to it:
the notification is stored with the change or not at all. Blinker keeps one connection per
receiver function however often `connect` runs, and a receiver only acts for an app that
registered this area, so creating many apps in one process (the tests) notifies each member once.
"""
from flask import current_app, has_app_context

from deliberation import signals
from deliberation.notifications.sentences import MENTION, PLACEMENT_KINDS, status_kind
from deliberation.notifications.services import amendment_audience, existing_members, queue

#: The key an app that registered notifications has in `app.extensions`.
EXTENSION = "refound.notifications"
MAX_EXCERPT = 200


def _on() -> bool:
    return has_app_context() and bool(current_app.extensions.get(EXTENSION))


def on_status_changed(amendment_id, *, assembly_id, sponsor_id, group_id, title, status, previous=None,
                      by_id=None, reason="", merge_id=None, **_more) -> None:
    """The sponsor and the sponsoring group's organisers hear of every status an amendment takes."""
    if not _on():
        return
    audience = amendment_audience(sponsor_id, group_id)
    queue(audience, status_kind(status, previous), "amendment", amendment_id, actor_id=by_id,
           assembly_id=assembly_id, reason=reason, parts=audience,
           params={"amendment_id": amendment_id, "title": title, "status": status, "previous": previous,
                   "merge_id": merge_id})


def on_placement_changed(amendment_id, *, assembly_id, sponsor_id, group_id, title, placement,
                         version_id=None, reason="", **more) -> None:
    """The same people hear when the draft moved on and the amendment needs review or no longer fits."""
    kind = PLACEMENT_KINDS.get(placement)
    if kind is None or not _on():
        return
    audience = amendment_audience(sponsor_id, group_id)
    queue(audience, kind, "amendment", amendment_id, actor_id=more.get("by_id"), assembly_id=assembly_id,
           reason=reason, parts=audience,
           params={"amendment_id": amendment_id, "title": title, "placement": placement,
                   "version_id": version_id})


def on_mentions(comment_id, *, author_id, member_ids, target, target_id, url, excerpt="", **_more) -> None:
    """Each member @mentioned in a comment hears of it once (not its author)."""
    if not _on():
        return
    queue(existing_members(member_ids or ()), MENTION, "comment", comment_id, actor_id=author_id, url=url,
           params={"target": target, "target_id": target_id, "excerpt": (excerpt or "")[:MAX_EXCERPT]})


def connect() -> None:
    """Subscribe the receivers (again is harmless: blinker keys receivers by function)."""
    signals.amendment_status_changed.connect(on_status_changed, weak=False)
    signals.amendment_placement_changed.connect(on_placement_changed, weak=False)
    signals.comment_mentions.connect(on_mentions, weak=False)
