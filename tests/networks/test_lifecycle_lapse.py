"""Verification lapsing by time (the hourly job) and by withdrawal from the directory: the
membership stays, access ends now (sockets close with 4410: tests/messaging/test_lifecycle_sockets.py)."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from entrepairs.audit.models import AuditEvent
from entrepairs.discussions.models import ThreadFollow
from entrepairs.networks import services as network_services
from entrepairs.networks import tasks
from entrepairs.networks.models import Membership
from entrepairs.professionals.models import Qualification
from tests import factories as f
from tests.discussions.factories import thread_factory
from tests.professionals.test_verify_by_directory import (  # noqa: F401 (directory: a fixture)
    CARDIOLOGIST,
    directory,
    sample_lines,
    verify,
    without,
)


def _expire(qualification):
    Qualification.objects.filter(pk=qualification.pk).update(
        verified_until=timezone.now() - timedelta(hours=1)
    )


def test_the_job_lapses_an_expired_verification_once(world):
    thread = thread_factory(world.cardiologist)
    ThreadFollow.objects.create(network=world.cardio, thread=thread, member=world.cardiologist)
    _expire(world.cardiologist.qualification)
    assert tasks.lapse_expired_verifications.delay().get() == 1
    membership = Membership.objects.get(pk=world.cardiologist.pk)
    assert membership.status == Membership.Status.ACTIVE and membership.qualification is None
    assert not ThreadFollow.objects.filter(member=membership).exists()
    assert AuditEvent.objects.filter(action="membership.verification_lapsed").count() == 1
    assert tasks.lapse_expired_verifications() == 0  # handled: not ended twice


def test_the_job_keeps_a_professional_with_another_admitting_qualification(world):
    """The badge came from a qualification that expired; another one, still valid, admits them."""
    valid = world.cardiologist.qualification
    expired = f.qualification_factory(world.cardiologist.user, profession_code="21")
    _expire(expired)
    Membership.objects.filter(pk=world.cardiologist.pk).update(qualification=expired)
    assert tasks.lapse_expired_verifications() == 0
    assert Membership.objects.get(pk=world.cardiologist.pk).qualification == valid
    assert not AuditEvent.objects.filter(action="membership.verification_lapsed").exists()


def test_the_job_leaves_valid_verifications_alone(world):
    assert tasks.lapse_expired_verifications() == 0
    assert Membership.objects.get(pk=world.cardiologist.pk).qualification is not None


@pytest.mark.usefixtures("directory")
def test_withdrawal_from_the_directory_lapses_the_membership_at_once(world, tmp_path):
    user = f.UserFactory()
    [qualification] = verify(user)
    membership = network_services.join_network(user, world.cardio, display_name="Dr Annuaire")
    assert membership.qualification == qualification
    smaller = tmp_path / "annuaire.txt"
    smaller.write_bytes(b"".join(without(sample_lines(), {CARDIOLOGIST})))
    call_command("import_annuaire", str(smaller), "--no-progress", stdout=io.StringIO())
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE and membership.qualification is None
    assert AuditEvent.objects.filter(
        action="membership.verification_lapsed", object_id=str(membership.pk)
    ).exists()
