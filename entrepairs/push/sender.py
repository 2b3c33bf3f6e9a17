"""Sending one notification to one device through its push service (Web Push, RFC 8030), with VAPID
(RFC 8292) and the payload encrypted for the browser (RFC 8291, aes128gcm) by pywebpush.

What the push service sees: the endpoint it gave the browser, an encrypted body, a TTL, an urgency
and a Topic. The Topic (which makes the push service replace a notification not yet delivered with
the newer one of the same conversation) is a keyed hash of the collapse key: no text, no id that
means anything outside this installation."""

import base64
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from py_vapid import Vapid01, Vapid02
from pywebpush import WebPushException, webpush

logger = logging.getLogger(__name__)

SENT, GONE, FAILED = "sent", "gone", "failed"
TIMEOUT_SECONDS = 10
# A notification older than this is of no use: the member has opened the site since, or the
# unread email told them (MESSAGING_EMAIL_DELAY_MINUTES).
TTL_SECONDS = 12 * 3600


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def configured() -> bool:
    return bool(settings.WEB_PUSH_VAPID_PRIVATE_KEY and settings.WEB_PUSH_VAPID_PUBLIC_KEY)


def generate_keys() -> tuple[str, str]:
    """(private key, public key), base64url: the private key's 32 raw bytes, the public key as an
    uncompressed P-256 point (what browsers take as `applicationServerKey`)."""
    vapid = Vapid01()
    vapid.generate_keys()
    private = vapid.private_key.private_numbers().private_value.to_bytes(32, "big")
    public = vapid.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(private), b64url(public)


def topic(collapse_key: str) -> str:
    """At most 32 characters of the base64url alphabet (RFC 8030 5.4), keyed: the push service cannot
    tell which conversation, nor match two installations' topics."""
    digest = hmac.new(settings.SECRET_KEY.encode(), b"push-topic:" + collapse_key.encode(), hashlib.sha256)
    return b64url(digest.digest())[:32]


@dataclass(frozen=True)
class Device:
    endpoint: str
    p256dh: str
    auth: str


def send(device: Device, payload: dict, *, collapse_key: str, urgency: str = "normal") -> str:
    """SENT, GONE (the push service answered 404 or 410: the subscription expired or was revoked,
    remove it) or FAILED (anything else: kept, tried again with the next activity)."""
    try:
        webpush(
            subscription_info={
                "endpoint": device.endpoint,
                "keys": {"p256dh": device.p256dh, "auth": device.auth},
            },
            data=json.dumps(payload, separators=(",", ":")),
            vapid_private_key=Vapid02.from_string(settings.WEB_PUSH_VAPID_PRIVATE_KEY),
            vapid_claims={"sub": settings.WEB_PUSH_CONTACT},
            content_encoding="aes128gcm",
            timeout=TIMEOUT_SECONDS,
            ttl=TTL_SECONDS,
            headers={"Topic": topic(collapse_key), "Urgency": urgency},
        )
    except WebPushException as refused:
        status = getattr(refused.response, "status_code", None)
        if status in {404, 410}:
            return GONE
        logger.warning("push: the push service refused a notification (HTTP %s)", status)
        return FAILED
    except Exception as failure:  # unreachable push service, timeout, a malformed key stored
        logger.warning("push: could not reach a push service (%s)", type(failure).__name__)
        return FAILED
    return SENT
