"""Reads: the account's devices, a persona's settings, a network's policy."""

from entrepairs.networks.access import my_memberships
from entrepairs.networks.models import Membership, Network
from entrepairs.push.models import NetworkPolicy, Preference, Subscription


def my_devices(user) -> list[Subscription]:
    return list(Subscription.objects.filter(user=user).order_by("-created_at"))


def preference_of(member: Membership) -> Preference:
    """The persona's settings, or the defaults (unsaved) when it never changed them."""
    return Preference.objects.filter(member=member).first() or Preference(
        member=member, network_id=member.network_id
    )


def policy_of(network: Network) -> NetworkPolicy:
    return NetworkPolicy.objects.filter(network=network).first() or NetworkPolicy(network=network)


def my_personas_with_preferences(user) -> list[Membership]:
    """The account's active personas (links to each network's notification settings)."""
    return [member for member in my_memberships(user) if member.status == Membership.Status.ACTIVE]


def device_label(user_agent: str) -> str:
    """A coarse name the member recognises ("Firefox, Android"): the browser and the system only,
    never the version (no fingerprint kept)."""
    agent = user_agent or ""
    browser = next(
        (name for token, name in (("Edg/", "Edge"), ("Firefox/", "Firefox"), ("SamsungBrowser", "Samsung Internet"),
                                  ("Chrome/", "Chrome"), ("Safari/", "Safari")) if token in agent),
        "",
    )  # fmt: skip
    system = next(
        (name for token, name in (("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"),
                                  ("Windows", "Windows"), ("Mac OS X", "macOS"), ("Linux", "Linux")) if token in agent),
        "",
    )  # fmt: skip
    return ", ".join(part for part in (browser, system) if part)
