"""The installable app (manifest, service worker, offline page, all from the site root) and the pages
where an account manages its devices and a persona what it hears about. Thin: parse, call
push.services, render."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from entrepairs.errors import NOT_FOUND, ActionRefused
from entrepairs.push import queries, sender, services
from entrepairs.push.forms import NetworkPolicyForm, PreferenceForm
from entrepairs.web.forms import apply_refusal
from entrepairs.web.gates import member_page

THEME_COLOR = "#2f6f73"  # the product's colour; inside a network, its own (base.html's theme-color)
BODY_MAX_BYTES = 4096


@require_GET
@cache_control(max_age=3600, public=True)
def manifest(request):
    """The web app manifest (installability: name, icons 192 and 512, start URL, display, colours).
    The same for everyone: nothing of the visitor in it."""
    data = {
        "id": "/",
        "name": "Entrepairs",
        "short_name": "Entrepairs",
        "description": _("Private health networks. Nothing you share here is public."),
        "lang": settings.LANGUAGE_CODE,
        "start_url": "/?source=app",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait-primary",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": [
            {
                "src": static("img/app/icon-192.png"),
                "sizes": "192x192",
                "type": "image/png",
                "purpose": "any",
            },
            {
                "src": static("img/app/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "any",
            },
            {
                "src": static("img/app/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/manifest+json")


@require_GET
def service_worker(request):
    """Served from the root so that its scope is the whole site; never cached by HTTP, so that a new
    version reaches every browser on its next visit (browsers also re-check at most every 24 h)."""
    response = render(
        request,
        "push/sw.js",
        {
            "precache": json.dumps(
                [
                    "/offline/",
                    static("css/app.css"),
                    static("push/app.js"),
                    static("messaging/messaging.js"),
                    static("messaging/messaging.css"),
                    static("img/favicon.svg"),
                    static("img/app/icon-192.png"),
                    static("img/app/badge-96.png"),
                ]
            ),
            "icon": static("img/app/icon-192.png"),
            "badge": static("img/app/badge-96.png"),
        },
        content_type="application/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
@cache_control(max_age=3600, public=True)
def offline(request):
    """What the app shows without a connection. The service worker keeps it from its first visit, so
    it is the same for everyone: no name, no network, nothing of the visitor."""
    return render(request, "push/offline.html")


@login_required
def devices(request):
    """The account's devices that receive notifications; this browser turns them on or off here."""
    return render(
        request,
        "push/devices.html",
        {
            "devices": queries.my_devices(request.user),
            "public_key": settings.WEB_PUSH_VAPID_PUBLIC_KEY if sender.configured() else "",
            "personas": queries.my_personas_with_preferences(request.user),
        },
    )


def _json_body(request) -> dict:
    if len(request.body) > BODY_MAX_BYTES:
        raise ActionRefused("too_large", _("This request is too large."), status=413)
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        raise ActionRefused("malformed_json", _("This request is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise ActionRefused("malformed_json", _("This request is not valid JSON."))
    return data


def _refusal(refusal: ActionRefused) -> JsonResponse:
    return JsonResponse({"code": refusal.code, "message": str(refusal.message)}, status=refusal.status)


@login_required
@require_POST
def subscribe(request):
    """From the devices page's script: this browser's PushSubscription (endpoint and keys)."""
    try:
        data = _json_body(request)
        keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
        subscription = services.subscribe(
            request.user,
            endpoint=str(data.get("endpoint") or ""),
            p256dh=str(keys.get("p256dh") or ""),
            auth=str(keys.get("auth") or ""),
            label=queries.device_label(request.headers.get("User-Agent", "")),
        )
    except ActionRefused as refusal:
        return _refusal(refusal)
    return JsonResponse({"id": subscription.pk, "label": subscription.label}, status=201)


@login_required
@require_POST
def unsubscribe(request):
    """This browser turned notifications off: its subscription is forgotten."""
    try:
        data = _json_body(request)
    except ActionRefused as refusal:
        return _refusal(refusal)
    services.remove_endpoint(request.user, str(data.get("endpoint") or ""))
    return JsonResponse({}, status=200)


@login_required
@require_POST
def remove_device(request, device_id: int):
    try:
        services.remove_device(request.user, device_id)
    except ActionRefused:
        raise Http404(NOT_FOUND) from None
    messages.success(request, _("The device no longer receives notifications."))
    return redirect("push:devices")


@member_page
def preferences(request, member, slug):
    """What this persona hears about on the account's devices, and (administrators) what the
    network's notifications may say."""
    current = queries.preference_of(member)
    policy = queries.policy_of(member.network)
    # Two forms on the page: each is bound only when it was the one submitted.
    posted = request.POST if request.method == "POST" else {}
    form = PreferenceForm(
        posted if "pref-submit" in posted else None,
        preference=current,
        prefix="pref",
        moderator=member.is_moderator,
    )
    policy_form = None
    if member.is_admin:
        policy_form = NetworkPolicyForm(
            posted if "policy-submit" in posted else None,
            initial={"minimal_only": policy.minimal_only},
            prefix="policy",
        )
    if form.is_bound and form.is_valid():
        try:
            services.save_preferences(
                member,
                kinds=form.cleaned_data["kinds"],
                show_sender=form.cleaned_data["show_sender"],
                quiet_from=form.cleaned_data["quiet_from"],
                quiet_until=form.cleaned_data["quiet_until"],
            )
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("push:preferences", slug=slug)
    if policy_form is not None and policy_form.is_bound and policy_form.is_valid():
        try:
            services.set_network_policy(member, minimal_only=policy_form.cleaned_data["minimal_only"])
        except ActionRefused as refusal:
            apply_refusal(policy_form, refusal)
        else:
            messages.success(request, _("The network's notification policy is saved."))
            return redirect("push:preferences", slug=slug)
    return render(
        request,
        "push/preferences.html",
        {
            "network": member.network,
            "member": member,
            "form": form,
            "policy_form": policy_form,
            "policy": policy,
        },
    )
