"""Joining, leaving and the gates of each kind of network (services, no HTTP)."""

import pytest
from django.utils import timezone

from entrepairs.accounts.models import ConsentRecord
from entrepairs.errors import ActionRefused
from entrepairs.networks import services
from entrepairs.networks.models import Membership
from tests import factories as f


def test_joining_open_patient_network_records_consent_and_pseudonym(world):
    membership = services.join_network(
        world.stranger, world.diabetes, display_name="Hibou Calme", consent_given=True
    )
    assert membership.status == "active"
    assert membership.joined_at is not None
    consent = ConsentRecord.objects.get(user=world.stranger, network=world.diabetes)
    assert consent.text_version
    assert "Diabète de type 1" in consent.text
    assert membership.consent == consent


def test_patient_network_refuses_without_consent_and_saves_nothing(world):
    with pytest.raises(ActionRefused) as refused:
        services.join_network(world.stranger, world.diabetes, display_name="Hibou Calme", consent_given=False)
    assert refused.value.code == "consent_required"
    assert not Membership.objects.filter(user=world.stranger).exists()
    assert not ConsentRecord.objects.filter(user=world.stranger).exists()


def test_display_name_is_unique_in_network_whatever_the_case(world):
    with pytest.raises(ActionRefused) as refused:
        services.join_network(world.stranger, world.breast, display_name="ROSE DES VENTS", consent_given=True)
    assert refused.value.code == "display_name_taken"
    assert not Membership.objects.filter(user=world.stranger).exists()
    assert not ConsentRecord.objects.filter(user=world.stranger).exists()


def test_same_pseudonym_is_free_in_another_network(world):
    membership = services.join_network(
        world.stranger, world.diabetes, display_name="Rose des Vents", consent_given=True
    )
    assert membership.display_name == "Rose des Vents"


def test_pseudonym_revealing_real_name_is_refused_in_patient_network(world):
    world.stranger.last_name = "Delacroix"
    world.stranger.save()
    with pytest.raises(ActionRefused) as refused:
        services.join_network(
            world.stranger, world.diabetes, display_name="Marie Delacroix", consent_given=True
        )
    assert refused.value.code == "display_name_reveals_identity"


def test_approval_network_creates_pending_request(world):
    membership = services.join_network(
        world.stranger, world.chu, display_name="Patient Patient", consent_given=True
    )
    assert membership.status == "pending"
    assert membership.joined_at is None


def test_invite_network_refuses_without_invitation(world):
    with pytest.raises(ActionRefused) as refused:
        services.join_network(world.stranger, world.secret, display_name="Invité Discret", consent_given=True)
    assert refused.value.code == "invitation_required"
    assert not Membership.objects.filter(user=world.stranger).exists()


def test_invitation_joins_at_once_and_counts_its_use(world):
    admin = Membership.objects.get(network=world.secret, role="admin")
    invitation, token = services.create_invitation(admin, days=3, max_uses=1)
    membership = services.join_network(
        world.stranger,
        world.secret,
        display_name="Invité Discret",
        consent_given=True,
        invitation_token=token,
    )
    assert membership.status == "active"
    invitation.refresh_from_db()
    assert invitation.use_count == 1
    other = f.UserFactory()
    with pytest.raises(ActionRefused) as refused:
        services.join_network(
            other, world.secret, display_name="Second Invité", consent_given=True, invitation_token=token
        )
    assert refused.value.code == "invitation_used"
    assert not Membership.objects.filter(user=other).exists()


def test_expired_invitation_is_refused(world):
    admin = Membership.objects.get(network=world.secret, role="admin")
    invitation, token = services.create_invitation(admin, days=1)
    invitation.expires_at = timezone.now() - timezone.timedelta(seconds=1)
    invitation.save()
    with pytest.raises(ActionRefused) as refused:
        services.join_network(
            world.stranger, world.secret, display_name="Trop Tard", consent_given=True, invitation_token=token
        )
    assert refused.value.code == "invitation_expired"


def test_relative_may_join_only_where_allowed(world):
    membership = services.join_network(
        world.stranger,
        world.breast,
        display_name="Mésange Présente",
        consent_given=True,
        member_type="relative",
    )
    assert membership.member_type == "relative"
    other = f.UserFactory()
    with pytest.raises(ActionRefused) as refused:
        services.join_network(
            other, world.diabetes, display_name="Proche Là", consent_given=True, member_type="relative"
        )
    assert refused.value.code == "invalid_member_type"


def test_professional_network_admits_only_verified_matching_specialty(world):
    with pytest.raises(ActionRefused) as refused:
        services.join_network(world.unverified, world.cardio, display_name="Dr Pas Encore")
    assert refused.value.code == "not_eligible"

    pediatrician = f.UserFactory()
    f.qualification_factory(pediatrician, profession_code="10", specialty_code="SM40")
    with pytest.raises(ActionRefused) as refused:
        services.join_network(pediatrician, world.cardio, display_name="Dr Enfants")
    assert refused.value.code == "not_eligible"

    cardiologist = f.UserFactory()
    qualification = f.qualification_factory(cardiologist, profession_code="10", specialty_code="SM04")
    membership = services.join_network(cardiologist, world.cardio, display_name="Dr Rythme")
    assert membership.qualification == qualification
    assert membership.consent is None  # professional networks carry no health-data consent of the member


def test_lapsed_verification_closes_professional_network(world):
    lapsed = f.UserFactory()
    f.qualification_factory(
        lapsed,
        profession_code="10",
        specialty_code="SM04",
        verified_until=timezone.now() - timezone.timedelta(days=1),
    )
    with pytest.raises(ActionRefused) as refused:
        services.join_network(lapsed, world.cardio, display_name="Dr Expiré")
    assert refused.value.code == "not_eligible"


def test_leaving_withdraws_consent_and_frees_the_pseudonym(world):
    membership = services.join_network(
        world.stranger, world.diabetes, display_name="Hibou Calme", consent_given=True
    )
    services.leave_network(membership)
    membership.refresh_from_db()
    assert membership.status == "left"
    assert ConsentRecord.objects.get(pk=membership.consent_id).withdrawn_at is not None
    # The name is free again: refusing it would tell whoever tries that a hidden persona holds it
    # (docs/decisions/0006). The departed persona's posts show it with a "Former member" badge.
    other = services.join_network(
        f.UserFactory(), world.diabetes, display_name="hibou calme", consent_given=True
    )
    assert other.status == "active"


def test_last_admin_cannot_leave(world):
    with pytest.raises(ActionRefused) as refused:
        services.leave_network(world.admin)
    assert refused.value.code == "last_admin"
    world.admin.refresh_from_db()
    assert world.admin.status == "active"


def test_roles_are_given_by_admins_of_the_same_network_only(world):
    services.set_role(world.admin, world.patient, "moderator")
    world.patient.refresh_from_db()
    assert world.patient.role == "moderator"
    with pytest.raises(ActionRefused) as refused:
        services.set_role(world.moderator, world.relative, "admin")
    assert refused.value.code == "forbidden"
    with pytest.raises(ActionRefused) as refused:
        services.set_role(world.cardiologist, world.relative, "admin")
    assert refused.value.code == "not_found"
    world.relative.refresh_from_db()
    assert world.relative.role == "member"


def test_suggested_pseudonym_is_free(world):
    name = services.suggest_display_name(world.breast)
    assert not Membership.objects.filter(network=world.breast, display_name__iexact=name).exists()
    assert len(name) >= 3
