"""`{% site_header %}` and `{% site_footer %}`: the page frame (entrepairs/web/chrome.py), rendered
with Jinja2 from the page's own context."""

from django import template

from entrepairs.web import chrome

register = template.Library()


@register.simple_tag(takes_context=True)
def site_header(context):
    return chrome.site_header(context)


@register.simple_tag(takes_context=True)
def site_footer(context):
    return chrome.site_footer(context)
