"""The one API convention (docs/api.md): every app mounts its router from its own api.py, with the
shared page query, ids, limit clamp and error table of entrepairs/api/; and the flows that views and
API share (default spaces, conversation titles, names of members) answer the same through both."""

import json
import os
from pathlib import Path

from django.urls import reverse

from entrepairs.api.api import api
from entrepairs.discussions.models import Space, Thread
from entrepairs.messaging import services as messaging
from entrepairs.messaging.models import Conversation
from entrepairs.networks import services as networks
from tests import factories as f
from tests.discussions.factories import thread_factory

SURFACE = Path(__file__).with_name("openapi_surface.json")


def _surface() -> dict:
    """What clients depend on, per operation: its id, its parameters and its response codes. Summaries,
    descriptions and schema constraints are free to improve."""
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    surface = {}
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            surface[f"{method.upper()} {path}"] = {
                "operation_id": operation["operationId"],
                "parameters": sorted(
                    f"{p['in']}:{p['name']}{'' if p.get('required') else '?'}"
                    for p in operation.get("parameters", [])
                ),
                "responses": sorted(str(code) for code in operation["responses"]),
            }
    return dict(sorted(surface.items()))


def test_the_openapi_surface_changes_only_on_purpose():
    """Paths, operation ids, parameters and response codes are a contract with the mobile clients.
    After a deliberate change: UPDATE_OPENAPI_SURFACE=1 pytest tests/api/test_api_convention.py."""
    if os.environ.get("UPDATE_OPENAPI_SURFACE"):
        SURFACE.write_text(json.dumps(_surface(), indent=1, ensure_ascii=False) + "\n")
    assert _surface() == json.loads(SURFACE.read_text())


def test_api_modules_leave_their_decorators_to_the_formatter():
    """Summaries and ids in decorators that ruff formats, descriptions in docstrings: no operation
    hides behind `# fmt: skip`."""
    root = Path(__file__).resolve().parents[2] / "entrepairs"
    modules = [*root.glob("*/api.py"), *root.glob("*/api_schemas.py"), *root.glob("api/*.py")]
    assert len(modules) >= 8
    assert [str(m) for m in modules if "fmt: skip" in m.read_text()] == []


# --- Discussions: limit honoured, ids validated --------------------------------------------------
def test_discussion_lists_honour_limit_and_clamp_it(api_as, world):
    for _ in range(3):
        thread_factory(world.patient)
    client = api_as(world.patient.user)
    page = client.get("/networks/breast/threads?limit=2").json()
    assert len(page["items"]) == 2 and page["next_cursor"]
    rest = client.get(f"/networks/breast/threads?limit=2&cursor={page['next_cursor']}").json()
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    assert len(client.get("/networks/breast/threads?limit=0").json()["items"]) == 1  # clamped to 1
    thread = Thread.objects.first()
    posts = client.get(f"/networks/breast/threads/{thread.pk}?limit=1").json()
    assert len(posts["items"]) == 1


def test_ids_beyond_64_bits_are_422_not_500(api_as, world):
    client = api_as(world.patient.user)
    for path in ("/networks/breast/threads/99999999999999999999", "/networks/breast/members/0/role"):
        response = client.get(path) if "threads" in path else client.put(path, {"role": "member"})
        assert response.status_code == 422, path
        assert response.json()["code"] == "invalid_input"


def test_too_long_cursor_is_422(api_as, world):
    response = api_as(world.patient.user).get("/networks/breast/threads?cursor=" + "a" * 401)
    assert response.status_code == 422


# --- Default spaces: created by the first write, never by a read ---------------------------------
def test_reading_a_new_network_writes_no_space_and_the_first_thread_creates_them(login, api_as, world):
    network = f.network_factory(name="Nouveau réseau", slug="nouveau", kind="patients")
    member = f.member_factory(network, display_name="Première Venue")
    admin = f.member_factory(network, role="admin", display_name="Administratrice")
    client = login(member.user)
    for name in ("discussions:index", "discussions:new_thread"):
        response = client.get(reverse(name, kwargs={"slug": "nouveau"}))
        assert response.status_code == 200 and "Traitements" in response.content.decode()
    space_page = reverse("discussions:space", kwargs={"slug": "nouveau", "space_slug": "traitements"})
    assert client.get(space_page).status_code == 200
    assert login(admin.user).get(
        reverse("discussions:manage_spaces", kwargs={"slug": "nouveau"})
    ).status_code in (
        200,
        302,  # two-factor authentication first, where required
    )
    assert not Space.objects.filter(network=network).exists()

    created = api_as(member.user).post(
        "/networks/nouveau/threads", {"space": "traitements", "title": "Premier fil", "body": "Bonjour"}
    )
    assert created.status_code == 201, created.content
    assert created.json()["space"] == "traitements"
    assert list(Space.objects.filter(network=network).values_list("slug", flat=True)) == [
        "traitements",
        "vie-quotidienne",
        "proches",
        "questions",
    ]


# --- Messaging: one title rule, one name lookup --------------------------------------------------
def _with_messages(world):
    world.breast.allow_private_messages = True
    world.breast.save(update_fields=["allow_private_messages"])
    for persona in (world.patient, world.relative):
        persona.network.refresh_from_db()


def test_a_direct_conversation_with_someone_gone_is_untitled_in_the_api_as_on_the_pages(login, api_as, world):
    _with_messages(world)
    direct = messaging.start_direct(world.patient, world.relative)
    networks.leave_network(world.relative)  # leaving frees the name (docs/decisions/0006)
    rows = api_as(world.patient.user).get("/networks/breast/conversations").json()["items"]
    assert [(row["id"], row["title"]) for row in rows] == [(direct.pk, "")]
    detail = api_as(world.patient.user).get(f"/networks/breast/conversations/{direct.pk}").json()
    assert detail["title"] == ""
    client = login(world.patient.user)
    listing = client.get(reverse("messaging:index", kwargs={"slug": "breast"})).content.decode()
    assert world.relative.display_name not in listing


def test_a_name_held_only_by_someone_gone_reads_like_an_unknown_name(login, world):
    _with_messages(world)
    name = world.relative.display_name
    networks.leave_network(world.relative)
    client = login(world.patient.user)
    response = client.post(reverse("messaging:new_direct", kwargs={"slug": "breast"}), {"member": name})
    assert response.status_code == 200
    assert name in response.content.decode()  # the refusal names who matched nobody
    assert not Conversation.objects.exists()
