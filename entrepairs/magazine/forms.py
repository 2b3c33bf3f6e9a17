from django import forms
from django.utils.translation import gettext_lazy as _

from entrepairs.magazine.models import Article, MagazineSettings
from entrepairs.networks.models import Network


class ArticleForm(forms.Form):
    """The editor's form. Checks that need the network (reviewer, dates, pictures) are the
    service's: its refusals land on the field they name, and what was typed stays."""

    kind = forms.ChoiceField(label=_("Format"), choices=Article.Kind.choices, initial=Article.Kind.ARTICLE)
    title = forms.CharField(label=_("Title"), max_length=160)
    summary = forms.CharField(
        label=_("Summary"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown in the lists, the digest and when the article is shared."),
    )  # fmt: skip
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Markdown: ## a heading, **bold**, - a list, [a link](https://...); pictures: upload them below."),
    )  # fmt: skip
    answer = forms.CharField(
        label=_("Recommended answer"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Question of the day only: the answer members see under the question."),
    )  # fmt: skip
    cover = forms.FileField(
        label=_("Cover picture"), required=False, help_text=_("JPEG, PNG or WebP, 5 MB at most.")
    )
    tags = forms.CharField(label=_("Tags"), required=False, help_text=_("Separated by commas."))
    sources = forms.CharField(
        label=_("Sources and references"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )  # fmt: skip
    reviewer = forms.ChoiceField(label=_("Validated by"), required=False)
    visibility = forms.ChoiceField(
        label=_("Readers"), choices=Article.Visibility.choices, initial=Article.Visibility.NETWORK,
        widget=forms.RadioSelect,
    )  # fmt: skip
    sponsored = forms.BooleanField(label=_("Sponsored content (shown with a label)"), required=False)
    publish_at = forms.DateTimeField(
        label=_("Publication date"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Empty: at once. A date to come schedules the article."),
    )  # fmt: skip

    def __init__(self, *args, network: Network, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].choices = [("", _("Nobody"))] + [
            (str(member.pk), f"{member.display_name} ({member.qualification.profession.name})")
            for member in reviewers
        ]
        if network.kind != Network.Kind.PROFESSIONALS:
            self.fields["kind"].widget = forms.HiddenInput()
            del self.fields["answer"]
        if not network.is_listed:
            self.fields["visibility"].widget = forms.HiddenInput()

    @staticmethod
    def initial_of(article: Article) -> dict:
        return {
            "kind": article.kind,
            "title": article.title,
            "summary": article.summary,
            "body": article.body,
            "answer": article.answer,
            "tags": ", ".join(article.tags),
            "sources": article.sources,
            "reviewer": str(article.reviewer_id or ""),
            "visibility": article.visibility,
            "sponsored": article.sponsored,
            "publish_at": article.publish_at if article.published else None,
        }


class ImageForm(forms.Form):
    image = forms.FileField(label=_("Picture"))


class SettingsForm(forms.ModelForm):
    class Meta:
        model = MagazineSettings
        fields = ["requires_reviewer", "digest_titles_hidden", "track_digest_opens", "sponsor_sees_analytics"]
