"""Draft proposals edited live: the live pump stores keystrokes many times a second, outside
the ORM, so they reach the index through a signal and a pause (SEARCH_DRAFT_REFRESH_SECONDS)
rather than the outbox of every commit. If the process stops before the pause ends, the
draft's entry is stale until `flask search check --repair` (which compares the live text)."""
from deliberation.signals import live_text_stored

_PREFIX = "proposal:"


def _on_live_text(app, room: str = "", **_kw) -> None:
    indexer = app.extensions.get("search")
    if indexer is not None and room.startswith(_PREFIX) and room[len(_PREFIX):].isdigit():
        indexer.draft_changed(int(room[len(_PREFIX):]))


def install() -> None:
    live_text_stored.connect(_on_live_text)
