"""Every composer carries the live privacy check (privacy/_live_check.html) for its text fields, with
the right context: "case" for the fields of a clinical case and its conclusion, "text" elsewhere."""

import re

import pytest
from django.urls import reverse

from tests.access_rows import messaging as messaging_rows
from tests.discussions.factories import thread_factory


def live_checks(html):
    """(fields, context) of each live check on the page, in page order."""
    return re.findall(r'data-fields="([^"]*)"\s+hx-post="/n/[^/]+/privacy/check/\?context=(\w+)"', html)


def first_post(thread):
    return thread.posts.order_by("id").first()


PATIENT_PAGES = {
    # name: (url builder, expected checks)
    "reply": (
        lambda world: reverse("discussions:thread", args=["breast", thread_factory(world.patient).pk]),
        [("body", "text")],
    ),
    "new discussion": (
        lambda world: reverse("discussions:new_thread", args=["breast"]),
        [("title,body", "text")],
    ),
    "new poll": (
        lambda world: reverse("discussions:new_thread", args=["breast"]) + "?kind=poll",
        [("title,body,options", "text")],
    ),
    "edit a post": (
        lambda world: reverse(
            "discussions:edit_post", args=["breast", first_post(thread_factory(world.patient)).pk]
        ),
        [("body", "text")],
    ),
    "persona": (lambda world: reverse("networks:persona", args=["breast"]), [("display_name,bio", "text")]),
    "private message": (
        lambda world: reverse("messaging:conversation", kwargs=messaging_rows._conversation(world)),
        [("body", "text")],
    ),
    "edit a private message": (
        lambda world: reverse("messaging:edit_message", kwargs=messaging_rows._message_kwargs(world)),
        [("body", "text")],
    ),
}


@pytest.mark.parametrize("page", sorted(PATIENT_PAGES))
def test_patient_composers_check_their_text_fields_live(login, world, page):
    url, expected = PATIENT_PAGES[page]
    client = login(world.patient.user)

    response = client.get(url(world))

    assert response.status_code == 200
    html = response.content.decode()
    assert live_checks(html) == expected
    assert 'aria-live="polite"' in html
    assert "/static/privacy/composer.js" in html


def test_clinical_case_fields_and_conclusion_are_checked_as_a_case(login, world):
    client = login(world.cardiologist.user)

    new_case = client.get(reverse("discussions:new_thread", args=["cardio"]) + "?kind=case").content.decode()
    case = thread_factory(world.cardiologist, kind="case")
    from entrepairs.discussions.models import ClinicalCase

    ClinicalCase.objects.create(
        thread=case, network=case.network, age_band="18-29", sex="F", context="Douleur"
    )
    thread_page = client.get(reverse("discussions:thread", args=["cardio", case.pk])).content.decode()
    edit_question = client.get(
        reverse("discussions:edit_post", args=["cardio", first_post(case).pk])
    ).content.decode()

    assert live_checks(new_case) == [("title,context,history,examinations,question", "case")]
    assert live_checks(thread_page) == [("conclusion", "case"), ("body", "text")]
    assert live_checks(edit_question) == [("body", "case")]
