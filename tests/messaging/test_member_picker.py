"""Starting a conversation: a member picker (pseudonyms of the network, accents optional), a
"Message" button on profiles where the network allows private messages, and no Messages tab where
it does not."""

from django.urls import reverse

from entrepairs.messaging.models import Conversation
from entrepairs.networks import access
from tests import factories as f


def test_a_name_typed_without_accents_opens_the_conversation(team, login):
    squirrel = f.member_factory(team.world.cardio, display_name="Écureuil Vif")
    response = login(team.heart.user).post(
        reverse("messaging:new_direct", kwargs={"slug": "cardio"}), {"member": "ecureuil vif"}
    )
    assert response.status_code == 302
    conversation = Conversation.objects.get()
    assert set(conversation.participants.values_list("member_id", flat=True)) == {team.heart.pk, squirrel.pk}


def test_the_exact_name_wins_over_an_accent_free_twin(team):
    accented = f.member_factory(team.world.cardio, display_name="Élan Calme")
    plain = f.member_factory(team.world.cardio, display_name="Elan Calme")
    assert access.members_named(team.heart, ["Elan Calme"]) == ([plain], [])
    assert access.members_named(team.heart, ["élan calme"]) == ([accented], [])
    # Neither typed exactly, two folded matches: nobody rather than a guess.
    assert access.members_named(team.heart, ["ELAN  CALMÉ"]) == ([], ["ELAN  CALMÉ"])


def test_new_message_fields_are_member_pickers(team, login):
    client = login(team.heart.user)
    suggest = reverse("networks:member_suggestions", kwargs={"slug": "cardio"})
    direct = client.get(reverse("messaging:new_direct", kwargs={"slug": "cardio"})).content.decode()
    assert f'data-member-picker="{suggest}"' in direct
    assert "networks/member_picker.js" in direct
    group = client.get(reverse("messaging:new_group", kwargs={"slug": "cardio"})).content.decode()
    assert f'data-member-picker="{suggest}"' in group and "data-member-multiple" in group


def test_profile_has_a_message_button_where_messages_are_on(team, login):
    html = (
        login(team.heart.user)
        .get(reverse("networks:member_detail", kwargs={"slug": "cardio", "member_id": team.rhythm.pk}))
        .content.decode()
    )
    assert f'href="/n/cardio/messages/new/?member={team.rhythm.pk}" data-message-member' in html
    # Not on one's own profile.
    own = (
        login(team.heart.user)
        .get(reverse("networks:member_detail", kwargs={"slug": "cardio", "member_id": team.heart.pk}))
        .content.decode()
    )
    assert "data-message-member" not in own


def test_no_messages_tab_nor_button_where_messages_are_off(world, login):
    assert not world.breast.private_messages_enabled
    client = login(world.patient.user)
    home = client.get(reverse("networks:home", kwargs={"slug": "breast"})).content.decode()
    assert "messages-link" not in home
    profile = client.get(
        reverse("networks:member_detail", kwargs={"slug": "breast", "member_id": world.relative.pk})
    ).content.decode()
    assert "data-message-member" not in profile


def test_messages_tab_where_they_are_on(breast_on, login):
    home = (
        login(breast_on.patient.user)
        .get(reverse("networks:home", kwargs={"slug": "breast"}))
        .content.decode()
    )
    assert "messages-link" in home
