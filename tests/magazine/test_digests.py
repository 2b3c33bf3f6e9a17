"""The network digest: content per member (only what they may see, nothing of a network they left),
HTML and text, FR/EN, titles hidden, idempotency (a run resumed after a crash sends no duplicate),
one-click unsubscribe without signing in, first-party open/click counting."""

import pytest
from django.core import mail
from django.urls import reverse

from entrepairs.magazine import services
from entrepairs.magazine.actions import digests
from entrepairs.magazine.models import DigestSend
from entrepairs.networks.lifecycle import leave_network
from entrepairs.networks.models import EmailPreference
from entrepairs.outbox.models import OutgoingEmail
from tests.discussions.factories import thread_factory
from tests.magazine.factories import article_factory

pytestmark = pytest.mark.django_db


def _daily(*members):
    for member in members:
        digests.set_digest(member, "daily")


def _send():
    return digests.send_digests(digests=("daily",))


def _mail_to(member):
    return [message for message in mail.outbox if message.to == [member.user.email]]


def test_digest_gathers_what_the_member_may_see_in_html_and_text(world):
    _daily(world.patient)
    article_factory(world.breast, title="Reprendre le sport après un cancer")
    thread_factory(world.relative, kind="question", title="Quelle crème pour la radiothérapie ?")
    article_factory(world.diabetes, title="Insuline et voyage")  # another network
    assert _send() == 1
    [message] = _mail_to(world.patient)
    html = message.alternatives[0][0]
    for text in (message.body, html):
        assert "Reprendre le sport après un cancer" in text
        assert "Quelle crème pour la radiothérapie ?" in text
        assert "Insuline et voyage" not in text
    assert message.subject == "Aujourd'hui dans Cancer du sein — patientes et proches"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_digest_speaks_the_accounts_language(world):
    world.patient.user.language = "en"
    world.patient.user.save(update_fields=["language"])
    _daily(world.patient)
    article_factory(world.breast)
    _send()
    [message] = _mail_to(world.patient)
    assert message.subject.startswith("Today in ") and "In the magazine" in message.body


def test_nothing_new_sends_nothing(world):
    _daily(world.patient)
    assert _send() == 0 and not DigestSend.objects.exists()


def test_never_twice_the_same_day(world):
    _daily(world.patient)
    article_factory(world.breast)
    assert _send() == 1
    assert _send() == 0
    assert len(_mail_to(world.patient)) == 1


def test_an_interrupted_run_resumes_without_duplicates(world, monkeypatch):
    _daily(world.patient, world.relative)
    article_factory(world.breast)
    real_render = digests.render
    calls = {"count": 0}

    def crash_on_second(*args, **kwargs):
        calls["count"] += 1
        if calls["count"] == 2:
            raise RuntimeError("worker killed")
        return real_render(*args, **kwargs)

    monkeypatch.setattr(digests, "render", crash_on_second)
    with pytest.raises(RuntimeError):
        _send()
    assert DigestSend.objects.count() == 1 and OutgoingEmail.objects.count() == 1
    monkeypatch.setattr(digests, "render", real_render)
    assert _send() == 1  # only the one left
    assert len(_mail_to(world.patient)) == 1 and len(_mail_to(world.relative)) == 1


def test_no_digest_of_a_network_the_member_left(world):
    _daily(world.patient)
    article_factory(world.breast)
    leave_network(world.patient)
    assert _send() == 0
    assert _mail_to(world.patient) == []


def test_weekly_digest_once_a_week(world):
    article_factory(world.breast)
    for member in (world.relative, world.moderator, world.admin):
        digests.set_digest(member, "never")
    assert digests.send_digests(digests=("weekly",)) == 1  # the patient: weekly by default
    assert digests.send_digests(digests=("weekly",)) == 0
    assert DigestSend.objects.get().period.startswith(str(DigestSend.objects.get().created_at.year))


def test_titles_hidden_mode_shows_counts_only(world):
    services.update_settings(world.admin, digest_titles_hidden=True)
    _daily(world.patient)
    article_factory(world.breast, title="Reprendre le sport après un cancer")
    thread_factory(world.relative, kind="question", title="Quelle crème pour la radiothérapie ?")
    _send()
    [message] = _mail_to(world.patient)
    for text in (message.subject, message.body, message.alternatives[0][0]):
        assert (
            "Reprendre le sport" not in text and "radiothérapie" not in text and "Cancer du sein" not in text
        )
    assert "1 nouvel article" in message.body


def test_one_click_unsubscribe_without_signing_in(world, client):
    token = digests.unsubscribe_token(world.patient)
    url = reverse("magazine_public:unsubscribe", args=[token])
    assert client.get(url).status_code == 200  # a link scanner visiting it changes nothing
    assert digests.digest_of(world.patient) == "weekly"
    client.post(url)  # a POST without the RFC 8058 body changes nothing either
    assert digests.digest_of(world.patient) == "weekly"
    # What a mail provider sends (no CSRF token, no session), as does the page's button:
    assert (
        client.post(
            url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        ).status_code
        == 200
    )
    assert digests.digest_of(world.patient) == "never"
    assert digests.digest_of(world.relative) == "weekly"


def test_tampered_unsubscribe_link_is_refused_clearly(world, client):
    token = digests.unsubscribe_token(world.patient)
    tampered = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    response = client.post(
        reverse("magazine_public:unsubscribe", args=[tampered]), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 400 and "pas valide" in response.content.decode()
    assert not EmailPreference.objects.filter(digest="never").exists()


def test_opens_and_clicks_are_counted_first_party_and_redirects_stay_on_site(world, client):
    _daily(world.patient)
    article_factory(world.breast)
    _send()
    send = DigestSend.objects.get()
    token = digests.tracking_token(send)
    assert client.get(reverse("magazine_public:digest_open", args=[token]))["Content-Type"] == "image/gif"
    response = client.get(reverse("magazine_public:digest_click", args=[token]) + "?to=//evil.example/")
    assert response["Location"] == "/"
    send.refresh_from_db()
    assert send.opened_at and send.clicked_at


def test_tracking_can_be_turned_off(world, settings):
    settings.DIGEST_TRACKING = False
    _daily(world.patient)
    article_factory(world.breast)
    _send()
    [message] = _mail_to(world.patient)
    assert "/magazine/d/" not in message.alternatives[0][0]


def test_member_chooses_the_digest_per_network(world, client):
    client.force_login(world.patient.user)
    url = reverse("magazine:digest", args=[world.breast.slug])
    assert client.post(url, {"digest": "daily"}).status_code == 302
    assert digests.digest_of(world.patient) == "daily"
    response = client.post(url, {"digest": "hourly"})
    assert response.status_code == 200 and digests.digest_of(world.patient) == "daily"


def test_no_digest_for_a_professional_whose_verification_lapsed(world):
    from datetime import timedelta

    from django.utils import timezone

    _daily(world.cardiologist)
    article_factory(world.cardio, title="Recommandations de l'année")
    qualification = world.cardiologist.qualification
    qualification.verified_until = timezone.now() - timedelta(days=1)
    qualification.save(update_fields=["verified_until"])
    assert _send() == 0
    qualification.verified_until = None
    qualification.save(update_fields=["verified_until"])
    assert _send() == 1


# --- The discussions' daily email, folded into the digest: one email a day at most -------------------
def _notify(member, thread, actor):
    from entrepairs.discussions.models import Notification

    return Notification.objects.create(
        network=member.network, recipient=member, actor=actor, kind="reply", thread=thread
    )


def _quiet(world, *members):
    for member in members:
        digests.set_digest(member, "never")
        EmailPreference.objects.filter(member=member).update(frequency="never")


def test_daily_notifications_and_the_weekly_digest_make_one_email(world):
    from datetime import timedelta

    from django.utils import timezone

    from entrepairs.discussions.models import Notification

    _quiet(world, world.relative, world.moderator, world.admin)
    thread = thread_factory(world.patient, title="Sommeil pendant la chimio")
    article_factory(world.breast, title="Reprendre le sport")
    _notify(world.patient, thread, world.relative)
    _notify(world.patient, thread, world.moderator)
    assert digests.send_digests() == 1  # weekly digest (the default) and daily notifications (the default)
    [message] = _mail_to(world.patient)
    assert message.subject.startswith("Cette semaine dans")
    assert "Reprendre le sport" in message.body and "2 nouvelles notifications" in message.body
    assert "2 nouvelles notifications" in message.alternatives[0][0]
    assert not Notification.objects.filter(recipient=world.patient, emailed_at__isnull=True).exists()
    # A notification later the same day waits for tomorrow: one email a day.
    _notify(world.patient, thread, world.admin)
    assert digests.send_digests() == 0 and len(_mail_to(world.patient)) == 1
    # Tomorrow: the weekly digest was sent this week, the notification comes alone.
    tomorrow = timezone.now() + timedelta(days=1)
    if timezone.localdate(tomorrow).isocalendar()[1] == timezone.localdate().isocalendar()[1]:
        assert digests.send_digests(tomorrow) == 1
        latest = _mail_to(world.patient)[-1]
        assert latest.subject == "1 nouvelle notification dans Cancer du sein — patientes et proches"
        assert "Reprendre le sport" not in latest.body
        assert "Sommeil" not in latest.body + latest.subject  # never a thread title in a notification email
        assert digests.send_digests(tomorrow) == 0


def test_a_daily_digest_carries_the_daily_notifications(world):
    _quiet(world, world.relative, world.moderator, world.admin)
    _daily(world.patient)
    thread = thread_factory(world.patient, title="Sommeil")
    _notify(world.patient, thread, world.relative)
    assert _send() == 1
    [message] = _mail_to(world.patient)
    assert message.subject.startswith("Aujourd'hui dans") and "1 nouvelle notification" in message.body


def test_notifications_at_once_or_never_stay_out_of_the_digest(world):
    from entrepairs.discussions.actions.emails import set_frequency
    from entrepairs.discussions.models import Notification

    _quiet(world, world.moderator, world.admin)
    thread = thread_factory(world.moderator, title="Sommeil")
    for member, frequency in ((world.patient, "immediately"), (world.relative, "never")):
        digests.set_digest(member, "never")
        set_frequency(member, frequency)
        _notify(member, thread, world.admin)
    assert digests.send_digests() == 0 and mail.outbox == []
    # Left for the "at once" email (discussions), untouched by the digest.
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 2


def test_digest_never_but_notifications_daily_still_email_them(world):
    _quiet(world, world.relative, world.moderator, world.admin)
    digests.set_digest(world.patient, "never")
    thread = thread_factory(world.relative, title="Sommeil")
    _notify(world.patient, thread, world.relative)
    assert digests.send_digests() == 1
    [message] = _mail_to(world.patient)
    assert message.subject.startswith("1 nouvelle notification")


def test_an_interrupted_run_keeps_the_notifications_for_the_resumed_one(world, monkeypatch):
    from entrepairs.discussions.models import Notification

    _quiet(world, world.moderator, world.admin)
    thread = thread_factory(world.admin, title="Sommeil")
    for member in (world.patient, world.relative):
        digests.set_digest(member, "never")
        _notify(member, thread, world.admin)
    real_render = digests.render
    calls = {"count": 0}

    def crash_on_second(*args, **kwargs):
        calls["count"] += 1
        if calls["count"] == 2:
            raise RuntimeError("worker killed")
        return real_render(*args, **kwargs)

    monkeypatch.setattr(digests, "render", crash_on_second)
    with pytest.raises(RuntimeError):
        digests.send_digests()
    # The second persona's transaction rolled back: its notification still waits, unemailed.
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 1
    monkeypatch.setattr(digests, "render", real_render)
    assert digests.send_digests() == 1
    assert len(_mail_to(world.patient)) == 1 and len(_mail_to(world.relative)) == 1


def test_no_notification_email_of_a_network_the_member_left(world):
    _quiet(world, world.relative, world.moderator, world.admin)
    thread = thread_factory(world.relative, title="Sommeil")
    leave_network(world.patient)
    _notify(world.patient, thread, world.relative)  # as a late task would
    assert digests.send_digests() == 0 and _mail_to(world.patient) == []


def test_one_click_unsubscribe_stops_the_daily_notifications_too_not_the_immediate_ones(world):
    from entrepairs.discussions.actions.emails import frequency_of, set_frequency

    assert digests.unsubscribe(digests.unsubscribe_token(world.patient)) == world.patient
    assert digests.digest_of(world.patient) == "never" and frequency_of(world.patient) == "never"
    set_frequency(world.relative, "immediately")
    digests.unsubscribe(digests.unsubscribe_token(world.relative))
    assert frequency_of(world.relative) == "immediately"
