"""Markdown to safe HTML: no raw HTML from members, only an allow-list of tags, safe links."""

import nh3
from markdown_it import MarkdownIt

# html=False: raw HTML typed by a member is shown as text, never interpreted.
_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True}).enable(
    "strikethrough"
)

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "s", "blockquote", "ul", "ol", "li", "code", "pre", "a", "h3", "h4", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render(text: str) -> str:
    html = _renderer.render(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
