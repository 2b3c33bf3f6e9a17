"""Magazine pages. Inside a network (member gate): the magazine, an article, and for editors the
writing form, pictures and the editorial calendar. Outside (public_views.py): public articles,
their feed and sitemap. Thin: parse, call services/queries, render."""

from datetime import date, timedelta
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entrepairs.accounts.mfa import mfa_setup_redirect
from entrepairs.errors import ActionRefused
from entrepairs.magazine import queries, services
from entrepairs.magazine.actions import digests
from entrepairs.magazine.forms import ArticleForm, ImageForm, SettingsForm
from entrepairs.networks import bridges
from entrepairs.networks.models import EmailPreference
from entrepairs.web.forms import apply_refusal
from entrepairs.web.gates import admin_page, member_page

PER_PAGE = 30


def _editor_only(member):
    if not services.is_editor(member):
        raise PermissionDenied(_("Only the network's editors write its magazine."))


def editor_only(view):
    """After the member gate: 403 for members who are not editors (they know the network exists),
    then two-factor authentication, as for moderators (the setup page otherwise)."""

    @wraps(view)
    def checked(request, member, *args, **kwargs):
        _editor_only(member)
        if setup := mfa_setup_redirect(request):
            return setup
        return view(request, member, *args, **kwargs)

    return checked


@member_page
def index(request, member, slug):
    """Today's article first, then the others by date; `?tag=` narrows to one tag."""
    articles = queries.magazine_articles(member)
    tag = (request.GET.get("tag") or "").strip().lower()[:40]
    if tag:
        articles = articles.filter(tags__icontains=f'"{tag}"')
    articles = list(articles[:PER_PAGE])
    today = queries.todays_article(articles)
    return render(
        request,
        "magazine/index.html",
        {
            "network": member.network,
            "member": member,
            "today": today,
            "articles": [article for article in articles if article is not today],
            "tag": tag,
            "tags": queries.all_tags(member),
            "is_editor": services.is_editor(member),
        },
    )


@member_page
def article(request, member, slug, article_id):
    found = queries.get_article_or_404(member, article_id)
    return render(
        request,
        "magazine/article.html",
        {
            "network": member.network,
            "member": member,
            "article": found,
            "thread_path": bridges.thread_path(slug, found.thread_id),
            "is_editor": services.is_editor(member),
            "live": found.is_live(),
        },
    )


def _article_form(request, member, article=None):
    """The writing page, new or existing article; `publish` or `save_draft` says what to do."""
    _editor_only(member)
    reviewers = list(queries.reviewers(member))
    initial = ArticleForm.initial_of(article) if article else {}
    form = ArticleForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        network=member.network,
        reviewers=reviewers,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        publish = "publish" in request.POST
        try:
            saved = services.save_article(
                member,
                article,
                title=data["title"],
                summary=data["summary"],
                body=data["body"],
                kind=data.get("kind") or "article",
                answer=data.get("answer", ""),
                tags=data["tags"],
                sources=data["sources"],
                reviewer_id=int(data["reviewer"]) if data["reviewer"] else None,
                visibility=data.get("visibility") or "network",
                sponsored=data["sponsored"],
                cover=data["cover"],
                publish=publish,
                publish_at=data["publish_at"],
            )
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            if not publish:
                messages.success(request, _("Draft saved."))
            elif saved.is_live():
                messages.success(request, _("Published."))
            else:
                messages.success(request, _("Scheduled: it comes out on the date chosen."))
            return redirect("magazine:edit", slug=member.network.slug, article_id=saved.pk)
    return render(
        request,
        "magazine/write.html",
        {
            "network": member.network,
            "member": member,
            "form": form,
            "article": article,
            "image_form": ImageForm(),
            "images": list(article.images.all()) if article else [],
        },
    )


@member_page
@editor_only
def write(request, member, slug):
    return _article_form(request, member)


@member_page
@editor_only
def edit(request, member, slug, article_id):
    return _article_form(request, member, queries.get_editable_article_or_404(member, article_id))


@member_page
@editor_only
@require_POST
def add_image(request, member, slug, article_id):
    found = queries.get_editable_article_or_404(member, article_id)
    try:
        image = services.add_image(member, found, request.FILES.get("image"))
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("Picture added: copy %(markdown)s into the text.")
            % {"markdown": f"![](/magazine/images/{image.pk}/)"},
        )
    return redirect("magazine:edit", slug=slug, article_id=found.pk)


@member_page
@editor_only
@require_POST
def delete(request, member, slug, article_id):
    services.delete_article(member, queries.get_editable_article_or_404(member, article_id))
    messages.success(request, _("Article deleted."))
    return redirect("magazine:calendar", slug=slug)


@member_page
@editor_only
def calendar(request, member, slug):
    """The editorial calendar: five weeks from Monday (`?start=YYYY-MM-DD`), and the drafts."""
    try:
        start = date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        start = timezone.localdate()
    start -= timedelta(days=start.weekday())
    articles = queries.calendar(member, start)
    days = []
    for offset in range(35):
        day = start + timedelta(days=offset)
        days.append(
            (
                day,
                [
                    a
                    for a in articles
                    if a.publish_at and a.published and timezone.localdate(a.publish_at) == day
                ],
            )
        )
    weeks = [days[index : index + 7] for index in range(0, 35, 7)]
    return render(
        request,
        "magazine/calendar.html",
        {
            "network": member.network,
            "member": member,
            "weeks": weeks,
            "drafts": [a for a in articles if not a.published],
            "today": timezone.localdate(),
            "previous": start - timedelta(days=35),
            "next": start + timedelta(days=35),
        },
    )


@admin_page
def manage_settings(request, member, slug):
    form = SettingsForm(request.POST or None, instance=services.settings_of(member.network))
    if request.method == "POST" and form.is_valid():
        services.update_settings(member, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("magazine:settings", slug=slug)
    return render(
        request, "magazine/settings.html", {"network": member.network, "member": member, "form": form}
    )


@member_page
def digest_preference(request, member, slug):
    """The member's digest for this network: every day, every week, never."""
    if request.method == "POST":
        try:
            digests.set_digest(member, request.POST.get("digest", ""))
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("magazine:digest", slug=slug)
    return render(
        request,
        "magazine/digest_preference.html",
        {
            "network": member.network,
            "member": member,
            "digest": digests.digest_of(member),
            "choices": EmailPreference.Digest.choices,
        },
    )
