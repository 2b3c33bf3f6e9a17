"""The audit log: sensitive actions are recorded; operators filter everything, a network's
administrators their network only (personas, never emails); nobody edits or deletes an entry
through the product (model, queryset, admin; on PostgreSQL a trigger too)."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from entrepairs.audit.models import AuditAppendOnly, AuditEvent
from entrepairs.audit.services import record
from entrepairs.networks import lifecycle, services
from tests.discussions.factories import thread_factory


def test_role_changes_removals_and_bans_are_audited(world):
    services.set_role(world.admin, world.patient, "moderator")
    lifecycle.remove_member(world.admin, world.patient, reason="Propos déplacés")
    lifecycle.ban_member(world.moderator, world.relative, reason="Spam")
    rows = {(e.action, e.object_id, e.network_id) for e in AuditEvent.objects.all()}
    assert ("membership.role", str(world.patient.pk), world.breast.pk) in rows
    assert ("membership.remove", str(world.patient.pk), world.breast.pk) in rows
    assert ("membership.ban", str(world.relative.pk), world.breast.pk) in rows
    assert AuditEvent.objects.get(action="membership.role").detail == "member -> moderator"


def test_a_moderator_reading_hidden_posts_is_audited_members_are_not(login, api_as, world):
    thread = thread_factory(world.patient, replies=2, repliers=[world.relative])
    last = thread.posts.order_by("created_at").last()
    last.deleted_at = timezone.now()
    last.save(update_fields=["deleted_at"])
    url = reverse("discussions:thread", args=["breast", thread.pk])
    assert login(world.patient.user).get(url).status_code == 200
    assert not AuditEvent.objects.filter(action="hidden.read").exists()
    assert login(world.moderator.user).get(url).status_code == 200
    event = AuditEvent.objects.get(action="hidden.read")
    assert (event.actor, event.object_id, event.detail) == (
        world.moderator.user,
        str(thread.pk),
        "1 deleted posts",
    )
    api_as(world.moderator.user).get(f"/networks/breast/threads/{thread.pk}")
    assert AuditEvent.objects.filter(action="hidden.read").count() == 2


def test_an_operator_opening_an_account_in_the_admin_is_audited(login, world):
    response = login(world.operator).get(reverse("admin:accounts_user_change", args=[world.patient.user.pk]))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="account.view", actor=world.operator,
                                     object_id=str(world.patient.user.pk)).count() == 1  # fmt: skip


def test_network_admins_see_their_network_only_with_personas(login, world, django_assert_num_queries):
    record(world.moderator.user, "membership.warn", world.patient)
    record(world.cardiologist.user, "membership.warn", world.cardiologist)
    record(world.operator, "account.deactivate", world.stranger)
    client = login(world.admin.user)
    url = reverse("rights:network_audit", args=["breast"])
    client.get(url)  # warm the session and the header
    # session, account, membership (among my personas, the header's), two-factor, actions for the
    # filter, the entries (personas in a subquery), the header's badges: the same whatever the number
    # of entries
    with django_assert_num_queries(7):
        response = client.get(url)
    html = response.content.decode()
    assert world.moderator.display_name in html and "<code>membership.warn</code>" in html
    assert world.moderator.user.email not in html
    assert str(world.cardiologist.pk) not in html and "account.deactivate" not in html
    assert html.count("<code>membership.warn</code>") == 1


def test_operators_filter_everything(login, world):
    record(world.moderator.user, "membership.warn", world.patient)
    record(world.operator, "account.deactivate", world.stranger)
    client = login(world.operator)
    html = client.get(reverse("operator_audit"), {"action": "account.deactivate"}).content.decode()
    assert "<code>account.deactivate</code>" in html and "<code>membership.warn</code>" not in html
    html = client.get(reverse("operator_audit"), {"network": world.breast.pk}).content.decode()
    assert "<code>membership.warn</code>" in html and "<code>account.deactivate</code>" not in html


def test_entries_cannot_be_edited_or_deleted(world):
    event = record(world.operator, "account.view", world.stranger, detail="ouvert")
    event.detail = "changé"
    with pytest.raises(AuditAppendOnly):
        event.save()
    with pytest.raises(AuditAppendOnly):
        event.delete()
    with pytest.raises(AuditAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(detail="changé")
    with pytest.raises(AuditAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.detail == "ouvert"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_raw_updates_and_deletes(world):
    event = record(world.operator, "account.view", world.stranger, detail="ouvert")
    for statement in (
        "UPDATE audit_auditevent SET detail = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event.pk])
    event.refresh_from_db()
    assert event.detail == "ouvert"


def test_the_admin_is_read_only(login, world):
    event = record(world.operator, "account.view", world.stranger)
    client = login(world.operator)
    response = client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_api_filters_the_log_for_admins_and_operators(api_as, world):
    record(world.moderator.user, "membership.warn", world.patient, detail="premier avertissement")
    record(world.operator, "account.deactivate", world.stranger)
    body = api_as(world.admin.user).get("/networks/breast/audit?action=membership.warn").json()
    (item,) = body["items"]
    assert (item["actor"], item["network"], item["detail"]) == (
        world.moderator.display_name, world.breast.name, "premier avertissement",
    )  # fmt: skip
    assert api_as(world.patient.user).get("/networks/breast/audit").status_code == 403
    assert api_as(world.admin.user).get("/operator/audit").status_code == 404
    body = api_as(world.operator).get("/operator/audit?network=breast").json()
    assert [i["action"] for i in body["items"]] == ["membership.warn"]
    assert body["items"][0]["actor"] == world.moderator.user.email
    assert api_as(world.operator).get("/operator/audit?network=nowhere").status_code == 404
