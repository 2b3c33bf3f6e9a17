"""Consent per network: kept with its text version and date; withdrawing it removes the member's
health data from that network only (docs/decisions/0015-consent-withdrawal.md)."""

import pytest
from django.urls import reverse

from entrepairs.accounts.models import ConsentRecord
from entrepairs.audit.models import AuditEvent
from entrepairs.discussions.models import Post, Reaction, Thread
from entrepairs.errors import ActionRefused
from entrepairs.messaging.models import Message
from entrepairs.networks import services
from entrepairs.rights.actions import consent
from tests import factories as f
from tests.discussions.factories import thread_factory
from tests.rights.conftest import all_markers, marker
from tests.rights.scan import find_in_database, find_in_media


def test_joining_keeps_the_text_version_and_date_per_network(world, login):
    user = f.UserFactory()
    for network in (world.breast, world.diabetes):
        services.join_network(user, network, display_name=f"Nouvelle {network.slug}", consent_given=True)
    records = list(consent.consents_of(user))
    assert {r.network for r in records} == {world.breast, world.diabetes}
    assert {r.text_version for r in records} == {"2026-11"} and all(r.given_at for r in records)
    page = login(user).get(reverse("consents")).content.decode()
    assert "Version 2026-11" in page and world.diabetes.name in page


def test_withdrawing_removes_the_health_data_of_that_network_only(
    marked, world, django_capture_on_commit_callbacks
):
    # The fixture recorded the persona's consent: its health profile and survey answers needed it.
    elsewhere = thread_factory(marked.member.__class__.objects.get(pk=marked.member.pk))  # same network
    diabetes = marked.user.memberships.get(network=world.diabetes)
    diabetes_thread = thread_factory(diabetes, title=marker("diabetes"))
    with django_capture_on_commit_callbacks(execute=True):
        consent.withdraw_consent(marked.member, posts="delete")
    marked.member.refresh_from_db()
    assert marked.member.status == "left" and marked.member.bio == ""
    assert ConsentRecord.objects.get(user=marked.user, network=world.breast).withdrawn_at is not None
    written_in_breast = [
        m for m in all_markers() if m not in {marker(k) for k in _ACCOUNT_LEVEL}
    ]  # what the persona wrote in breast (account-level strings are not that network's)
    assert find_in_database(written_in_breast) == {}
    assert find_in_media(written_in_breast) == {}
    assert not Thread.objects.filter(pk=elsewhere.pk).exists()
    assert Thread.objects.get(pk=diabetes_thread.pk).title == marker("diabetes")  # other networks keep it
    assert Post.objects.get(pk=marked.others_reply.pk).deleted_at is None
    assert not Reaction.objects.filter(member=marked.member).exists()
    assert Message.objects.get(pk=marked.others_message.pk).body == "Message de Rose, qui reste."
    assert AuditEvent.objects.filter(action="consent.withdraw", actor=marked.user).exists()


# Strings about the account or other networks, not what the persona wrote in breast: they stay.
_ACCOUNT_LEVEL = {
    "email", "first", "last", "pseudo", "pseudotwo", "endreason", "token", "docreason", "document", "exportfile",
    "declared", "invitenote", "auditabout", "auditby", "adminlog",
    "emailsubject", "emailbody",  # an email waiting for the account's address (any network's)
}  # fmt: skip


def test_keeping_posts_signs_them_deleted_member(marked, world):
    ConsentRecord.objects.create(user=marked.user, network=world.breast, text_version="2026-11", text="…")
    consent.withdraw_consent(marked.member, posts="anonymise")
    assert Post.objects.get(body=marker("reply")).author.display_name == "Membre supprimé"
    assert not Message.objects.filter(body=marker("message")).exists()


def test_the_last_administrator_cannot_withdraw_and_nothing_changes(world):
    ConsentRecord.objects.create(user=world.admin.user, network=world.breast, text_version="v", text="…")
    thread = thread_factory(world.admin)
    with pytest.raises(ActionRefused) as refused:
        consent.withdraw_consent(world.admin, posts="delete")
    assert refused.value.code == "last_admin"
    assert Thread.objects.filter(pk=thread.pk).exists()
    world.admin.refresh_from_db()
    assert world.admin.status == "active"


def test_the_page_and_the_api_withdraw_for_the_owner_only(login, api_as, world):
    ConsentRecord.objects.create(user=world.patient.user, network=world.breast, text_version="v", text="…")
    url = reverse("withdraw_consent", args=[world.patient.pk])
    assert login(world.relative.user).post(url, {"posts": "delete", "confirm": "on"}).status_code == 404
    assert (
        api_as(world.relative.user)
        .post(f"/me/memberships/{world.patient.pk}/withdraw-consent", {"posts": "delete"})
        .status_code
        == 404
    )
    world.patient.refresh_from_db()
    assert world.patient.status == "active"
    response = api_as(world.patient.user).post(
        f"/me/memberships/{world.patient.pk}/withdraw-consent", {"posts": "delete"}
    )
    assert response.status_code == 200 and response.json() == {"withdrawn": True}
    world.patient.refresh_from_db()
    assert world.patient.status == "left"
    (listed,) = api_as(world.patient.user).get("/me/consents").json()
    assert listed["withdrawn_at"] is not None and listed["text_version"] == "v"


def test_the_page_asks_to_confirm_then_withdraws(login, world):
    ConsentRecord.objects.create(user=world.patient.user, network=world.breast, text_version="v", text="…")
    client = login(world.patient.user)
    url = reverse("withdraw_consent", args=[world.patient.pk])
    response = client.post(url, {"posts": "anonymise"})
    assert response.status_code == 200 and "confirm" in response.context["form"].errors
    assert response.context["form"]["posts"].value() == "anonymise"
    world.patient.refresh_from_db()
    assert world.patient.status == "active"
    response = client.post(url, {"posts": "anonymise", "confirm": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("consents")
    world.patient.refresh_from_db()
    assert world.patient.status == "left"
    assert "Retiré le" in client.get(reverse("consents")).content.decode()
