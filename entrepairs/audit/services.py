from entrepairs.audit.models import AuditEvent


def record(actor, action: str, obj, *, detail: str = "") -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        detail=detail[:200],
    )
