"""What the project changes in allauth's account flows.

A visitor who wanted to join a network signs up from its join page: the `next` they came with
rides on the confirmation link of the email, so that confirming (even in another browser, from a
phone's mail app) brings them back to that network's join page rather than to the home page."""

from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request) -> str | None:
    """The request's `next` when it is a path of this site (never another host: an open redirect)."""
    if request is None:
        return None
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return None


class AccountAdapter(DefaultAccountAdapter):
    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        url = super().get_email_confirmation_url(request, emailconfirmation)
        wanted = safe_next(request)
        return f"{url}?{urlencode({'next': wanted})}" if wanted else url
