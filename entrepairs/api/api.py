"""The REST API (/api/v1/): one NinjaAPI, errors as JSON with a stable code.

Every app mounts its routers from its own `api.py` (networks, discussions, professionals,
messaging); this package keeps only what they share: auth.py (tokens, session, rate limit),
errors.py (the error handlers and the one error table) and schemas.py (shared types: ids, the page
query, the privacy refusal). Every operation is rate limited per account (PerUserMinuteThrottle)."""

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from entrepairs.api import errors
from entrepairs.api.auth import PerUserMinuteThrottle

api = NinjaAPI(
    title="Entrepairs API",
    version="1",
    description="Networks, memberships, personas, moderation, discussions, messaging, health profiles and "
    "surveys. Authenticate with a "
    "personal access token (`Authorization: Bearer ep_...`, created on the account page) or the browser "
    "session (unsafe methods then need the `X-CSRFToken` header). Errors are JSON "
    '`{"code", "message", "field"}`.',
    urls_namespace="api",
    throttle=[PerUserMinuteThrottle()],
    # Swagger UI from ninja's bundled static files (INSTALLED_APPS has "ninja"), never a CDN; no call
    # to the public swagger.io validator either (the CSP would block it anyway).
    docs=Swagger(settings={"validatorUrl": None}),
)
errors.install(api)


def _register_routers():
    from entrepairs.discussions import api as discussions
    from entrepairs.health import api as health
    from entrepairs.magazine import api as magazine
    from entrepairs.messaging import api as messaging
    from entrepairs.moderation import api as moderation
    from entrepairs.networks import api as networks
    from entrepairs.professionals import api as professionals
    from entrepairs.rights import api as rights
    from entrepairs.surveys import api as surveys

    api.add_router("/", networks.router)
    api.add_router("/", networks.me_router)
    api.add_router("/", networks.moderation_router)
    api.add_router("/", discussions.router)
    api.add_router("/", professionals.router)
    api.add_router("/", messaging.router)
    api.add_router("/", moderation.router)
    api.add_router("/", rights.router)
    api.add_router("/", health.router)
    api.add_router("/", surveys.router)
    api.add_router("/", magazine.router)


_register_routers()
