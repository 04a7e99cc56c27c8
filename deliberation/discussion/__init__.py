"""Discussion: comment threads on amendments, proposals and line ranges of versions, with
replies, Markdown, mentions, moderation and live updates."""
