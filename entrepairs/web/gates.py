"""Page gates: the one place where a network page (and an operator page) is guarded.

Every page under /n/<slug>/ is declared with one of these decorators instead of writing the checks
by hand in each view (two hand-written gates once forgot the two-factor rule). Each gate, in order:
1. signs in (anonymous visitors go to the login page, whether the network exists or not), except
   `member_fragment`, for the pieces fetched by htmx or fetch(), which would follow the redirect and
   swap the sign-in page in: there a visitor gets the same 404 as a non-member;
2. finds the account's active membership through the access layer (404 for anyone else, exactly as
   for a network that does not exist; 403 `verification_lapsed` for a professional whose
   verification lapsed);
3. for moderator and admin pages, checks the role (403: a member knows the network exists) and then
   two-factor authentication, as the API does: without it, nothing runs and the account is sent to
   the two-factor setup page;
4. whatever the page, a moderator or administrator power exercised from it (a moderator deleting
   someone else's post from the thread page) is refused by the service with `MfaRequired` before
   anything changes; the gate answers it with the same two-factor setup redirect.

The view receives the membership as its second argument: `def view(request, member, slug, ...)`.
`operator_page` guards platform-staff pages: 404 for everyone but staff, then two-factor; its view
keeps the plain signature `def view(request, ...)`.

tests/test_access_walk.py checks that every /n/<slug>/ view carries a gate (the `gate` attribute),
apart from the discoverable pages listed there (about, join, logo)."""

from functools import wraps

from django.contrib.auth.decorators import login_required

from entrepairs.accounts.mfa import MfaRequired, mfa_setup_redirect, mfa_setup_response
from entrepairs.networks import access


def _gate(find_membership, *, needs_mfa: bool, login_redirect: bool = True):
    def decorator(view):
        @wraps(view)
        def gated(request, slug, *args, **kwargs):
            # The account's personas, read once: the page's membership is found among them, and the
            # header's persona switcher prints them (context_processors.personas).
            personas = access.page_personas(request.user)
            member = find_membership(request.user, slug, personas)
            request.my_personas = personas
            if needs_mfa and (setup := mfa_setup_redirect(request)):
                return setup
            try:
                return view(request, member, slug, *args, **kwargs)
            except MfaRequired:
                return mfa_setup_response(request)

        if login_redirect:
            gated = login_required(gated)
        gated.gate = decorator  # the access walk checks that every network page declares its gate
        return gated

    decorator.needs_mfa = needs_mfa
    return decorator


member_page = _gate(access.get_membership_or_404, needs_mfa=False)
# Fragments polled or fetched by scripts: a 404 for visitors too, never a login page to swap in.
member_fragment = _gate(access.get_membership_or_404, needs_mfa=False, login_redirect=False)
moderator_page = _gate(access.get_moderator_membership_or_404, needs_mfa=True)
admin_page = _gate(access.get_admin_membership_or_404, needs_mfa=True)
editor_page = _gate(access.get_editor_membership_or_404, needs_mfa=True)


def operator_page(view):
    """Platform staff only (404 for everyone else, visitors included: the page does not exist for
    them), then two-factor authentication, as for the Django admin."""

    @wraps(view)
    def gated(request, *args, **kwargs):
        access.require_operator(request.user)
        if setup := mfa_setup_redirect(request):
            return setup
        return view(request, *args, **kwargs)

    gated.gate = operator_page
    return gated


operator_page.needs_mfa = True
