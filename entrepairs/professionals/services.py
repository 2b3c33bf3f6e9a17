"""Every write about professional verification. Operations take the acting account, validate, change
state and return the result; they raise ActionRefused with a stable code. Every attempt, refused or
not, is recorded as a VerificationAttempt for reviewers."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entrepairs.errors import ActionRefused
from entrepairs.networks.lifecycle import lapse_expired_verifications
from entrepairs.professionals import identifiers
from entrepairs.professionals.identifiers import IdentifierType
from entrepairs.professionals.models import (
    DirectoryLabel,
    DirectoryPerson,
    Profession,
    ProfessionalIdentifier,
    Qualification,
    Specialty,
    VerificationAttempt,
)
from entrepairs.professionals.names import names_match

VERIFICATION_VALIDITY = timedelta(days=365)
SPECIALTY_TYPE = "S"  # `Code type savoir-faire` of an ordinal specialty (SM04 cardiology, ...)


@dataclass
class _Declared:
    user: object
    identifier_type: str
    identifier: str
    last_name: str
    first_name: str
    profession: Profession | None


# --- Directory match ------------------------------------------------------------------------------
def verify_by_directory(
    user, *, identifier_type: str, identifier: str, last_name: str, first_name: str, profession
) -> list[Qualification]:
    """Verify `user` against the imported Annuaire Santé.

    The identifier's check digit is verified first; then the listed person must exist, bear the
    declared name and practise the declared profession. On a match the account gets one VERIFIED
    qualification per specialty the directory lists for that profession (or one without specialty),
    valid for a year, and the identifier becomes theirs. The profession and specialties come from the
    directory, not from the declaration. On refusal nothing is saved but the attempt, which reviewers
    see; an identifier already verified by another account is flagged for review (impersonation?).

    `profession` is a Profession or its Annuaire code. Returns the verified qualifications."""
    declared = _Declared(
        user=user,
        identifier_type=identifier_type or "",
        identifier=(identifier or "")[:32],
        last_name=(last_name or "").strip()[:120],
        first_name=(first_name or "").strip()[:120],
        profession=_profession_or_none(profession),
    )
    try:
        with transaction.atomic():
            qualifications = do_directory_verification(declared, check_directory_match(declared))
    except ActionRefused as refusal:
        _record_attempt(
            declared,
            outcome=VerificationAttempt.Outcome.REFUSED,
            code=refusal.code,
            **getattr(refusal, "extra", {}),
        )
        raise
    _record_attempt(declared, outcome=VerificationAttempt.Outcome.VERIFIED)
    return qualifications


def _profession_or_none(profession) -> Profession | None:
    if isinstance(profession, Profession):
        return profession
    if profession in (None, ""):
        return None
    return Profession.objects.filter(code=str(profession)).first()


def _refuse(code: str, message: str, *, field: str | None = None, **extra) -> ActionRefused:
    refusal = ActionRefused(code, message, field=field)
    refusal.extra = extra  # what the attempt record needs beyond the code
    return refusal


@dataclass(frozen=True)
class DirectoryMatch:
    """A declaration the directory confirms, and that no other account holds: what verifying writes."""

    digits: str  # the identifier as validated
    activities: tuple  # the person's directory activities in the declared profession


def check_directory_match(declared: _Declared) -> DirectoryMatch:
    """Every refusal of a directory verification, before anything is written: the identifier and
    the declaration, then the directory's person, their name, their profession, and an identifier
    already verified by another account. `declared.identifier` becomes the validated digits (what
    the attempt records)."""
    try:
        digits = identifiers.validate(declared.identifier_type, declared.identifier)
    except ActionRefused as invalid:
        raise _refuse(invalid.code, invalid.message, field=invalid.field) from None
    declared.identifier = digits
    _check_declaration(declared)
    person = _listed_person(declared.identifier_type, digits)
    if not (
        names_match(declared.last_name, person.last_name)
        and (not person.first_name or names_match(declared.first_name, person.first_name))
    ):
        raise _refuse(
            "name_mismatch",
            _("The name does not match the one registered for this number. Enter it as registered."),
            field="last_name",
        )
    activities = [a for a in person.activities.all() if a.profession_code == declared.profession.code]
    if not activities:
        raise _refuse(
            "profession_mismatch",
            _("The directory does not list this number for that profession."),
            field="profession",
        )
    holder = _verified_holder(declared.identifier_type, digits, besides=declared.user)
    if holder is not None:
        raise _identifier_in_use(holder)
    return DirectoryMatch(digits, tuple(activities))


def _check_declaration(declared: _Declared) -> None:
    if declared.identifier_type not in identifiers.DIRECTORY_TYPE_DIGIT:
        raise _refuse(
            "directory_not_available",
            _("There is no directory to check this identifier against. Use document review instead."),
            field="identifier_type",
        )
    if not declared.last_name:
        raise _refuse("last_name_required", _("Enter your last name as registered."), field="last_name")
    if declared.profession is None:
        raise _refuse("profession_required", _("Choose your profession."), field="profession")


def _listed_person(identifier_type: str, digits: str) -> DirectoryPerson:
    person = DirectoryPerson.objects.filter(
        national_id=identifiers.national_id(identifier_type, digits)
    ).first()
    if person is None:
        raise _refuse(
            "unknown_identifier",
            _("This number is not in the Annuaire Santé directory. Check it, or use another way to verify."),
            field="identifier",
        )
    if not person.listed:
        raise _refuse(
            "identifier_not_listed",
            _("This number is no longer listed in the Annuaire Santé directory."),
            field="identifier",
        )
    return person


def _verified_holder(identifier_type: str, digits: str, *, besides=None):
    """The id of the account that holds this identifier verified (other than `besides`), or None."""
    holders = ProfessionalIdentifier.objects.filter(
        identifier_type=identifier_type, value=digits, verified=True
    )
    if besides is not None:
        holders = holders.exclude(user=besides)
    return holders.values_list("user_id", flat=True).first()


def do_directory_verification(declared: _Declared, match: DirectoryMatch) -> list[Qualification]:
    """Write a confirmed match; the caller's transaction rolls it all back on a refusal (an identifier
    claimed meanwhile): the identifier becomes the account's, and the qualifications it declared for
    the profession are replaced by one VERIFIED per directory specialty (or one without)."""
    now = timezone.now()
    specialties = _directory_specialties(declared.profession, match.activities)
    try:
        with transaction.atomic():  # a savepoint: a concurrent claim of the identifier rolls back here
            ProfessionalIdentifier.objects.update_or_create(
                user=declared.user,
                identifier_type=declared.identifier_type,
                value=match.digits,
                defaults={"verified": True, "verified_at": now, "method": Qualification.Method.DIRECTORY},
            )
    except IntegrityError:
        raise _identifier_in_use(_verified_holder(declared.identifier_type, match.digits)) from None

    # What the account declared for this profession is replaced by what the directory says.
    Qualification.objects.filter(
        user=declared.user, profession=declared.profession, status=Qualification.Status.DECLARED
    ).delete()
    qualifications = []
    for specialty in specialties or [None]:
        qualification, _created = Qualification.objects.update_or_create(
            user=declared.user,
            profession=declared.profession,
            specialty=specialty,
            defaults={
                "status": Qualification.Status.VERIFIED,
                "method": Qualification.Method.DIRECTORY,
                "verified_at": now,
                "verified_until": now + VERIFICATION_VALIDITY,
            },
        )
        qualifications.append(qualification)
    return qualifications


def _identifier_in_use(holder_id) -> ActionRefused:
    return _refuse(
        "identifier_in_use",
        _("This number is already verified for another account. Our reviewers have been told."),
        field="identifier",
        conflicting_user_id=holder_id,
        needs_review=True,
    )


def _directory_specialties(profession: Profession, activities) -> list[Specialty]:
    """The Specialty of each ordinal savoir-faire (type S) the directory lists, created from the
    directory's label when the reference list does not know the code yet."""
    codes = sorted(
        {
            a.savoir_faire_code
            for a in activities
            if a.savoir_faire_type == SPECIALTY_TYPE and a.savoir_faire_code
        }
    )
    if not codes:
        return []
    known = {specialty.code: specialty for specialty in Specialty.objects.filter(code__in=codes)}
    labels = dict(
        DirectoryLabel.objects.filter(kind="savoir_faire", code__in=codes).values_list("code", "label")
    )
    specialties = []
    for code in codes:
        specialty = known.get(code)
        if specialty is None:
            label = (labels.get(code) or code)[:120]
            specialty, _created = Specialty.objects.get_or_create(
                code=code,
                defaults={
                    "profession": profession,
                    "name_fr": label,
                    "name_en": label,
                    "practitioner_fr": label,
                    "practitioner_en": label,
                },
            )
        specialties.append(specialty)
    return specialties


def _record_attempt(declared: _Declared, *, outcome: str, code: str = "", **extra) -> VerificationAttempt:
    return VerificationAttempt.objects.create(
        user=declared.user,
        method=Qualification.Method.DIRECTORY,
        outcome=outcome,
        code=code,
        identifier_type=declared.identifier_type[:8],
        identifier=declared.identifier,
        declared_last_name=declared.last_name,
        declared_first_name=declared.first_name,
        declared_profession=declared.profession,
        conflicting_user_id=extra.get("conflicting_user_id"),
        needs_review=extra.get("needs_review", False),
    )


# --- Lapsed verifications -------------------------------------------------------------------------
def lapse_unlisted_directory_verifications(now=None) -> int:
    """End now the directory-verified qualifications of accounts whose identifier the latest import
    no longer lists (retired, struck off). Returns how many were ended. Run after each import."""
    now = now or timezone.now()
    identifiers_by_national_id = {
        identifiers.national_id(identifier_type, value): user_id
        for identifier_type, value, user_id in ProfessionalIdentifier.objects.filter(
            verified=True,
            method=Qualification.Method.DIRECTORY,
            identifier_type__in=[IdentifierType.RPPS, IdentifierType.ADELI],
        ).values_list("identifier_type", "value", "user_id")
    }
    if not identifiers_by_national_id:
        return 0
    unlisted = DirectoryPerson.objects.filter(
        national_id__in=list(identifiers_by_national_id), listed=False
    ).values_list("national_id", flat=True)
    user_ids = {identifiers_by_national_id[national_id] for national_id in unlisted}
    if not user_ids:
        return 0
    ended = Qualification.objects.filter(
        user_id__in=user_ids,
        method=Qualification.Method.DIRECTORY,
        status=Qualification.Status.VERIFIED,
        verified_until__gt=now,
    ).update(verified_until=now)
    if ended:
        # Their professional memberships lapse now: sockets close, conversations and audiences end.
        # A local import: networks imports professionals.
        lapse_expired_verifications(now=now, user_ids=user_ids)
    return ended
