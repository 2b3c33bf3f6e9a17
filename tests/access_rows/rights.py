from tests.access_rows import PUBLIC, SIGNED_IN, Row, statuses

NOT_A_GET = statuses(405)


def _cancel_token(world):
    # A well-formed token for no request: everyone gets the page, a POST with it cancels nothing.
    from django.core import signing

    from entrepairs.rights.actions.erasure import CANCEL_SALT

    return {"token": signing.dumps({"request": 2_000_000_000, "user": 0}, salt=CANCEL_SALT)}


ROWS = {
    # Deleting one's account: the form (an empty POST changes nothing: password and confirmation
    # are required).
    "account_delete": Row(SIGNED_IN),
    "erasure_requested": Row(PUBLIC),
    "erasure_cancel": Row(PUBLIC, _cancel_token),
    "api:request_erasure": Row(NOT_A_GET),
    "api:cancel_erasure": Row(NOT_A_GET),
}


def _patients_export(world):
    """A ready export of world.patient: nobody else may see or download it (404, as a missing one)."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from entrepairs.rights.models import DataExport

    done = DataExport(user=world.patient.user, status="ready", progress=100, ready_at=timezone.now(),
                      expires_at=timezone.now() + timezone.timedelta(days=7))  # fmt: skip
    done.file.save("x.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18), save=False)
    done.save()
    return {"export_id": done.pk}


# Only world.patient (the walk's "member") owns the export; every other actor gets 404.
OWNER_ONLY = statuses(404, anonymous=302, member=200)
ROWS.update(
    {
        "data_export": Row(SIGNED_IN),
        "data_export_detail": Row(OWNER_ONLY, _patients_export),
        "data_export_status": Row(statuses(404, member=200), _patients_export),
        "data_export_download": Row(OWNER_ONLY, _patients_export),
        "api:request_export": Row(NOT_A_GET),
        "api:get_export": Row(statuses(404, anonymous=401, member=200), _patients_export),
        "api:download_export": Row(statuses(404, anonymous=401, member=200), _patients_export),
    }
)


def _patients_persona(world):
    """world.patient's persona in breast, with the consent its joining recorded."""
    from entrepairs.accounts.models import ConsentRecord

    ConsentRecord.objects.get_or_create(
        user=world.patient.user, network=world.breast, defaults={"text_version": "walk", "text": "walk"}
    )
    return {"membership_id": world.patient.pk}


ROWS.update(
    {
        "consents": Row(SIGNED_IN),
        # Only the persona's own account; the write walk's empty form withdraws nothing.
        "withdraw_consent": Row(OWNER_ONLY, _patients_persona),
        # Only the persona's own account; the write walk's empty form renames nothing.
        "persona_fresh_start": Row(OWNER_ONLY, _patients_persona),
        "api:my_consents": Row(statuses(200, anonymous=401)),
        "api:withdraw_consent": Row(NOT_A_GET, _patients_persona),
    }
)


BREAST = lambda world: {"slug": world.breast.slug}  # noqa: E731
ROWS.update(
    {
        "rights:manage_retention": Row(
            statuses(404, anonymous=302, member=403, moderator=403, admin=200),
            BREAST,
            write={"messages_days": "30", "logs_days": "", "audit_days": "365"},
        ),
        "api:get_retention": Row(statuses(404, anonymous=401, member=403, moderator=403, admin=200), BREAST),
        # The same path as get_retention (PUT writes): a GET reads it.
        "api:set_retention": Row(
            statuses(404, anonymous=401, member=403, moderator=403, admin=200),
            BREAST,
            write={"messages_days": 30, "audit_days": 365},
        ),
    }
)


ROWS.update(
    {
        "legal_page": Row(PUBLIC, lambda world: {"kind": "privacy"}),
    }
)


ROWS.update(
    {
        "operator_audit": Row(statuses(404, operator=200)),
        "rights:network_audit": Row(
            statuses(404, anonymous=302, member=403, moderator=403, admin=200), BREAST
        ),
    }
)


ROWS.update(
    {
        "api:network_audit": Row(statuses(404, anonymous=401, member=403, moderator=403, admin=200), BREAST),
        # Visitors get 401 before the operator check; other accounts 404, as for a missing route.
        "api:operator_audit": Row(statuses(404, anonymous=401, operator=200)),
    }
)
