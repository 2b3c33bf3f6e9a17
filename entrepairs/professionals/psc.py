"""Pro Santé Connect: the state's OpenID Connect provider for professionals (CPS card / e-CPS).

Sign-in and account linking go through django-allauth's generic OpenID Connect provider (PKCE,
scope `openid scope_all`, `acr_values=eidas1`), configured by PSC_* environment variables. After each
PSC sign-in or link, the professions carried by the userinfo (`SubjectRefPro.exercices[]`) become
verified qualifications (method "psc"), valid for a year."""

import hmac
import secrets
from datetime import timedelta

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.socialaccount.signals import social_account_added, social_account_updated
from django.db import transaction
from django.utils import timezone

from entrepairs.professionals.identifiers import TYPE_BY_DIRECTORY_DIGIT
from entrepairs.professionals.models import (
    Profession,
    ProfessionalIdentifier,
    Qualification,
    Specialty,
    VerificationAttempt,
)

PROVIDER_ID = "prosanteconnect"


def userinfo_of(sociallogin) -> dict:
    data = sociallogin.account.extra_data or {}
    return data.get("userinfo") or data


def qualifications_from_userinfo(user, userinfo: dict) -> list[Qualification]:
    """Verified qualifications from PSC's `exercices`; unknown professions are skipped, unknown
    specialties give the profession alone."""
    exercices = (userinfo.get("SubjectRefPro") or {}).get("exercices") or []
    now = timezone.now()
    verified = []
    with transaction.atomic():
        for exercice in exercices:
            profession = Profession.objects.filter(code=str(exercice.get("codeProfession", ""))).first()
            if profession is None:
                continue
            specialty = Specialty.objects.filter(
                code=str(exercice.get("codeSavoirFaire") or ""), profession=profession
            ).first()
            qualification, _ = Qualification.objects.update_or_create(
                user=user, profession=profession, specialty=specialty,
                defaults={"status": Qualification.Status.VERIFIED, "method": Qualification.Method.PRO_SANTE_CONNECT,
                          "verified_at": now, "verified_until": now + timedelta(days=365)},
            )  # fmt: skip
            verified.append(qualification)
    return verified


def record_identity(user, userinfo: dict) -> None:
    """Keep the national identifier (SubjectNameID: 8 + RPPS, 0 + ADELI) as a verified identifier of
    the account, and the names of exercise where the account has none. An identifier verified for
    another account is not taken over: the attempt is flagged for reviewers."""
    national = str(userinfo.get("SubjectNameID") or "")
    kind = TYPE_BY_DIRECTORY_DIGIT.get(national[:1])
    if kind and national[1:].isdigit():
        value = national[1:]
        holder = (
            ProfessionalIdentifier.objects.filter(identifier_type=kind, value=value, verified=True)
            .exclude(user=user)
            .first()
        )
        if holder is not None:
            VerificationAttempt.objects.create(
                user=user, method=Qualification.Method.PRO_SANTE_CONNECT, outcome=VerificationAttempt.Outcome.VERIFIED,
                code="identifier_in_use", identifier_type=kind, identifier=value, conflicting_user=holder.user,
                needs_review=True,
            )  # fmt: skip
        else:
            ProfessionalIdentifier.objects.update_or_create(
                user=user, identifier_type=kind, value=value,
                defaults={"verified": True, "verified_at": timezone.now(), "method": Qualification.Method.PRO_SANTE_CONNECT},
            )  # fmt: skip
    exercices = (userinfo.get("SubjectRefPro") or {}).get("exercices") or []
    if exercices and not (user.first_name or user.last_name):
        user.first_name = str(exercices[0].get("prenomDexercice") or "")[:150]
        user.last_name = str(exercices[0].get("nomDexercice") or "")[:150]
        user.save(update_fields=["first_name", "last_name"])


def on_social_login(request, sociallogin, **kwargs):
    """Receiver for allauth's social_account_added / social_account_updated signals."""
    if sociallogin.account.provider != PROVIDER_ID:
        return
    userinfo = userinfo_of(sociallogin)
    with transaction.atomic():
        record_identity(sociallogin.user, userinfo)
        qualifications_from_userinfo(sociallogin.user, userinfo)


def connect_signals() -> None:
    social_account_added.connect(on_social_login, dispatch_uid="psc-added")
    social_account_updated.connect(on_social_login, dispatch_uid="psc-updated")


NONCE_KEY = "psc_nonce"


def install_nonce_and_signature_checks() -> None:
    """allauth's generic OpenID Connect client sends no nonce and skips the ID token signature when
    the token came straight from the token endpoint. For Pro Santé Connect both are checked: a nonce
    bound to the session, and the RS256 signature against the provider's JWKS."""
    if getattr(OpenIDConnectProvider, "_psc_checks_installed", False):
        return
    original_params = OpenIDConnectProvider.get_auth_params_from_request
    original_decode = OpenIDConnectOAuth2Adapter._decode_id_token

    def get_auth_params_from_request(self, request, action):
        params = original_params(self, request, action)
        if self.app.provider_id == PROVIDER_ID:
            nonce = secrets.token_urlsafe(24)
            request.session[NONCE_KEY] = nonce
            params["nonce"] = nonce
        return params

    def decode_id_token(self, app, id_token):
        if app.provider_id != PROVIDER_ID:
            return original_decode(self, app, id_token)
        claims = jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )
        expected = self.request.session.pop(NONCE_KEY, None)
        if not expected or not hmac.compare_digest(str(claims.get("nonce", "")), expected):
            raise OAuth2Error("The Pro Santé Connect nonce does not match this sign-in.")
        return claims

    OpenIDConnectProvider.get_auth_params_from_request = get_auth_params_from_request
    OpenIDConnectOAuth2Adapter._decode_id_token = decode_id_token
    OpenIDConnectProvider._psc_checks_installed = True


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Logs every refused Pro Santé Connect attempt of a signed-in account for reviewers (wrong state
    or nonce, tampered or expired token, provider error); visitors' failed sign-ins have no account
    to attach it to and are only shown the error page."""

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        user = getattr(request, "user", None)
        if (
            getattr(provider, "id", None) == PROVIDER_ID
            or getattr(getattr(provider, "app", None), "provider_id", None) == PROVIDER_ID
        ):
            if user is not None and user.is_authenticated:
                VerificationAttempt.objects.create(
                    user=user, method=Qualification.Method.PRO_SANTE_CONNECT,
                    outcome=VerificationAttempt.Outcome.REFUSED,
                    code=f"oidc_{error or 'error'}"[:64],
                )  # fmt: skip
        return super().on_authentication_error(
            request, provider, error=error, exception=exception, extra_context=extra_context
        )
