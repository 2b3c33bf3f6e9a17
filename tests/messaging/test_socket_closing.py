"""Open websockets close when their owner no longer belongs: leaving a network closes that persona's
sockets (4404) and nothing else; deactivating an account closes all of them (4403), ends its sessions
and revokes its tokens, whether the operator uses the action or unticks "active"."""

from types import SimpleNamespace

import pytest
from allauth.usersessions.models import UserSession
from asgiref.sync import async_to_sync
from django.contrib.admin.sites import site
from django.urls import reverse

from entrepairs.accounts.models import PersonalAccessToken, User
from entrepairs.accounts.tokens import create_token, user_for_token
from entrepairs.audit.models import AuditEvent
from entrepairs.errors import ActionRefused
from entrepairs.networks import services as network_services
from entrepairs.networks.lifecycle import deactivate_account
from tests import factories as f
from tests.messaging.sockets import db, open_socket

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_professions", "fresh_channel_layer"),
]


def run(coroutine_function):
    return async_to_sync(coroutine_function)()


async def still_open(communicator) -> bool:
    await communicator.send_json_to({"type": "ping"})
    return (await communicator.receive_json_from(timeout=3))["type"] == "pong"


@pytest.fixture
def two_personas(team, breast_on):
    """Dr Rythme's account also has a persona in the patient network `breast`."""
    return f.member_factory(team.world.breast, user=team.rhythm.user, display_name="Rythme Discret")


def test_leaving_a_network_closes_that_personas_sockets_only(team, two_personas):
    async def body():
        cardio = await open_socket(team.rhythm.user, "cardio")
        breast = await open_socket(team.rhythm.user, "breast")
        colleague = await open_socket(team.heart.user, "cardio")
        await db(network_services.leave_network)(team.rhythm)
        assert await cardio.receive_output(timeout=3) == {"type": "websocket.close", "code": 4404}
        assert await still_open(breast)  # the same account's other persona stays connected
        assert await still_open(colleague)
        await open_socket(team.rhythm.user, "cardio", expect=False)
        for communicator in (breast, colleague):
            await communicator.disconnect()

    run(body)


def test_a_refused_leave_closes_nothing(team):
    """The last administrator cannot leave: nothing changes, the socket stays open."""

    async def body():
        socket = await open_socket(team.heart.user, "cardio")
        with pytest.raises(ActionRefused) as refused:
            await db(network_services.leave_network)(team.heart)
        assert refused.value.code == "last_admin"
        assert await still_open(socket)
        await socket.disconnect()

    run(body)


def test_deactivation_closes_every_socket_ends_sessions_and_revokes_tokens(team, two_personas):
    user = team.rhythm.user
    token, raw = create_token(user, "script")
    UserSession.objects.create(user=user, session_key="k" * 32, ip="127.0.0.1", user_agent="test")

    async def body():
        sockets = [await open_socket(user, "cardio"), await open_socket(user, "breast")]
        colleague = await open_socket(team.heart.user, "cardio")
        await db(deactivate_account)(user, by=team.world.operator)
        for socket in sockets:
            assert await socket.receive_output(timeout=3) == {"type": "websocket.close", "code": 4403}
        assert await still_open(colleague)
        await colleague.disconnect()
        await open_socket(user, "cardio", expect=False)

    run(body)
    user.refresh_from_db()
    assert not user.is_active
    assert user_for_token(raw) is None
    user.is_active = True  # reactivated by an operator later: the old token stays dead
    user.save(update_fields=["is_active"])
    assert user_for_token(raw) is None and PersonalAccessToken.objects.get(pk=token.pk).revoked_at
    assert not UserSession.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(
        actor=team.world.operator, action="account.deactivate", object_id=str(user.pk)
    ).exists()


def test_operator_admin_action_closes_the_sockets(team, client):
    client.force_login(team.world.operator)
    url = reverse("admin:accounts_user_changelist")

    async def body():
        socket = await open_socket(team.rhythm.user, "cardio")
        response = await db(client.post)(
            url, {"action": "deactivate", "_selected_action": [team.rhythm.user.pk]}
        )
        assert response.status_code == 302
        assert await socket.receive_output(timeout=3) == {"type": "websocket.close", "code": 4403}

    run(body)
    assert not User.objects.get(pk=team.rhythm.user.pk).is_active


def test_unticking_active_in_the_admin_deactivates_everything(team):
    user = team.rhythm.user
    _token, raw = create_token(user, "script")
    user.is_active = False
    admin = site._registry[User]
    request = SimpleNamespace(user=team.world.operator)
    admin.save_model(request, user, SimpleNamespace(changed_data=["is_active"]), change=True)
    assert user_for_token(raw) is None
    assert AuditEvent.objects.filter(action="account.deactivate", object_id=str(user.pk)).count() == 1
    admin.save_model(request, user, SimpleNamespace(changed_data=["first_name"]), change=True)
    assert AuditEvent.objects.filter(action="account.deactivate").count() == 1  # other edits: nothing
