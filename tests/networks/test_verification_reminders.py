"""Before a professional's yearly verification lapses: emails 30 and 7 days before (a daily task,
once each however often it runs, through the outbox), and a banner on their network pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from entrepairs.networks import tasks
from entrepairs.networks.verification_reminders import send_verification_reminders


@pytest.fixture
def ending(world):
    def _set(days, hours=0):
        qualification = world.cardiologist.qualification
        qualification.verified_until = timezone.now() + timedelta(days=days, hours=hours)
        qualification.save(update_fields=["verified_until"])
        return qualification

    return _set


def test_thirty_days_before_one_email_with_a_link_to_renew(world, ending, mailoutbox, settings):
    settings.SITE_URL = "https://entrepairs.example"
    ending(29, hours=12)
    assert tasks.send_verification_reminders() == 1
    (email,) = mailoutbox
    assert email.to == [world.cardiologist.user.email]
    assert "https://entrepairs.example/account/profession/" in email.body
    assert "Renouvelez" in email.body  # in the account's language


def test_running_again_sends_nothing_more(world, ending, mailoutbox):
    ending(29)
    send_verification_reminders()
    send_verification_reminders()
    assert len(mailoutbox) == 1


def test_seven_days_before_a_second_email(world, ending, mailoutbox):
    ending(29)
    send_verification_reminders()
    three_weeks_later = timezone.now() + timedelta(days=22, hours=12)
    send_verification_reminders(now=three_weeks_later)
    send_verification_reminders(now=three_weeks_later + timedelta(hours=24))
    assert len(mailoutbox) == 2


def test_found_late_only_the_seven_day_reminder(world, ending, mailoutbox):
    ending(5)
    send_verification_reminders()
    send_verification_reminders(now=timezone.now() + timedelta(days=1))
    assert len(mailoutbox) == 1


def test_nothing_far_from_the_end_nor_after_it(world, ending, mailoutbox):
    ending(90)
    send_verification_reminders()
    ending(-1)
    send_verification_reminders()
    assert mailoutbox == []


def test_banner_on_network_pages_in_the_last_thirty_days(login, world, ending):
    client = login(world.cardiologist.user)
    url = reverse("networks:home", kwargs={"slug": "cardio"})
    assert "data-verification-banner" not in client.get(url).content.decode()
    ending(6, hours=2)
    html = client.get(url).content.decode()
    assert "data-verification-banner" in html
    assert "Votre vérification prend fin dans 6 jours." in html
    assert 'href="/account/profession/"' in html


def test_banner_costs_no_query(login, world, ending, django_assert_num_queries):
    client = login(world.cardiologist.user)
    url = reverse("discussions:index", kwargs={"slug": "cardio"})
    client.get(url)
    with django_assert_num_queries(8) as before:  # the discussion index's budget (test_discussions.py)
        client.get(url)
    ending(6)
    with django_assert_num_queries(len(before.captured_queries)):
        assert "data-verification-banner" in client.get(url).content.decode()
