"""Discussion pages of a network. Members only: everyone else gets 404 (anonymous: login redirect)."""

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from entrepairs.accounts.mfa import require_mfa_for_role
from entrepairs.discussions import post_rows, queries, services
from entrepairs.discussions.actions import cases_and_polls, living
from entrepairs.discussions.actions import hide_old_posts as old_posts
from entrepairs.discussions.actions.moderator_reads import audit_hidden_reads
from entrepairs.discussions.case_photos import services as case_photo_services
from entrepairs.discussions.forms import (
    CaseForm,
    DeleteForm,
    EditForm,
    ExpertNoteForm,
    HideOldPostsForm,
    PollForm,
    ReplyForm,
    SolveForm,
    ThreadForm,
)
from entrepairs.discussions.models import Reaction, Thread
from entrepairs.errors import ActionRefused
from entrepairs.moderation import network_settings
from entrepairs.networks import access
from entrepairs.privacy import queries as privacy_queries
from entrepairs.privacy.forms import confirmed
from entrepairs.web.forms import apply_refusal
from entrepairs.web.gates import admin_page, member_page, moderator_page
from entrepairs.web.links import UrlPattern
from entrepairs.web.pagination import cursor_position, keyset_page, page_of

THREADS_PER_PAGE = 30
POSTS_PER_PAGE = 50


def _newest_first(request, rows, sort_field: str):
    """One page of `rows`, newest `sort_field` first, after the `?before=` cursor (web/pagination.py)."""
    return keyset_page(
        rows,
        sort_field=sort_field,
        cursor=request.GET.get("before"),
        limit=THREADS_PER_PAGE,
        descending=True,
        parse=datetime.fromisoformat,
    )


def _thread_list(request, member, space=None):
    """One page of the thread list (of one space if given) after the `?before=` cursor."""
    after = cursor_position(request.GET.get("before"), datetime.fromisoformat)
    threads = queries.thread_list(member, limit=THREADS_PER_PAGE + 1, space=space, after=after)
    return page_of(threads, sort_field="last_activity_at", limit=THREADS_PER_PAGE)


@member_page
def index(request, member, slug):
    threads, next_cursor = _thread_list(request, member)
    return render(
        request,
        "discussions/index.html",
        {
            "network": member.network,
            "member": member,
            "spaces": queries.spaces(member),
            "threads": threads,
            "links": _thread_links(slug),
            "next_cursor": next_cursor,
            "unanswered": queries.first_unanswered_questions(member, 5),
            "followed": queries.followed_threads(member),
            "empty_hint": "network",
        },
    )


def _show_support(request, member, published) -> None:
    """Crisis response: when what was just published suggests distress, its author sees the support
    lines of the network's country at once (the moderators got a priority item)."""
    if getattr(published, "support", None):
        messages.warning(request, network_settings.support_message(member.network))


@member_page
def space(request, member, slug, space_slug):
    found = queries.get_space_or_404(member, space_slug)
    threads, next_cursor = _thread_list(request, member, space=found)
    return render(
        request,
        "discussions/space.html",
        {
            "network": member.network,
            "member": member,
            "space": found,
            "space_followed": not found._state.adding and found.pk in queries.followed_space_ids(member),
            "empty_hint": "space",
            "threads": threads,
            "links": _thread_links(slug),
            "next_cursor": next_cursor,
        },
    )


@member_page
def new_thread(request, member, slug):
    """One page, one tab and one form per kind the network offers (services.allowed_kinds):
    ?kind=question, ?kind=poll, ?kind=case (professional networks only)."""
    spaces = queries.spaces(member)
    allowed = services.allowed_kinds(member.network)
    kind = request.GET.get("kind") or request.POST.get("kind") or "discussion"
    if kind not in allowed:
        kind = "discussion"
    form_class = {"case": CaseForm, "poll": PollForm}.get(kind, ThreadForm)
    form = form_class(
        request.POST or None,
        request.FILES or None,
        spaces=spaces,
        initial={"space": request.GET.get("space")},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            space = services.get_space_for_writing(member, data.pop("space"))
            if kind == "case":  # with its photos, if any: all or nothing
                thread = case_photo_services.create_case_with_photos(member, space, **data)
            elif kind == "poll":
                data["options"] = data["options"].splitlines()
                thread = cases_and_polls.create_poll(member, space, **data)
            else:
                thread = services.create_thread(member, space, kind=kind, **data)
        except ActionRefused as refusal:
            apply_refusal(form, refusal)  # the typed text stays in the form
            if data.get("photos") and refusal.field != "photos":
                form.add_error(
                    "photos", _("Files cannot be kept when the form comes back: choose the photos again.")
                )
        else:
            _show_support(request, member, thread)
            if data.get("photos"):  # the author reviews them (faces blurred or not) before anyone sees them
                return redirect("discussions:case_photos", slug=slug, thread_id=thread.pk)
            return redirect("discussions:thread", slug=slug, thread_id=thread.pk)
    return render(
        request,
        "discussions/new_thread.html",
        {
            "network": member.network,
            "member": member,
            "form": form,
            "kind": kind,
            "kinds": [(value, Thread.Kind(value).label) for value in allowed],
        },
    )


@member_page
@require_POST
def vote(request, member, slug, thread_id):
    found = queries.get_thread_or_404(member, thread_id)
    poll = queries.get_poll_or_404(member, found)
    try:
        choices = [int(value) for value in request.POST.getlist("options") if value.isdigit()]
        cases_and_polls.vote(member, poll, choices)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Your vote has been recorded."))
    return redirect("discussions:thread", slug=slug, thread_id=found.pk)


@member_page
@require_POST
def solve(request, member, slug, thread_id):
    found = queries.get_thread_or_404(member, thread_id)
    form = SolveForm(request.POST)
    if form.is_valid():
        try:
            cases_and_polls.solve_case(
                member, found, conclusion=form.cleaned_data["conclusion"], confirm_privacy=confirmed(form)
            )
        except ActionRefused as refusal:
            if refusal.field != "conclusion":
                messages.error(request, refusal.message)
                return redirect("discussions:thread", slug=slug, thread_id=found.pk)
            apply_refusal(form, refusal)
        else:
            return redirect("discussions:thread", slug=slug, thread_id=found.pk)
    # The thread page again, with the conclusion as typed and what to change (never lost).
    return _thread_page(request, member, found, reply_form=ReplyForm(), solve_form=form)


@member_page
def thread(request, member, slug, thread_id):
    found = queries.get_thread_or_404(member, thread_id)
    initial = {}
    if quoted_id := request.GET.get("quote", "").strip():
        if quoted_id.isdigit():
            quoted = queries.get_post_or_404(member, int(quoted_id))
            if quoted.thread_id == found.pk:
                initial["body"] = services.quote(quoted)
    form = ReplyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_reply(
                member, found, body=form.cleaned_data["body"], confirm_privacy=confirmed(form)
            )
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            _show_support(request, member, post)
            if post.approval_pending_since:
                messages.info(request, _("Your reply is published once a moderator approves it."))
            else:
                messages.success(request, _("Your reply has been published."))
            return redirect(_post_url(member, found, post))
    return _thread_page(request, member, found, reply_form=form, solve_form=SolveForm())


def _post_url(member, thread, post) -> str:
    """The thread's page that holds `post`, at the post: never page 1 when the post is on page 3."""
    page = (queries.position_of_post(member, thread, post) - 1) // POSTS_PER_PAGE + 1
    url = reverse("discussions:thread", kwargs={"slug": member.network.slug, "thread_id": thread.pk})
    return url + (f"?page={page}" if page > 1 else "") + f"#post-{post.pk}"


def _requested_page(request) -> int:
    """`?page=N` (1 by default; `last` for the last page); anything else reads as page 1."""
    raw = request.GET.get("page", "")
    if raw == "last":
        return 10**9  # clamped to the last page by queries.thread_page
    return int(raw) if raw.isdigit() and len(raw) < 7 else 1


def _thread_page(request, member, found, *, reply_form, solve_form):
    follow = queries.my_follow(member, found)
    read_until = follow.last_read_at if follow and follow.last_read_at < found.last_activity_at else None
    paged = queries.thread_page(
        member, found, page=_requested_page(request), per_page=POSTS_PER_PAGE, read_until=read_until
    )
    posts = paged["posts"]
    if request.method == "GET":
        services.mark_thread_read(member, found, follow)
    _attach_reaction_buttons(
        posts, queries.reaction_summary(member, posts), Reaction.kinds_for(member.network)
    )
    revisions = queries.revisions_for_moderators(member, posts)
    author_hidden = queries.author_hidden_texts(member, posts)
    services.audit_hidden_read(member, found, posts)  # content hidden by moderation
    # Deleted posts, earlier versions, posts hidden by their author.
    audit_hidden_reads(member, found, posts, revisions, author_hidden if member.is_moderator else None)
    context = {
        "network": member.network,
        "member": member,
        "thread": found,
        "posts": posts,
        "links": _post_links(member.network.slug),
        "can_accept": found.kind == "question" and services.may_accept_answer(member, found),
        "may_note": services.may_add_expert_note(member),
        "revisions": revisions,
        "author_hidden": author_hidden,
        # Moderators see which kinds of personal data an author confirmed (kinds, never values).
        "privacy_confirmed": privacy_queries.confirmed_kinds_for_moderators(member, posts),
        "notes": queries.expert_notes(member, posts),
        "saved_ids": {post.pk for post in posts if post.is_saved},
    }
    return render(
        request,
        "discussions/thread.html",
        {
            **context,
            "posts_html": post_rows.render_posts(request, context),
            "pagination": _pagination(paged),
            "form": reply_form,
            "follow": follow,
            "poll": queries.poll_state(member, found) if found.kind == "poll" else None,
            "solve_form": solve_form,
        },
    )


def _pagination(paged: dict) -> dict:
    page, pages = paged["page"], paged["pages"]
    return {
        "page": page,
        "pages": pages,
        "previous": page - 1 if page > 1 else None,
        "next": page + 1 if page < pages else None,
        "first_unread_page": paged["first_unread_page"],
    }


def _post_links(slug: str) -> dict[str, UrlPattern]:
    """The actions of every post of a page, each route reversed once (web/links.py)."""
    links = {
        name: UrlPattern(f"discussions:{route}", "post_id", slug=slug)
        for name, route in (
            ("react", "react"),
            ("edit", "edit_post"),
            ("delete", "delete_post"),
            ("accept", "accept"),
            ("note", "expert_note"),
            ("save", "save_post"),
        )
    }
    links["report"] = UrlPattern("moderation:report", "object_id", slug=slug, kind="post")
    return links


def _thread_links(slug: str) -> dict[str, UrlPattern]:
    """Links of a list of threads: each thread and its space, each route reversed once."""
    return {
        "thread": UrlPattern("discussions:thread", "thread_id", slug=slug),
        "space": UrlPattern("discussions:space", "space_slug", slug_key=True, slug=slug),
    }


def _attach_reaction_buttons(posts: list, summary: dict[int, dict], offered: list[tuple[str, str]]) -> None:
    """Each post's reaction buttons as (kind, label, count, mine), in the order the network offers
    them (Reaction.kinds_for): built here rather than looked up kind by kind in the template (200
    lookups a page)."""
    kinds = [(kind, str(label)) for kind, label in offered]
    for post in posts:
        counts = summary.get(post.pk, {})
        post.reaction_buttons = [
            (kind, label, counts[kind]["count"], counts[kind]["mine"])
            if kind in counts
            else (kind, label, 0, False)
            for kind, label in kinds
        ]


@member_page
def edit_post(request, member, slug, post_id):
    post = queries.get_post_or_404(member, post_id)
    if not services.may_edit_post(member, post):
        raise PermissionDenied
    if post.author_hidden_at:
        messages.info(request, _("You hid this message: show your old messages again to edit it."))
        return redirect("discussions:hide_old_posts", slug=slug)
    form = EditForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(member, post, body=form.cleaned_data["body"], confirm_privacy=confirmed(form))
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            _show_support(request, member, post)
            return redirect(
                reverse("discussions:thread", kwargs={"slug": slug, "thread_id": post.thread_id})
                + f"#post-{post.pk}"
            )
    return render(
        request,
        "discussions/edit_post.html",
        {"network": member.network, "member": member, "post": post, "form": form},
    )


def _post_action(request, member, slug, post_id, action):
    post = queries.get_post_or_404(member, post_id)
    try:
        action(member, post)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    return redirect(
        reverse("discussions:thread", kwargs={"slug": slug, "thread_id": post.thread_id}) + f"#post-{post.pk}"
    )


def _confirm_deletion(request, member, slug, item, *, delete, thread, is_thread: bool):
    """A deletion is confirmed on its own page: the author ticks a box; a moderator deleting someone
    else's post or thread also gives the reason the author is told. GET shows the page, POST deletes
    (or shows it again with what is missing, the typed reason kept)."""
    if not services.may_delete(member, item):
        raise PermissionDenied
    form = DeleteForm(request.POST or None, needs_reason=item.author_id != member.pk)
    if request.method == "POST" and form.is_valid():
        try:
            delete(
                member,
                item,
                reason=form.cleaned_data.get("reason", ""),
                confirmed=form.cleaned_data["confirm"],
            )
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            if is_thread:
                messages.success(request, _("The thread has been deleted."))
                return redirect("discussions:index", slug=slug)
            messages.success(request, _("The message has been deleted."))
            return redirect(reverse("discussions:thread", kwargs={"slug": slug, "thread_id": thread.pk}))
    return render(
        request,
        "discussions/confirm_delete.html",
        {
            "network": member.network,
            "member": member,
            "form": form,
            "item": item,
            "thread": thread,
            "is_thread": is_thread,
        },
    )


@member_page
def delete_post(request, member, slug, post_id):
    post = queries.get_post_or_404(member, post_id)
    return _confirm_deletion(
        request, member, slug, post, delete=services.delete_post, thread=post.thread, is_thread=False
    )


@member_page
def delete_thread(request, member, slug, thread_id):
    found = queries.get_thread_or_404(member, thread_id)
    return _confirm_deletion(
        request, member, slug, found, delete=services.delete_thread, thread=found, is_thread=True
    )


@member_page
@require_POST
def react(request, member, slug, post_id):
    kind = request.POST.get("kind", "")
    return _post_action(
        request, member, slug, post_id, lambda member, post: services.toggle_reaction(member, post, kind)
    )


@member_page
@require_POST
def accept(request, member, slug, post_id):
    def _accept(member, post):
        services.accept_answer(member, post)
        messages.success(request, _("The answer has been accepted."))

    return _post_action(request, member, slug, post_id, _accept)


NOTIFICATIONS_PER_PAGE = 50


@member_page
def notifications(request, member, slug):
    from entrepairs.discussions.actions import emails

    if request.method == "POST":
        if "frequency" in request.POST:
            try:
                emails.set_frequency(member, request.POST["frequency"])
                messages.success(request, _("Your email preference has been saved."))
            except ActionRefused as refusal:
                messages.error(request, refusal.message)
        else:
            services.mark_notifications_read(member)
        return redirect("discussions:notifications", slug=slug)
    items, next_cursor = keyset_page(
        queries.my_notifications(member),
        sort_field="created_at",
        cursor=request.GET.get("before"),
        limit=NOTIFICATIONS_PER_PAGE,
        descending=True,
        parse=datetime.fromisoformat,
    )
    return render(
        request,
        "discussions/notifications.html",
        {
            "network": member.network,
            "member": member,
            "notifications": items,
            "groups": queries.grouped_notifications(items),
            "next_cursor": next_cursor,
            "frequency": emails.frequency_of(member),
            "frequencies": emails.EmailPreference.Frequency.choices,
        },
    )


@member_page
def open_notification(request, member, slug, notification_id):
    """Follow a notification: it is read (with its group), and the member lands on the post, on the
    page of the thread that holds it. A thread gone since reads as a message, not an error."""
    notification = queries.get_notification_or_404(member, notification_id)
    services.open_notification(member, notification)
    try:
        found = queries.get_thread_or_404(member, notification.thread_id)
    except Http404:
        messages.info(request, _("This thread is no longer available."))
        return redirect("discussions:notifications", slug=slug)
    post = notification.post
    if post is None or not queries.may_see_post(member, post):
        return redirect("discussions:thread", slug=slug, thread_id=found.pk)
    return redirect(_post_url(member, found, post))


@member_page
@require_POST
def follow(request, member, slug, thread_id):
    found = queries.get_thread_or_404(member, thread_id)
    choice = request.POST.get("follow")
    if choice == "follow":
        services.follow_thread(member, found)
    elif choice == "mute":
        services.follow_thread(member, found, muted=True)
    elif choice == "unfollow":
        services.unfollow_thread(member, found)
    return redirect("discussions:thread", slug=slug, thread_id=found.pk)


@member_page
def search(request, member, slug):
    from entrepairs.discussions import search as search_backend
    from entrepairs.discussions.forms import SearchForm

    spaces = queries.spaces(member)
    form = SearchForm(request.GET or None, spaces=spaces)
    results = []
    page = request.GET.get("page", "1")
    page = int(page) if page.isdigit() and 1 <= int(page) <= search_backend.MAX_PAGES else 1
    if form.is_valid() and form.cleaned_data["q"]:
        space = next((item for item in spaces if item.slug == form.cleaned_data["space"]), None)
        author = access.member_named(member, form.cleaned_data["author"])
        if form.cleaned_data["author"] and author is None:
            form.add_error("author", _("No member of this network has this pseudonym."))
        else:
            try:
                results = search_backend.search(
                    member,
                    form.cleaned_data["q"],
                    space_id=space.pk if space else None,
                    kind=form.cleaned_data["kind"] or None,
                    author_id=author.pk if author else None,
                    page=page,
                )
            except search_backend.SearchTooSlow as refusal:
                form.add_error("q", refusal.message)
    more = len(results) > search_backend.PAGE_SIZE
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "discussions/search.html",
        {
            "network": member.network,
            "member": member,
            "form": form,
            "results": results[: search_backend.PAGE_SIZE],
            "page": page,
            "next_page": page + 1 if more and page < search_backend.MAX_PAGES else None,
            "previous_page": page - 1 if page > 1 else None,
            "query_string": query.urlencode(),
            "links": _thread_links(slug),
        },
    )


@admin_page
def manage_spaces(request, admin, slug):
    """Network administrators add, rename, order and delete spaces."""
    from entrepairs.discussions.forms import SpaceForm

    form = SpaceForm(request.POST or None) if request.POST.get("action") == "create" else SpaceForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "create" and form.is_valid():
                services.create_space(
                    admin, name=form.cleaned_data["name"], description=form.cleaned_data["description"]
                )
                messages.success(request, _("The space has been created."))
                return redirect("discussions:manage_spaces", slug=slug)
            if action in {"update", "delete"}:
                space = services.get_space_for_writing(admin, request.POST.get("space", ""))
                if action == "delete":
                    services.delete_space(admin, space)
                else:
                    edit = SpaceForm(request.POST)
                    if not edit.is_valid():
                        raise ActionRefused("invalid_space", _("Check the name and the position."))
                    services.update_space(
                        admin, space, name=edit.cleaned_data["name"], description=edit.cleaned_data["description"],
                        position=edit.cleaned_data["position"] or 0,
                    )  # fmt: skip
                messages.success(request, _("The spaces have been updated."))
                return redirect("discussions:manage_spaces", slug=slug)
        except ActionRefused as refusal:
            if action == "create":
                apply_refusal(form, refusal)
            else:
                messages.error(request, refusal.message)
    return render(
        request,
        "discussions/manage_spaces.html",
        {"network": admin.network, "member": admin, "spaces": queries.spaces(admin), "form": form},
    )


@member_page
def expert_note(request, member, slug, post_id):
    """Moderators, and verified professionals where the network admits experts, attach a sourced note."""
    post = queries.get_post_or_404(member, post_id)
    if not services.may_add_expert_note(member):
        raise PermissionDenied
    if member.is_moderator:  # a moderator's power: two-factor first, as on every moderator page
        require_mfa_for_role(member)
    form = ExpertNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_expert_note(
                member,
                post,
                body=form.cleaned_data["body"],
                source=form.cleaned_data["source"],
                confirm_privacy=confirmed(form),
            )
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            messages.success(request, _("Your note has been added."))
            return redirect(
                reverse("discussions:thread", kwargs={"slug": slug, "thread_id": post.thread_id})
                + f"#post-{post.pk}"
            )
    return render(
        request,
        "discussions/expert_note.html",
        {"network": member.network, "member": member, "post": post, "form": form},
    )


# --- Saved posts, my posts, followed spaces, the welcome thread (discussions/actions/living.py) ---
@member_page
@require_POST
def save_post(request, member, slug, post_id):
    """Save or unsave a post. With htmx, answers the button alone; otherwise back to the post."""
    post = queries.get_post_or_404(member, post_id)
    saved = living.save_post(member, post, saved=request.POST.get("saved") != "0")
    if request.htmx:
        return render(
            request,
            "discussions/_save_button.html",
            {"post": post, "saved_ids": {post.pk} if saved else set(), "save_url": request.path},
        )
    messages.success(request, _("Post saved.") if saved else _("Post removed from your saved posts."))
    if request.POST.get("next") == "saved":
        return redirect("discussions:saved", slug=slug)
    return redirect(
        reverse("discussions:thread", kwargs={"slug": slug, "thread_id": post.thread_id}) + f"#post-{post.pk}"
    )


@member_page
def saved(request, member, slug):
    bookmarks, next_cursor = _newest_first(request, queries.my_bookmarks(member), "created_at")
    return render(
        request,
        "discussions/saved.html",
        {
            "network": member.network,
            "member": member,
            "bookmarks": bookmarks,
            "next_cursor": next_cursor,
            "links": _thread_links(slug) | _post_links(slug),
        },
    )


@member_page
def my_posts(request, member, slug):
    posts, next_cursor = _newest_first(request, queries.my_posts(member), "created_at")
    return render(
        request,
        "discussions/my_posts.html",
        {
            "network": member.network,
            "member": member,
            "posts": posts,
            "next_cursor": next_cursor,
            "links": _thread_links(slug),
        },
    )


@member_page
def hide_old_posts(request, member, slug):
    """Hide one's posts written before a date from the other members, or show them again."""
    form = HideOldPostsForm(request.POST or None, initial={"before": timezone.localdate()})
    if request.method == "POST" and request.POST.get("action") == "restore":
        restored = old_posts.restore_hidden_posts(member)
        messages.success(
            request,
            ngettext("%(count)d message is visible again.", "%(count)d messages are visible again.", restored)
            % {"count": restored},
        )
        return redirect("discussions:hide_old_posts", slug=slug)
    if request.method == "POST" and form.is_valid():
        try:
            hidden = old_posts.hide_old_posts(member, before=form.cleaned_data["before"])
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d message is now hidden from the other members.",
                    "%(count)d messages are now hidden from the other members.",
                    hidden,
                )
                % {"count": hidden},
            )
            return redirect("discussions:hide_old_posts", slug=slug)
    return render(
        request,
        "discussions/hide_old_posts.html",
        {"network": member.network, "member": member, "form": form, "hidden": old_posts.hidden_count(member)},
    )


@member_page
@require_POST
def follow_space(request, member, slug, space_slug):
    found = services.get_space_for_writing(member, space_slug)
    following = living.follow_space(member, found, following=request.POST.get("follow") != "0")
    if request.htmx:
        return render(
            request,
            "discussions/_follow_space_button.html",
            {"network": member.network, "space": found, "space_followed": following},
        )
    messages.success(
        request,
        _("You follow %(space)s: its new threads show on the network's home.") % {"space": found.name}
        if following
        else _("You no longer follow %(space)s.") % {"space": found.name},
    )
    return redirect("discussions:space", slug=slug, space_slug=found.slug)


@member_page
@require_POST
def welcome(request, member, slug):
    """ "Introduce yourself": to the network's welcome thread (made once, signed by its first
    administrator), straight to the reply box."""
    thread = queries.welcome_thread(member) or living.ensure_welcome_thread(
        member.network, author=living.welcome_author(member)
    )
    return redirect(reverse("discussions:thread", kwargs={"slug": slug, "thread_id": thread.pk}) + "#reply")


@moderator_page
def privacy_review(request, moderator, slug):
    """Moderators run today's privacy guard over published posts (discussions/privacy_review.py)."""
    from entrepairs.discussions.privacy_review import flagged_posts

    before = request.GET.get("before", "")
    flagged, next_before = flagged_posts(
        moderator, before=int(before) if before.isdigit() and len(before) < 19 else None
    )
    return render(
        request,
        "discussions/privacy_review.html",
        {"network": moderator.network, "member": moderator, "flagged": flagged, "next_before": next_before},
    )
