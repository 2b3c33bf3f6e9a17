from django import forms
from django.utils.translation import gettext_lazy as _

from entrepairs.discussions.models import Thread


class ThreadForm(forms.Form):
    space = forms.ChoiceField(label=_("Space"))
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Thread.Kind.choices, widget=forms.RadioSelect, initial="discussion"
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Markdown: **bold**, *italic*, > quote, - list. Never write anyone's name, address or numbers."
        ),
    )

    def __init__(self, *args, spaces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].choices = [(space.slug, space.name) for space in spaces]


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 5}))


class EditForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    space = forms.ChoiceField(label=_("Space"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *Thread.Kind.choices])

    def __init__(self, *args, spaces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].choices = [("", _("All spaces"))] + [
            (space.slug, space.name) for space in spaces
        ]
