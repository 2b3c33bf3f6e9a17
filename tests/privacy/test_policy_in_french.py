"""The privacy check speaks French by default: a member with the default account language reads the
refusal and the confirmation in French, plurals included."""

from django.urls import reverse
from django.utils.html import escape

from entrepairs.discussions.models import Thread
from tests.discussions.factories import space_of

NIR = "2 84 05 75 112 044 38"
PHONE = "06 12 34 56 78"


def _post(client, world, body):
    url = reverse("discussions:new_thread", kwargs={"slug": "breast"})
    data = {"space": space_of(world.breast).slug, "kind": "discussion", "title": "Entraide", "body": body}
    return client.post(url, data).content.decode()


def test_a_blocked_number_is_refused_in_french(login, world):
    page = _post(login(world.patient.user), world, f"Mon numéro de sécu : {NIR}")
    assert escape("Ce réseau n'autorise pas la publication d'un numéro de sécurité sociale") in page
    assert "[n° de sécurité sociale masqué]" in page
    assert not Thread.objects.filter(network=world.breast).exists()


def test_the_confirmation_counts_members_in_french(login, world):
    page = _post(login(world.patient.user), world, f"Appelez-moi au {PHONE}.")
    assert "Je sais que ce sera visible par 4 membres." in page  # the plural form, not « 4 membre »
    assert 'name="confirm_privacy" value="PHONE"' in page
