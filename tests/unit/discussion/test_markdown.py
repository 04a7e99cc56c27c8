"""Comment bodies: Markdown rendered, then sanitised so no XSS vector survives; mentions parsed."""

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deliberation.discussion.markdown import Mention, mentions, name_key, plain, render

VECTORS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](  javascript:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<<script>script>alert(1)<</script>/script>",
    '<a href="https://ok.example" onclick="alert(1)">x</a>',
    "[x](https://ok.example \"title\" onmouseover=alert(1))",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "```\n</code></pre><script>alert(1)</script>\n```",
    "@[<img src=x onerror=alert(1)>]",
    "<!-- --><script>alert(1)</script>",
    "<form action=https://evil.example><input name=csrf_token></form>",
]
ALLOWED = {
    "p": set(),
    "br": set(),
    "strong": set(),
    "em": set(),
    "s": set(),
    "del": set(),
    "code": set(),
    "pre": set(),
    "blockquote": set(),
    "ul": set(),
    "ol": {"start"},
    "li": set(),
    "a": {"href", "rel"},
    "span": {"class"},
    "hr": set(),
}


class Checker(HTMLParser):
    """Every tag and attribute in the HTML, as a browser's parser sees them: text is harmless."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED:
            self.problems.append(f"<{tag}>")
            return
        for name, _value in attrs:
            if name not in ALLOWED[tag]:
                self.problems.append(f"{tag}[{name}]")
        values = dict(attrs)
        if tag == "a":
            href = (values.get("href") or "").strip().lower()
            scheme = re.match(r"([a-z][a-z0-9+.-]*):", href)
            if scheme and scheme.group(1) not in ("http", "https", "mailto"):
                self.problems.append(f"href={href}")
            if values.get("rel") != "nofollow ugc noopener":
                self.problems.append("rel")
        if tag == "span" and values.get("class") != "mention":
            self.problems.append("span class")

    def handle_comment(self, data):
        self.problems.append("comment")

    def handle_decl(self, decl):
        self.problems.append("decl")


def problems(html: str) -> list[str]:
    checker = Checker()
    checker.feed(html)
    checker.close()
    return checker.problems


def test_the_checker_itself_sees_danger():
    assert problems('<img src=x onerror="alert(1)">') == ["<img>"]
    assert problems('<a href=" JavaScript:alert(1)" rel="nofollow ugc noopener">x</a>') == [
        "href=javascript:alert(1)"
    ]
    assert problems('<p onclick="x">a</p><span class="x">b</span>') == ["p[onclick]", "span class"]


@pytest.mark.parametrize("vector", VECTORS)
def test_no_xss_vector_survives(vector):
    html = render(vector)
    assert problems(html) == [], html


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            VECTORS
            + [
                "**b**",
                "*i*",
                "[ok](https://ok.example)",
                "\n\n",
                "> q\n",
                "@[Ann]",
                "`c`",
                "<",
                ">",
                "&",
                '"',
                "'",
                "](",
                "[",
                "javascript",
                ":",
            ]
        ),
        max_size=12,
    ).map("".join)
)
def test_any_mix_of_vectors_and_markdown_stays_safe(body):
    html = render(body)
    assert problems(html) == [], html


def test_markdown_renders_and_links_are_marked_as_user_content():
    html = render("**bold** *it* ~~gone~~ `code` see https://example.org and [site](/versions/3)\n\n> quoted")
    assert "<strong>bold</strong>" in html and "<em>it</em>" in html and "<s>gone</s>" in html
    assert '<a href="https://example.org" rel="nofollow ugc noopener">https://example.org</a>' in html
    assert '<a href="/versions/3" rel="nofollow ugc noopener">site</a>' in html
    assert "<blockquote>" in html and "<code>code</code>" in html


def test_headings_and_images_are_plain_text():
    html = render("# Big\n\n![alt](https://example.org/x.png)")
    assert "<h1" not in html and "<img" not in html and "# Big" in html


def test_mentions_are_parsed_once_each_and_not_inside_code():
    body = "Hi @[Ann  Lee], @[ann lee] again, @[Bob Stone #42] and `@[Not Me]`\n\n    @[Nor Me]\n\n@[]"
    assert mentions(body) == [Mention("Ann Lee"), Mention("Bob Stone", 42)]
    assert mentions("email@[example.org] is not a name?") == [Mention("example.org")]
    html = render("@[Ann Lee #7]")
    assert html == '<p><span class="mention">@Ann Lee</span></p>\n'


@pytest.mark.parametrize("text", ["@[Ann\nLee]", "@[" + "x" * 101 + "]", "@[a[b]]", "@Ann", "@ [Ann]"])
def test_what_is_not_a_mention(text):
    assert mentions(text) == []


def test_names_compare_without_case_spacing_or_composition():
    assert name_key("Siân  LEE") == name_key("sia\u0302n lee")


def test_plain_text_for_notifications_is_one_short_line():
    text = plain("**Over** to @[Ann Lee]:\n\n" + "word " * 100)
    assert text.startswith("Over to @Ann Lee: word") and len(text) == 200 and text.endswith("…")
    assert plain("a &amp; <b>") == "a & <b>"  # plain text: whoever shows it escapes it
