"""The new-thread page offers only the kinds the network allows, each with its own form: no
clinical case in a patient network, no poll without at least two answers."""

import pytest
from django.urls import reverse

from entrepairs.discussions import services
from entrepairs.discussions.models import Poll, Thread
from entrepairs.errors import ActionRefused
from tests.discussions.factories import space_of


def _url(slug, kind=None):
    url = reverse("discussions:new_thread", kwargs={"slug": slug})
    return url + (f"?kind={kind}" if kind else "")


def test_patient_network_offers_no_clinical_case(login, world):
    html = login(world.patient.user).get(_url("breast")).content.decode()
    assert 'data-kind="discussion"' in html and 'data-kind="question"' in html and 'data-kind="poll"' in html
    assert 'data-kind="case"' not in html
    assert "Cas clinique" not in html
    # No radio of every kind on the discussion form: the tab is the kind.
    assert 'name="kind"' not in html


def test_professional_network_offers_clinical_cases(login, world):
    html = login(world.cardiologist.user).get(_url("cardio")).content.decode()
    assert 'data-kind="case"' in html


def test_case_posted_as_a_kind_in_a_patient_network_makes_no_case(login, world):
    client = login(world.patient.user)
    response = client.post(
        _url("breast"),
        {"space": space_of(world.breast).slug, "kind": "case", "title": "Mon cas", "body": "Texte."},
    )
    assert response.status_code == 302
    assert Thread.objects.get(title="Mon cas").kind == "discussion"
    assert not Thread.objects.filter(kind="case").exists()


def test_question_tab_creates_a_question(login, world):
    response = login(world.patient.user).post(
        _url("breast", "question"),
        {"space": space_of(world.breast).slug, "title": "Perruque ou foulard ?", "body": "Vos avis ?"},
    )
    assert response.status_code == 302
    assert Thread.objects.get(title="Perruque ou foulard ?").kind == "question"


def test_bare_thread_of_a_structured_kind_is_refused(world):
    space = space_of(world.breast)
    for kind in ("poll", "case"):
        with pytest.raises(ActionRefused) as refused:
            services.create_thread(world.patient, space, title="Sondage vide", body="x", kind=kind)
        assert refused.value.code == "invalid_kind"
    assert not Thread.objects.exists()


def test_poll_with_one_answer_is_refused_with_the_input_kept(login, world):
    response = login(world.patient.user).post(
        _url("breast", "poll"),
        {"space": space_of(world.breast).slug, "title": "Quel horaire ?", "body": "Pour le groupe.",
         "options": "Le matin", "results": "voters"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "Un sondage demande au moins deux réponses" in html
    assert "Quel horaire ?" in html and "Le matin" in html
    assert not Thread.objects.exists() and not Poll.objects.exists()


def test_poll_with_no_answers_says_what_to_write(login, world):
    response = login(world.patient.user).post(
        _url("breast", "poll"),
        {"space": space_of(world.breast).slug, "title": "Quel horaire ?", "body": "Pour le groupe.",
         "options": "", "results": "voters"},
    )  # fmt: skip
    assert "Écrivez au moins deux réponses" in response.content.decode()
    assert not Thread.objects.exists()


def test_poll_with_two_answers_is_created(login, world):
    response = login(world.patient.user).post(
        _url("breast", "poll"),
        {"space": space_of(world.breast).slug, "title": "Quel horaire ?", "body": "Pour le groupe.",
         "options": "Le matin\n\nLe soir\n", "results": "voters"},
    )  # fmt: skip
    assert response.status_code == 302
    poll = Poll.objects.get()
    assert [option.label for option in poll.options.order_by("position")] == ["Le matin", "Le soir"]
