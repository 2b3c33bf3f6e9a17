"""The operator's admin: every model page opens, consents cannot be edited, verification works."""

import pytest
from django.contrib import admin
from django.urls import reverse

from entrepairs.accounts.models import ConsentRecord
from entrepairs.networks import services
from entrepairs.professionals.models import Qualification
from tests import factories as f


@pytest.mark.parametrize("model", [m for m in admin.site._registry], ids=lambda m: m._meta.label)
def test_every_admin_changelist_opens_for_operators(login, world, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert login(world.operator).get(url).status_code == 200


def test_admin_is_closed_to_members(login, world):
    response = login(world.admin.user).get(reverse("admin:index"))
    assert response.status_code == 302


def test_consents_are_read_only_evidence(login, world):
    services.join_network(world.stranger, world.diabetes, display_name="Hibou Calme", consent_given=True)
    consent = ConsentRecord.objects.get(user=world.stranger)
    client = login(world.operator)
    url = reverse("admin:accounts_consentrecord_change", args=[consent.pk])
    client.post(url, {"text_version": "forged"})
    assert (
        client.post(
            reverse("admin:accounts_consentrecord_delete", args=[consent.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    consent.refresh_from_db()
    assert consent.text_version != "forged"


def test_operator_marks_a_profession_verified_and_it_opens_the_gate(login, world):
    user = f.UserFactory()
    qualification = f.qualification_factory(user, profession_code="10", specialty_code="SM04", verified=False)
    assert services.member_types_for(user, world.cardio) == []
    login(world.operator).post(
        reverse("admin:professionals_qualification_changelist"),
        {"action": "mark_verified", "_selected_action": [qualification.pk]},
    )
    qualification.refresh_from_db()
    assert qualification.status == Qualification.Status.VERIFIED
    assert qualification.verified_until is not None
    assert services.member_types_for(user, world.cardio) == ["professional"]
