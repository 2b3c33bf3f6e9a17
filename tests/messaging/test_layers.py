"""The embedded in-memory channel layer: channels' own, with its expiry walk at most once a second."""

import time

from asgiref.sync import async_to_sync

from entrepairs.messaging.layers import InMemoryChannelLayer


def test_expired_messages_are_still_dropped_and_their_channel_leaves_its_groups(monkeypatch):
    layer = InMemoryChannelLayer(expiry=60)

    async def body():
        await layer.group_add("messaging.conversation.1", "specific.a!1")
        await layer.send("specific.a!1", {"type": "conversation.change"})
        now = time.time()
        monkeypatch.setattr(time, "time", lambda: now + 61)  # the message has waited past its expiry
        layer._next_clean = 0.0
        await layer.group_send("messaging.conversation.1", {"type": "conversation.change"})
        assert "specific.a!1" not in layer.groups.get("messaging.conversation.1", {})

    async_to_sync(body)()


def test_the_walk_over_every_channel_and_group_runs_at_most_once_a_second(monkeypatch):
    layer = InMemoryChannelLayer()
    walks = []
    monkeypatch.setattr(
        "channels.layers.InMemoryChannelLayer._clean_expired", lambda self: walks.append(time.monotonic())
    )

    async def body():
        await layer.group_add("messaging.member.1", "specific.a!1")
        for _ in range(50):
            await layer.group_send("messaging.member.1", {"type": "member.unread", "conversation": 1})
            await layer.receive("specific.a!1")

    async_to_sync(body)()
    assert len(walks) == 1


def test_a_group_message_reaches_each_channel_as_its_own_copy_and_a_full_channel_is_skipped():
    layer = InMemoryChannelLayer(capacity=2)
    event = {"type": "conversation.change", "frame": {"body": "Bonjour", "sender": {"id": 7}}}

    async def body():
        for channel in ("specific.a!1", "specific.a!2"):
            await layer.group_add("messaging.conversation.1", channel)
        await layer.send("specific.a!2", {"type": "member.unread"})
        await layer.send("specific.a!2", {"type": "member.unread"})  # now full
        await layer.group_send("messaging.conversation.1", event)
        first = await layer.receive("specific.a!1")
        first["frame"]["sender"]["id"] = 8
        assert event["frame"]["sender"]["id"] == 7 and first == {**event, "frame": {**event["frame"],
                                                                   "sender": {"id": 8}}}  # fmt: skip
        assert [(await layer.receive("specific.a!2"))["type"] for _ in range(2)] == ["member.unread"] * 2
        assert "specific.a!2" not in layer.channels  # the change did not fit: that socket catches up

    async_to_sync(body)()
