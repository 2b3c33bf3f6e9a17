"""Clinical case photos: upload with the case or later, metadata stripped, faces blurred, the author's
review (as taken next to blurred), publication, removal, and who may see what.

Personas (tests/conftest.py): world.cardiologist (Dr Cœur) writes the cases in `cardio`; `colleague`
is a verified cardiologist of cardio (sees published photos only); `moderator` moderates cardio
(removes published photos, never sees pending ones); world.outsider and world.patient belong to
other networks (404 for everything)."""

import io
from types import SimpleNamespace

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from entrepairs.audit.models import AuditEvent
from entrepairs.discussions.actions import cases_and_polls
from entrepairs.discussions.case_photos import services
from entrepairs.discussions.models import CasePhoto, ClinicalCase, Thread
from entrepairs.errors import ActionRefused
from tests import factories as f
from tests.discussions.factories import space_of
from tests.face_samples import cartoon_face, scene
from tests.helpers import page_body
from tests.image_metadata import _exif, assert_no_metadata

CASE = {"title": "Éruption du visage", "age_band": "30-39", "sex": "F", "context": "Éruption depuis 3 jours",
        "question": "Quel diagnostic ?"}  # fmt: skip


def _jpeg(image: Image.Image, **save) -> bytes:
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=_exif(), **save)  # with a GPS position
    return output.getvalue()


def face_photo(name="visage.jpg") -> SimpleUploadedFile:
    """A synthetic photo with one drawn face (frontal cascades find it) and GPS EXIF."""
    return SimpleUploadedFile(name, _jpeg(scene((cartoon_face(200), (300, 100)))), content_type="image/jpeg")


def plain_photo(name="lesion.jpg", colour=(214, 170, 150)) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _jpeg(Image.new("RGB", (640, 480), colour)), content_type="image/jpeg")


def _member(world, *, role="member", name):
    user = f.UserFactory()
    qualification = f.qualification_factory(user, profession_code="10", specialty_code="SM04")
    member = f.member_factory(
        world.cardio, user=user, qualification=qualification, display_name=name, role=role
    )
    if role != "member":
        f.with_totp(user)
    return member


@pytest.fixture
def cardio(world):
    team = SimpleNamespace(
        world=world,
        author=world.cardiologist,
        colleague=_member(world, name="Dr Rythme"),
        moderator=_member(world, role="moderator", name="Dr Valve"),
    )
    for member in (team.author, team.colleague, team.moderator):
        # Pages in English, so that the assertions hold once the French catalogue has these texts.
        member.user.language = "en"
        member.user.save(update_fields=["language"])
    return team


def _case(author, photos=()):
    return services.create_case_with_photos(author, space_of(author.network), photos=photos, **CASE)


def _urls(photo):
    slug = photo.network.slug
    return {
        "file": reverse("discussions:case_photo", kwargs={"slug": slug, "photo_id": photo.pk}),
        "original": reverse("discussions:case_photo_preview", kwargs={"slug": slug, "photo_id": photo.pk,
                                                                      "version": "original"}),
        "blurred": reverse("discussions:case_photo_preview", kwargs={"slug": slug, "photo_id": photo.pk,
                                                                     "version": "blurred"}),
        "decide": reverse("discussions:case_photo_decide", kwargs={"slug": slug, "photo_id": photo.pk}),
        "review": reverse("discussions:case_photos", kwargs={"slug": slug, "thread_id": photo.case.thread_id}),
        "thread": reverse("discussions:thread", kwargs={"slug": slug, "thread_id": photo.case.thread_id}),
    }  # fmt: skip


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _stored(field) -> bytes:
    with default_storage.open(field.name, "rb") as stored:
        return stored.read()


def _media_files() -> list[str]:
    _directories, files = (
        default_storage.listdir("case-photos") if default_storage.exists("case-photos") else ([], [])
    )
    return files


# --- Upload with the case ---------------------------------------------------------------------------
def _new_case_url(slug="cardio"):
    return reverse("discussions:new_thread", kwargs={"slug": slug}) + "?kind=case"


def _case_form(**extra):
    return {"space": space_of_slug(), **CASE, **extra}


def space_of_slug():
    from entrepairs.discussions.models import Space

    return Space.objects.filter(network__slug="cardio").first().slug


def test_case_with_a_photo_goes_to_the_review_and_nobody_else_sees_the_photo(cardio, login):
    space_of(cardio.world.cardio)
    response = login(cardio.author.user).post(_new_case_url(), _case_form(photos=[face_photo()]))
    thread = Thread.objects.get(kind="case")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "discussions:case_photos", kwargs={"slug": "cardio", "thread_id": thread.pk}
    )
    photo = CasePhoto.objects.get()
    assert (photo.status, photo.faces, photo.network_id) == ("pending", 1, cardio.world.cardio.pk)
    assert photo.original and photo.blurred
    for field in (photo.original, photo.blurred):
        assert_no_metadata(_stored(field))  # GPS, make and model gone from both versions
    page = login(cardio.author.user).get(_urls(photo)["review"])
    assert page.status_code == 200
    html = page.content.decode()
    assert _urls(photo)["original"] in html and _urls(photo)["blurred"] in html
    assert "1 face was found and blurred." in html
    colleague_page = login(cardio.colleague.user).get(_urls(photo)["thread"]).content.decode()
    assert f"/photos/{photo.pk}/" not in colleague_page


def test_the_blurred_version_hides_the_face_and_keeps_the_rest():
    prepared = services.prepare([face_photo()])[0]
    original = Image.open(prepared.original).convert("L")
    blurred = Image.open(prepared.blurred).convert("L")
    assert original.size == blurred.size == (900, 600)
    face_area = (300 + 60, 100 + 60, 300 + 260, 100 + 260)  # the middle of the drawn face
    import numpy

    def detail(image):  # mean difference between neighbouring pixels: edges of eyes, brows, mouth
        pixels = numpy.asarray(image.crop(face_area), dtype=float)
        return numpy.abs(numpy.diff(pixels, axis=0)).mean() + numpy.abs(numpy.diff(pixels, axis=1)).mean()

    assert detail(blurred) < 0.2 * detail(original)
    corner = (700, 450, 900, 600)  # far from the face
    assert numpy.abs(numpy.asarray(original.crop(corner), dtype=float)
                     - numpy.asarray(blurred.crop(corner), dtype=float)).max() < 8  # fmt: skip


@pytest.mark.parametrize(
    ("photos", "message"),
    [
        ([SimpleUploadedFile("cas.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")], "is not a JPEG, PNG or WebP image"),
        ([SimpleUploadedFile("vide.jpg", b"", content_type="image/jpeg")], "The submitted file is empty."),
        ([SimpleUploadedFile("coupe.jpg", _jpeg(Image.effect_noise((640, 480), 60).convert("RGB"))[:20000], content_type="image/jpeg")], "cannot be read as an image"),
        ([plain_photo(f"p{index}.jpg") for index in range(5)], "A case has 4 photos at most"),
    ],
    ids=["not-an-image", "empty", "truncated", "too-many"],
)  # fmt: skip
def test_bad_photos_are_form_errors_and_the_case_draft_is_kept(cardio, login, photos, message):
    space_of(cardio.world.cardio)
    response = login(cardio.author.user).post(_new_case_url(), _case_form(photos=photos))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Éruption depuis 3 jours" in html and "Quel diagnostic ?" in html  # the draft is kept
    assert (
        not Thread.objects.exists() and not ClinicalCase.objects.exists() and not CasePhoto.objects.exists()
    )
    assert _media_files() == []


def test_a_photo_too_large_is_a_form_error(cardio, login, monkeypatch):
    space_of(cardio.world.cardio)
    monkeypatch.setattr(services, "MAX_BYTES", 1000)
    response = login(cardio.author.user).post(_new_case_url(), _case_form(photos=[face_photo("grand.jpg")]))
    assert response.status_code == 200
    assert "“grand.jpg” is larger than 10 MB." in response.content.decode()
    assert not Thread.objects.exists() and _media_files() == []


def test_too_many_pixels_is_a_form_error_not_a_500(cardio, login):
    from tests.privacy.test_images import _png_claiming

    space_of(cardio.world.cardio)
    bomb = SimpleUploadedFile("bombe.png", _png_claiming(9000, 9000), content_type="image/png")
    response = login(cardio.author.user).post(_new_case_url(), _case_form(photos=[bomb]))
    assert response.status_code == 200
    assert "has too many pixels" in response.content.decode()
    assert not Thread.objects.exists()


def test_a_case_refused_for_its_text_asks_for_the_photos_again(cardio, login):
    space_of(cardio.world.cardio)
    response = login(cardio.author.user).post(_new_case_url(), _case_form(context="", photos=[plain_photo()]))
    assert response.status_code == 200  # the form's own check: photos are not looked at
    assert not Thread.objects.exists() and _media_files() == []


def test_case_without_photos_goes_to_the_case_page(cardio, login):
    space_of(cardio.world.cardio)
    response = login(cardio.author.user).post(_new_case_url(), _case_form())
    thread = Thread.objects.get(kind="case")
    assert response["Location"] == reverse(
        "discussions:thread", kwargs={"slug": "cardio", "thread_id": thread.pk}
    )
    assert not CasePhoto.objects.exists()


# --- Review -----------------------------------------------------------------------------------------
def test_pending_versions_are_served_to_the_author_only_with_safe_headers(cardio, login):
    thread = _case(cardio.author, [face_photo()])
    photo = thread.case.photos.get()
    urls = _urls(photo)
    author = login(cardio.author.user)
    for version in ("original", "blurred"):
        response = author.get(urls[version])
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
        assert_no_metadata(_body(response))
    assert author.get(urls["file"]).status_code == 404  # nothing published yet
    for member in (cardio.colleague, cardio.moderator):
        client = login(member.user)
        for name in ("original", "blurred", "file", "review"):
            assert client.get(urls[name]).status_code == 404, (member, name)


def test_publishing_the_blurred_copy_deletes_the_original(cardio, login, django_capture_on_commit_callbacks):
    thread = _case(cardio.author, [face_photo()])
    photo = thread.case.photos.get()
    original_name, blurred_bytes = photo.original.name, _stored(photo.blurred)
    urls = _urls(photo)
    with django_capture_on_commit_callbacks(execute=True):  # files leave storage after the commit
        response = login(cardio.author.user).post(urls["decide"], {"action": "publish_blurred"})
    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.status, photo.published_version, photo.original.name) == ("published", "blurred", "")
    assert not default_storage.exists(original_name)
    colleague = login(cardio.colleague.user)
    served = colleague.get(urls["file"])
    assert served.status_code == 200 and _body(served) == blurred_bytes
    assert urls["file"] in colleague.get(urls["thread"]).content.decode()
    assert colleague.get(urls["original"]).status_code == 404
    assert login(cardio.author.user).get(urls["original"]).status_code == 404  # gone for the author too


def test_publishing_as_taken_needs_the_confirmation_when_faces_were_found(
    cardio, login, django_capture_on_commit_callbacks
):
    thread = _case(cardio.author, [face_photo()])
    photo = thread.case.photos.get()
    blurred_name = photo.blurred.name
    client = login(cardio.author.user)
    client.post(_urls(photo)["decide"], {"action": "publish_original"})
    photo.refresh_from_db()
    assert photo.status == "pending" and default_storage.exists(blurred_name)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_urls(photo)["decide"], {"action": "publish_original", "confirm": "yes"})
    photo.refresh_from_db()
    assert (photo.status, photo.published_version, photo.blurred.name) == ("published", "original", "")
    assert not default_storage.exists(blurred_name) and default_storage.exists(photo.original.name)


def test_a_photo_without_a_face_has_no_blurred_copy_and_publishes_as_taken(cardio):
    thread = _case(cardio.author, [plain_photo()])
    photo = thread.case.photos.get()
    assert photo.faces == 0 and not photo.blurred
    with pytest.raises(ActionRefused) as refused:
        services.publish(cardio.author, photo, "blurred")
    assert refused.value.code == "no_blurred_copy"
    services.publish(cardio.author, photo, "original")
    photo.refresh_from_db()
    assert photo.status == "published"


def test_a_photo_is_published_once(cardio):
    photo = _case(cardio.author, [face_photo()]).case.photos.get()
    services.publish(cardio.author, photo, "blurred")
    with pytest.raises(ActionRefused) as refused:
        services.publish(cardio.author, photo, "original", confirmed=True)
    assert (refused.value.status, refused.value.code) == (409, "already_reviewed")
    photo.refresh_from_db()
    assert photo.published_version == "blurred" and default_storage.exists(photo.blurred.name)


def test_others_cannot_publish_or_remove_a_pending_photo(cardio, login):
    photo = _case(cardio.author, [face_photo()]).case.photos.get()
    names = [photo.original.name, photo.blurred.name]
    for member in (cardio.colleague, cardio.moderator):
        for action in ("publish_blurred", "remove"):
            assert login(member.user).post(_urls(photo)["decide"], {"action": action}).status_code == 404
    photo.refresh_from_db()
    assert photo.status == "pending" and all(default_storage.exists(name) for name in names)


def test_the_author_removes_a_pending_photo_and_its_files(cardio, login, django_capture_on_commit_callbacks):
    photo = _case(cardio.author, [face_photo()]).case.photos.get()
    names = [photo.original.name, photo.blurred.name]
    with django_capture_on_commit_callbacks(execute=True):
        login(cardio.author.user).post(_urls(photo)["decide"], {"action": "remove"})
    assert not CasePhoto.objects.exists()
    assert not any(default_storage.exists(name) for name in names)


def test_a_moderator_removes_a_published_photo_and_it_is_audited(cardio, login):
    photo = _case(cardio.author, [face_photo()]).case.photos.get()
    services.publish(cardio.author, photo, "blurred")
    assert login(cardio.colleague.user).post(_urls(photo)["decide"], {"action": "remove"}).status_code == 404
    assert CasePhoto.objects.filter(pk=photo.pk).exists()
    response = login(cardio.moderator.user).post(_urls(photo)["decide"], {"action": "remove"})
    assert response.status_code == 302
    assert not CasePhoto.objects.exists()
    assert AuditEvent.objects.filter(actor=cardio.moderator.user, action="case_photo.remove").exists()


# --- Adding photos later -----------------------------------------------------------------------------
def test_the_author_adds_photos_up_to_four(cardio, login):
    thread = cases_and_polls.create_case(cardio.author, space_of(cardio.world.cardio), **CASE)
    url = reverse("discussions:case_photos", kwargs={"slug": "cardio", "thread_id": thread.pk})
    client = login(cardio.author.user)
    assert client.post(url, {"photos": [plain_photo(f"p{i}.jpg") for i in range(3)]}).status_code == 302
    response = client.post(url, {"photos": [plain_photo("a.jpg"), plain_photo("b.jpg")]})
    assert response.status_code == 200
    assert "A case has 4 photos at most: you can add 1 more." in response.content.decode()
    assert CasePhoto.objects.count() == 3
    response = client.post(url, {"photos": [SimpleUploadedFile("x.png", b"<svg onload=alert(1)>")]})
    assert "is not a JPEG, PNG or WebP image" in response.content.decode()
    assert client.post(url, {}).status_code == 200 and CasePhoto.objects.count() == 3
    assert client.post(url, {"photos": [plain_photo("d.jpg")]}).status_code == 302
    assert "the most it can have" in client.get(url).content.decode()


def test_the_limit_holds_in_the_service_too(cardio):
    thread = _case(cardio.author, [plain_photo(f"p{i}.jpg") for i in range(4)])
    with pytest.raises(ActionRefused) as refused:
        services.add_photos(cardio.author, thread, [plain_photo()])
    assert refused.value.code == "too_many_photos"
    assert CasePhoto.objects.count() == 4


def test_only_the_author_adds_photos(cardio):
    thread = _case(cardio.author)
    with pytest.raises(ActionRefused) as refused:
        services.add_photos(cardio.colleague, thread, [plain_photo()])
    assert refused.value.code == "not_found"
    assert not CasePhoto.objects.exists() and _media_files() == []


# --- Other networks ---------------------------------------------------------------------------------
def test_other_networks_get_the_same_404_as_a_missing_photo(cardio, login):
    photo = _case(cardio.author, [face_photo()]).case.photos.get()
    services.publish(cardio.author, photo, "blurred")
    outsider = login(cardio.world.outsider.user)
    hidden = outsider.get(_urls(photo)["file"])
    missing = outsider.get(reverse("discussions:case_photo", kwargs={"slug": "cardio", "photo_id": 999999}))
    assert hidden.status_code == missing.status_code == 404
    assert page_body(hidden) == page_body(missing)
    # A member of another network asking through their own network's address: not found either.
    patient = login(cardio.world.patient.user)
    assert (
        patient.get(
            reverse("discussions:case_photo", kwargs={"slug": "breast", "photo_id": photo.pk})
        ).status_code
        == 404
    )


def test_photos_of_a_deleted_case_are_for_moderators_only(cardio, login):
    photo = _case(cardio.author, [face_photo()]).case.photos.get()
    services.publish(cardio.author, photo, "blurred")
    Thread.objects.filter(pk=photo.case.thread_id).update(deleted_at="2026-01-01T00:00:00Z")
    assert login(cardio.colleague.user).get(_urls(photo)["file"]).status_code == 404
    assert login(cardio.moderator.user).get(_urls(photo)["file"]).status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_case_page_queries_are_constant(cardio, login, django_assert_num_queries, count):
    thread = _case(cardio.author, [plain_photo(f"p{i}.jpg") for i in range(count)])
    for photo in thread.case.photos.all():
        services.publish(cardio.author, photo, "original")
    client = login(cardio.colleague.user)
    url = reverse("discussions:thread", kwargs={"slug": "cardio", "thread_id": thread.pk})
    client.get(url)
    with django_assert_num_queries(QUERIES_ON_CASE_PAGE) as captured:
        response = client.get(url)
    assert response.content.decode().count("/photos/") >= count
    assert any("discussions_casephoto" in query["sql"] for query in captured.captured_queries)


# session, user, membership among the personas (the header's too), thread with its case, follow, posts
# count (the page numbers), posts, reactions, header counts, the page's expert notes (whether I saved each post rides on the posts' query) — a thread page's queries, no write on a second view — and
# one for the case's photos. (A professional network has no expert notes by verified members: no
# settings read.)
QUERIES_ON_CASE_PAGE = 11


def test_a_bomb_under_the_pixel_cap_is_a_form_error(cardio, login):
    from tests.privacy.test_images import _rgba_png_claiming

    space_of(cardio.world.cardio)
    bomb = SimpleUploadedFile("bombe.png", _rgba_png_claiming(6300, 6300), content_type="image/png")
    response = login(cardio.author.user).post(_new_case_url(), _case_form(photos=[bomb]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "is too large to process" in page or "est trop grande pour être traitée" in page
    assert not Thread.objects.exists()


# --- Text read on photos (issue 16: pictures of documents) ------------------------------------------
def _prescription_upload(name="ordonnance.jpg") -> SimpleUploadedFile:
    from tests.document_samples import prescription_bytes

    return SimpleUploadedFile(name, prescription_bytes(photo=True, tilt=1.5), content_type="image/jpeg")


@pytest.mark.skipif(not __import__("shutil").which("tesseract"), reason="tesseract-ocr is not installed")
def test_a_photographed_prescription_is_masked_in_one_click_before_anyone_sees_it(
    cardio, login, django_capture_on_commit_callbacks
):
    from entrepairs.privacy import ocr
    from tests.document_samples import PATIENT

    thread = _case(cardio.author, photos=[_prescription_upload()])
    photo = CasePhoto.objects.get(case__thread=thread)
    assert {"PERSON", "NIR", "PHONE"} <= {region["kind"] for region in photo.text_regions}
    assert not photo.text_masked and photo.text_read
    urls = _urls(photo)
    client = login(cardio.author.user)
    page = client.get(urls["review"]).content.decode()
    assert "Mask what was found" in page and page.count("<rect data-kind=") == len(photo.text_regions)
    # Publishing without masking or confirming is refused; nothing changes.
    client.post(urls["decide"], {"action": "publish_original"})
    photo.refresh_from_db()
    assert photo.status == CasePhoto.Status.PENDING
    old_file = photo.original.name
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(urls["decide"], {"action": "mask_text"}).status_code == 302
    photo.refresh_from_db()
    assert photo.text_masked and photo.original.name != old_file
    assert not default_storage.exists(old_file)
    with default_storage.open(photo.original.name, "rb") as stored:
        text = " ".join(word.text for word in ocr.read_words(Image.open(stored).convert("RGB")))
    assert PATIENT.split()[1] not in text and "Doliprane" in text
    assert "<rect data-kind=" not in client.get(urls["review"]).content.decode()
    assert client.post(urls["decide"], {"action": "publish_original"}).status_code == 302
    photo.refresh_from_db()
    assert photo.status == CasePhoto.Status.PUBLISHED


def test_text_left_unmasked_is_published_only_when_confirmed(cardio, monkeypatch):
    from entrepairs.privacy import ocr

    region = ocr.TextRegion("NIR", 10, 10, 100, 20)
    monkeypatch.setattr(ocr, "find_text_regions", lambda image, lang=None: [region])
    thread = _case(cardio.author, photos=[plain_photo()])
    photo = CasePhoto.objects.get(case__thread=thread)
    with pytest.raises(ActionRefused) as refused:
        services.publish(cardio.author, photo, CasePhoto.Version.ORIGINAL)
    assert refused.value.code == "confirm_text"
    services.publish(cardio.author, photo, CasePhoto.Version.ORIGINAL, confirmed=True)


def test_only_the_author_masks_a_pending_photo(cardio, monkeypatch):
    from entrepairs.privacy import ocr

    monkeypatch.setattr(
        ocr, "find_text_regions", lambda image, lang=None: [ocr.TextRegion("PERSON", 5, 5, 50, 20)]
    )
    thread = _case(cardio.author, photos=[plain_photo()])
    photo = CasePhoto.objects.get(case__thread=thread)
    with pytest.raises(ActionRefused) as refused:
        services.mask_text(cardio.colleague, photo)
    assert refused.value.status == 404
    photo.refresh_from_db()
    assert not photo.text_masked


def test_when_the_text_cannot_be_read_the_review_says_so(cardio, login, monkeypatch):
    from entrepairs.privacy import ocr

    monkeypatch.setattr(ocr, "find_text_regions", lambda image, lang=None: None)
    thread = _case(cardio.author, photos=[plain_photo()])
    photo = CasePhoto.objects.get(case__thread=thread)
    assert photo.text_read is False and photo.text_regions == []
    page = login(cardio.author.user).get(_urls(photo)["review"]).content.decode()
    assert "could not be read automatically" in page
