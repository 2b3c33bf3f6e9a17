"""Mentions of members by pseudonym: never flagged as personal data, the member notified, shown as a
chip linking to the profile (never the raw `@[…]`), and members suggested as one types `@`."""

import pytest
from django.urls import reverse

from entrepairs.discussions import services
from entrepairs.discussions.models import Notification, Post
from entrepairs.networks import access
from entrepairs.privacy import services as privacy
from tests import factories as f
from tests.discussions.factories import thread_factory


@pytest.fixture
def otter(world):
    return f.member_factory(world.breast, display_name="Loutre Paisible 12")


def _url(thread):
    return reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": thread.pk})


@pytest.mark.parametrize(
    "text", ["Merci @Loutre Paisible 12 pour ton conseil.", "Merci @[Loutre Paisible 12] !"]
)
def test_a_members_pseudonym_is_never_flagged_in_the_live_check(login, world, otter, text):
    response = login(world.patient.user).post(
        reverse("privacy:check", kwargs={"slug": "breast"}), {"body": text}
    )
    assert response.status_code == 200
    assert "data-privacy-finding" not in response.content.decode()


def test_a_real_name_after_an_at_sign_is_still_flagged(login, world, otter):
    # The guard still works: "Sophie Martin" is nobody's pseudonym here.
    assert privacy.mention_names(world.patient, {"body": "Merci @Sophie Martin"}) == []
    response = login(world.patient.user).post(
        reverse("privacy:check", kwargs={"slug": "breast"}),
        {"body": "Merci @Sophie Martin pour ton conseil."},
    )
    assert "data-privacy-finding" in response.content.decode()


def test_a_members_pseudonym_passes_the_check_on_submit(world, otter):
    thread = thread_factory(world.patient)
    post = services.post_reply(world.relative, thread, body="Merci @Loutre Paisible 12 pour ton conseil.")
    assert post.pk


def test_mention_without_brackets_notifies_the_member(world, otter, django_capture_on_commit_callbacks):
    thread = thread_factory(world.patient)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(world.relative, thread, body="Qu'en penses-tu @Loutre Paisible 12 ?")
    notification = Notification.objects.get(recipient=otter)
    assert notification.kind == "mention"


def test_mention_of_a_member_of_another_network_notifies_nobody(world, django_capture_on_commit_callbacks):
    f.member_factory(world.diabetes, display_name="Héron Discret")
    thread = thread_factory(world.patient)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(world.relative, thread, body="Bonjour @[Héron Discret]")
    assert not Notification.objects.filter(kind="mention").exists()


def test_mentions_render_as_chips_never_as_raw_syntax(login, world, otter):
    thread = thread_factory(world.patient)
    services.post_reply(world.relative, thread, body="Merci @[Loutre Paisible 12] et @[Personne Inconnue] !")
    post = Post.objects.get(thread=thread, is_first=False)
    profile = reverse("networks:member_detail", kwargs={"slug": "breast", "member_id": otter.pk})
    assert f'<a class="mention" href="{profile}">@Loutre Paisible 12</a>' in post.body_html
    assert '<span class="mention mention-unknown">@Personne Inconnue</span>' in post.body_html
    html = login(world.patient.user).get(_url(thread)).content.decode()
    assert "@[" not in html.split('<ol class="posts">')[1].split("</ol>")[0]


def test_forged_markers_and_html_in_a_mention_stay_text(world):
    f.member_factory(world.breast, display_name="Héron Calme")
    html = services.render_body(world.patient, "\ue0000\ue001 @[<b>x</b>] @Héron Calme")
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert 'class="mention"' in html


def test_suggestions_ignore_accents_and_stay_in_the_network(login, world):
    f.member_factory(world.breast, display_name="Écureuil Vif")
    f.member_factory(world.diabetes, display_name="Écureuil Roux")
    client = login(world.patient.user)
    url = reverse("networks:member_suggestions", kwargs={"slug": "breast"})
    html = client.get(url, {"q": "ecu"}).content.decode()
    assert "Écureuil Vif" in html and "Écureuil Roux" not in html
    assert "Écureuil Vif" in client.get(url, {"q": "vif"}).content.decode()
    assert "Écureuil Vif" not in client.get(url, {"q": "if"}).content.decode()  # word starts only
    assert client.get(url, {"q": ""}).content.decode().strip() == ""


def test_suggestions_are_404_outside_the_network(login, world):
    url = reverse("networks:member_suggestions", kwargs={"slug": "breast"})
    assert login(world.outsider.user).get(url, {"q": "a"}).status_code == 404


def test_search_members_never_returns_the_member_and_is_capped(world):
    for index in range(12):
        f.member_factory(world.breast, display_name=f"Colibri {index:02d}")
    found = access.search_members(world.patient, "colibri")
    assert len(found) == access.MAX_SUGGESTIONS
    assert world.patient not in found


def test_composer_documents_the_mention_syntax(login, world):
    thread = thread_factory(world.patient)
    html = login(world.patient.user).get(_url(thread)).content.decode()
    assert "@[Pseudonyme]" in html
    assert 'data-mention-url="/n/breast/members/suggest/"' in html
