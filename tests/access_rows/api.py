from tests.access_rows import PUBLIC, Row, statuses

BREAST = lambda world: {"slug": world.breast.slug}  # noqa: E731
# The API answers visitors with 401 JSON (never a login redirect) and non-members with 404.
API_SIGNED_IN = statuses(200, anonymous=401)
API_MEMBERS = statuses(404, anonymous=401, member=200, moderator=200, admin=200)
POST_ONLY = statuses(405)

ROWS = {
    "api:api-root": Row(statuses(404)),
    "api:openapi-json": Row(PUBLIC),
    "api:openapi-view": Row(PUBLIC),
    "api:list_networks": Row(PUBLIC),
    "api:get_network": Row(PUBLIC, BREAST),
    "api:suggest_pseudonym": Row(API_SIGNED_IN, BREAST),
    "api:join_network": Row(POST_ONLY, BREAST),
    "api:leave_network": Row(POST_ONLY, BREAST),
    "api:my_memberships": Row(API_SIGNED_IN),
    "api:get_persona": Row(API_MEMBERS, BREAST),
    "api:update_persona": Row(API_MEMBERS, BREAST),
    "api:list_members": Row(API_MEMBERS, BREAST),
}
