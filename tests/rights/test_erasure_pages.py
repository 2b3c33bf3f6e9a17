"""Deleting one's account from the account page and the API, and cancelling with the emailed link."""

from django.core import mail
from django.urls import reverse

from entrepairs.accounts.models import PersonalAccessToken
from entrepairs.rights.models import ErasureRequest
from tests.factories import PASSWORD


def test_the_form_asks_for_the_password_and_keeps_the_choice(login, world):
    client = login(world.patient.user)
    response = client.post(
        reverse("account_delete"), {"password": "wrong", "posts": "anonymise", "confirm": "on"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password"] == ["Le mot de passe n'est pas correct."]
    assert response.context["form"]["posts"].value() == "anonymise"
    assert not ErasureRequest.objects.exists()


def test_asking_signs_out_deactivates_and_emails_the_cancel_link(
    login, world, django_capture_on_commit_callbacks
):
    client = login(world.patient.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_delete"), {"password": PASSWORD, "posts": "delete", "confirm": "on"}
        )
    assert response.status_code == 302 and response["Location"] == reverse("erasure_requested")
    world.patient.user.refresh_from_db()
    assert not world.patient.user.is_active
    assert client.get(reverse("account")).status_code == 302  # signed out
    link = mail.outbox[0].body.split("http://testserver")[1].split()[0]
    assert client.get(link).status_code == 200
    assert ErasureRequest.objects.exists()  # a GET (a mail scanner) cancels nothing
    response = client.post(link)
    assert response.status_code == 200
    world.patient.user.refresh_from_db()
    assert world.patient.user.is_active and not ErasureRequest.objects.exists()


def test_the_api_asks_and_the_token_dies(api_as, world, client, django_capture_on_commit_callbacks):
    api = api_as(world.patient.user)
    response = api.post("/me/erasure", {"password": "wrong", "posts": "delete"})
    assert response.status_code == 403 and response.json()["code"] == "wrong_password"
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/me/erasure", {"password": PASSWORD, "posts": "anonymise"})
    assert response.status_code == 202 and response.json()["posts"] == "anonymise"
    assert not PersonalAccessToken.objects.filter(user=world.patient.user, revoked_at__isnull=True).exists()
    assert api.get("/me/memberships").status_code == 401
    token = mail.outbox[0].body.split("/account/delete/cancel/")[1].split("/")[0]
    visitor = api_as(None)
    assert visitor.post("/erasure/cancel", {"token": "nope"}).json()["code"] == "invalid_token"
    response = visitor.post("/erasure/cancel", {"token": token})
    assert response.status_code == 200 and response.json() == {"cancelled": True}
