"""The server checks what members publish in discussions against their network's privacy policy
(issue 5): blocked kinds never get in and the draft stays in the form; kinds to confirm come back with
"I know this will be visible to N members" and publish once ticked; the kinds (never the values) are
kept for moderators; nothing repeats a detected value in notifications, e-mails or logs.

In `breast` (patients) 4 members are active: patient, relative, moderator, admin."""

import json
import logging

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from entrepairs.discussions import services
from entrepairs.discussions.actions import cases_and_polls, emails
from entrepairs.discussions.models import ClinicalCase, Notification, Post, Thread
from entrepairs.privacy.models import Confirmation
from tests.api_client import bearer
from tests.discussions.factories import space_of, thread_factory

PHONE = "06 12 34 56 78"
WITH_PHONE = f"Vous pouvez m'appeler au {PHONE} le soir."
NIR = "2 84 05 75 112 044 38"  # key valid: blocked in every network by default
WITH_NIR = f"Mon numéro de sécu est le {NIR}, c'est bien ça qu'il faut donner ?"
PATIENT_NAME = "Mme Dupont, 67 ans, consulte pour une dyspnée d'effort."
COLLEAGUE = "J'en ai parlé avec le Dr Lambert, qui pense à un angor."


def new_thread_url(slug, kind=None):
    return reverse("discussions:new_thread", kwargs={"slug": slug}) + (f"?kind={kind}" if kind else "")


def thread_url(thread):
    return reverse("discussions:thread", kwargs={"slug": thread.network.slug, "thread_id": thread.pk})


def html(response) -> str:
    return response.content.decode()


# --- Threads -------------------------------------------------------------------------------------
def test_a_blocked_number_is_refused_with_its_kind_and_the_draft_stays(login, world):
    client = login(world.patient.user)
    data = {
        "space": space_of(world.breast).slug,
        "kind": "discussion",
        "title": "Carte Vitale",
        "body": WITH_NIR,
    }
    response = client.post(new_thread_url("breast"), data)
    assert response.status_code == 200
    page = html(response)
    assert escape("Ce réseau n'autorise pas la publication d'un numéro de sécurité sociale") in page
    assert "[n° de sécurité sociale masqué]" in page  # what to write instead
    assert escape(WITH_NIR) in page  # the draft, in its textarea, is never lost
    assert 'name="confirm_privacy"' not in page or 'type="checkbox"' not in page
    assert not Thread.objects.filter(network=world.breast).exists()


def test_a_blocked_number_stays_blocked_even_if_confirmed(login, world):
    data = {"space": space_of(world.breast).slug, "kind": "discussion", "title": "Carte Vitale", "body": WITH_NIR,
            "confirm_privacy": ["NIR"]}  # fmt: skip
    assert login(world.patient.user).post(new_thread_url("breast"), data).status_code == 200
    assert not Thread.objects.filter(network=world.breast).exists()


def test_a_phone_number_asks_for_confirmation_then_publishes_and_keeps_the_kind(login, world):
    client = login(world.patient.user)
    data = {
        "space": space_of(world.breast).slug,
        "kind": "discussion",
        "title": "Entraide",
        "body": WITH_PHONE,
    }
    response = client.post(new_thread_url("breast"), data)
    assert response.status_code == 200
    page = html(response)
    assert "Je sais que ce sera visible par 4 membres" in page
    assert 'type="checkbox" name="confirm_privacy" value="PHONE"' in page
    assert "Contient un numéro de téléphone" in page
    assert escape(WITH_PHONE) in page
    assert not Thread.objects.filter(network=world.breast).exists()

    response = client.post(new_thread_url("breast"), {**data, "confirm_privacy": ["PHONE"]})
    assert response.status_code == 302
    thread = Thread.objects.get(network=world.breast)
    first = thread.posts.get()
    assert first.body == WITH_PHONE
    confirmation = Confirmation.objects.get()
    assert (confirmation.target, confirmation.member, confirmation.kinds) == (first, world.patient, ["PHONE"])


def test_text_without_personal_data_publishes_at_once(login, world):
    data = {
        "space": space_of(world.breast).slug,
        "kind": "discussion",
        "title": "Fatigue",
        "body": "Ça va mieux.",
    }
    assert login(world.patient.user).post(new_thread_url("breast"), data).status_code == 302
    assert not Confirmation.objects.exists()


def test_an_admin_override_to_allow_publishes_without_asking(login, world):
    world.breast.privacy_overrides = {"text": {"PHONE": "allow"}}
    world.breast.save(update_fields=["privacy_overrides"])
    data = {
        "space": space_of(world.breast).slug,
        "kind": "discussion",
        "title": "Entraide",
        "body": WITH_PHONE,
    }
    assert login(world.patient.user).post(new_thread_url("breast"), data).status_code == 302
    assert not Confirmation.objects.exists()


def test_an_account_in_english_reads_the_refusal_and_the_confirmation_in_english(login, world):
    world.patient.user.language = "en"
    world.patient.user.save()
    client = login(world.patient.user)
    data = {"space": space_of(world.breast).slug, "kind": "discussion", "title": "Carte Vitale"}
    page = html(client.post(new_thread_url("breast"), {**data, "body": WITH_NIR}))
    assert "A social security number cannot be published in this network" in page
    assert "[n° de sécurité sociale masqué]" in page
    page = html(client.post(new_thread_url("breast"), {**data, "body": WITH_PHONE}))
    assert "I know this will be visible to 4 members" in page
    assert "Contains a phone number" in page
    assert not Thread.objects.filter(network=world.breast).exists()


# --- Replies and edits ---------------------------------------------------------------------------
def test_reply_with_a_phone_number_is_confirmed_on_the_thread_page(login, world):
    thread = thread_factory(world.patient)
    client = login(world.relative.user)
    response = client.post(thread_url(thread), {"body": WITH_PHONE})
    assert response.status_code == 200
    assert "Je sais que ce sera visible par 4 membres" in html(response)
    assert escape(WITH_PHONE) in html(response)
    assert thread.posts.count() == 1
    assert (
        client.post(thread_url(thread), {"body": WITH_PHONE, "confirm_privacy": "PHONE"}).status_code == 302
    )
    reply = thread.posts.get(is_first=False)
    assert Confirmation.objects.get().target == reply


def test_an_edit_adding_a_blocked_number_keeps_the_old_text_and_the_new_draft(login, world):
    thread = thread_factory(world.patient)
    post = thread.posts.get()
    url = reverse("discussions:edit_post", kwargs={"slug": "breast", "post_id": post.pk})
    response = login(world.patient.user).post(url, {"body": WITH_NIR})
    assert response.status_code == 200
    assert escape(WITH_NIR) in html(response)
    post.refresh_from_db()
    assert post.body == "Premier message."
    assert not post.revisions.exists()


def test_an_edit_with_a_confirmed_phone_number_is_kept_with_its_confirmation(login, world):
    post = thread_factory(world.patient).posts.get()
    url = reverse("discussions:edit_post", kwargs={"slug": "breast", "post_id": post.pk})
    assert (
        login(world.patient.user).post(url, {"body": WITH_PHONE, "confirm_privacy": "PHONE"}).status_code
        == 302
    )
    post.refresh_from_db()
    assert post.body == WITH_PHONE
    assert Confirmation.objects.get().target == post


# --- Professional networks: names in cases and elsewhere ------------------------------------------
def test_a_colleagues_name_is_allowed_in_a_thread_of_a_professional_network(login, world):
    data = {"space": space_of(world.cardio).slug, "kind": "question", "title": "Avis", "body": COLLEAGUE}
    assert login(world.cardiologist.user).post(new_thread_url("cardio"), data).status_code == 302
    assert Post.objects.get(network=world.cardio).body == COLLEAGUE
    assert not Confirmation.objects.exists()


def test_a_patients_name_in_a_clinical_case_is_blocked_and_the_case_kept_in_the_form(login, world):
    data = {"space": space_of(world.cardio).slug, "title": "Dyspnée", "age_band": "60-69", "sex": "F",
            "context": PATIENT_NAME, "history": "", "examinations": "ECG normal", "question": "Coronarographie ?"}  # fmt: skip
    response = login(world.cardiologist.user).post(new_thread_url("cardio", "case"), data)
    assert response.status_code == 200
    page = html(response)
    assert (
        escape(
            "Ce réseau n'autorise pas la publication d'un nom de personne : remplacez ce passage par des initiales"
        )
        in page
    )
    assert "Mme Dupont, 67 ans" in page and "ECG normal" in page
    assert not Thread.objects.filter(network=world.cardio).exists()


def test_a_case_conclusion_with_a_patients_name_comes_back_in_the_thread_page(login, world):
    space = space_of(world.cardio)
    thread = cases_and_polls.create_case(
        world.cardiologist, space, title="Dyspnée", age_band="60-69", sex="F", context="Dyspnée d'effort.",
        question="Coronarographie ?",
    )  # fmt: skip
    url = reverse("discussions:solve", kwargs={"slug": "cardio", "thread_id": thread.pk})
    conclusion = "Mme Dupont avait un angor : stent posé."
    response = login(world.cardiologist.user).post(url, {"conclusion": conclusion})
    assert response.status_code == 200
    page = html(response)
    assert "remplacez ce passage par des initiales" in page
    assert escape(conclusion) in page
    assert "<details open>" in page
    assert ClinicalCase.objects.get(thread=thread).status == "open"


def test_a_confirmed_phone_number_in_a_case_conclusion_solves_the_case(login, world):
    thread = cases_and_polls.create_case(
        world.cardiologist, space_of(world.cardio), title="Dyspnée", age_band="60-69", sex="F",
        context="Dyspnée d'effort.", question="Coronarographie ?",
    )  # fmt: skip
    url = reverse("discussions:solve", kwargs={"slug": "cardio", "thread_id": thread.pk})
    data = {"conclusion": f"Angor. Joignable au {PHONE}.", "confirm_privacy": "PHONE"}
    assert login(world.cardiologist.user).post(url, data).status_code == 302
    assert ClinicalCase.objects.get(thread=thread).status == "solved"
    assert Confirmation.objects.get().target == thread.posts.get(is_first=True)


def test_a_poll_answer_with_a_phone_number_asks_for_confirmation(login, world):
    data = {"space": space_of(world.breast).slug, "title": "Quel créneau ?", "body": "Pour se retrouver",
            "options": f"Samedi\nAppeler le {PHONE}", "results": "voters"}  # fmt: skip
    client = login(world.patient.user)
    response = client.post(new_thread_url("breast", "poll"), data)
    assert response.status_code == 200
    assert "Je sais que ce sera visible par 4 membres" in html(response)
    assert (
        client.post(new_thread_url("breast", "poll"), {**data, "confirm_privacy": "PHONE"}).status_code == 302
    )
    assert Thread.objects.get(network=world.breast).kind == "poll"


# --- What moderators see --------------------------------------------------------------------------
def test_moderators_see_the_kinds_an_author_confirmed_and_members_do_not(login, client, world):
    thread = thread_factory(world.patient)
    services.post_reply(
        world.relative, thread, body=f"Merci Isabelle ! {WITH_PHONE}", confirm_privacy=["PHONE", "PERSON"]
    )
    note = "Confirmé par l'auteur : nom de personne, numéro de téléphone"  # the template's own apostrophe
    assert note in html(login(world.moderator.user).get(thread_url(thread)))
    client.logout()
    assert "Confirmé par l'auteur" not in html(login(world.patient.user).get(thread_url(thread)))


# --- Nothing repeats the value --------------------------------------------------------------------
def test_a_confirmed_phone_number_is_in_no_notification_email_or_log(
    world, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    thread = thread_factory(world.patient)
    services.follow_thread(world.patient, thread)
    emails.set_frequency(world.patient, "immediately")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Exception, match="confirm"):
            services.post_reply(world.relative, thread, body=f"@[Rose des Vents] {WITH_PHONE}")
        reply = services.post_reply(
            world.relative, thread, body=f"@[Rose des Vents] {WITH_PHONE}", confirm_privacy=["PHONE"]
        )
    notifications = list(Notification.objects.filter(post=reply).values())
    assert notifications  # the patient was told (a mention)...
    assert len(mail.outbox) == 1  # ...and e-mailed at once
    said = json.dumps(notifications, default=str) + "".join(
        f"{message.subject}\n{message.body}\n{message.alternatives}" for message in mail.outbox
    ) + caplog.text + json.dumps(list(Confirmation.objects.values()), default=str)  # fmt: skip
    for form in (PHONE, PHONE.replace(" ", ""), "12 34 56"):
        assert form not in said


# --- API -----------------------------------------------------------------------------------------
API = "/api/v1"


def _post(client, url, body, headers):
    return client.post(url, data=json.dumps(body), content_type="application/json", **headers)


def test_api_answers_422_with_kinds_and_offsets_then_publishes_when_confirmed(client, world):
    headers = bearer(world.patient.user)
    body = {"space": space_of(world.breast).slug, "title": "Entraide", "body": WITH_PHONE}
    refused = _post(client, f"{API}/networks/breast/threads", body, headers)
    assert refused.status_code == 422
    start = WITH_PHONE.index(PHONE)
    assert refused.json() == {
        "code": "privacy_confirm_required",
        "message": refused.json()["message"],
        "field": "body",
        "kinds": ["PHONE"],
        "confirm_kinds": ["PHONE"],
        "audience": 4,
        "findings": [{"field": "body", "kind": "PHONE", "action": "confirm", "start": start,
                      "end": start + len(PHONE)}],
    }  # fmt: skip
    assert PHONE not in refused.content.decode()
    assert not Thread.objects.exists()
    created = _post(client, f"{API}/networks/breast/threads", {**body, "confirm_privacy": ["PHONE"]}, headers)
    assert created.status_code == 201, created.content
    assert Confirmation.objects.get().kinds == ["PHONE"]


def test_api_blocks_a_patients_name_in_a_case_and_an_unknown_kind_is_invalid(client, world):
    headers = bearer(world.cardiologist.user)
    case = {"space": space_of(world.cardio).slug, "title": "Dyspnée", "age_band": "60-69", "context": PATIENT_NAME,
            "question": "Coronarographie ?"}  # fmt: skip
    refused = _post(client, f"{API}/networks/cardio/cases", case, headers)
    assert (refused.status_code, refused.json()["code"], refused.json()["field"]) == (
        422,
        "privacy_blocked",
        "context",
    )
    assert refused.json()["kinds"] == ["PERSON"]
    invalid = _post(
        client, f"{API}/networks/cardio/cases", {**case, "confirm_privacy": ["SHOE_SIZE"]}, headers
    )
    assert invalid.json()["code"] == "invalid_input"
    assert not Thread.objects.exists()


def test_api_reply_and_conclusion_take_confirm_privacy(client, world):
    thread = thread_factory(world.patient)
    headers = bearer(world.relative.user)
    url = f"{API}/networks/breast/threads/{thread.pk}/replies"
    assert _post(client, url, {"body": WITH_PHONE}, headers).json()["code"] == "privacy_confirm_required"
    assert _post(client, url, {"body": WITH_PHONE, "confirm_privacy": ["PHONE"]}, headers).status_code == 201
    case = cases_and_polls.create_case(
        world.cardiologist, space_of(world.cardio), title="Dyspnée", age_band="60-69", sex="F",
        context="Dyspnée d'effort.", question="Coronarographie ?",
    )  # fmt: skip
    solve = f"{API}/networks/cardio/threads/{case.pk}/solve"
    cardio = bearer(world.cardiologist.user)
    assert (
        _post(client, solve, {"conclusion": "Mme Dupont : angor."}, cardio).json()["code"]
        == "privacy_blocked"
    )
    assert _post(client, solve, {"conclusion": "Angor."}, cardio).status_code == 204


def test_openapi_documents_the_privacy_refusal_on_publishing_operations(client, db):
    schema = client.get(f"{API}/openapi.json").json()
    create = schema["paths"]["/api/v1/networks/{slug}/threads"]["post"]
    assert "PrivacyErrorOut" in json.dumps(create["responses"]["422"])
    assert "confirm_privacy" in json.dumps(schema["components"]["schemas"]["ThreadIn"])
