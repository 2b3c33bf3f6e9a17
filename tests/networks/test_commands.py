"""Operator commands: create_network and seed_demo."""

import pytest
from django.core.management import CommandError, call_command

from entrepairs.accounts.models import User
from entrepairs.discussions.models import Post
from entrepairs.networks.models import Membership, Network
from entrepairs.professionals.models import Qualification


def test_create_network_command(db, capsys):
    call_command(
        "create_network", name="Sages-femmes", slug="sages-femmes", kind="professionals", profession=["50"]
    )
    network = Network.objects.get(slug="sages-femmes")
    assert list(network.professions.values_list("code", flat=True)) == ["50"]
    assert "/n/sages-femmes/" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"kind": "professionals"}, "at least one profession"),
        ({"kind": "professionals", "profession": ["999"]}, "Unknown profession"),
        ({"kind": "patients", "theme_color": "red"}, "colour"),
        ({"kind": "patients", "admin_email": "nobody@example.test"}, "No account"),
    ],
)
def test_create_network_refusals_are_messages_and_create_nothing(db, options, message, settings):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(CommandError) as error:
        call_command("create_network", name="Réseau", slug="reseau-x", **options)
    assert message.lower() in str(error.value).lower()
    assert not Network.objects.filter(slug="reseau-x").exists()


def test_seed_demo_refuses_outside_demo_mode_and_creates_nothing(db, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("seed_demo")
    assert not Network.objects.exists()
    assert not User.objects.exists()


def test_seed_demo_is_idempotent_and_gates_hold(db, capsys, settings):
    settings.DEMO_MODE = True
    call_command("seed_demo")
    counts = (Network.objects.count(), Membership.objects.count(), Post.objects.count())
    call_command("seed_demo")
    assert (Network.objects.count(), Membership.objects.count(), Post.objects.count()) == counts
    assert counts[0] == 7 and counts[2] > 100
    assert "demo-entrepairs-2026" in capsys.readouterr().out
    cardiologists = Membership.objects.filter(network__slug="cardiologues")
    assert all(
        m.qualification and m.qualification.status == Qualification.Status.VERIFIED for m in cardiologists
    )
    for membership in Membership.objects.filter(network__kind="patients").select_related("user"):
        if membership.user.last_name:  # accounts with a name on file: never in the pseudonym
            assert membership.user.last_name.lower() not in membership.display_name.lower()
