"""`{{ text|french }}`: French typography (elision, no-break spaces before : ; ! ?) on a sentence
built from a translation and names, in French only. See entrepairs/typography.py."""

from django import template
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

from entrepairs import typography

register = template.Library()


@register.filter(is_safe=True)
def french(text):
    if not (get_language() or "").startswith("fr"):
        return text
    fixed = typography.french(str(text))
    # Only an apostrophe or a no-break space was added: escaped text stays escaped.
    return mark_safe(fixed) if isinstance(text, SafeData) else fixed  # noqa: S308
