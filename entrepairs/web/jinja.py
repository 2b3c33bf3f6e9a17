"""The Jinja2 environment of the few hot partials (docs/decisions/0026-jinja-for-hot-partials.md).

A thread page prints up to 50 posts, each with a dozen conditions and links; Django's template
language resolved about 2,600 variables a page for them, half the page's CPU. Jinja2 compiles a
template to Python code, so the same rows cost a fraction. Only partials rendered many times per page
use it; pages stay Django templates and include the partial's output.

Strings are not translated in these templates: the Python module that renders a partial passes its
labels already translated (gettext in .py files is what `makemessages` extracts; it does not read
Jinja2 syntax)."""

from jinja2 import Environment, StrictUndefined

from entrepairs.web.templatetags.dates import local_date


def environment(**options) -> Environment:
    # StrictUndefined: a misspelt variable fails the tests instead of printing nothing.
    # Escaping always on (Django's backend passes it too): these partials print members' words.
    options.pop("autoescape", None)
    options["undefined"] = StrictUndefined
    env = Environment(autoescape=True, **options)
    # Dates in the member's time zone (Jinja2 does not convert them as Django's templates do).
    env.filters["date"] = local_date
    return env
