"""Reads of privacy confirmations, for moderators only."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType

from entrepairs.privacy import labels
from entrepairs.privacy.models import Confirmation


def confirmed_kinds_for_moderators(member, objects) -> dict[int, str]:
    """{object pk: "phone number, person's name"}: the kinds the authors of `objects` (all of one
    model, in the member's network) confirmed when publishing or editing them. One query for
    moderators; nothing, and no query, for anyone else or when `objects` is empty."""
    objects = list(objects)
    if not member.is_moderator or not objects:
        return {}
    kinds: dict[int, set[str]] = defaultdict(set)
    rows = Confirmation.objects.filter(
        network_id=member.network_id,
        content_type=ContentType.objects.get_for_model(objects[0]),
        object_id__in=[item.pk for item in objects],
    ).values_list("object_id", "kinds")
    for object_id, confirmed in rows:
        kinds[object_id].update(confirmed)
    return {object_id: labels.names(found) for object_id, found in kinds.items()}


def anonymity_threshold(network) -> int:
    """The network's k for aggregates (privacy/kanon.py): its administrators' setting, else 5; never
    below 3. One query."""
    from entrepairs.privacy import kanon
    from entrepairs.privacy.models import AnonymityThreshold

    row = AnonymityThreshold.objects.filter(network_id=network.pk).values_list("k", flat=True).first()
    return kanon.clamp_k(row)
