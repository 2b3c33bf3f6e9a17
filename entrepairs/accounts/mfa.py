"""Two-factor authentication is required for every role that can see or change other people's
data: network moderators, editors and administrators, and platform operators (ASVS 6.3.2).

Pages ask for it in their gate (entrepairs/web/gates.py); the API in its moderation router; and every
service that exercises a moderator or administrator power calls `require_mfa_for_role` before it
changes anything, so that a power reached from a member page (deleting someone else's post from the
thread page) or from an API route asks for the same thing."""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class MfaRequired(PermissionDenied):
    """A role's power used by an account without two-factor authentication.

    A PermissionDenied rather than an ActionRefused on purpose: views catch ActionRefused to show it
    in their form, which would make each page answer differently; this one passes through them to
    the page gate (the two-factor setup redirect) and to the API (403 `mfa_required`)."""

    code = "mfa_required"
    status = 403
    message = gettext_lazy(
        "Your role requires two-factor authentication. Set it up on your account page first."
    )


def mfa_missing(user) -> bool:
    if not settings.REQUIRE_MFA_FOR_ROLES:
        return False
    return not is_mfa_enabled(user)


def require_mfa_for_role(member) -> None:
    """Raise MfaRequired unless the acting member's account has two-factor authentication.

    Call it after the role check (a plain member keeps their usual refusal) and before any write."""
    if mfa_missing(member.user):
        raise MfaRequired


def mfa_setup_response(request):
    messages.warning(
        request, _("Your role requires two-factor authentication. Set it up to reach the moderation tools.")
    )
    return redirect("mfa_index")


def mfa_setup_redirect(request):
    """A redirect to the two-factor setup page when the account has none yet, else None.

    Call it after the access check, so that non-members still get their 404."""
    if not mfa_missing(request.user):
        return None
    return mfa_setup_response(request)
