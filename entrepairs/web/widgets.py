"""Widgets printed by Python rather than through Django's widget templates.

Django renders a <select> with one template include per <option>: 0.5 ms for a list of a dozen
choices, on pages shown at every search. `Select` here prints the same HTML as Django's
django/forms/widgets/select.html and select_option.html (tests/test_widgets.py compares them for
attributes, selected values, empty and grouped choices), from the same context Django builds, so
BoundField's attributes (id, required, aria-describedby, aria-invalid) come through unchanged.
`Textarea` likewise (textarea.html): the reply box under every thread page cost it 0.6 ms."""

from django import forms
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString


def _attributes(attrs: dict) -> str:
    # As django/forms/widgets/attrs.html: False leaves the attribute out, True prints its name alone.
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {name}" if value is True else f' {name}="{escape(value)}"')
    return "".join(parts)


class Select(forms.Select):
    def _render(self, template_name, context, renderer=None):
        if template_name != self.template_name:  # a subclass's own template
            return super()._render(template_name, context, renderer)
        widget = context["widget"]
        html = [f'<select name="{escape(widget["name"])}"{_attributes(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                html.append(f'\n  <optgroup label="{escape(group_name)}">')
            html.extend(  # the option template ends with a newline
                f'\n  <option value="{escape(option["value"])}"{_attributes(option["attrs"])}>'
                f"{escape(option['label'])}</option>\n"
                for option in group_choices
            )
            if group_name:
                html.append("\n  </optgroup>")
        html.append("\n</select>")
        return SafeString("".join(html))


class Textarea(forms.Textarea):
    def _render(self, template_name, context, renderer=None):
        if template_name != self.template_name:  # a subclass's own template
            return super()._render(template_name, context, renderer)
        widget = context["widget"]
        # As the template: the value printed through autoescape (conditional_escape), after a newline.
        value = conditional_escape(widget["value"]) if widget["value"] else ""
        return SafeString(
            f'<textarea name="{escape(widget["name"])}"{_attributes(widget["attrs"])}>\n{value}</textarea>'
        )
