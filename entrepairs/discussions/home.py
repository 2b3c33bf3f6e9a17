"""What discussions shows on a network's home and on a member's profile (web/panels.py), registered
from DiscussionsConfig.ready(). Each panel reads one bounded page in one query."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from entrepairs.discussions import queries
from entrepairs.web.links import UrlPattern
from entrepairs.web.panels import (
    MAIN,
    SIDE,
    FirstStep,
    HomePanel,
    ProfilePanel,
    QuickAction,
    register_first_step,
    register_panel,
    register_profile_panel,
    register_quick_action,
)

LATEST_SHOWN = 8
UNANSWERED_SHOWN = 5


def _links(member):
    slug = member.network.slug
    return {
        "thread": UrlPattern("discussions:thread", "thread_id", slug=slug),
        "space": UrlPattern("discussions:space", "space_slug", slug_key=True, slug=slug),
    }


def _followed(member):
    return {"threads": queries.followed_with_unread(member), "links": _links(member)}


def _latest(member):
    return {"threads": queries.latest_activity(member, LATEST_SHOWN), "links": _links(member)}


def _unanswered(member):
    return {"threads": queries.first_unanswered_questions(member, UNANSWERED_SHOWN), "links": _links(member)}


def _suggested(member):
    threads = queries.suggested_threads(member)
    return {"threads": threads, "links": _links(member)} if threads else None


def _contributions(viewer, shown):
    return queries.contributions(viewer, shown) | {"links": _links(viewer)}


def _url(name):
    return lambda member: reverse(name, kwargs={"slug": member.network.slug})


def register() -> None:
    register_panel(HomePanel("followed", "discussions/home/_followed.html", _followed, order=10, column=MAIN))
    register_panel(HomePanel("latest", "discussions/home/_latest.html", _latest, order=30, column=MAIN))
    register_panel(
        HomePanel("unanswered", "discussions/home/_unanswered.html", _unanswered, order=20, column=SIDE)
    )
    register_panel(
        HomePanel("suggested", "discussions/home/_suggested.html", _suggested, order=30, column=SIDE)
    )
    register_quick_action(
        QuickAction("new_thread", _("New discussion"), _url("discussions:new_thread"), order=10, primary=True)
    )
    register_quick_action(QuickAction("saved", _("Saved posts"), _url("discussions:saved"), order=40))
    register_quick_action(QuickAction("my_posts", _("My posts"), _url("discussions:my_posts"), order=50))
    register_first_step(
        FirstStep(
            "introduce",
            _("Introduce yourself in the welcome thread"),
            _url("discussions:welcome"),
            queries.introductions_by,
            order=10,
            post=True,
        )
    )
    register_first_step(
        FirstStep(
            "follow_space",
            _("Follow a space that interests you"),
            _url("discussions:index"),
            queries.space_follows_of,
            order=20,
        )
    )
    register_profile_panel(
        ProfilePanel("contributions", "discussions/home/_contributions.html", _contributions)
    )
