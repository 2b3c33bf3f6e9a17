from tests.access_rows import PUBLIC, Row, statuses

BREAST = lambda world: {"slug": world.breast.slug}  # noqa: E731
# The API answers visitors with 401 JSON (never a login redirect) and non-members with 404.
API_SIGNED_IN = statuses(200, anonymous=401)
API_MEMBERS = statuses(404, anonymous=401, member=200, moderator=200, admin=200)
# Members know the network exists, so a missing role is 403; everyone else still gets 404.
API_MODERATORS = statuses(404, anonymous=401, member=403, moderator=200, admin=200)
# Write-only paths answer a GET with 405 before any check, for everyone alike.
NOT_A_GET = statuses(405)


def _pending_request(world):
    return {"slug": world.breast.slug, "request_id": world.breast_pending.pk}


def _member(world):
    return {"slug": world.breast.slug, "member_id": world.patient.pk}


def _invitation(world):
    from entrepairs.networks import services

    invitation, _token = services.create_invitation(world.moderator)
    return {"slug": world.breast.slug, "invitation_id": invitation.pk}


ROWS = {
    "api:api-root": Row(statuses(404)),
    # Any path under /api/v1/ that the API does not have: a JSON 404, for everyone alike.
    "api_unknown_path": Row(statuses(404), lambda world: {"rest": "networks/breast/nothing-here"}),
    "api:openapi-json": Row(PUBLIC),
    "api:openapi-view": Row(PUBLIC),
    "api:list_networks": Row(PUBLIC),
    "api:get_network": Row(PUBLIC, BREAST),
    "api:suggest_pseudonym": Row(API_SIGNED_IN, BREAST),
    "api:join_network": Row(NOT_A_GET, BREAST),
    "api:leave_network": Row(NOT_A_GET, BREAST),
    "api:my_memberships": Row(API_SIGNED_IN),
    "api:get_persona": Row(API_MEMBERS, BREAST),
    "api:update_persona": Row(API_MEMBERS, BREAST, write={"display_name": "Nouveau Nom"}),
    "api:list_members": Row(API_MEMBERS, BREAST),
    "api:list_join_requests": Row(API_MODERATORS, BREAST),
    "api:approve_join_request": Row(NOT_A_GET, _pending_request),
    "api:refuse_join_request": Row(NOT_A_GET, _pending_request),
    # One path, two operations (GET lists, POST creates): both names walk the GET.
    "api:list_invitations": Row(API_MODERATORS, BREAST),
    "api:create_invitation": Row(API_MODERATORS, BREAST, write={"days": 3, "max_uses": 1}),
    "api:revoke_invitation": Row(NOT_A_GET, _invitation),
    "api:set_member_role": Row(NOT_A_GET, _member, write={"role": "moderator"}),
    # Ending memberships: write-only paths, and the list of removed and banned members.
    "api:remove_member": Row(NOT_A_GET, _member, write={"reason": "Spam répété"}),
    "api:ban_member": Row(NOT_A_GET, _member, write={"reason": "Harcèlement"}),
    "api:lift_ban": Row(NOT_A_GET, _member),
    "api:list_ended_members": Row(API_MODERATORS, BREAST),
}
