"""The code of conduct (default text, edited by the network's administrators) and expert notes."""

import pytest
from django.urls import reverse

from entrepairs.audit.models import AuditEvent
from entrepairs.discussions import services as posting
from entrepairs.discussions.models import ExpertNote
from entrepairs.errors import ActionRefused
from entrepairs.moderation.models import ModerationSettings
from tests import factories as f
from tests.discussions.factories import thread_factory


def test_default_code_of_conduct_in_french_and_linked_from_the_composer(world, login):
    client = login(world.patient.user)
    page = client.get(reverse("moderation:code_of_conduct", kwargs={"slug": "breast"}))
    assert "3114" in page.content.decode() and "Bienveillance" in page.content.decode()
    thread = thread_factory(world.relative)
    page = client.get(reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": thread.pk}))
    assert reverse("moderation:code_of_conduct", kwargs={"slug": "breast"}) in page.content.decode()


def test_admins_edit_their_networks_code_of_conduct_only(world, login):
    url = reverse("moderation:manage_settings", kwargs={"slug": "breast"})
    data = {"code_of_conduct": "Notre charte : respect.", "country": "BE", "crisis_resources": "",
            "first_posts_needing_approval": 2}  # fmt: skip
    assert login(world.moderator.user).post(url, data).status_code == 403
    assert not ModerationSettings.objects.exists()
    assert login(world.admin.user).post(url, data).status_code == 302
    saved = ModerationSettings.objects.get(network=world.breast)
    assert (saved.code_of_conduct, saved.country, saved.first_posts_needing_approval) == (
        "Notre charte : respect.",
        "BE",
        2,
    )
    page = login(world.patient.user).get(reverse("moderation:code_of_conduct", kwargs={"slug": "breast"}))
    assert "Notre charte : respect." in page.content.decode()
    # Another network's administrator gets 404 for breast's settings.
    assert login(world.cardiologist.user).post(url, data).status_code == 404
    assert AuditEvent.objects.filter(action="moderation.settings").count() == 1


@pytest.fixture
def expert(world):
    """A verified cardiologist who is also a member of the patient network breast."""
    user = f.UserFactory()
    f.qualification_factory(user, profession_code="10", specialty_code="SM04")
    return f.member_factory(world.breast, user=user, display_name="Dr Bienveillant")


def test_an_expert_adds_a_sourced_note_where_the_network_admits_experts(world, expert):
    post = thread_factory(world.patient).posts.get()
    with pytest.raises(ActionRefused) as refused:
        posting.add_expert_note(expert, post, body="Le tamoxifène se prend 5 ans.", source="HAS 2024")
    assert refused.value.status == 403  # not admitted yet
    ModerationSettings.objects.create(network=world.breast, admit_experts=True)
    with pytest.raises(ActionRefused) as refused:
        posting.add_expert_note(expert, post, body="Le tamoxifène se prend 5 ans.", source="")
    assert refused.value.code == "source_required"
    note = posting.add_expert_note(expert, post, body="Le tamoxifène se prend 5 ans.", source="HAS 2024")
    assert note.author == expert and AuditEvent.objects.filter(action="expert_note.add").exists()
    with pytest.raises(ActionRefused):  # a patient is no expert
        posting.add_expert_note(world.relative, post, body="Non.", source="Mon avis")


def test_moderators_add_notes_shown_under_the_post(world, login):
    post = thread_factory(world.patient).posts.get()
    client = login(world.moderator.user)
    url = reverse("discussions:expert_note", kwargs={"slug": "breast", "post_id": post.pk})
    answer = client.post(
        url, {"body": "Vérifiez auprès de votre oncologue.", "source": "https://www.e-cancer.fr"}
    )
    assert answer.status_code == 302
    page = login(world.relative.user).get(
        reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": post.thread_id})
    )
    assert "Vérifiez auprès de votre oncologue." in page.content.decode()
    assert login(world.relative.user).post(url, {"body": "x", "source": "y source"}).status_code == 403
    assert ExpertNote.objects.count() == 1
