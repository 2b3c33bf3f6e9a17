"""The page frame every page prints around its content: the site header (persona switcher, account
menu, the network's sections with their badges) and the footer (legal links, language form).

Rendered with Jinja2 (docs/decisions/0026-jinja-for-hot-partials.md): in Django's template language
the header and footer were about 1.4 ms of every page's CPU (a fifth of the notifications page),
resolving some 300 variables, 30 translations and 30 links for markup that changes only with the
persona, the section and the counts. Labels are translated here, once per language and process; links
are reversed once per process (web/reversing.py)."""

from functools import lru_cache

from django.conf import settings
from django.middleware.csrf import get_token
from django.template import engines
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from entrepairs.web.header import header_counts
from entrepairs.web.reversing import reverse_memo


@lru_cache(maxsize=8)
def _labels(language: str) -> dict:
    """The frame's words in `language` (the active one: the key only keeps languages apart). Trusted
    as markup, as Django's `{% translate %}` trusts a literal's translation: they are ours."""
    del language
    return {name: mark_safe(text) for name, text in _words().items()}  # noqa: S308 - our translations


def _words() -> dict:
    return {
        "skip": gettext("Skip to content"),
        "main": gettext("Main"),
        "my_networks": gettext("My networks"),
        "no_network": gettext("You have not joined a network yet."),
        "find_network": gettext("Find a network"),
        "my_persona": gettext("My persona"),
        "moderation": gettext("Moderation"),
        "reports": gettext("Reports"),
        "account": gettext("Account"),
        "my_account": gettext("My account"),
        "operator": gettext("Operator"),
        "sign_out": gettext("Sign out"),
        "sign_in": gettext("Sign in"),
        "sign_up": gettext("Sign up"),
        "network": gettext("Network"),
        "home": gettext("Home"),
        "discussions": gettext("Discussions"),
        "magazine": gettext("Magazine"),
        "messages": gettext("Messages"),
        "my_health": gettext("My health"),
        "surveys": gettext("Surveys"),
        "members": gettext("Members"),
        "from_moderators": gettext("From the moderators"),
        "notifications": gettext("Notifications"),
        "footer": gettext("Entrepairs — private health networks. Nothing you share here is public."),
        "legal": gettext("Legal information"),
        "terms": gettext("Terms of use"),
        "privacy": gettext("Privacy policy"),
        "legal_notice": gettext("Legal notice"),
        "accessibility": gettext("Accessibility statement"),
        "language": gettext("Language"),
        "change": gettext("Change"),
    }


def _open_reports(count: int) -> str:
    return ngettext("%(counter)s open report", "%(counter)s open reports", count) % {"counter": count}


def _unread(count: int) -> str:
    return ngettext("%(counter)s unread", "%(counter)s unread", count) % {"counter": count}


def messages_badge(network_slug: str, count: int) -> SafeString:
    """The header's Messages badge. Pages without a socket poll it (messaging's badge view answers
    this same markup); pages with one (messaging.js) refresh it at once when an unread ping arrives.
    The server counts, so the number and its label are always right."""
    url = escape(reverse_memo("messaging:badge", [network_slug]))
    figure = ""
    if count:
        label = ngettext("%(counter)s unread message", "%(counter)s unread messages", count) % {
            "counter": count
        }
        figure = (
            f'<span class="count-badge" aria-hidden="true">{int(count)}</span>'
            f'<span class="visually-hidden">{escape(label)}</span>'
        )
    return mark_safe(  # noqa: S308 - the URL and the label are escaped, the count an integer
        f'<span id="messages-badge" class="badge-slot" hx-get="{url}" '
        'hx-trigger="every 30s, messages-unread from:body delay:300ms" hx-swap="outerHTML">'
        f"{figure}</span>"
    )


def _csrf_token(context, request) -> str:
    # The token the page's other forms print (the context's lazy one), or the request's own; none
    # for a page rendered without a request, as `{% csrf_token %}` prints nothing then.
    token = context.get("csrf_token")
    if token is not None:
        return str(token)
    return get_token(request) if request is not None else ""


def site_header(context) -> SafeString:
    """The `<a class="skip-link">` and `<header>` of a page, from its template context (request, user,
    network, member, my_personas)."""
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    network, member = context.get("network"), context.get("member")
    in_network = bool(network and member)
    match = getattr(request, "resolver_match", None)
    here, section = (match.view_name, match.namespace) if match else ("", "")
    counts = header_counts(member) if in_network else None
    signed_in = bool(user and user.is_authenticated)
    template = engines["jinja2"].get_template("web/_site_header.jinja")
    return mark_safe(  # noqa: S308 - Jinja2 autoescapes; the result is HTML
        template.render(
            {
                "labels": _labels(get_language()),
                "url": _url,
                "signed_in": signed_in,
                "is_staff": signed_in and user.is_staff,
                "personas": (context.get("my_personas") or ()) if signed_in else (),
                "network": network,
                "member": member,
                "in_network": in_network,
                "here": here,
                "section": section,
                "counts": counts,
                "messages_badge": messages_badge,  # printed only where private messages are on
                "open_reports": _open_reports,
                "unread": _unread,
                "csrf_token": _csrf_token(context, request) if signed_in else "",
            }
        )
    )


def site_footer(context) -> SafeString:
    """The `<footer>` of a page: legal links and the language form (back to the same address)."""
    request = context.get("request")
    template = engines["jinja2"].get_template("web/_site_footer.jinja")
    return mark_safe(  # noqa: S308 - Jinja2 autoescapes; the result is HTML
        template.render(
            {
                "labels": _labels(get_language()),
                "url": _url,
                "language": get_language(),
                "languages": [code for code, _name in settings.LANGUAGES],
                "next": request.get_full_path() if request is not None else "",
                "csrf_token": _csrf_token(context, request),
            }
        )
    )


def _url(viewname: str, *args) -> str:
    return reverse_memo(viewname, args)
