from entrepairs.audit.models import AuditEvent


def network_of(obj):
    """The network an audited object belongs to (the network itself, or its `network_id`)."""
    if obj is None:
        return None
    if obj._meta.label_lower == "networks.network":
        return obj.pk
    return getattr(obj, "network_id", None)


def record(actor, action: str, obj, *, detail: str = "", network=None) -> AuditEvent:
    """Append one audit row. `detail` never carries message text or health data."""
    network_id = network.pk if network is not None else network_of(obj)
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        detail=detail[:200],
        network_id=network_id,
    )
