"""The demo looks alive: each demo network has its own varied content (no sentence twice across the
demo, no English in French networks, a little English in the English-language one), questions with
accepted answers, a clinical case with its discussion, a poll, conversations and some unread; and
seed_demo says which account to try for which journey."""

import re
from collections import Counter

import pytest
from django.core.management import call_command

from entrepairs.discussions.models import ClinicalCase, Notification, Poll, Post, Thread
from entrepairs.messaging.models import Conversation, Message
from entrepairs.networks.models import Membership, Network

ENGLISH_WORDS = re.compile(r"\b(the|and|with|what|your|for|this|is|are|you|thanks|which)\b", re.IGNORECASE)


@pytest.fixture
def demo(db, settings, capsys):
    settings.DEMO_MODE = True
    call_command("seed_demo")
    return capsys.readouterr().out


def _sentences(text):
    return [part.strip() for part in re.split(r"(?<=[.!?])\s+", text) if len(part.strip()) > 12]


def test_no_sentence_is_repeated_across_the_demo(demo):
    sentences = Counter(
        sentence for body in Post.objects.exclude(thread__is_welcome=True).values_list("body", flat=True)
        for sentence in _sentences(body)
    )  # fmt: skip
    assert [sentence for sentence, count in sentences.items() if count > 1] == []
    titles = Counter(Thread.objects.exclude(is_welcome=True).values_list("title", flat=True))
    assert max(titles.values()) == 1


def test_french_networks_speak_french_and_the_english_one_english(demo):
    for network in Network.objects.all():
        bodies = list(Post.objects.filter(network=network).values_list("body", flat=True))
        bodies += list(Thread.objects.filter(network=network).values_list("title", flat=True))
        english = [body for body in bodies if len(ENGLISH_WORDS.findall(body)) >= 2]
        if network.language == "fr":
            assert english == [], f"English in {network.slug}: {english[:2]}"
        else:
            assert len(english) >= len(bodies) // 2, network.slug


def test_each_demo_network_has_answered_questions_a_poll_and_unread_for_its_logins(demo):
    for network in Network.objects.all():
        assert Thread.objects.filter(network=network, kind="question", accepted_answer__isnull=False).exists()
        assert Poll.objects.filter(network=network).exists()
        assert Thread.objects.filter(network=network, is_welcome=True).count() == 1
        first_logins = Membership.objects.filter(network=network).order_by("requested_at", "id")[:3]
        assert Notification.objects.filter(recipient__in=first_logins, read_at__isnull=True).exists()
    case = ClinicalCase.objects.get(network__slug="cardiologues")
    assert case.thread.reply_count >= 3


def test_conversations_where_messages_are_on_with_an_unread_line(demo):
    for network in Network.objects.all():
        conversations = Conversation.objects.filter(network=network)
        assert conversations.exists() == (network.private_messages_enabled and network.slug != "patients-chu")
    message = Message.objects.filter(network__slug="cancer-du-sein").order_by("-sequence").first()
    reader = message.conversation.participants.exclude(member=message.sender).get()
    assert reader.last_read_sequence < message.sequence


def test_seed_demo_prints_which_account_to_try_for_which_journey(demo):
    journeys = demo.split("Which account to try for which journey:")[1]
    assert "cancer-du-sein.03@example.test" in journeys and "cardiologues.03@example.test" in journeys


def test_professionals_show_a_department_and_patients_mostly_keep_their_bio_hidden(demo):
    assert Membership.objects.filter(network__slug="cardiologues").exclude(practice_area="").exists()
    patients = Membership.objects.filter(network__kind="patients")
    assert patients.filter(show_bio=True).count() < patients.count() // 4
