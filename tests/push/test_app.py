"""The installable app: the manifest, the service worker and the offline page are served from the site
root with the right types and scope; the icons have the sizes the manifest says; pages link them."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

pytestmark = pytest.mark.django_db


def test_the_manifest_has_what_installability_requires(client):
    response = client.get("/manifest.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == manifest["short_name"] == "Entrepairs"
    assert (manifest["display"], manifest["scope"], manifest["id"]) == ("standalone", "/", "/")
    assert manifest["start_url"].startswith("/")
    assert manifest["theme_color"] == "#2f6f73" and manifest["background_color"]
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        with Image.open(path) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"] and image.format == "PNG"
        assert client.get(icon["src"]).status_code == 200


def test_the_service_worker_is_served_from_the_root_with_scope_and_no_http_cache(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    script = response.content.decode()
    # A fetch handler (installability), push and notificationclick handlers.
    for handler in ("fetch", "push", "notificationclick", "install", "activate"):
        assert f'addEventListener("{handler}"' in script
    precache = json.loads(script.split("const PRECACHE = ", 1)[1].split(";", 1)[0])
    assert "/offline/" in precache
    for url in precache:
        assert client.get(url).status_code == 200, url


def test_the_offline_page_says_so_and_shows_nothing_of_the_visitor(client, world):
    client.force_login(world.patient.user)
    response = client.get("/offline/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vous êtes hors ligne" in page
    for personal in (world.patient.display_name, world.patient.user.email, world.patient.network.name):
        assert personal not in page


def test_network_pages_link_the_manifest_and_show_the_network_colour(login, world):
    network = world.breast
    network.theme_color = "#7a2048"
    network.save(update_fields=["theme_color"])
    page = login(world.patient.user).get(reverse("networks:home", args=[network.slug])).content.decode()
    assert '<link rel="manifest" href="/manifest.json">' in page
    assert '<meta name="theme-color" content="#7a2048">' in page
    assert "/static/push/app.js" in page
    assert "data-app-badge=" in page
