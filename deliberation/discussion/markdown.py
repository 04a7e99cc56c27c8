"""Comment bodies: Markdown in, sanitised HTML out, and the @mentions they hold.

A mention is ``@[Name]``, the member's name as shown, or ``@[Name #42]`` with their member id
when several members share the name (the comment box's suggestions write it so). Pure: no
Flask or database here, so the sanitising is tested on its own.

markdown-it renders with raw HTML off (HTML written in a comment is shown as text), headings
and images off (a comment is not a page; no image loads another site), and bare links made
clickable; nh3 then keeps only the tags below and links to http, https and mailto (or this
site's own paths), each with rel="nofollow ugc noopener". The HTML is made from the stored
source every time it is shown (cached), never stored.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "s",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "span",
    "hr",
}
ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
CLASSES = {"span": {"mention"}}
SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"
#: ``@[Name]`` or ``@[Name #id]``: a name of 1-100 characters on one line, without brackets.
MENTION = re.compile(r"@\[([^\[\]\n#]{1,100}?)(?:\s*#(\d{1,18}))?\]")
MAX_MENTIONS = 20


@dataclass(frozen=True, slots=True)
class Mention:
    name: str
    member_id: int | None = None

    @property
    def key(self) -> str:
        return name_key(self.name)


def name_key(name: str) -> str:
    """How names compare: Unicode-composed, spaces collapsed, case folded."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def _mention_rule(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "@":
        return False
    found = MENTION.match(state.src, state.pos)
    if found is None or not found.group(1).strip():
        return False
    if not silent:
        token = state.push("mention", "span", 0)
        token.meta = {
            "name": " ".join(found.group(1).split()),
            "id": int(found.group(2)) if found.group(2) else None,
        }
    state.pos = found.end()
    return True


def _render_mention(self, tokens, idx, options, env) -> str:
    return f'<span class="mention">@{html.escape(tokens[idx].meta["name"])}</span>'


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    md.enable(["linkify", "strikethrough"])
    md.disable(["heading", "lheading", "image", "html_block", "html_inline"])
    md.inline.ruler.before("link", "mention", _mention_rule)
    md.add_render_rule("mention", _render_mention)
    return md


_MD = _parser()


@lru_cache(maxsize=4096)
def render(body: str) -> str:
    """The body as safe HTML for a page."""
    return nh3.clean(
        _MD.render(body),
        tags=TAGS,
        attributes=ATTRIBUTES,
        allowed_classes=CLASSES,
        url_schemes=SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def mentions(body: str) -> list[Mention]:
    """The mentions in a body, in order, each once (those inside code are not mentions)."""
    found: dict[tuple[str, int | None], Mention] = {}
    for block in _MD.parse(body):
        for token in block.children or ():
            if token.type == "mention":
                mention = Mention(token.meta["name"], token.meta["id"])
                found.setdefault((mention.key, mention.member_id), mention)
    return list(found.values())


def plain(body: str, limit: int = 200) -> str:
    """The body as one line of plain text, at most ``limit`` characters (for notifications)."""
    text = html.unescape(nh3.clean(render(body), tags=set()))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
