"""The consent text shown before joining a patient network. Changing the text means a new version."""

from django.conf import settings
from django.utils.translation import gettext as _


def health_data_consent_text(network_name: str) -> str:
    return _(
        "I agree that what I share in the network “%(network)s” may reveal information about my "
        "health. This information is visible only to the network's members under my pseudonym, is "
        "never sold or used for advertising, and I can withdraw this consent at any time by leaving "
        "the network."
    ) % {"network": network_name}


def current_version() -> str:
    return settings.PATIENT_CONSENT_VERSION
