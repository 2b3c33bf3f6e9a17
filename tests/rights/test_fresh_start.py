"""A fresh start in one network (issue 16, retroactive privacy): a new name and the old posts signed
"Former member", in one step."""

from django.urls import reverse

from entrepairs.discussions.models import Post, Thread
from entrepairs.rights.actions import fresh_start
from tests.discussions.factories import thread_factory


def url(member):
    return reverse("persona_fresh_start", kwargs={"membership_id": member.pk})


def test_rename_and_detach_the_old_posts_in_one_step(login, world):
    thread = thread_factory(world.patient, title="Mon parcours à Plouha")
    other = thread_factory(world.relative, title="Entraide")
    client = login(world.patient.user)
    assert client.get(url(world.patient)).status_code == 200
    response = client.post(url(world.patient), {"display_name": "Loutre Paisible", "confirm": "on"})
    assert response.status_code == 302
    world.patient.refresh_from_db()
    assert world.patient.display_name == "Loutre Paisible"
    thread.refresh_from_db()
    former = thread.author
    assert former.display_name == "Ancien membre" and former.status == "left"
    assert not Post.objects.filter(author=world.patient).exists()
    assert Post.objects.filter(thread=thread, author=former).count() == 1
    other.refresh_from_db()
    assert other.author == world.relative  # others' posts untouched
    page = client.get(
        reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": thread.pk})
    ).content
    assert b"Ancien membre" in page and b"data-former-member" in page
    # What is written afterwards carries the new name.
    assert thread_factory(world.patient, title="Nouveau départ").author == world.patient


def test_the_new_name_goes_through_the_privacy_policy_and_nothing_moves_when_refused(login, world):
    thread = thread_factory(world.patient, title="Mon parcours")
    client = login(world.patient.user)
    response = client.post(url(world.patient), {"display_name": "Sophie Martin", "confirm": "on"})
    assert response.status_code == 200
    assert 'name="confirm_privacy" value="PERSON"' in response.content.decode()
    thread.refresh_from_db()
    assert thread.author == world.patient
    world.patient.refresh_from_db()
    assert world.patient.display_name == "Rose des Vents"


def test_without_the_confirmation_nothing_changes(login, world):
    thread = thread_factory(world.patient, title="Mon parcours")
    assert (
        login(world.patient.user).post(url(world.patient), {"display_name": "Loutre Paisible"}).status_code
        == 200
    )
    thread.refresh_from_db()
    assert thread.author == world.patient


def test_only_the_account_itself_and_never_the_former_member(login, world):
    assert login(world.relative.user).get(url(world.patient)).status_code == 404
    former = fresh_start.former_member(world.breast)
    assert login(world.patient.user).get(url(former)).status_code == 404


def test_the_former_member_persona_is_one_per_network(world):
    first = fresh_start.former_member(world.breast)
    assert fresh_start.former_member(world.breast) == first
    assert fresh_start.former_member(world.diabetes) != first
    assert Thread.objects.filter(author=first).count() == 0
