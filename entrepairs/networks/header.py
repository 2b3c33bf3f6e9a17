"""The figures every network page shows in its header: unread notifications (the bell) and unread
private messages (the Messages badge).

Every network page has an exact query budget, so both come from one SELECT with two scalar
subqueries. The subqueries are the apps' own reads (discussions and messaging queries), so what the
badges count is what the notification list and the conversation list show."""

from dataclasses import dataclass

from django.db.models import F, Func, IntegerField, QuerySet, Subquery

from entrepairs.discussions.queries import unread_notifications
from entrepairs.messaging.queries import unread_messages
from entrepairs.networks import access
from entrepairs.networks.models import Membership


@dataclass(frozen=True)
class HeaderCounts:
    notifications: int = 0
    messages: int = 0


def count_subquery(queryset: QuerySet) -> Subquery:
    """`(SELECT COUNT(*) FROM ... WHERE ...)`: an aggregate without GROUP BY always returns one row,
    so an empty set counts 0 instead of NULL."""
    counted = queryset.order_by().annotate(counted=Func(F("pk"), function="COUNT")).values("counted")
    return Subquery(counted, output_field=IntegerField())


def header_counts(member: Membership | None) -> HeaderCounts:
    """Unread notifications and unread private messages of a persona, in one query."""
    if member is None or not getattr(member, "pk", None):
        return HeaderCounts()
    rows = list(
        access.persona_row(member)
        .order_by()
        .values(
            # Not "notifications"/"messages": those names are reverse relations of Membership.
            unread_notifications=count_subquery(unread_notifications(member)),
            unread_messages=count_subquery(unread_messages(member)),
        )
    )
    if not rows:
        return HeaderCounts()
    row = rows[0]
    return HeaderCounts(notifications=row["unread_notifications"], messages=row["unread_messages"])
