"""An article's Markdown to safe HTML: no raw HTML, an allow-list of tags, and pictures only from the
magazine's own image addresses (an editor cannot make readers' browsers fetch a third party)."""

import re

import nh3
from markdown_it import MarkdownIt

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": False}).enable(
    ["strikethrough", "table"]
)
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "s", "blockquote", "ul", "ol", "li", "code", "pre", "a", "h2", "h3",
    "h4", "hr", "img", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}
OWN_IMAGE = re.compile(r"^/magazine/images/\d+/$")


def _keep(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not OWN_IMAGE.match(value):
        return None
    return value


def render(text: str) -> str:
    html = _renderer.render(text or "")
    # Markdown headings start at h2: the article's title is the page's h1.
    html = re.sub(r"<(/?)h1>", r"<\1h2>", html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )


def image_ids(text: str) -> set[int]:
    """The magazine images a text shows."""
    return {int(found) for found in re.findall(r"/magazine/images/(\d+)/", text or "")}
