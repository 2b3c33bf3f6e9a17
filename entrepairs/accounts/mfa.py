"""Two-factor authentication is required for every role that can see or change other people's
data: network moderators, editors and administrators, and platform operators (ASVS 6.3.2)."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def mfa_missing(user) -> bool:
    if not settings.REQUIRE_MFA_FOR_ROLES:
        return False
    from allauth.mfa.utils import is_mfa_enabled

    return not is_mfa_enabled(user)


def mfa_setup_redirect(request):
    """A redirect to the two-factor setup page when the account has none yet, else None.

    Call it after the access check, so that non-members still get their 404."""
    if not mfa_missing(request.user):
        return None
    messages.warning(
        request, _("Your role requires two-factor authentication. Set it up to reach the moderation tools.")
    )
    return redirect("mfa_index")
