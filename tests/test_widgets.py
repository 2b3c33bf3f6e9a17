"""entrepairs/web/widgets.py prints what Django's widget templates print."""

import pytest
from django import forms
from django.utils.safestring import SafeString

from entrepairs.web.widgets import Select, Textarea

CHOICES = [
    ("", "Tous les espaces"),
    ("vie-quotidienne", "Vie quotidienne & <astuces>"),
    ("traitements", 'Traitements "lourds"'),
    (3, "Trois"),
]
GROUPED = [("Groupe <A>", [("a", "A"), ("b", "B")]), ("c", "C")]


def form_with(widget_class, choices, **field_options):
    class Sample(forms.Form):
        choice = forms.ChoiceField(choices=choices, widget=widget_class(attrs={"class": "wide", "data-x": True}),
                                   **field_options)  # fmt: skip

    return Sample


@pytest.mark.parametrize("choices", [CHOICES, GROUPED, []])
@pytest.mark.parametrize(
    "data", [None, {"choice": "traitements"}, {"choice": "absent"}, {"choice": "3"}, {"choice": ""}]
)
@pytest.mark.parametrize("required", [True, False])
def test_select_prints_what_djangos_templates_print(choices, data, required):
    ours, theirs = (
        form_with(Select, choices, required=required),
        form_with(forms.Select, choices, required=required),
    )
    ours_form, theirs_form = ours(data, prefix="p"), theirs(data, prefix="p")
    ours_form.is_valid(), theirs_form.is_valid()  # errors add aria-invalid
    assert str(ours_form["choice"]) == str(theirs_form["choice"])
    help_form = ours(data, auto_id="f_%s")
    assert str(help_form["choice"]) == str(theirs(data, auto_id="f_%s")["choice"])


def test_search_form_uses_it():
    from entrepairs.discussions.forms import SearchForm

    form = SearchForm(spaces=[])
    assert isinstance(form.fields["space"].widget, Select) and isinstance(form.fields["kind"].widget, Select)


@pytest.mark.parametrize(
    "data",
    [None, {"body": ""}, {"body": 'Ma fatigue <b>&</b> "moi"'}, {"body": "x" * 30}, {"body": "\nligne\n"}],
)
@pytest.mark.parametrize("required", [True, False])
@pytest.mark.parametrize(
    "attrs", [{"rows": 5}, {"rows": 3, "data-composer-body": "", "disabled": True, "hidden": False}]
)
def test_textarea_prints_what_djangos_template_prints(data, required, attrs):
    def form_of(widget_class):
        class Sample(forms.Form):
            body = forms.CharField(widget=widget_class(attrs=dict(attrs)), required=required, max_length=20,
                                   help_text="Aide <ici>")  # fmt: skip

        return Sample

    for options in ({}, {"initial": {"body": SafeString("<i>sûr</i>")}}, {"auto_id": "f_%s", "prefix": "p"}):
        ours, theirs = form_of(Textarea)(data, **options), form_of(forms.Textarea)(data, **options)
        ours.is_valid(), theirs.is_valid()  # errors add aria-invalid
        assert str(ours["body"]) == str(theirs["body"])
        assert "<textarea" in str(ours["body"])


def test_the_composers_use_it():
    from entrepairs.discussions.forms import EditForm, ReplyForm
    from entrepairs.messaging.forms import ComposeForm

    for form_class in (ReplyForm, EditForm, ComposeForm):
        assert isinstance(form_class.base_fields["body"].widget, Textarea), form_class
