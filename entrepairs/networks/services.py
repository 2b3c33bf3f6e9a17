"""Every write about networks and memberships. Functions take the acting account or membership,
validate, change state and return the result; they raise ActionRefused with a stable code."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from entrepairs.accounts import consent
from entrepairs.accounts.mfa import require_mfa_for_role
from entrepairs.accounts.models import ConsentRecord
from entrepairs.audit.services import record
from entrepairs.errors import ActionRefused
from entrepairs.networks import access, avatars, decision_emails, departments, images, lifecycle, pseudonyms
from entrepairs.networks.access import admitting_qualification, resolve_invitation
from entrepairs.networks.models import Invitation, Membership, Network
from entrepairs.networks.pseudonyms import check_display_name
from entrepairs.privacy import services as privacy

Status = Membership.Status
Role = Membership.Role


# --- Networks ------------------------------------------------------------------------------------
def create_network(
    *,
    name: str,
    slug: str,
    kind: str,
    description: str = "",
    language: str = "fr",
    theme_color: str = "#2f6f73",
    join_policy: str = Network.JoinPolicy.OPEN,
    allow_relatives: bool = False,
    professions=(),
    specialties=(),
    logo=None,
) -> Network:
    if kind not in Network.Kind.values:
        raise ActionRefused("invalid_kind", _("Unknown network kind."), field="kind")
    if join_policy not in Network.JoinPolicy.values:
        raise ActionRefused("invalid_join_policy", _("Unknown join policy."), field="join_policy")
    if kind == Network.Kind.PROFESSIONALS and not professions:
        raise ActionRefused(
            "professions_required",
            _("A professional network must admit at least one profession."),
            field="professions",
        )
    if Network.objects.filter(slug=slug).exists():
        raise ActionRefused("slug_taken", _("This address is already used by another network."), field="slug")
    network = Network(
        name=name,
        slug=slug,
        kind=kind,
        description=description,
        language=language,
        theme_color=theme_color,
        join_policy=join_policy,
        allow_relatives=allow_relatives and kind == Network.Kind.PATIENTS,
    )
    network.full_clean()
    clean_logo = images.clean_logo(logo) if logo else None
    with transaction.atomic():
        network.save()
        if clean_logo is not None:
            # Random file name: a logo URL reveals nothing and cannot be guessed from the slug.
            network.logo.save(f"{secrets.token_urlsafe(16)}.png", clean_logo, save=True)
        if kind == Network.Kind.PROFESSIONALS:
            network.professions.set(professions)
            network.specialties.set(specialties)
    return network


FIRST_ADMIN_INVITATION_DAYS = 30


def add_first_admin(network: Network, user, *, display_name: str = "") -> Membership:
    """An existing account becomes the network's administrator at once (the operator page, the
    create_network command), under a pseudonym suggested if none is given."""
    name = check_display_name(
        display_name or suggest_display_name(network), user=user, pseudonymous=network.is_patient_network
    )
    professional = network.kind == Network.Kind.PROFESSIONALS
    return Membership.objects.create(
        network=network, user=user, display_name=name, role=Role.ADMIN,
        member_type=Membership.MemberType.PROFESSIONAL if professional else Membership.MemberType.PATIENT,
        qualification=admitting_qualification(user, network) if professional else None,
        joined_at=timezone.now(),
    )  # fmt: skip


def invite_first_admin(network: Network, email: str, *, invited_by) -> Invitation:
    """Nobody has an account with `email` yet: a one-use invitation that makes its holder the
    network's administrator, emailed (through the outbox) with its link. Until it is used the
    network stays inactive: it never goes live with nobody to moderate it (do_join activates it)."""
    token = Invitation.new_token()
    invitation = Invitation.objects.create(
        network=network, token_hash=Invitation.hash(token), role=Role.ADMIN, max_uses=1,
        note=_("First administrator")[:120], expires_at=timezone.now() + timedelta(days=FIRST_ADMIN_INVITATION_DAYS),
    )  # fmt: skip
    if network.is_active:
        network.is_active = False
        network.save(update_fields=["is_active"])
    decision_emails.queue_admin_invitation(network, email, token, invitation)
    record(invited_by, "network.invite_first_admin", network, detail=f"invitation {invitation.pk}")
    return invitation


def create_network_with_admin(*, admin_email: str, operator, **fields) -> tuple[Network, Membership | None]:
    """The operator page: a network and its first administrator, in one transaction. An account
    with `admin_email` becomes administrator at once (returned); otherwise an invitation by email
    (None returned) and the network waits, inactive, for them."""
    from entrepairs.accounts.models import User

    with transaction.atomic():
        network = create_network(**fields)
        account = User.objects.filter(email__iexact=(admin_email or "").strip(), is_active=True).first()
        if account is not None:
            admin = add_first_admin(network, account)
        else:
            admin = None
            invite_first_admin(network, admin_email.strip(), invited_by=operator)
        record(operator, "network.create", network, detail=f"admin {'account' if admin else 'invited'}")
    return network, admin


NETWORK_SETTINGS = ("description", "theme_color", "join_policy", "allow_private_messages")


def update_network(admin: Membership, *, logo=None, remove_logo: bool = False, **changes) -> Network:
    """Network administrators change their network's description, colour, logo (re-encoded without
    metadata, networks/images.py), join policy and, in patient networks, private messages. Written to
    the audit log (which fields changed, never their text)."""
    if not admin.is_admin:
        raise ActionRefused("forbidden", _("Only administrators of this network change it."), status=403)
    require_mfa_for_role(admin)
    network = admin.network
    unknown = set(changes) - set(NETWORK_SETTINGS)
    if unknown:
        raise ActionRefused("invalid_field", _("Unknown setting."), status=400)
    if "join_policy" in changes and changes["join_policy"] not in Network.JoinPolicy.values:
        raise ActionRefused("invalid_join_policy", _("Unknown join policy."), field="join_policy")
    if network.kind != Network.Kind.PATIENTS:
        changes.pop("allow_private_messages", None)  # colleagues always write to each other
    changed = [name for name, value in changes.items() if getattr(network, name) != value]
    for name in changed:
        setattr(network, name, changes[name])
    network.full_clean(exclude=["logo", "slug"])
    clean_logo = images.clean_logo(logo) if logo else None
    with transaction.atomic():
        if changed:
            network.save(update_fields=changed)
        if clean_logo is not None:
            if network.logo:
                network.logo.delete(save=False)
            network.logo.save(f"{secrets.token_urlsafe(16)}.png", clean_logo, save=True)
            changed.append("logo")
        elif remove_logo and network.logo:
            network.logo.delete(save=True)
            changed.append("logo")
        if changed:
            record(admin.user, "network.settings", network, detail=" ".join(sorted(changed)))
    return network


# --- Eligibility ---------------------------------------------------------------------------------
def member_types_for(user, network: Network) -> list[str]:
    """Which member types this account may join as. Empty means not eligible."""
    if network.kind == Network.Kind.PATIENTS:
        types = [Membership.MemberType.PATIENT]
        if network.allow_relatives:
            types.append(Membership.MemberType.RELATIVE)
        return types
    if admitting_qualification(user, network):
        return [Membership.MemberType.PROFESSIONAL]
    return []


def suggest_display_name(network: Network) -> str:
    taken = set(_active_personas(network.pk).values_list("lower", flat=True))
    return pseudonyms.suggest(taken)


# --- Display names -------------------------------------------------------------------------------
# A name is held by the network's active personas only (docs/decisions/0006): asking whether a name
# is free gets the same answer whether or not a pending, refused, departed, removed or banned persona
# carries it. Their past content keeps their name, marked "former member" wherever it is shown.
def _active_personas(network_id: int):
    return Membership.objects.filter(network_id=network_id, status=Status.ACTIVE).annotate(
        lower=Lower("display_name")
    )


def _name_taken(network_id: int, name: str, *, besides: Membership | None = None) -> bool:
    # Lower() on both sides: the same folding as the database constraint, whatever the database.
    holders = _active_personas(network_id).filter(lower=Lower(Value(name)))
    if besides is not None and besides.pk:
        holders = holders.exclude(pk=besides.pk)
    return holders.exists()


def _refuse_taken_name():
    return ActionRefused(
        "display_name_taken", _("This name is already used in this network."), field="display_name"
    )


def free_variant(network_id: int, name: str) -> str:
    """`name` itself if no active persona holds it, else the first free "name 2", "name 3"..."""
    if not _name_taken(network_id, name):
        return name
    for number in range(2, 100):
        suffix = f" {number}"
        candidate = name[: pseudonyms.MAX_LENGTH - len(suffix)].rstrip() + suffix
        if not _name_taken(network_id, candidate):
            return candidate
    return pseudonyms.suggest(set(_active_personas(network_id).values_list("lower", flat=True)))


def save_as_active(membership: Membership, update_fields: list[str]) -> None:
    """Save a persona that becomes active (an approved request): if an active member took its name
    while it waited, it gets a free variant and is told on its next visit (`name_taken_on_return`).
    A savepoint per attempt: two approvals racing for one name both end with a name of their own."""
    wanted = membership.display_name
    for _attempt in range(3):
        membership.display_name = free_variant(membership.network_id, wanted)
        membership.name_taken_on_return = "" if membership.display_name == wanted else wanted
        try:
            with transaction.atomic():
                membership.save(update_fields=[*update_fields, "display_name", "name_taken_on_return"])
            return
        except IntegrityError:
            continue
    raise _refuse_taken_name()


def take_name_notice(member: Membership) -> str:
    """The name the persona asked for and did not get (see `save_as_active`), once; '' when none."""
    wanted = member.name_taken_on_return
    if wanted:
        member.name_taken_on_return = ""
        member.save(update_fields=["name_taken_on_return"])
    return wanted


# --- Joining -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Admission:
    """What joining will write, once check_join has accepted it."""

    existing: Membership | None  # an earlier persona of the account here (left, refused, removed...)
    invitation: Invitation | None
    member_type: str
    display_name: str
    pseudonymous: bool  # a patient network: the health-data consent is recorded
    becomes_active: bool  # else a request waiting for a moderator
    clearance: privacy.Clearance = privacy.Clearance()  # the kinds of personal data confirmed


def join_network(
    user,
    network: Network,
    *,
    display_name: str,
    member_type: str | None = None,
    consent_given: bool = False,
    invitation_token: str | None = None,
    request_message: str = "",
    confirm_privacy=(),
) -> Membership:
    """Join (open), ask to join (approval) or join with an invitation (invite, or any policy).

    Patient networks require the explicit health-data consent, recorded with its text version.
    The display name and the note to the moderators go through the network's privacy policy like a
    post: a real name, a phone number in the note... must be confirmed (`confirm_privacy`)."""
    admission = check_join(
        user,
        network,
        display_name=display_name,
        member_type=member_type,
        consent_given=consent_given,
        invitation_token=invitation_token,
        request_message=request_message,
        confirm_privacy=confirm_privacy,
    )
    return do_join(user, network, admission, request_message=request_message)


def check_join(
    user,
    network: Network,
    *,
    display_name: str,
    member_type: str | None,
    consent_given: bool,
    invitation_token: str | None,
    request_message: str = "",
    confirm_privacy=(),
) -> Admission:
    """Every refusal of joining, before anything is written. An inactive network is joined only
    by its first administrator's invitation (invite_first_admin)."""
    if not network.is_active:
        first_admin = _invitation_for(network, invitation_token) if invitation_token else None
        if first_admin is None or first_admin.role != Role.ADMIN:
            raise ActionRefused("not_found", _("Not found."), status=404)
    existing = Membership.objects.filter(network=network, user=user).first()
    if existing is not None:
        _refuse_rejoining(existing)
    invitation = _invitation_for(network, invitation_token)
    member_type = _member_type_for(user, network, member_type)
    pseudonymous = network.kind == Network.Kind.PATIENTS
    display_name = pseudonyms.check_display_name(display_name, user=user, pseudonymous=pseudonymous)
    if _name_taken(network.pk, display_name):
        # Only an active member's name is refused, a name every member sees anyway; a request waiting
        # for approval checks it again when approved (`save_as_active`).
        raise _refuse_taken_name()
    if pseudonymous and not consent_given:
        raise ActionRefused(
            "consent_required",
            _("Joining a patient network requires your explicit consent to the processing of health data."),
            field="consent",
        )
    becomes_active = invitation is not None or network.join_policy == Network.JoinPolicy.OPEN
    fields = {"display_name": display_name, "request_message": request_message[:1000]}
    clearance = privacy.check_in_network(network, fields, confirmed=confirm_privacy)
    return Admission(existing, invitation, member_type, display_name, pseudonymous, becomes_active, clearance)


def _refuse_rejoining(existing: Membership) -> None:
    """An earlier persona of the account in the network stops it joining while it is active, banned
    or waiting for a moderator."""
    if existing.status == Status.ACTIVE:
        raise ActionRefused("already_member", _("You are already a member of this network."), status=409)
    if refusal := lifecycle.ban_blocks_joining(existing):
        raise refusal
    if existing.status == Status.PENDING:
        raise ActionRefused(
            "request_pending", _("Your request is already waiting for a moderator."), status=409
        )


def _invitation_for(network: Network, token: str | None) -> Invitation | None:
    """The invitation the member came with (it must be this network's), required by invite-only
    networks."""
    if token:
        invitation = resolve_invitation(token)
        if invitation.network_id != network.id:
            raise ActionRefused("invalid_invitation", _("This invitation link is not valid."), status=404)
        return invitation
    if network.join_policy == Network.JoinPolicy.INVITE:
        raise ActionRefused("invitation_required", _("This network is open by invitation only."), status=403)
    return None


def _member_type_for(user, network: Network, member_type: str | None) -> str:
    """The member type asked for (the first allowed when none), if the account may join as that."""
    allowed_types = member_types_for(user, network)
    if not allowed_types:
        raise ActionRefused(
            "not_eligible",
            _("This network is reserved for verified professionals of the professions it admits."),
            status=403,
        )
    member_type = member_type or allowed_types[0]
    if member_type not in allowed_types:
        raise ActionRefused(
            "invalid_member_type", _("You cannot join this network as that."), field="member_type"
        )
    return member_type


def do_join(user, network: Network, admission: Admission, *, request_message: str = "") -> Membership:
    """Write an accepted admission in one transaction: the consent record, the membership (new, or
    the earlier persona starting afresh) and the invitation's use."""
    now = timezone.now()
    try:
        with transaction.atomic():
            membership = admission.existing or Membership(network=network, user=user)
            membership.display_name = admission.display_name
            membership.member_type = admission.member_type
            invited_role = admission.invitation.role if admission.invitation is not None else Role.MEMBER
            membership.role = invited_role if admission.becomes_active else Role.MEMBER
            membership.consent = _record_consent(user, network, now) if admission.pseudonymous else None
            membership.qualification = (
                admitting_qualification(user, network)
                if admission.member_type == Membership.MemberType.PROFESSIONAL
                else None
            )
            membership.request_message = request_message[:1000]
            membership.requested_at = now
            membership.status = Status.ACTIVE if admission.becomes_active else Status.PENDING
            membership.joined_at = now if admission.becomes_active else None
            membership.left_at = None
            membership.name_taken_on_return = ""
            # A new start: what ended the last membership (removal, expired ban) is history.
            membership.ended_reason, membership.ended_by, membership.banned_until = "", None, None
            membership.save()
            privacy.record(membership, admission.clearance, membership)
            if admission.invitation is not None:
                _use_invitation(admission.invitation)
                if membership.role == Role.ADMIN and not network.is_active:
                    # The first administrator arrived: the network goes live with them.
                    network.is_active = True
                    network.save(update_fields=["is_active"])
    except IntegrityError:  # an active member took the name a moment ago
        raise _refuse_taken_name() from None
    return membership


def _record_consent(user, network: Network, now) -> ConsentRecord:
    return ConsentRecord.objects.create(
        user=user,
        network=network,
        text_version=consent.current_version(),
        text=consent.health_data_consent_text(network.name),
        given_at=now,
    )


def _use_invitation(invitation: Invitation) -> None:
    # F() keeps two people using one link at once from both passing a one-use limit.
    used = Invitation.objects.filter(pk=invitation.pk, use_count__lt=F("max_uses")).update(
        use_count=F("use_count") + 1
    )
    if not used:
        raise ActionRefused("invitation_used", _("This invitation has already been used."), status=410)


def leave_network(member: Membership) -> None:
    """Moved to networks.lifecycle with the other ways a membership ends; kept for its callers."""
    lifecycle.leave_network(member)


def update_persona(
    member: Membership, *, display_name: str, bio: str = "", confirm_privacy=(), show_bio: bool | None = None,
    practice_area: str | None = None, picture=None, remove_picture: bool = False,
) -> Membership:  # fmt: skip
    """The persona's fields go through the network's privacy policy like a post; only the fields that
    change are checked, so a pseudonym chosen earlier is not questioned at every change of the bio.
    A display name is a name: one that is the account's own is refused by check_display_name (patient
    networks); the policy checks it for everything else, a real name too ("Sophie Martin" must be
    confirmed where the network asks to confirm names, as the live check says)."""
    pseudonymous = member.network.kind == Network.Kind.PATIENTS
    display_name = pseudonyms.check_display_name(display_name, user=member.user, pseudonymous=pseudonymous)
    if _name_taken(member.network_id, display_name, besides=member):
        raise _refuse_taken_name()
    if len(bio) > 1000:
        raise ActionRefused("bio_too_long", _("Keep this under 1000 characters."), field="bio")
    changed = {
        name: value
        for name, value in (("display_name", display_name), ("bio", bio))
        if value != getattr(member, name)
    }
    clearance = privacy.check(member, changed, confirmed=confirm_privacy)
    fields = ["display_name", "bio"]
    if practice_area is not None:
        if practice_area and (
            member.qualification_id is None or practice_area not in dict(departments.CHOICES)
        ):
            raise ActionRefused(
                "practice_area", _("Choose a department from the list."), field="practice_area"
            )
        member.practice_area = practice_area
        fields.append("practice_area")
    if show_bio is not None:
        member.show_bio = show_bio
        fields.append("show_bio")
    clean_picture = avatars.clean_picture(picture) if picture else None  # refused before any change
    member.display_name, member.bio = display_name, bio
    try:
        with transaction.atomic():
            member.save(update_fields=fields)
            privacy.record(member, clearance, member)
    except IntegrityError:  # an active member took the name a moment ago
        raise _refuse_taken_name() from None
    if clean_picture is not None or remove_picture:
        avatars.erase_picture(member)
        member.avatar = ""
    if clean_picture is not None:
        # Faces and written personal data wait for the owner's review before anyone else sees them.
        member.avatar_review = avatars.review_picture(clean_picture, member.network.language)
        member.avatar.save("picture.png", clean_picture, save=False)
        member.save(update_fields=["avatar", "avatar_review"])
    return member


def review_picture(member: Membership, *, choice: str) -> Membership:
    """The owner decides about what the guard found on their picture: `mask` (faces blurred, text
    filled: a new file, the old one deleted after commit), `keep` (shown as it is) or `remove`."""
    if choice == "remove":
        avatars.erase_picture(member)
        return member
    if not member.avatar or not member.avatar_review:
        return member
    if choice == "mask":
        old = member.avatar.name
        member.avatar.save(
            "picture.png", avatars.masked_picture(member.avatar, member.avatar_review), save=False
        )
        transaction.on_commit(lambda: member.avatar.storage.delete(old))
    elif choice != "keep":
        raise ActionRefused("invalid_choice", _("Choose what to do with the picture."), field="choice")
    member.avatar_review = {}
    member.save(update_fields=["avatar", "avatar_review"])
    return member


def mark_conduct_read(member: Membership) -> None:
    """The persona opened the network's code of conduct: a step of its first-steps list. Written once
    (no query at all once it is set)."""
    if member.conduct_read_at is None:
        member.conduct_read_at = timezone.now()
        Membership.objects.filter(pk=member.pk, conduct_read_at__isnull=True).update(
            conduct_read_at=member.conduct_read_at
        )


# --- Moderation of membership --------------------------------------------------------------------
def approve_request(moderator: Membership, request: Membership) -> Membership:
    _require_same_network(moderator, request)
    if request.status != Status.PENDING:
        raise ActionRefused("not_pending", _("This request has already been handled."), status=409)
    request.status = Status.ACTIVE
    request.joined_at = timezone.now()
    with transaction.atomic():
        save_as_active(request, ["status", "joined_at"])
        decision_emails.queue_join_decision(request, accepted=True)
    return request


def refuse_request(moderator: Membership, request: Membership) -> Membership:
    _require_same_network(moderator, request)
    if request.status != Status.PENDING:
        raise ActionRefused("not_pending", _("This request has already been handled."), status=409)
    request.status = Status.REFUSED
    with transaction.atomic():
        request.save(update_fields=["status"])
        decision_emails.queue_join_decision(request, accepted=False)
    return request


def set_role(admin: Membership, target: Membership, role: str) -> Membership:
    _require_same_network(admin, target)
    if not admin.is_admin:
        raise ActionRefused("forbidden", _("Only administrators of this network give roles."), status=403)
    require_mfa_for_role(admin)
    if role not in Role.values:
        raise ActionRefused("invalid_role", _("Unknown role."), field="role")
    if target.status != Status.ACTIVE:
        raise ActionRefused("not_member", _("Roles are given to active members only."), status=409)
    if target.role == Role.ADMIN and role != Role.ADMIN and access.other_admins(target).count() == 0:
        raise ActionRefused("last_admin", _("A network keeps at least one administrator."), status=409)
    previous = target.role
    target.role = role
    target.save(update_fields=["role"])
    record(admin.user, "membership.role", target, detail=f"{previous} -> {role}")
    return target


def create_invitation(
    moderator: Membership, *, days: int | None = None, max_uses: int = 1, note: str = ""
) -> tuple[Invitation, str]:
    """Returns the invitation and its raw token, which is shown once and never stored."""
    _require_moderator(moderator)
    days = settings.INVITATION_DEFAULT_DAYS if days is None else days
    if not 1 <= days <= 90:
        raise ActionRefused("invalid_days", _("An invitation lasts between 1 and 90 days."), field="days")
    if not 1 <= max_uses <= 500:
        raise ActionRefused(
            "invalid_max_uses", _("An invitation is usable 1 to 500 times."), field="max_uses"
        )
    token = Invitation.new_token()
    invitation = Invitation.objects.create(
        network_id=moderator.network_id,
        created_by=moderator,
        token_hash=Invitation.hash(token),
        note=note[:120],
        expires_at=timezone.now() + timedelta(days=days),
        max_uses=max_uses,
    )
    return invitation, token


def revoke_invitation(moderator: Membership, invitation: Invitation) -> None:
    _require_moderator(moderator)
    if invitation.network_id != moderator.network_id:
        raise ActionRefused("not_found", _("Not found."), status=404)
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


def _require_same_network(actor: Membership, target: Membership) -> None:
    if actor.network_id != target.network_id or not actor.is_moderator:
        raise ActionRefused("not_found", _("Not found."), status=404)
    require_mfa_for_role(actor)


def _require_moderator(actor: Membership) -> None:
    """A moderator's power: the role, then two-factor authentication (accounts/mfa.py)."""
    if not actor.is_moderator:
        raise ActionRefused("forbidden", _("Only moderators of this network do this."), status=403)
    require_mfa_for_role(actor)
