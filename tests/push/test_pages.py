"""The devices page (the account's own), this browser's subscription, and a persona's settings per
network. world.patient owns the devices; world.outsider must not learn of them nor remove them."""

import json

import pytest
from django.urls import reverse

from entrepairs import activity
from entrepairs.push.models import NetworkPolicy, Preference, Subscription

pytestmark = pytest.mark.django_db
P256DH = "B" + "x" * 86
AUTH = "a" * 22


def _subscribe(client, **data):
    body = {
        "endpoint": "https://fcm.googleapis.com/fcm/send/abc",
        "keys": {"p256dh": P256DH, "auth": AUTH},
    } | data
    return client.post(
        reverse("push:subscribe"),
        json.dumps(body),
        content_type="application/json",
        HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 15) Chrome/140.0 Mobile Safari/537.36",
    )


def test_a_browser_registers_and_is_listed_by_a_coarse_name(login, world, vapid, django_assert_num_queries):
    client = login(world.patient.user)
    response = _subscribe(client)
    assert response.status_code == 201
    device = Subscription.objects.get(user=world.patient.user)
    assert device.label == "Chrome, Android"  # no version kept
    with django_assert_num_queries(5):  # session, account, devices, personas (the page; the header)
        page = client.get(reverse("push:devices")).content.decode()
    assert "Chrome, Android" in page and f'data-public-key="{vapid}"' in page
    assert _subscribe(client).status_code == 201  # the same browser again: one row, renewed
    assert Subscription.objects.filter(user=world.patient.user).count() == 1


@pytest.mark.parametrize(
    ("endpoint", "code"),
    [
        ("http://push.example.org/x", "invalid_endpoint"),  # not https
        ("https://127.0.0.1/x", "invalid_endpoint"),  # the server must not post into its own network
        ("https://10.0.0.8/x", "invalid_endpoint"),
        ("https://localhost/x", "invalid_endpoint"),
        ("https://redis.internal/x", "invalid_endpoint"),
    ],
)
def test_local_or_plain_endpoints_are_refused(login, world, vapid, endpoint, code):
    response = _subscribe(login(world.patient.user), endpoint=endpoint)
    assert (response.status_code, response.json()["code"]) == (400, code)
    assert not Subscription.objects.exists()


def test_bad_keys_and_bad_json_are_clear_errors(login, world, vapid):
    client = login(world.patient.user)
    response = _subscribe(client, keys={"p256dh": "<script>", "auth": AUTH})
    assert (response.status_code, response.json()["code"]) == (400, "invalid_keys")
    response = client.post(reverse("push:subscribe"), "{", content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (400, "malformed_json")
    assert not Subscription.objects.exists()


def test_without_vapid_keys_push_is_not_offered(login, world):
    client = login(world.patient.user)
    response = _subscribe(client)
    assert (response.status_code, response.json()["code"]) == (409, "push_unavailable")
    assert (
        "Les notifications ne sont pas disponibles sur ce site."
        in client.get(reverse("push:devices")).content.decode()
    )


def test_removing_a_device_of_another_account_is_not_found_and_changes_nothing(login, world, vapid):
    device = Subscription.objects.create(
        user=world.patient.user, endpoint="https://push.example.org/1", p256dh=P256DH, auth=AUTH
    )
    response = login(world.outsider.user).post(reverse("push:remove_device", args=[device.pk]))
    assert response.status_code == 404
    assert Subscription.objects.filter(pk=device.pk).exists()
    response = login(world.patient.user).post(reverse("push:remove_device", args=[device.pk]))
    assert response.status_code == 302 and not Subscription.objects.filter(pk=device.pk).exists()


def test_turning_off_forgets_this_browser_only(login, world, vapid):
    client = login(world.patient.user)
    _subscribe(client)
    _subscribe(client, endpoint="https://fcm.googleapis.com/fcm/send/other")
    client.post(
        reverse("push:unsubscribe"),
        json.dumps({"endpoint": "https://fcm.googleapis.com/fcm/send/abc"}),
        content_type="application/json",
    )
    assert list(Subscription.objects.values_list("endpoint", flat=True)) == [
        "https://fcm.googleapis.com/fcm/send/other"
    ]


def test_a_member_chooses_kinds_sender_and_quiet_hours_for_one_network(login, world):
    client = login(world.patient.user)
    url = reverse("push:preferences", args=[world.breast.slug])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"pref-submit": "1", "pref-kinds": ["message", "mention"], "pref-show_sender": "on",
         "pref-quiet_from": "22:00", "pref-quiet_until": "07:00"},
    )  # fmt: skip
    assert response.status_code == 302
    preference = Preference.objects.get(member=world.patient)
    assert set(preference.muted_kinds) == set(activity.KINDS) - {"message", "mention", "report"}
    assert preference.show_sender and str(preference.quiet_from) == "22:00:00"


def test_half_quiet_hours_are_refused_and_the_input_kept(login, world):
    client = login(world.patient.user)
    url = reverse("push:preferences", args=[world.breast.slug])
    response = client.post(url, {"pref-submit": "1", "pref-kinds": ["reply"], "pref-quiet_from": "22:00"})
    page = response.content.decode()
    assert response.status_code == 200 and "Indiquez le début et la fin des heures calmes." in page
    assert 'value="22:00"' in page
    assert not Preference.objects.exists()


def test_only_the_networks_administrator_sets_the_minimal_policy(login, world):
    url = reverse("push:preferences", args=[world.breast.slug])
    response = login(world.moderator.user).post(url, {"policy-submit": "1", "policy-minimal_only": "on"})
    assert not NetworkPolicy.objects.exists()
    assert "policy-minimal_only" not in response.content.decode()
    response = login(world.admin.user).post(url, {"policy-submit": "1", "policy-minimal_only": "on"})
    assert response.status_code == 302
    assert NetworkPolicy.objects.get(network=world.breast).minimal_only


def test_erasure_of_a_persona_removes_its_settings_and_the_export_lists_devices_without_addresses(world):
    from entrepairs.push.actions import rights
    from entrepairs.push.models import Pushed

    Preference.objects.create(network=world.breast, member=world.patient, show_sender=True)
    Pushed.objects.create(network=world.breast, member=world.patient, collapse_key="conversation:1")
    Subscription.objects.create(
        user=world.patient.user, endpoint="https://push.example.org/secret-token", p256dh=P256DH, auth=AUTH,
        label="Firefox, Android",
    )  # fmt: skip
    part = rights.export_member_push(world.patient.user)
    assert part.sections["push.devices"][0]["device"] == "Firefox, Android"
    assert "secret-token" not in str(part.sections) and AUTH not in str(part.sections)
    assert part.sections["push.settings"][0]["show_sender"] is True
    rights.erase_member_push(world.patient, world.patient, keep_posts=False)
    assert not Preference.objects.exists() and not Pushed.objects.exists()
