"""Clinical cases (professional networks) and polls."""

import pytest
from django.urls import reverse
from django.utils import timezone

from entrepairs.discussions.actions import cases_and_polls
from entrepairs.discussions.models import ClinicalCase, Poll, PollVote, Thread
from entrepairs.errors import ActionRefused
from tests import factories as f
from tests.discussions.factories import space_of

CASE = {"title": "Douleur thoracique atypique", "age_band": "50-59", "sex": "M",
        "context": "Douleur à l'effort", "question": "Quel bilan ?"}  # fmt: skip


def test_case_is_created_with_its_structured_part(world):
    thread = cases_and_polls.create_case(world.cardiologist, space_of(world.cardio), **CASE)
    assert thread.kind == "case"
    assert thread.case.age_band == "50-59"
    assert thread.posts.get().body == "Quel bilan ?"


def test_cases_belong_to_professional_networks(world):
    with pytest.raises(ActionRefused) as refused:
        cases_and_polls.create_case(world.patient, space_of(world.breast), **CASE)
    assert refused.value.code == "cases_for_professionals"
    assert not Thread.objects.exists()


def test_only_the_author_solves_a_case(world):
    colleague_user = f.UserFactory()
    qualification = f.qualification_factory(colleague_user, profession_code="10", specialty_code="SM04")
    colleague = f.member_factory(world.cardio, user=colleague_user, qualification=qualification)
    thread = cases_and_polls.create_case(world.cardiologist, space_of(world.cardio), **CASE)
    with pytest.raises(ActionRefused) as refused:
        cases_and_polls.solve_case(colleague, thread, conclusion="Angor")
    assert refused.value.code == "forbidden"
    assert ClinicalCase.objects.get(thread=thread).status == "open"
    cases_and_polls.solve_case(world.cardiologist, thread, conclusion="Angor d'effort confirmé")
    assert ClinicalCase.objects.get(thread=thread).status == "solved"


def _poll(member, **options):
    return Poll.objects.get(
        thread=cases_and_polls.create_poll(
            member, space_of(member.network), title="Votre mode de suivi ?", body="Sondage",
            options=["Hôpital", "Ville", "Les deux"], **options,
        )
    )  # fmt: skip


def test_one_vote_per_member(world):
    poll = _poll(world.patient)
    option = poll.options.first()
    cases_and_polls.vote(world.relative, poll, [option.pk])
    with pytest.raises(ActionRefused) as refused:
        cases_and_polls.vote(world.relative, poll, [poll.options.last().pk])
    assert refused.value.code == "already_voted"
    assert PollVote.objects.filter(member=world.relative).count() == 1


def test_single_choice_poll_refuses_two_answers(world):
    poll = _poll(world.patient)
    with pytest.raises(ActionRefused) as refused:
        cases_and_polls.vote(world.relative, poll, [o.pk for o in poll.options.all()[:2]])
    assert refused.value.code == "single_choice"
    assert not PollVote.objects.exists()


def test_closed_poll_refuses_votes(world):
    poll = _poll(world.patient, closes_at=timezone.now() + timezone.timedelta(hours=1))
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timezone.timedelta(seconds=1))
    with pytest.raises(ActionRefused) as refused:
        cases_and_polls.vote(world.relative, poll, [poll.options.first().pk])
    assert refused.value.code == "poll_closed"
    assert not PollVote.objects.exists()


def test_option_of_another_poll_is_refused(world):
    poll, other = _poll(world.patient), _poll(world.relative)
    with pytest.raises(ActionRefused) as refused:
        cases_and_polls.vote(world.moderator, poll, [other.options.first().pk])
    assert refused.value.code == "invalid_option"
    assert not PollVote.objects.exists()


@pytest.mark.parametrize(
    ("options", "code"),
    [
        (["Seule"], "invalid_options"),
        (["A", "a"], "duplicate_options"),
        ([str(i) for i in range(11)], "invalid_options"),
    ],
)
def test_bad_poll_options_are_refused(world, options, code):
    with pytest.raises(ActionRefused) as refused:
        cases_and_polls.create_poll(
            world.patient, space_of(world.breast), title="Sondage", body="x", options=options
        )
    assert refused.value.code == code
    assert not Thread.objects.exists()


def test_results_hidden_until_vote_or_close(login, world):
    poll = _poll(world.patient, results="voters")
    url = reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": poll.thread_id})
    client = login(world.relative.user)
    assert "<meter" not in client.get(url).content.decode()
    client.post(reverse("discussions:vote", kwargs={"slug": "breast", "thread_id": poll.thread_id}),
                {"options": [poll.options.first().pk]})  # fmt: skip
    assert "<meter" in client.get(url).content.decode()


def test_results_after_closing_stay_hidden_for_voters(login, world):
    poll = _poll(world.patient, results="closed", closes_at=timezone.now() + timezone.timedelta(days=1))
    cases_and_polls.vote(world.relative, poll, [poll.options.first().pk])
    url = reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": poll.thread_id})
    assert "<meter" not in login(world.relative.user).get(url).content.decode()


def test_case_form_page_and_refusal_keeps_text(login, world):
    client = login(world.cardiologist.user)
    url = reverse("discussions:new_thread", kwargs={"slug": "cardio"}) + "?kind=case"
    page = client.get(url).content.decode()
    assert "anonymis" in page.lower() or "de-identify" in page.lower() or "dé-identifiez" in page.lower()
    response = client.post(url, {"space": space_of(world.cardio).slug, **CASE, "question": " "})
    assert response.status_code == 200
    assert (
        "Douleur à l&#x27;effort" in response.content.decode()
        or "Douleur à l'effort" in response.content.decode()
    )
    assert not Thread.objects.exists()


def test_patient_network_falls_back_from_case_to_discussion(login, world):
    html = (
        login(world.patient.user)
        .get(reverse("discussions:new_thread", kwargs={"slug": "breast"}) + "?kind=case")
        .content.decode()
    )
    assert 'name="age_band"' not in html
