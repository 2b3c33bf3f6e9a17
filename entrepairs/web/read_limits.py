"""Read limits on pages (entrepairs/accounts/read_limits.py says which and why).

A middleware, so that no page can forget them: every GET or HEAD that reaches a view counts, once
the account is known. The API counts its own reads in its throttle (entrepairs/api/auth.py), where
the token's owner is known; health probes are not counted."""

from entrepairs import throttles
from entrepairs.accounts import read_limits
from entrepairs.errors import ActionRefused
from entrepairs.web.errors import too_many_requests

NOT_COUNTED = frozenset({"healthz", "readyz"})


class ReadLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in ("GET", "HEAD") or request.path.startswith("/api/"):
            return None
        view_name = request.resolver_match.view_name if request.resolver_match else ""
        if view_name in NOT_COUNTED:
            return None
        try:
            read_limits.check_page_read(request.user, throttles.client_address(request), view_name)
        except ActionRefused as refusal:
            return too_many_requests(request, retry_after=refusal.retry_after, message=refusal.message)
        return None
