"""The account page: private to its owner (email, language, personas, API tokens)."""

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from entrepairs.accounts import tokens
from entrepairs.accounts.forms import LanguageForm, TokenForm
from entrepairs.errors import ActionRefused
from entrepairs.networks.access import my_memberships
from entrepairs.web.forms import apply_refusal


@login_required
def account_home(request):
    form = LanguageForm(request.POST or None, initial={"language": request.user.language})
    if request.method == "POST" and form.is_valid():
        request.user.language = form.cleaned_data["language"]
        request.user.save(update_fields=["language"])
        response = redirect("account")
        # The cookie keeps the choice on the login page after signing out.
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, request.user.language, samesite="Lax")
        return response
    return render(
        request,
        "accounts/account.html",
        {"language_form": form, "memberships": my_memberships(request.user)},
    )


@login_required
# A stolen session (a laptop left open) must not be able to mint a long-lived key to the account:
# creating asks for the password again unless entered in the last ACCOUNT_REAUTHENTICATION_TIMEOUT
# seconds. allauth keeps the form's POST and replays it after the password.
@reauthentication_required(allow_get=True)
def token_list(request):
    form = TokenForm(request.POST or None)
    raw_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, raw_token = tokens.create_token(request.user, form.cleaned_data["name"])
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            form = TokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "raw_token": raw_token,
            "tokens": request.user.access_tokens.all()[:50],
            "lifetime_days": settings.TOKEN_LIFETIME_DAYS,
        },
    )


@login_required
@require_POST
def token_revoke(request, token_id):
    try:
        tokens.revoke_token(request.user, token_id)
    except ActionRefused as refusal:
        from django.http import Http404

        raise Http404(refusal.message) from None
    messages.info(request, _("The token has been revoked."))
    return redirect("account_tokens")


@login_required
@require_POST
@reauthentication_required
def token_renew(request, token_id):
    """Another TOKEN_LIFETIME_DAYS for a live or expired token (not a revoked one); asks for the
    password again like creating one."""
    try:
        token = tokens.renew_token(request.user, token_id)
    except ActionRefused as refusal:
        from django.http import Http404

        raise Http404(refusal.message) from None
    messages.success(
        request,
        _("The token “%(name)s” now expires on %(date)s.")
        % {
            "name": token.name,
            "date": date_format(timezone.localtime(token.expires_at), "SHORT_DATE_FORMAT"),
        },
    )
    return redirect("account_tokens")


def set_language(request):
    """The footer's language switcher. Django's view only sets a cookie, which a signed-in member's
    stored preference (UserLanguageMiddleware) would override on the next page: for them the choice
    is their preference, so it holds on every device and in their emails."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    # Django's view changes nothing on a GET (it redirects); neither do we.
    if (
        request.method == "POST"
        and user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and user.language != language
    ):
        user.language = language
        user.save(update_fields=["language"])
    return response
