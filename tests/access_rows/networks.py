from entrepairs.networks import services
from tests.access_rows import ADMINS, MEMBERS, MODERATORS, OPERATORS, PUBLIC, SIGNED_IN, Row, statuses
from tests.images import tiny_png

BREAST = lambda world: {"slug": world.breast.slug}  # noqa: E731
# POST-only pages: the gate answers first (visitors to the login page, non-members 404), then a GET
# from someone allowed in is 405.
POST_ONLY = statuses(404, anonymous=302, member=405, moderator=405, admin=405)
MODERATOR_POST_ONLY = statuses(404, anonymous=302, member=403, moderator=405, admin=405)


def _invitation_id(world):
    invitation, _token = services.create_invitation(world.admin)
    return {"slug": world.breast.slug, "invitation_id": invitation.pk}


def _invitation_token(world):
    _invitation, token = services.create_invitation(world.admin)
    return {"token": token}


def _banned_in_breast(world):
    from tests import factories as f

    banned = f.member_factory(world.breast, status="banned", display_name="Banni Walk")
    return {"slug": world.breast.slug, "member_id": banned.pk}


def _breast_with_logo(world):
    from django.core.files.base import ContentFile

    world.breast.logo.save("logo.png", ContentFile(tiny_png()), save=True)
    return {"slug": world.breast.slug}


ROWS = {
    # Listed networks show their logo to everyone, like their about page.
    "networks:logo": Row(PUBLIC, _breast_with_logo),
    "home": Row(PUBLIC),
    "operator": Row(OPERATORS),
    # Django's set_language answers every GET with a redirect and changes nothing.
    "set_language": Row(statuses(302)),
    # A valid invitation to breast: visitors see who invites them; signed-in people get the form or
    # their current state.
    "invitation": Row(PUBLIC, _invitation_token),
    "networks:about": Row(PUBLIC, BREAST),
    "networks:join": Row(SIGNED_IN, BREAST),
    "networks:home": Row(MEMBERS, BREAST),
    "networks:members": Row(MEMBERS, BREAST),
    # A fragment fetched by the composers: visitors get 404 too (no login page inside a fragment).
    "networks:member_suggestions": Row({**MEMBERS, "anonymous": 404}, BREAST, query="?q=a"),
    "networks:member_detail": Row(MEMBERS, lambda w: {"slug": w.breast.slug, "member_id": w.relative.pk}),
    "networks:persona": Row(MEMBERS, BREAST),
    "networks:leave": Row(MEMBERS, BREAST),
    "networks:manage_requests": Row(MODERATORS, BREAST),
    "networks:decide_request": Row(
        MODERATOR_POST_ONLY,
        lambda w: {"slug": w.breast.slug, "member_id": w.breast_pending.pk},
        write={"decision": "accept"},
    ),
    "networks:manage_invitations": Row(MODERATORS, BREAST, write={"days": 3, "max_uses": 1}),
    "networks:revoke_invitation": Row(MODERATOR_POST_ONLY, _invitation_id),
    "networks:member_role": Row(
        ADMINS, lambda w: {"slug": w.breast.slug, "member_id": w.relative.pk}, write={"role": "moderator"}
    ),
    # The privacy policy (block / confirm / allow per kind): the network's administrators only.
    "networks:manage_privacy": Row(ADMINS, BREAST),
    "networks:manage_network": Row(
        ADMINS, BREAST, write={"description": "Entraide", "theme_color": "#2f6f73", "join_policy": "open"}
    ),
    # Ending memberships (member_moderation_views): moderators, behind two-factor.
    "networks:remove_member": Row(
        MODERATORS,
        lambda w: {"slug": w.breast.slug, "member_id": w.relative.pk},
        write={"reason": "Spam répété"},
    ),
    "networks:ban_member": Row(
        MODERATORS,
        lambda w: {"slug": w.breast.slug, "member_id": w.relative.pk},
        write={"reason": "Harcèlement"},
    ),
    "networks:ended_members": Row(MODERATORS, BREAST),
    "networks:lift_ban": Row(MODERATOR_POST_ONLY, _banned_in_breast),
}
