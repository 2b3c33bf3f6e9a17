"""Messaging rows. Conversations are private to their participants: in `breast`, world.patient is
in them; the moderator and the administrator of the network are not, so they get 404 like anyone
else (an admin of a network cannot read a conversation they are not in)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.access_rows import ADMINS, MEMBERS, Row, statuses

PARTICIPANT = statuses(404, anonymous=302, member=200)
# POST-only pages: the gate answers first (visitors to the login page, non-members 404), then a GET
# from a member is 405.
POST_ONLY = statuses(404, anonymous=302, member=405, moderator=405, admin=405)
API_PARTICIPANT = statuses(404, anonymous=401, member=200)
API_MEMBERS = statuses(404, anonymous=401, member=200, moderator=200, admin=200)
API_WRITE = statuses(405)


def _allow(world):
    world.breast.allow_private_messages = True
    world.breast.save(update_fields=["allow_private_messages"])
    world.patient.network.refresh_from_db()


def _direct(world):
    from entrepairs.messaging import services

    _allow(world)
    return services.start_direct(world.patient, world.relative)


def _group(world):
    from entrepairs.messaging import services

    _allow(world)
    return services.create_group(world.patient, "Entraide", [world.relative])


def _message(world, **kwargs):
    from entrepairs.messaging import services

    message, _created = services.send_message(
        world.patient, _direct(world), body="Bonjour", client_id="walk-1", **kwargs
    )
    return message


def _network(world):
    return {"slug": world.breast.slug}


def _conversation(world):
    return {"slug": world.breast.slug, "conversation_id": _direct(world).pk}


def _group_kwargs(world):
    return {"slug": world.breast.slug, "conversation_id": _group(world).pk}


def _message_kwargs(world):
    return {"slug": world.breast.slug, "message_id": _message(world).pk}


def _message_items_kwargs(world):
    message = _message(world)
    return {"slug": world.breast.slug, "conversation_id": message.conversation_id}


def _file_kwargs(world):
    pdf = SimpleUploadedFile("cr.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    return {"slug": world.breast.slug, "message_id": _message(world, attachment=pdf).pk}


ROWS = {
    "messaging:index": Row(MEMBERS, _network),
    # A fragment polled by htmx: 404 rather than a login redirect, which htmx would follow and swap in.
    "messaging:badge": Row(statuses(404, member=200, moderator=200, admin=200), _network),
    "messaging:new_direct": Row(MEMBERS, _network),
    "messaging:new_group": Row(MEMBERS, _network),
    "messaging:blocks": Row(MEMBERS, _network),
    "messaging:settings": Row(ADMINS, _network, write={"allow_private_messages": "on"}),
    "messaging:conversation": Row(PARTICIPANT, _conversation),
    # Fragments fetched by messaging.js (a row's unread count, the messages a socket announced): 404
    # rather than a login redirect, which htmx or fetch() would follow.
    "messaging:conversation_badge": Row(statuses(404, member=200), _conversation),
    "messaging:message_items": Row(statuses(404, member=200), _message_items_kwargs, query="?ids=1"),
    "messaging:members": Row(PARTICIPANT, _group_kwargs),
    "messaging:leave": Row(POST_ONLY, _group_kwargs),
    "messaging:mute": Row(POST_ONLY, _conversation),
    "messaging:edit_message": Row(PARTICIPANT, _message_kwargs),
    "messaging:delete_message": Row(POST_ONLY, _message_kwargs),
    "messaging:file": Row(PARTICIPANT, _file_kwargs),
}


def _group_member_kwargs(world):
    return {**_group_kwargs(world), "member_id": world.relative.pk}


def _block_kwargs(world):
    from entrepairs.messaging import services

    services.block(world.patient, world.relative)
    return {"slug": world.breast.slug, "member_id": world.relative.pk}


# The API (entrepairs/messaging/api.py). Paths with several operations are walked with a GET under
# every operation's name: send_message answers as list_messages, block_member as list_blocks.
ROWS.update(
    {
        # The network is in the body: a GET is 405 for everyone (the walk of writes posts it).
        "api:create_realtime_ticket": Row(statuses(405), write={"network": "breast"}),
        "api:list_conversations": Row(API_MEMBERS, _network),
        "api:unread_messages": Row(API_MEMBERS, _network),
        "api:start_direct": Row(API_WRITE, _network),
        "api:create_group": Row(API_WRITE, _network),
        "api:get_conversation": Row(API_PARTICIPANT, _conversation),
        "api:mute_conversation": Row(API_WRITE, _conversation),
        "api:mark_conversation_read": Row(API_WRITE, _conversation),
        "api:add_group_members": Row(API_WRITE, _group_kwargs),
        "api:remove_group_member": Row(API_WRITE, _group_member_kwargs),
        "api:leave_group": Row(API_WRITE, _group_kwargs),
        "api:list_messages": Row(API_PARTICIPANT, _conversation),
        "api:send_message": Row(API_PARTICIPANT, _conversation),
        "api:list_changes": Row(API_PARTICIPANT, _conversation, query="?after=0"),
        "api:send_attachment": Row(API_WRITE, _conversation),
        "api:edit_message": Row(API_WRITE, _message_kwargs),
        "api:delete_message": Row(API_WRITE, _message_kwargs),
        "api:download_attachment": Row(API_PARTICIPANT, _file_kwargs),
        "api:list_blocks": Row(API_MEMBERS, _network),
        "api:block_member": Row(API_MEMBERS, _network),
        "api:unblock_member": Row(API_WRITE, _block_kwargs),
    }
)
