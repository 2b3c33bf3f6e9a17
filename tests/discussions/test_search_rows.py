"""Search results are printed by a Jinja2 partial (post_rows.render_search_results): the same HTML as
the Django template loop it replaced, highlights kept, everything typed by members escaped."""

import re

from django.template import engines
from django.utils import translation

from entrepairs.discussions.search import START, STOP, Result, _highlight
from entrepairs.web.links import UrlPattern

REFERENCE = """{% load i18n links %}{% for result in results %}
    <li class="card"><h3><a href="{{ links.thread|with_key:result.thread_id }}#post-{{ result.post_id }}">{{ result.title_html|default:result.title }}</a></h3>
      <p>{{ result.snippet }}</p><p class="small muted">{% blocktranslate with name=result.author %}by {{ name }}{% endblocktranslate %}</p></li>
  {% endfor %}"""  # noqa: E501


def normalised(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


def test_search_rows_print_what_the_template_loop_printed():
    links = {"thread": UrlPattern("discussions:thread", "thread_id", slug="breast")}
    results = [
        Result(1, 10, "Titre <b>", _highlight(f"avant {START}fatigue{STOP} après <i>"), "Loutre <script>",
               _highlight(f"Titre {START}x{STOP}")),
        Result(2, 11, "Autre & titre", _highlight("rien"), "Héron \"d'eau\"", ""),
    ]  # fmt: skip
    django = engines["django"]
    for language in ("fr", "en"):
        with translation.override(language):
            context = {"results": results, "links": links}
            expected = django.from_string(REFERENCE).render(context)
            printed = django.from_string(
                "{% load discussion_tags %}{% search_results results links %}"
            ).render(context)
            assert normalised(printed) == normalised(expected)
    assert "<mark>fatigue</mark>" in printed and "&lt;script&gt;" in printed and "<b>" not in printed
