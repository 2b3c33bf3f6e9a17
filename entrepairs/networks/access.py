"""The access layer: every read of network-owned data goes through here (or an app's queries.py
calling it). Views, the API, and later search, notifications and websockets share these functions.

Rule: whoever is not an active member of a network gets Http404 for anything inside it, exactly
as for an id that does not exist, so that the existence of private objects never leaks."""

import re
import unicodedata
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from entrepairs.errors import NOT_FOUND, ActionRefused
from entrepairs.networks.models import Invitation, Membership, Network
from entrepairs.prepared import Prepared
from entrepairs.privacy import policy
from entrepairs.professionals.models import Qualification
from entrepairs.sorting import by_name


def _authenticated(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def listed_networks() -> QuerySet[Network]:
    """Networks a visitor may discover: active and not invitation-only."""
    return Network.objects.filter(is_active=True).exclude(join_policy=Network.JoinPolicy.INVITE)


def named_like(networks: QuerySet[Network], query: str) -> QuerySet[Network]:
    """Networks whose name (or address) contains `query`, any case; all of them for an empty query.
    A directory of a thousand networks is searched, not scrolled."""
    query = " ".join((query or "").split())[:100]
    if not query:
        return networks
    return networks.filter(Q(name__icontains=query) | Q(slug__icontains=query))


# The statuses in which a network stays known to the account: its members and those waiting for an
# answer. A refused, departed, removed or banned account is back to a visitor's view: an unlisted
# network disappears from its lists and its about/join pages answer 404, as for any other visitor.
CURRENT_STATUSES = (Membership.Status.ACTIVE, Membership.Status.PENDING)


def my_memberships(user) -> QuerySet[Membership]:
    """The account's current memberships (active or pending), with their network (one query)."""
    if not _authenticated(user):
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user, network__is_active=True, status__in=CURRENT_STATUSES)
        .select_related("network")
        .order_by(by_name("network__name"), "id")
    )


def my_active_memberships(user) -> QuerySet[Membership]:
    return my_memberships(user).filter(status=Membership.Status.ACTIVE)


def _active_memberships_of(user_id) -> QuerySet[Membership]:
    return my_active_memberships(get_user_model()(pk=user_id, is_active=True))


# The header's persona switcher lists them on every page (entrepairs/prepared.py).
_my_personas_statement = Prepared(_active_memberships_of, ("int",))


def my_personas(user) -> list[Membership]:
    """`my_active_memberships(user)`, through a statement compiled once."""
    if not _authenticated(user):
        return []
    return _my_personas_statement.all(user.pk)


def get_discoverable_network_or_404(user, slug: str) -> Network:
    """The 'about and join' view of a network: listed networks, or one the account currently belongs to
    (active or pending; see CURRENT_STATUSES). Invitation links reach the others (`resolve_invitation`)."""
    network = Network.objects.filter(slug=slug, is_active=True).first()
    if network is None:
        raise Http404(NOT_FOUND)
    if network.is_listed:
        return network
    if _authenticated(user) and network.memberships.filter(user=user, status__in=CURRENT_STATUSES).exists():
        return network
    raise Http404(NOT_FOUND)


def _active_membership(user_id: int, slug: str):
    # The account comes along (a join, no query): services check its two-factor authentication
    # when a moderator power is used (accounts/mfa.py require_mfa_for_role).
    return (
        Membership.objects.select_related(
            "network", "user", "qualification__profession", "qualification__specialty"
        )
        .filter(user_id=user_id, network__slug=slug, network__is_active=True, status=Membership.Status.ACTIVE)
        .order_by("pk")[:1]
    )


# Every network page runs it: compiled once per process (entrepairs/prepared.py), which is most of
# its cost.
_active_membership_statement = Prepared(_active_membership, ("int", "str"))


def _active_personas(user_id: int):
    # What `_active_membership` reads, for every active membership of the account, in the header's
    # order (`my_personas`).
    return (
        Membership.objects.select_related(
            "network", "user", "qualification__profession", "qualification__specialty"
        )
        .filter(user_id=user_id, network__is_active=True, status=Membership.Status.ACTIVE)
        .order_by(by_name("network__name"), "id")
    )


_active_personas_statement = Prepared(_active_personas, ("int",))


def page_personas(user) -> list[Membership]:
    """For a network page: the account's active memberships, each read as `get_membership_or_404`
    reads one, in `my_personas`' order. The page gate reads them once and finds the page's membership
    among them, so that the header's persona switcher costs no statement of its own."""
    if not _authenticated(user):
        return []
    return _active_personas_statement.all(user.pk)


def get_membership_or_404(user, slug: str, personas: list[Membership] | None = None) -> Membership:
    """The account's active membership in the network `slug`, with the network loaded. `personas`:
    what `page_personas(user)` returned for this request, searched instead of running a statement."""
    if not _authenticated(user):
        raise Http404(NOT_FOUND)
    if personas is None:
        membership = _active_membership_statement.first(user.pk, slug)
    else:
        membership = next((persona for persona in personas if persona.network.slug == slug), None)
    if membership is None:
        raise Http404(NOT_FOUND)
    if membership.network.kind == Network.Kind.PROFESSIONALS:
        _require_current_verification(membership)
    return membership


class VerificationLapsed(PermissionDenied):
    """A professional whose verification lapsed keeps their membership and content but cannot enter
    until verified again."""


def _require_current_verification(membership: Membership) -> None:
    qualification = membership.qualification
    if qualification is not None and qualification.is_valid_at(timezone.now()):
        return  # the common case costs no query: the qualification came with the membership
    renewed = admitting_qualification(membership.user, membership.network)
    if renewed is None:
        raise VerificationLapsed
    membership.qualification = renewed
    membership.save(update_fields=["qualification"])


# --- A membership still standing (checked again on every websocket frame) -----------------------
ACCOUNT_DEACTIVATED = "account_deactivated"
MEMBERSHIP_ENDED = "membership_ended"
VERIFICATION_LAPSED = "verification_lapsed"


def standing(network: Network, prefix: str = "", now=None) -> Q:
    """What `get_membership_or_404` requires of a membership, as a condition for the statement that
    reads it (`prefix` is the path to the membership, e.g. "member__"): active, of an active account,
    and in a professional network holding a qualification valid now (`Qualification.is_valid_at`).
    Joined into a statement that runs anyway, it re-checks membership without a query of its own."""
    condition = Q(**{f"{prefix}status": Membership.Status.ACTIVE, f"{prefix}user__is_active": True})
    if network.kind == Network.Kind.PROFESSIONALS:
        condition &= Q(**{f"{prefix}qualification__status": Qualification.Status.VERIFIED}) & (
            Q(**{f"{prefix}qualification__verified_until__isnull": True})
            | Q(**{f"{prefix}qualification__verified_until__gt": now or timezone.now()})
        )
    return condition


def why_not_standing(membership: Membership) -> str | None:
    """After a statement carrying `standing` found nothing: whether the membership ended (one query).
    Returns ACCOUNT_DEACTIVATED, MEMBERSHIP_ENDED or VERIFICATION_LAPSED, or None while it still
    stands (then the statement found nothing for another reason: not in that conversation). A lapsed
    qualification is replaced by a current one that the network admits, as on entering the network
    (`membership.qualification` is updated: the caller may run its statement again)."""
    current = Membership.objects.select_related("user", "qualification").filter(pk=membership.pk).first()
    if current is None:  # the account was erased
        return MEMBERSHIP_ENDED
    if not current.user.is_active:
        return ACCOUNT_DEACTIVATED
    if current.status != Membership.Status.ACTIVE:
        return MEMBERSHIP_ENDED
    if membership.network.kind == Network.Kind.PROFESSIONALS:
        current.network = membership.network
        try:
            _require_current_verification(current)
        except VerificationLapsed:
            return VERIFICATION_LAPSED
        membership.qualification = current.qualification
    return None


def get_moderator_membership_or_404(user, slug: str, personas: list[Membership] | None = None) -> Membership:
    """Non-members get 404; members without a moderator role get 403 (they know the network exists)."""
    membership = get_membership_or_404(user, slug, personas)
    if not membership.is_moderator:
        raise PermissionDenied
    return membership


def get_admin_membership_or_404(user, slug: str, personas: list[Membership] | None = None) -> Membership:
    membership = get_membership_or_404(user, slug, personas)
    if not membership.is_admin:
        raise PermissionDenied
    return membership


def get_editor_membership_or_404(user, slug: str, personas: list[Membership] | None = None) -> Membership:
    """Editors and administrators (surveys, later articles): 404 for non-members, 403 for members."""
    membership = get_membership_or_404(user, slug, personas)
    if membership.role not in (Membership.Role.EDITOR, Membership.Role.ADMIN):
        raise PermissionDenied
    return membership


def visible_members(member: Membership) -> QuerySet[Membership]:
    """Active personas of the member's network, ordered for keyset pagination (name, id)."""
    return (
        Membership.objects.filter(network_id=member.network_id, status=Membership.Status.ACTIVE)
        .select_related("qualification__profession", "qualification__specialty")
        .annotate(sort_name=by_name("display_name"))
        .order_by("sort_name", "id")
    )


NEWCOMER_DAYS = 30


def newcomers(member: Membership, *, since=None) -> QuerySet[Membership]:
    """The network's newest members, to welcome on its home: joined in the last 30 days, newest first.
    Shown to the day only (never the hour), like every join date."""
    since = since or timezone.now() - timedelta(days=NEWCOMER_DAYS)
    return (
        Membership.objects.filter(
            network_id=member.network_id, status=Membership.Status.ACTIVE, joined_at__gte=since
        )
        .exclude(pk=member.pk)
        .order_by("-joined_at", "-id")
    )


def conduct_read(member: Membership) -> QuerySet[Membership]:
    """The persona's row once it has opened the code of conduct (a first step, web.panels)."""
    return Membership.objects.filter(pk=member.pk, conduct_read_at__isnull=False)


def get_member_or_404(member: Membership, membership_id: int) -> Membership:
    found = visible_members(member).filter(pk=membership_id).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def members_named(member: Membership, names: list[str]) -> tuple[list[Membership], list[str]]:
    """(the members called so, the names that match nobody), in one query. Forms and filters take
    pseudonyms ("write to", group members, search by author): names match case-insensitively, spaces
    folded, among the network's active personas only (`visible_members`), so a name held by a persona
    that left, was removed or is still waiting reads like a name nobody holds (docs/decisions/0006).
    Accents may be left out ("ecureuil vif" is "Écureuil Vif") when that names one member only; a
    name typed exactly always wins."""
    wanted = {" ".join(name.split()).lower(): name.strip() for name in names if name and name.strip()}
    if not wanted:
        return [], []
    matches = Q(pk__in=[])
    for name in wanted:
        matches |= Q(display_name__iexact=name) | Q(
            display_name__iregex="^" + " +".join(_accent_insensitive(word) for word in name.split()) + "$"
        )
    candidates = list(visible_members(member).filter(matches))
    found, unknown = [], []
    for key, original in wanted.items():
        exact = [person for person in candidates if person.display_name.lower() == key]
        folded = [
            person for person in candidates if _folded(" ".join(person.display_name.split())) == _folded(key)
        ]
        chosen = exact or (folded if len(folded) == 1 else [])
        if chosen:
            found.append(chosen[0])
        else:
            unknown.append(original)
    return list(dict.fromkeys(found)), unknown


# Letters and the accented forms a pseudonym may carry: "ecureuil" finds "Écureuil", "loutre" "Loutre".
_ACCENTED = {
    "a": "aàâäáãå", "c": "cç", "e": "eéèêë", "i": "iîïíì", "o": "oôöóòõ", "u": "uùûüú", "y": "yÿý",
    "n": "nñ",
}  # fmt: skip
MAX_SUGGESTIONS = 8


def _folded(text: str) -> str:
    """Lowercase without accents ("Écureuil" -> "ecureuil")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _accent_insensitive(word: str) -> str:
    """A regular expression matching `word` whatever its accents (case is left to iregex)."""
    return "".join(f"[{_ACCENTED[char]}]" if char in _ACCENTED else re.escape(char) for char in _folded(word))


def search_members(member: Membership, text: str, *, limit: int = MAX_SUGGESTIONS) -> list[Membership]:
    """Members of the member's network (`visible_members`, never the member themself) whose pseudonym
    has a word starting with `text`, accents and case ignored ("ecu" finds "Écureuil Vif"), by name:
    the member picker and the mention autocomplete. At most `limit`: a picker, not a directory
    (docs/SECURITY: member lists are capped)."""
    words = _folded(text).split()
    if not words or len(text) > 40:
        return []
    pattern = r"(^|[-' ])" + r" +".join(_accent_insensitive(word) for word in words)
    return list(visible_members(member).filter(display_name__iregex=pattern).exclude(pk=member.pk)[:limit])


def mentioned_members(member: Membership, texts) -> list[Membership]:
    """The members of the member's network that `texts` mention ("@Loutre Paisible 12" or
    "@[Loutre Paisible 12]"), the member included: one query when some text has a mention, none
    otherwise. The privacy check leaves their pseudonyms alone; discussions notifies them."""
    words = policy.mention_words(texts)
    if not words:
        return []
    starts = Q(pk__in=[])
    for word in words:
        starts |= Q(display_name__iregex="^" + _accent_insensitive(word))
    candidates = list(visible_members(member).filter(starts)[:200])
    named = {
        who.lower()
        for text in texts
        for _start, _end, who in policy.mention_spans(
            text or "", [person.display_name for person in candidates]
        )
        if who
    }
    return [person for person in candidates if person.display_name.lower() in named]


def qualifications_in_use() -> QuerySet:
    """The qualifications that open an active professional membership in an active network (as a
    subquery of their ids): the verification reminders go to those only."""
    return Membership.objects.filter(
        status=Membership.Status.ACTIVE,
        member_type=Membership.MemberType.PROFESSIONAL,
        network__is_active=True,
    ).values("qualification_id")


def member_named(member: Membership, name: str) -> Membership | None:
    """The active member called `name` (members_named), or None."""
    found, _unknown = members_named(member, [name])
    return found[0] if found else None


def get_members_named_or_refuse(member: Membership, names: list[str], *, field: str) -> list[Membership]:
    """The members called so (members_named); ActionRefused `unknown_member` on `field`, naming the
    names that match nobody, if any does. The one refusal of every form that takes pseudonyms."""
    found, unknown = members_named(member, names)
    if unknown:
        raise ActionRefused(
            "unknown_member",
            _("No member of this network is called: %(names)s.") % {"names": ", ".join(unknown)},
            field=field,
        )
    return found


def pending_requests(moderator: Membership) -> QuerySet[Membership]:
    """Oldest day first. Within a day the order is the random id's: the exact moment of a request is
    never shown, even in a cursor (requests to two networks a moment apart would pair them)."""
    return (
        Membership.objects.filter(network_id=moderator.network_id, status=Membership.Status.PENDING)
        .annotate(requested_on=TruncDate("requested_at"))
        .order_by("requested_on", "id")
    )


def get_pending_request_or_404(moderator: Membership, membership_id: int) -> Membership:
    found = pending_requests(moderator).filter(pk=membership_id).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def network_invitations(moderator: Membership):
    return Invitation.objects.filter(network_id=moderator.network_id).select_related("created_by")


def get_invitation_or_404(moderator: Membership, invitation_id: int):
    found = network_invitations(moderator).filter(pk=invitation_id).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def require_operator(user) -> None:
    """Operator pages are invisible (404) to everyone but platform staff."""
    if not (_authenticated(user) and user.is_staff):
        raise Http404(NOT_FOUND)


def with_member_counts(networks: QuerySet[Network]) -> QuerySet[Network]:
    """Networks with `member_count` and their admitted professions/specialties, in constant queries.
    The count is a subquery per network shown, not a GROUP BY: a page of 24 networks counts the
    members of 24 networks, not of the thousand it was sorted from."""
    active = Membership.objects.filter(network_id=OuterRef("pk"), status=Membership.Status.ACTIVE)
    return networks.annotate(member_count=count_subquery(active)).prefetch_related(
        "professions", "specialties"
    )


def other_admins(member: Membership) -> QuerySet[Membership]:
    """The network's other active administrators: a network never loses its last one."""
    return Membership.objects.filter(
        network_id=member.network_id, role=Membership.Role.ADMIN, status=Membership.Status.ACTIVE
    ).exclude(pk=member.pk)


def network_moderators(member: Membership) -> QuerySet[Membership]:
    return visible_members(member).filter(role__in=[Membership.Role.MODERATOR, Membership.Role.ADMIN])


def stand_in_member(member_id: int, network_id: int, *, moderator: bool = False) -> Membership:
    """An active membership holding only what the access rules read, never saved: what a compiled
    statement's build (entrepairs/prepared.py) gives the rules in place of a member loaded from the
    database, its id and network being the statement's markers."""
    role = Membership.Role.MODERATOR if moderator else Membership.Role.MEMBER
    return Membership(pk=member_id, network_id=network_id, role=role, status=Membership.Status.ACTIVE)


def _home_people(member_id, network_id, since, *, variant) -> QuerySet[Membership]:
    who, limit = variant
    member = stand_in_member(member_id, network_id)
    people = network_moderators(member) if who == "moderators" else newcomers(member, since=since)
    return people[:limit]


# The network's home lists both on every view (entrepairs/prepared.py).
_home_people_statement = Prepared(_home_people, ("int", "int", "datetime"))


def first_moderators(member: Membership, limit: int) -> list[Membership]:
    """`network_moderators(member)[:limit]`, through a statement compiled once."""
    return _home_people_statement.all(member.pk, member.network_id, None, variant=("moderators", limit))


def first_newcomers(member: Membership, limit: int) -> list[Membership]:
    """`newcomers(member)[:limit]`, through a statement compiled once."""
    since = timezone.now() - timedelta(days=NEWCOMER_DAYS)
    return _home_people_statement.all(member.pk, member.network_id, since, variant=("newcomers", limit))


def active_member_count(network: Network) -> int:
    return Membership.objects.filter(network=network, status=Membership.Status.ACTIVE).count()


def count_subquery(queryset: QuerySet) -> Subquery:
    """`(SELECT COUNT(*) FROM ... WHERE ...)`: an aggregate without GROUP BY always returns one row,
    so an empty set counts 0 instead of NULL."""
    counted = queryset.order_by().annotate(counted=Func(F("pk"), function="COUNT")).values("counted")
    return Subquery(counted, output_field=IntegerField())


def persona_row(member: Membership) -> QuerySet[Membership]:
    """The persona's own row as a one-row queryset: per-persona figures (the header's unread badges,
    web/header.py) hang on it as scalar subqueries, so that they cost one query together."""
    return Membership.objects.filter(pk=member.pk)


def own_membership(user, network: Network) -> Membership | None:
    """The account's membership row in `network` in any status (for the about/join pages)."""
    if not _authenticated(user):
        return None
    return Membership.objects.filter(user=user, network=network).first()


def get_invitation_by_token_or_refuse(token: str):
    """The network behind an invitation link (even invitation-only), or ActionRefused."""
    return resolve_invitation(token)


def operator_networks(user, query: str = "") -> QuerySet[Network]:
    """Every network (or those named like `query`), by name, for platform staff only (404 for
    anyone else)."""
    require_operator(user)
    return with_member_counts(named_like(Network.objects.all(), query)).order_by(by_name("name"), "id")


def visible_networks_for(user, my_network_ids, listed_ids) -> QuerySet[Network]:
    """Listed networks plus the account's current ones (`my_memberships`), for the API directory."""
    return Network.objects.filter(Q(id__in=listed_ids) | Q(id__in=list(my_network_ids)), is_active=True)


def get_network_with_counts(network: Network) -> Network:
    return with_member_counts(Network.objects.filter(pk=network.pk)).get()


def ended_members(moderator: Membership) -> QuerySet[Membership]:
    """Removed and banned personas of the moderator's network, most recent first (keyset on
    left_at, id): the moderators' record of who was ended, why, by whom and until when."""
    return (
        Membership.objects.filter(
            network_id=moderator.network_id, status__in=[Membership.Status.REMOVED, Membership.Status.BANNED]
        )
        .select_related("ended_by")
        .order_by("-left_at", "-id")
    )


def get_ended_member_or_404(moderator: Membership, membership_id: int) -> Membership:
    found = ended_members(moderator).filter(pk=membership_id).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


# --- Read by the services too (joining, lifecycle): kept here so that access imports no service ---
def admitting_qualification(user, network: Network) -> Qualification | None:
    """The account's currently verified qualification that this professional network admits."""
    now = timezone.now()
    profession_ids = set(network.professions.values_list("id", flat=True))
    specialties_by_profession: dict[int, set[int]] = {}
    for specialty_id, profession_id in network.specialties.values_list("id", "profession_id"):
        specialties_by_profession.setdefault(profession_id, set()).add(specialty_id)
    qualifications = Qualification.objects.filter(
        user=user, status=Qualification.Status.VERIFIED, profession_id__in=profession_ids
    ).select_related("profession", "specialty")
    for qualification in qualifications:
        if not qualification.is_valid_at(now):
            continue
        required = specialties_by_profession.get(qualification.profession_id)
        if required and qualification.specialty_id not in required:
            continue
        return qualification
    return None


def resolve_invitation(token: str | None) -> Invitation:
    """The usable invitation behind a link token; any bad token reads the same (no oracle)."""
    invitation = None
    if token and len(token) < 200:
        invitation = (
            Invitation.objects.select_related("network").filter(token_hash=Invitation.hash(token)).first()
        )
    # A new network waits, inactive, for its first administrator: their invitation opens it.
    if invitation is None or not (invitation.network.is_active or invitation.role == Membership.Role.ADMIN):
        raise ActionRefused("invalid_invitation", _("This invitation link is not valid."), status=404)
    if invitation.revoked_at is not None:
        raise ActionRefused("invitation_revoked", _("This invitation has been revoked."), status=410)
    if invitation.expires_at <= timezone.now():
        raise ActionRefused(
            "invitation_expired", _("This invitation has expired. Ask for a new one."), status=410
        )
    if invitation.use_count >= invitation.max_uses:
        raise ActionRefused("invitation_used", _("This invitation has already been used."), status=410)
    return invitation
