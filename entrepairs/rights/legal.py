"""The legal pages (terms of use, privacy policy, legal notice, accessibility statement): the
operator's text when they wrote one (LegalPage, edited in the admin), else the default in
legal_texts/<kind>.<fr|en>.md. Markdown rendered without raw HTML, then cleaned (nh3)."""

from functools import cache
from pathlib import Path

import nh3
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

from entrepairs.rights.models import LegalPage

TEXTS = Path(__file__).parent / "legal_texts"
Kind = LegalPage.Kind
_renderer = MarkdownIt("commonmark", {"html": False}).enable("table")
TAGS = {
    "p", "br", "strong", "em", "blockquote", "ul", "ol", "li", "code", "a", "h2", "h3", "h4", "hr",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


@cache
def default_text(kind: str, language: str) -> str:
    language = "fr" if language == "fr" else "en"
    return (TEXTS / f"{kind}.{language}.md").read_text(encoding="utf-8")


def text_of(kind: str, language: str) -> tuple[str, object]:
    """(Markdown, last update or None for the default) in the language asked (French or English)."""
    page = LegalPage.objects.filter(kind=kind).first()
    if page is None:
        return default_text(kind, language), None
    return (page.body_fr if language == "fr" else page.body_en), page.updated_at


def render(text: str) -> str:
    html = nh3.clean(
        _renderer.render(text),
        tags=TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(html)  # noqa: S308 - cleaned by nh3 just above
