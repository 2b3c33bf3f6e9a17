"""Captions of clinical case photos (issue 16, part 4): written by the case's author, checked by the
privacy guard like the case's text (a finding comes back with the draft kept), shown under the photo
and read as its alternative text."""

import pytest
from django.urls import reverse

from entrepairs.discussions.case_photos import services
from entrepairs.discussions.models import CasePhoto
from entrepairs.errors import ActionRefused
from entrepairs.privacy.services import PrivacyRefused
from tests.discussions.test_case_photos import _case, cardio, plain_photo  # noqa: F401 - fixture

NAME_CAPTION = "Main de Mme Josiane Kerbrat, J3"


def _published_photo(team):
    thread = _case(team.author, photos=[plain_photo()])
    photo = CasePhoto.objects.get(case__thread=thread)
    return services.publish(team.author, photo, CasePhoto.Version.ORIGINAL)


def caption_url(photo):
    return reverse("discussions:case_photo_caption", kwargs={"slug": "cardio", "photo_id": photo.pk})


def test_a_caption_is_shown_under_the_photo_and_as_its_alt_text(cardio, login):  # noqa: F811
    photo = _published_photo(cardio)
    services.set_caption(cardio.author, photo, "Lésion du dos de la main, J3")
    thread_url = reverse("discussions:thread", kwargs={"slug": "cardio", "thread_id": photo.case.thread_id})
    page = login(cardio.colleague.user).get(thread_url).content.decode()
    assert 'alt="Lésion du dos de la main, J3"' in page and "data-photo-caption" in page


def test_a_patient_s_name_in_a_caption_is_blocked_and_the_draft_kept(cardio, login):  # noqa: F811
    photo = _published_photo(cardio)
    with pytest.raises(PrivacyRefused):
        services.set_caption(cardio.author, photo, NAME_CAPTION)
    photo.refresh_from_db()
    assert photo.caption == ""
    response = login(cardio.author.user).post(caption_url(photo), {"caption": NAME_CAPTION})
    assert response.status_code == 200
    html = response.content.decode()
    assert NAME_CAPTION in html  # the draft comes back as typed, with the finding
    assert "cannot be published" in html
    photo.refresh_from_db()
    assert photo.caption == ""


def test_a_phone_number_in_a_caption_asks_for_a_confirmation(cardio):  # noqa: F811
    photo = _published_photo(cardio)
    with pytest.raises(PrivacyRefused) as refused:
        services.set_caption(cardio.author, photo, "Rappeler le 06 12 34 56 78")
    assert refused.value.code == "privacy_confirm_required"
    services.set_caption(cardio.author, photo, "Rappeler le 06 12 34 56 78", confirm_privacy=["PHONE"])
    photo.refresh_from_db()
    assert photo.caption.endswith("78")


def test_only_the_author_writes_a_caption(cardio, login):  # noqa: F811
    photo = _published_photo(cardio)
    with pytest.raises(ActionRefused) as refused:
        services.set_caption(cardio.colleague, photo, "Légende")
    assert refused.value.status == 404
    assert login(cardio.colleague.user).get(caption_url(photo)).status_code == 404


def test_the_api_sets_a_caption_and_refuses_a_name(cardio, api_for):  # noqa: F811
    photo = _published_photo(cardio)
    api = api_for(cardio.author)
    ok = api.put(f"/case-photos/{photo.pk}/caption", {"caption": "Lésion, J3"})
    assert ok.status_code == 200 and ok.json() == {"id": photo.pk, "caption": "Lésion, J3"}
    refused = api.put(f"/case-photos/{photo.pk}/caption", {"caption": NAME_CAPTION})
    assert refused.status_code == 422 and refused.json()["code"] == "privacy_blocked"
    assert (
        api_for(cardio.colleague).put(f"/case-photos/{photo.pk}/caption", {"caption": "x"}).status_code == 404
    )


def test_the_author_s_export_carries_the_captions(cardio):  # noqa: F811
    from entrepairs.discussions.actions.rights import export_member_content

    photo = _published_photo(cardio)
    services.set_caption(cardio.author, photo, "Lésion, J3")
    exported = export_member_content(cardio.author.user).sections["discussions.case_photo_captions"]
    assert exported == [{"thread_id": photo.case.thread_id, "photo_id": photo.pk, "caption": "Lésion, J3"}]
