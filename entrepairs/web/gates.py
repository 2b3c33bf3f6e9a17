"""Page gates: the one place where a network page is guarded.

Every page under /n/<slug>/ is declared with one of these decorators instead of writing the checks
by hand in each view (two hand-written gates once forgot the two-factor rule). Each gate, in order:
1. signs in (anonymous visitors go to the login page, whether the network exists or not);
2. finds the account's active membership through the access layer (404 for anyone else, exactly as
   for a network that does not exist; 403 `verification_lapsed` for a professional whose
   verification lapsed);
3. for moderator and admin pages, checks the role (403: a member knows the network exists) and then
   two-factor authentication, as the API does: without it, nothing runs and the account is sent to
   the two-factor setup page.

The view receives the membership as its second argument: `def view(request, member, slug, ...)`."""

from functools import wraps

from django.contrib.auth.decorators import login_required

from entrepairs.accounts.mfa import mfa_setup_redirect
from entrepairs.networks import access


def _gate(find_membership, *, needs_mfa: bool):
    def decorator(view):
        @login_required
        @wraps(view)
        def gated(request, slug, *args, **kwargs):
            member = find_membership(request.user, slug)
            if needs_mfa and (setup := mfa_setup_redirect(request)):
                return setup
            return view(request, member, slug, *args, **kwargs)

        gated.gate = decorator  # the access walk checks that every network page declares its gate
        return gated

    decorator.needs_mfa = needs_mfa
    return decorator


member_page = _gate(access.get_membership_or_404, needs_mfa=False)
moderator_page = _gate(access.get_moderator_membership_or_404, needs_mfa=True)
admin_page = _gate(access.get_admin_membership_or_404, needs_mfa=True)
