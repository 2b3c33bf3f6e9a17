"""Factories with keyword-only options. Synthetic identities only."""

import itertools

import factory
from django.utils import timezone

from entrepairs.accounts.models import User
from entrepairs.networks.models import Membership, Network
from entrepairs.professionals.models import Profession, Qualification, Specialty

PASSWORD = "correct-horse-battery-staple"
_counter = itertools.count(1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Exemple{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        """Accounts are email-verified unless `verified_email=False` (allauth refuses login otherwise)."""
        if not create:
            return
        obj.save()
        if extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Réseau {n}")
    slug = factory.Sequence(lambda n: f"reseau-{n}")
    kind = Network.Kind.PATIENTS
    description = "Un réseau de démonstration."
    join_policy = Network.JoinPolicy.OPEN


def network_factory(
    *, kind="patients", join_policy="open", allow_relatives=False, professions=(), specialties=(), **kw
):
    network = NetworkFactory(kind=kind, join_policy=join_policy, allow_relatives=allow_relatives, **kw)
    if professions:
        network.professions.set(professions)
    if specialties:
        network.specialties.set(specialties)
    return network


def member_factory(
    network,
    *,
    user=None,
    role="member",
    status="active",
    member_type=None,
    display_name=None,
    qualification=None,
):
    user = user or UserFactory()
    if member_type is None:
        member_type = "professional" if network.kind == Network.Kind.PROFESSIONALS else "patient"
    now = timezone.now()
    return Membership.objects.create(
        network=network,
        user=user,
        role=role,
        status=status,
        member_type=member_type,
        display_name=display_name or f"Pseudo {next(_counter)}",
        qualification=qualification,
        joined_at=now if status == "active" else None,
    )


def profession(code: str) -> Profession:
    return Profession.objects.get(code=code)


def specialty(code: str) -> Specialty:
    return Specialty.objects.get(code=code)


def qualification_factory(
    user, *, profession_code="10", specialty_code=None, verified=True, verified_until=None
):
    return Qualification.objects.create(
        user=user,
        profession=profession(profession_code),
        specialty=specialty(specialty_code) if specialty_code else None,
        status=Qualification.Status.VERIFIED if verified else Qualification.Status.DECLARED,
        verified_until=verified_until,
    )


def with_totp(user):
    """Give the account a TOTP authenticator, as moderators and operators must have."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return user


def suspension_factory(member: Membership, moderator: Membership, *, days: int = 1):
    """A moderator's decision suspending `member` for `days` (publishing refused until then)."""
    from datetime import timedelta

    from entrepairs.moderation.models import Decision, Suspension

    decision = Decision.objects.create(
        network_id=member.network_id, moderator=moderator, author=member, kind="member",
        object_id=member.pk, action="suspend", reason="Calme",
    )  # fmt: skip
    return Suspension.objects.create(
        network_id=member.network_id,
        member=member,
        until=timezone.now() + timedelta(days=days),
        decision=decision,
    )
