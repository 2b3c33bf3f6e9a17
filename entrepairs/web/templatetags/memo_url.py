"""`{% url %}` with the reversal kept per process (entrepairs/web/reversing.py): a builtin of the
Django templates (settings.TEMPLATES), so it replaces Django's own tag in every template. Same
syntax and output, `as var` included."""

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from entrepairs.web.reversing import reverse_memo

register = template.Library()


class MemoURLNode(defaulttags.URLNode):
    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {name: value.resolve(context) for name, value in self.kwargs.items()}
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", None)
        if current_app is None:  # as Django's tag: the namespace of the view that answers
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        url = ""
        try:
            url = reverse_memo(self.view_name.resolve(context), args, kwargs, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return MemoURLNode(node.view_name, node.args, node.kwargs, node.asvar)
