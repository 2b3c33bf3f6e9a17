"""Pro Santé Connect: the state's OpenID Connect provider for professionals (CPS card / e-CPS).

Sign-in and account linking go through django-allauth's generic OpenID Connect provider (PKCE,
scope `openid scope_all`, `acr_values=eidas1`), configured by PSC_* environment variables. After each
PSC sign-in or link, the professions carried by the userinfo (`SubjectRefPro.exercices[]`) become
verified qualifications (method "psc"), valid for a year."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from entrepairs.professionals.models import Profession, Qualification, Specialty

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


def on_social_login(request, sociallogin, **kwargs):
    """Receiver for allauth's social_account_added / social_account_updated signals."""
    if sociallogin.account.provider != PROVIDER_ID:
        return
    qualifications_from_userinfo(sociallogin.user, userinfo_of(sociallogin))


def connect_signals() -> None:
    from allauth.socialaccount.signals import social_account_added, social_account_updated

    social_account_added.connect(on_social_login, dispatch_uid="psc-added")
    social_account_updated.connect(on_social_login, dispatch_uid="psc-updated")
