"""Reading the audit log: operators see every entry, a network's administrators only the entries of
their network, with the actor shown as their persona in it (never an account's email). Keyset
pagination over (at, id), newest first: a constant number of queries on any page."""

from datetime import date, datetime, time

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from entrepairs.audit.models import AuditEvent
from entrepairs.networks.models import Membership


def _filtered(events: QuerySet, *, action: str = "", since: date | None = None, until: date | None = None):
    if action:
        events = events.filter(action=action)
    if since:
        events = events.filter(at__gte=timezone.make_aware(datetime.combine(since, time.min)))
    if until:
        events = events.filter(at__lte=timezone.make_aware(datetime.combine(until, time.max)))
    return events.order_by("-at", "-id")


def events_for_operator(*, network_id: int | None = None, **filters) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("actor", "network")
    if network_id:
        events = events.filter(network_id=network_id)
    return _filtered(events, **filters)


def events_for_network_admin(admin: Membership, **filters) -> QuerySet[AuditEvent]:
    """Only the admin's network; `actor_name` is the acting account's persona there (empty for an
    operator or an erased account)."""
    persona = Membership.objects.filter(network_id=admin.network_id, user_id=OuterRef("actor_id")).values(
        "display_name"
    )[:1]
    events = AuditEvent.objects.filter(network_id=admin.network_id).annotate(actor_name=Subquery(persona))
    return _filtered(events, **filters)


def actions_in(events: QuerySet) -> list[str]:
    return sorted(set(events.order_by().values_list("action", flat=True).distinct()))


def operator_actions() -> list[str]:
    """Every action the log holds, for the operator's filter."""
    return actions_in(AuditEvent.objects.all())


def network_actions(admin: Membership) -> list[str]:
    """The actions recorded in the admin's network, for their filter."""
    return actions_in(AuditEvent.objects.filter(network_id=admin.network_id))
