"""Signals between areas, so one package can react to another without importing it (STYLE 7)."""
from blinker import Namespace

_signals = Namespace()

#: A live room stopped taking edits (its proposal was submitted), sent after the commit; the
#: live hub turns the room read-only at once. Sender: the room's name.
room_closed = _signals.signal("room-closed")

#: A Yjs update was stored for a live room outside the socket path (a form or API save), sent
#: after the commit; the live hub applies it to the room's replica and sends it to the room.
#: Sender: the room's name; keyword ``update``: the update's bytes.
room_update_stored = _signals.signal("room-update-stored")

#: The live pump stored editors' updates to a room (in a commit of its own, not through the ORM),
#: sent after the commit, at most once a tick per room; search indexes a draft's text again once
#: the typing settles. Sender: the app; keyword ``room``: the room's name.
live_text_stored = _signals.signal("live-text-stored")

#: Sign-ins ended (signed out, signed out elsewhere, a new password), sent after the commit;
#: the live hub disconnects the connections opened with them. Sender: the app; keyword
#: ``ids``: the sign-in ids.
sign_ins_ended = _signals.signal("sign-ins-ended")

#: An amendment's status changed (not its filing), sent inside the change's transaction, so what
#: reacts (notifications) is stored with the change or not at all. Sender: the amendment's id;
#: keywords: ``assembly_id``, ``sponsor_id``, ``group_id``, ``title``, ``status``, ``previous``,
#: ``by_id`` (None when the app decided, e.g. support reached the threshold), ``reason`` and
#: ``merge_id`` (the merge or undo that moved it, if any).
amendment_status_changed = _signals.signal("amendment-status-changed")

#: The draft moved on (a merge or an undo) and a pending amendment no longer lands cleanly on it:
#: its placement is now "review" (it may not fit where it was written) or "conflict" (its words
#: are gone). Sent inside the transaction that moved the draft. Sender: the amendment's id;
#: keywords: ``assembly_id``, ``sponsor_id``, ``group_id``, ``title``, ``placement``
#: ("review" or "conflict"), ``version_id`` (the new current version) and ``reason``.
amendment_placement_changed = _signals.signal("amendment-placement-changed")

#: Members were @mentioned in a comment (discussion), sent inside the comment's transaction.
#: Sender: the comment's id; keywords: ``author_id``, ``member_ids`` (those mentioned who may
#: read the comment), ``target`` ("amendment", "proposal" or "version"), ``target_id``, ``url``
#: (where the comment is shown) and ``excerpt`` (plain text, at most 200 characters).
comment_mentions = _signals.signal("comment-mentions")

#: The consolidated draft moved to a new version (a merge or an undo), sent inside that
#: transaction, so what follows it is stored with it. The live area carries the chairs' unsaved
#: edits in the merge room onto the new version. Sender: the assembly's id; keywords:
#: ``from_version_id``, ``to_version_id``, ``kind`` ("merge" or "undo"), ``merge_id``,
#: ``by_id`` and ``committed`` (regions of the old version, as (start, end), whose new wording
#: was taken from the merge room, so the room already holds it).
draft_moved = _signals.signal("draft-moved")
