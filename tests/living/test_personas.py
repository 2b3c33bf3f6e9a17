"""Personas look alive without linking: a generated picture per persona (never from the account), an
optional uploaded picture without metadata, erased with the persona; professional profiles; a
patient's bio hidden until they choose to show it; saved posts and my posts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from entrepairs.discussions import queries
from entrepairs.discussions.actions import living
from entrepairs.discussions.models import Bookmark
from entrepairs.networks import avatars, lifecycle, services
from entrepairs.networks.models import Membership
from tests import factories as f
from tests.discussions.factories import thread_factory
from tests.image_metadata import assert_no_metadata, has_gps, jpeg_with_everything


def _persona(slug="breast"):
    return reverse("networks:persona", kwargs={"slug": slug})


def _profile(member):
    return reverse("networks:member_detail", kwargs={"slug": member.network.slug, "member_id": member.pk})


# --- Generated pictures ---------------------------------------------------------------------------
def test_two_personas_of_one_account_get_unrelated_pictures(world):
    second = f.member_factory(world.diabetes, user=world.patient.user)
    assert world.patient.avatar_seed != second.avatar_seed
    assert avatars.generated_svg(world.patient.avatar_seed) != avatars.generated_svg(second.avatar_seed)
    # The seed is random, not derived from the account: the same account's seeds share nothing.
    assert world.patient.user.email not in world.patient.avatar_seed


def test_generated_picture_is_deterministic_decorative_svg():
    first, again = (
        avatars.generated_svg("00ff00ff00ff00ff", 32),
        avatars.generated_svg("00ff00ff00ff00ff", 32),
    )
    assert first == again and first.startswith("<svg") and 'aria-hidden="true"' in first
    hue, cells = avatars.pattern("0000000000000000")
    assert cells  # never an empty square
    for column, row in avatars.pattern("a3f1c2d4e5b60789")[1]:  # symmetric
        assert (avatars.GRID - 1 - column, row) in avatars.pattern("a3f1c2d4e5b60789")[1]


def test_existing_personas_each_drew_their_own_seed(world):
    seeds = list(Membership.objects.values_list("avatar_seed", flat=True))
    assert all(seeds) and len(set(seeds)) == len(seeds)


# --- Uploaded pictures ----------------------------------------------------------------------------
def test_uploaded_picture_loses_its_metadata_and_is_for_members_only(world, login, client):
    photo = jpeg_with_everything(size=(600, 400))
    assert has_gps(photo)
    response = login(world.relative.user).post(
        _persona(),
        {
            "display_name": world.relative.display_name,
            "bio": "",
            "picture": SimpleUploadedFile("moi.jpg", photo),
        },
    )
    assert response.status_code == 302
    world.relative.refresh_from_db()
    stored = world.relative.avatar.read()
    assert_no_metadata(stored)
    assert stored.startswith(b"\x89PNG")
    url = reverse("networks:picture", kwargs={"slug": "breast", "member_id": world.relative.pk})
    assert login(world.patient.user).get(url).status_code == 200
    assert url in login(world.patient.user).get(_profile(world.relative)).content.decode()
    assert login(world.outsider.user).get(url).status_code == 404


def test_the_upload_form_warns_about_faces(world, login):
    html = login(world.patient.user).get(_persona()).content.decode()
    assert "face" in html or "visage" in html


def test_a_file_that_is_no_image_is_refused_and_the_text_kept(world, login):
    response = login(world.patient.user).post(
        _persona(),
        {"display_name": world.patient.display_name, "bio": "Ma bio gardée",
         "picture": SimpleUploadedFile("x.png", b"not an image")},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Ma bio gardée" in response.content.decode()
    world.patient.refresh_from_db()
    assert not world.patient.avatar and world.patient.bio == ""


def test_picture_is_erased_with_the_persona(world, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile

    from entrepairs.rights.actions.erasure import erase_account
    from tests.images import tiny_png

    world.relative.avatar.save("p.png", ContentFile(tiny_png()), save=True)
    storage, name = world.relative.avatar.storage, world.relative.avatar.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        erase_account(world.relative.user, keep_posts=False)
    assert not storage.exists(name)


# --- Profiles -------------------------------------------------------------------------------------
def test_professional_profile_shows_profession_specialty_practice_area_bio_and_contributions(world, login):
    doctor = world.cardiologist
    services.update_persona(doctor, display_name=doctor.display_name, bio="Rythmologie, télésurveillance.",
                            practice_area="69")  # fmt: skip
    thread_factory(doctor, replies=2, title="Anticoagulation après ablation")
    colleague = f.member_factory(world.cardio, qualification=doctor.qualification, user=f.UserFactory())
    html = login(colleague.user).get(_profile(doctor)).content.decode()
    assert "data-professional" in html and "69 · Rhône" in html
    assert "Rythmologie, télésurveillance." in html
    assert 'data-panel="contributions"' in html and "Anticoagulation après ablation" in html


def test_practice_area_is_a_department_and_professionals_only(world):
    from entrepairs.errors import ActionRefused

    with pytest.raises(ActionRefused):
        services.update_persona(
            world.cardiologist, display_name=world.cardiologist.display_name, practice_area="Lyon 3e"
        )
    with pytest.raises(ActionRefused):
        services.update_persona(world.patient, display_name=world.patient.display_name, practice_area="69")
    world.patient.refresh_from_db()
    assert world.patient.practice_area == ""


def test_patient_bio_is_hidden_until_they_choose_to_show_it(world, login):
    services.update_persona(
        world.relative, display_name=world.relative.display_name, bio="Aidante de ma sœur."
    )
    viewer = login(world.patient.user)
    assert "Aidante de ma sœur." not in viewer.get(_profile(world.relative)).content.decode()
    services.update_persona(world.relative, display_name=world.relative.display_name, bio="Aidante de ma sœur.",
                            show_bio=True)  # fmt: skip
    assert "Aidante de ma sœur." in viewer.get(_profile(world.relative)).content.decode()


@pytest.mark.parametrize("posts", [1, 12])
def test_profile_queries_are_constant(world, login, django_assert_num_queries, posts):
    thread_factory(world.relative, replies=posts, title="Témoignage")
    client = login(world.patient.user)
    # session, user, my membership (among my personas, the header's), the member shown (qualification), their latest posts with their
    # count, bell
    with django_assert_num_queries(6):
        assert client.get(_profile(world.relative)).status_code == 200


# --- Saved posts and my posts ---------------------------------------------------------------------
def test_save_and_unsave_a_post_with_htmx_and_find_it_on_the_saved_page(world, login):
    thread = thread_factory(world.relative, replies=1, title="Perruque : mes adresses")
    post = thread.posts.order_by("id").last()
    client = login(world.patient.user)
    url = reverse("discussions:save_post", kwargs={"slug": "breast", "post_id": post.pk})
    answer = client.post(url, {"saved": "1"}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200 and 'aria-pressed="true"' in answer.content.decode()
    assert "htmx-indicator" in answer.content.decode()
    saved_page = client.get(reverse("discussions:saved", kwargs={"slug": "breast"})).content.decode()
    assert "Perruque : mes adresses" in saved_page and "data-bookmark" in saved_page
    client.post(url, {"saved": "0"})
    assert not Bookmark.objects.filter(member=world.patient).exists()
    assert (
        "data-empty" in client.get(reverse("discussions:saved", kwargs={"slug": "breast"})).content.decode()
    )


def test_outsider_cannot_save_a_post_of_another_network(world, login):
    thread = thread_factory(world.relative, replies=1)
    url = reverse("discussions:save_post", kwargs={"slug": "breast", "post_id": thread.posts.first().pk})
    assert login(world.outsider.user).post(url, {"saved": "1"}).status_code == 404
    assert not Bookmark.objects.exists()


def test_saved_posts_hidden_later_leave_the_saved_page(world):
    from django.utils import timezone

    thread = thread_factory(world.relative, replies=1)
    post = thread.posts.order_by("id").last()
    living.save_post(world.patient, post, saved=True)
    assert [b.post for b in queries.my_bookmarks(world.patient)] == [post]
    type(post).objects.filter(pk=post.pk).update(hidden_at=timezone.now())
    assert list(queries.my_bookmarks(world.patient)) == []


def test_bookmarks_end_with_membership_and_go_with_the_persona(world):
    thread = thread_factory(world.relative, replies=1)
    living.save_post(world.patient, thread.posts.first(), saved=True)
    lifecycle.leave_network(world.patient)
    assert not Bookmark.objects.filter(member=world.patient).exists()
    living.save_post(world.moderator, thread.posts.first(), saved=True)
    from entrepairs.rights.actions.erasure import erase_member_content

    erase_member_content(world.moderator, keep_posts=True)
    assert not Bookmark.objects.filter(member=world.moderator).exists()


@pytest.mark.parametrize("count", [2, 25])
def test_saved_and_my_posts_pages_queries_are_constant(world, login, django_assert_num_queries, count):
    thread = thread_factory(world.patient, replies=count, repliers=[world.relative, world.patient])
    for post in thread.posts.all():
        living.save_post(world.patient, post, saved=True)
    client = login(world.patient.user)
    # session, user, membership (among my personas, the header's), one page of saved posts (with thread and author), bell
    with django_assert_num_queries(5):
        assert client.get(reverse("discussions:saved", kwargs={"slug": "breast"})).status_code == 200
    # session, user, membership (among my personas, the header's), one page of my posts (with thread), bell
    with django_assert_num_queries(5):
        html = client.get(reverse("discussions:my_posts", kwargs={"slug": "breast"})).content.decode()
    assert "data-my-post" in html


def test_the_export_carries_saved_posts_profile_choices_and_the_picture(world):
    from django.core.files.base import ContentFile

    from entrepairs.discussions.actions.rights import export_member_content
    from entrepairs.rights.actions.export import account_part
    from tests.images import tiny_png

    thread = thread_factory(world.relative, replies=1)
    living.save_post(world.patient, thread.posts.first(), saved=True)
    world.patient.avatar.save("p.png", ContentFile(tiny_png()), save=True)
    discussions = export_member_content(world.patient.user)
    assert [row["post_id"] for row in discussions.sections["discussions.saved_posts"]] == [
        thread.posts.first().pk
    ]
    account = account_part(world.patient.user)
    assert account.sections["personas"][0]["bio_shown_to_members"] is False
    assert [path for path, _stored in account.files] == [f"pictures/{world.patient.pk}.png"]
