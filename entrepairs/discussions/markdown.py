"""Markdown to safe HTML: no raw HTML from members, only an allow-list of tags, safe links."""

import nh3
from django.utils.html import escape
from markdown_it import MarkdownIt

from entrepairs.privacy import policy

# html=False: raw HTML typed by a member is shown as text, never interpreted.
_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True}).enable(
    "strikethrough"
)

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "s", "blockquote", "ul", "ol", "li", "code", "pre", "a", "h3", "h4", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


# Private-use characters mark where a mention goes while markdown renders the rest; typed ones are
# dropped first, so a member cannot forge a mark.
_OPEN, _CLOSE = "\ue000", "\ue001"


def render(text: str, mentions: dict[str, str] | None = None) -> str:
    """`mentions`: {pseudonym: profile URL} of the members the text mentions (services resolve them
    through the access layer). Each mention shows as a chip linking to the profile; a bracketed
    `@[...]` naming nobody shows as plain "@name", never its raw syntax."""
    text = (text or "").replace(_OPEN, "").replace(_CLOSE, "")
    chips: list[str] = []
    spans = policy.mention_spans(text, list(mentions or {})) if "@" in text else []
    for start, end, name in reversed(spans):
        shown = name or " ".join(text[start + 2 : end - 1].split())
        if name:
            chips.append(f'<a class="mention" href="{escape(mentions[name])}">@{escape(shown)}</a>')
        else:
            chips.append(f'<span class="mention mention-unknown">@{escape(shown)}</span>')
        text = f"{text[:start]}{_OPEN}{len(chips) - 1}{_CLOSE}{text[end:]}"
    html = nh3.clean(
        _renderer.render(text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    for index, chip in enumerate(chips):
        html = html.replace(f"{_OPEN}{index}{_CLOSE}", chip)
    return html
