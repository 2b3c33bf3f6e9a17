from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from entrepairs.discussions.case_photos.forms import PhotosField
from entrepairs.discussions.models import ClinicalCase, Poll, Thread
from entrepairs.privacy.forms import ConfirmPrivacyField
from entrepairs.web.widgets import Select, Textarea

MENTION_HELP = _(
    "To mention a member, type @ and the start of their pseudonym, then choose it: it is written "
    "@[Pseudonym] and the member is notified."
)


class ThreadForm(forms.Form):
    """A discussion or a question (the kind comes from the page's tab; cases and polls have their
    own forms)."""

    space = forms.ChoiceField(label=_("Space"))
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        widget=Textarea(attrs={"rows": 8}),
        help_text=format_lazy(
            "{} {}",
            _(
                "Markdown: **bold**, *italic*, > quote, - list. Never write anyone's name, address or numbers."
            ),
            MENTION_HELP,
        ),
    )
    confirm_privacy = ConfirmPrivacyField()

    def __init__(self, *args, spaces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].choices = [(space.slug, space.name) for space in spaces]


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your reply"), widget=Textarea(attrs={"rows": 5}), help_text=MENTION_HELP)
    confirm_privacy = ConfirmPrivacyField()


class EditForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=Textarea(attrs={"rows": 8}), help_text=MENTION_HELP)
    confirm_privacy = ConfirmPrivacyField()


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    # Selects printed in Python (web/widgets.py): the form is on every search page.
    space = forms.ChoiceField(label=_("Space"), required=False, widget=Select)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *Thread.Kind.choices], widget=Select
    )
    author = forms.CharField(label=_("Author (pseudonym)"), max_length=40, required=False)

    def __init__(self, *args, spaces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].choices = [("", _("All spaces"))] + [
            (space.slug, space.name) for space in spaces
        ]


class CaseForm(forms.Form):
    space = forms.ChoiceField(label=_("Space"))
    title = forms.CharField(label=_("Title"), max_length=200)
    age_band = forms.ChoiceField(label=_("Age band"), choices=ClinicalCase.AgeBand.choices)
    sex = forms.ChoiceField(label=_("Sex"), choices=ClinicalCase.Sex.choices, initial="U")
    context = forms.CharField(label=_("Context"), widget=Textarea(attrs={"rows": 4}), max_length=4000)
    history = forms.CharField(
        label=_("History"), widget=Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )
    examinations = forms.CharField(
        label=_("Examinations"), widget=Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )
    question = forms.CharField(
        label=_("Your question to colleagues"), widget=Textarea(attrs={"rows": 3}), max_length=2000
    )
    photos = PhotosField(required=False)
    confirm_privacy = ConfirmPrivacyField()

    def __init__(self, *args, spaces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].choices = [(space.slug, space.name) for space in spaces]


class PollForm(forms.Form):
    space = forms.ChoiceField(label=_("Space"))
    title = forms.CharField(label=_("Question"), max_length=200)
    body = forms.CharField(label=_("Details"), widget=Textarea(attrs={"rows": 3}))
    options = forms.CharField(
        label=_("Answers, one per line"),
        widget=Textarea(attrs={"rows": 5}),
        help_text=_("From 2 to 10 answers."),
        error_messages={"required": _("Write at least two answers, one per line.")},
    )
    multiple = forms.BooleanField(label=_("Several answers allowed"), required=False)
    closes_at = forms.DateTimeField(
        label=_("Closes on (optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    results = forms.ChoiceField(label=_("Results"), choices=Poll.Results.choices)
    confirm_privacy = ConfirmPrivacyField()

    def __init__(self, *args, spaces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].choices = [(space.slug, space.name) for space in spaces]

    def clean_options(self):
        """At least two distinct answers, said on the field (the typed list stays in it)."""
        from entrepairs.discussions.actions.cases_and_polls import MAX_OPTIONS

        labels = [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]
        if len(labels) < 2:
            raise forms.ValidationError(_("A poll needs at least two answers, one per line."))
        if len(labels) > MAX_OPTIONS:
            raise forms.ValidationError(_("A poll has between 2 and %(max)d answers.") % {"max": MAX_OPTIONS})
        return "\n".join(labels)


class SolveForm(forms.Form):
    conclusion = forms.CharField(label=_("Conclusion"), widget=Textarea(attrs={"rows": 4}), max_length=4000)
    confirm_privacy = ConfirmPrivacyField()


class SpaceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=1000, required=False)


class DeleteForm(forms.Form):
    """Confirming a deletion; a moderator deleting someone else's content also gives the reason."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=Textarea(attrs={"rows": 3}),
        help_text=_("The author is told. Write no health detail."),
    )
    confirm = forms.BooleanField(
        label=_("I confirm the deletion."), error_messages={"required": _("Tick the box to confirm.")}
    )

    def __init__(self, *args, needs_reason: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_reason:
            del self.fields["reason"]


class ExpertNoteForm(forms.Form):
    body = forms.CharField(label=_("Note"), max_length=2000, widget=Textarea(attrs={"rows": 5}))
    source = forms.CharField(
        label=_("Source"),
        max_length=500,
        help_text=_("A reference or a link people can check: a guideline, a study, a package leaflet."),
    )
    confirm_privacy = ConfirmPrivacyField()


class HideOldPostsForm(forms.Form):
    """Lowering the visibility of one's old posts (actions/hide_old_posts.py)."""

    before = forms.DateField(
        label=_("Hide my posts written before"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave it as it is to hide every post written before today."),
    )
