"""Every write to a health profile, by its owner only: plain functions taking the acting member.

Each validates everything before writing anything (dates neither in the future nor before the year
of birth, a stop date after the start, severities in range, ICD-10 codes that exist), then writes in
one transaction: a refused request leaves nothing half saved. Writing health data needs the explicit
health-data consent given on joining (GDPR art. 9; withdrawing it ends the membership and erases the
profile: rights/actions/consent.py). Nothing here logs or audits what was written: health data stays
out of logs (SECURITY.md)."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from entrepairs.errors import NOT_FOUND, ActionRefused
from entrepairs.health import icd10
from entrepairs.health.models import (
    VISIBLE_FIELDS,
    Condition,
    HealthProfile,
    SideEffect,
    SymptomLog,
    Treatment,
    Visibility,
)
from entrepairs.health.symptoms import COMMON
from entrepairs.networks.models import Membership
from entrepairs.privacy import services as privacy

EARLIEST_YEAR = 1900
MAX_SIDE_EFFECTS = 10


def require_patient_network(member: Membership) -> None:
    """Health profiles exist in patient networks only: elsewhere the pages and routes do not exist."""
    if not member.network.is_patient_network:
        raise Http404(NOT_FOUND)


def _require_consent(member: Membership) -> None:
    require_patient_network(member)
    if member.consent_id is None:
        raise ActionRefused(
            "consent_required",
            _("Recording health data needs your explicit consent to its processing in this network."),
            status=403,
        )


def _profile_for_writing(member: Membership) -> HealthProfile:
    _require_consent(member)
    profile, _created = HealthProfile.objects.get_or_create(
        member=member, defaults={"network": member.network}
    )
    return profile


def today() -> datetime.date:
    return timezone.localdate()


def _check_year(year, profile: HealthProfile | None, field: str) -> int | None:
    if year in (None, ""):
        return None
    if not isinstance(year, int) or isinstance(year, bool):
        raise ActionRefused("invalid_year", _("Enter a year such as 2019."), field=field)
    if year > today().year:
        raise ActionRefused("date_in_future", _("This year is still to come."), field=field)
    floor = (
        (profile.birth_year if profile and profile.birth_year else EARLIEST_YEAR)
        if field != "birth_year"
        else EARLIEST_YEAR
    )
    if year < floor:
        raise ActionRefused("before_birth", _("This year is before the year of birth."), field=field)
    return year


def _check_date(value, profile: HealthProfile | None, field: str, *, required: bool = True):
    if value in (None, ""):
        if required:
            raise ActionRefused("required", _("Enter a date."), field=field)
        return None
    if not isinstance(value, datetime.date):
        raise ActionRefused("invalid_date", _("Enter a valid date."), field=field)
    if value > today():
        raise ActionRefused("date_in_future", _("This date is still to come."), field=field)
    birth_year = profile.birth_year if profile and profile.birth_year else EARLIEST_YEAR
    if value.year < birth_year:
        raise ActionRefused("before_birth", _("This date is before the year of birth."), field=field)
    return value


def _text(value, field: str, *, max_length: int, required: bool = False) -> str:
    value = " ".join(str(value or "").split())
    if "\x00" in value:
        raise ActionRefused(
            "invalid_text", _("This text holds a character that is not allowed."), field=field
        )
    if required and not value:
        raise ActionRefused("required", _("This field is required."), field=field)
    if len(value) > max_length:
        raise ActionRefused(
            "too_long", _("At most %(count)d characters.") % {"count": max_length}, field=field
        )
    return value


def _choice(value, allowed, field: str, *, required: bool = False):
    if value in (None, "") and not required:
        return None
    if value not in allowed:
        raise ActionRefused("invalid_choice", _("Choose one of the proposed values."), field=field)
    return value


def _guard(member: Membership, fields: dict[str, str], confirmed: Iterable[str]) -> privacy.Clearance:
    """The privacy guard over the member's own words, as for a post (privacy/services.py): a phone
    number, an address or someone's name in a dose, a reason or a note is refused (PrivacyRefused,
    422) or asked to be confirmed, under the network's policy, before anything is written. Asked as
    if the field were shown to the whole network: its owner may widen who sees it at any time."""
    texts = {name: value for name, value in fields.items() if value}
    if not texts:
        return privacy.Clearance()
    return privacy.check(member, texts, confirmed=confirmed)


# --- The profile itself --------------------------------------------------------------------------
@transaction.atomic
def update_profile(member: Membership, *, birth_year=None, about_accompanied: bool = False) -> HealthProfile:
    _require_consent(member)
    birth_year = _check_year(birth_year, None, "birth_year")
    if about_accompanied and member.member_type != Membership.MemberType.RELATIVE:
        raise ActionRefused(
            "not_a_relative",
            _("Only relatives and caregivers keep a profile about the person they accompany."),
            field="about_accompanied",
        )
    profile = _profile_for_writing(member)
    if birth_year:
        earliest = _earliest_recorded_year(profile)
        if earliest is not None and earliest < birth_year:
            raise ActionRefused(
                "before_birth",
                _("Some dates in this profile are before this year of birth."),
                field="birth_year",
            )
    profile.birth_year, profile.about_accompanied = birth_year, bool(about_accompanied)
    profile.updated_at = timezone.now()
    profile.save(update_fields=["birth_year", "about_accompanied", "updated_at"])
    return profile


def _earliest_recorded_year(profile: HealthProfile) -> int | None:
    years = [
        *profile.conditions.exclude(diagnosis_year=None).values_list("diagnosis_year", flat=True),
        *(day.year for day in profile.treatments.values_list("started_on", flat=True)),
        *(day.year for day in profile.symptom_logs.values_list("logged_on", flat=True)[:1000]),
    ]
    return min(years) if years else None


@transaction.atomic
def set_visibility(member: Membership, **levels: str) -> HealthProfile:
    """Who sees each field (`conditions`, `treatments`, `symptoms`, `age`): only me, members like me,
    network members. Fields not given keep their level."""
    unknown = set(levels) - set(VISIBLE_FIELDS)
    if unknown:
        raise ActionRefused("invalid_field", _("Unknown field."), field=sorted(unknown)[0])
    for field, level in levels.items():
        _choice(level, Visibility.values, field, required=True)
    profile = _profile_for_writing(member)
    for field, level in levels.items():
        setattr(profile, f"{field}_visibility", level)
    profile.updated_at = timezone.now()
    profile.save(update_fields=[*(f"{field}_visibility" for field in levels), "updated_at"])
    return profile


# --- Conditions ----------------------------------------------------------------------------------
@transaction.atomic
def add_condition(
    member: Membership,
    *,
    code: str,
    diagnosis_year=None,
    stage: str = "",
    confirm_privacy: Iterable[str] = (),
) -> Condition:
    code = icd10.normalize_code(code)
    if not icd10.is_valid(code):
        raise ActionRefused(
            "unknown_code", _("This is not an ICD-10 code. Search by name or code."), field="code"
        )
    profile = _profile_for_writing(member)
    diagnosis_year = _check_year(diagnosis_year, profile, "diagnosis_year")
    stage = _text(stage, "stage", max_length=40)
    if profile.conditions.filter(code=code).exists():
        raise ActionRefused(
            "already_recorded", _("This condition is already in your profile."), field="code", status=409
        )
    clearance = _guard(member, {"stage": stage}, confirm_privacy)
    condition = Condition.objects.create(
        network=member.network, profile=profile, code=code, diagnosis_year=diagnosis_year, stage=stage
    )
    privacy.record(member, clearance, condition)
    return condition


@transaction.atomic
def update_condition(
    member: Membership,
    condition: Condition,
    *,
    diagnosis_year=None,
    stage: str = "",
    confirm_privacy: Iterable[str] = (),
) -> Condition:
    profile = _profile_for_writing(member)
    diagnosis_year = _check_year(diagnosis_year, profile, "diagnosis_year")
    stage = _text(stage, "stage", max_length=40)
    clearance = _guard(member, {"stage": stage}, confirm_privacy)
    condition.diagnosis_year, condition.stage = diagnosis_year, stage
    condition.save(update_fields=["diagnosis_year", "stage"])
    privacy.record(member, clearance, condition)
    return condition


def remove_condition(member: Membership, condition: Condition) -> None:
    _require_consent(member)
    condition.delete()


# --- Treatments ----------------------------------------------------------------------------------
def _side_effects(items) -> list[tuple[str, str, int]]:
    cleaned = []
    for index, item in enumerate(items or []):
        name, severity = item
        name = _text(name, f"side_effects.{index}.name", max_length=60, required=True)
        severity = _choice(
            severity, SideEffect.Severity.values, f"side_effects.{index}.severity", required=True
        )
        cleaned.append((name, icd10.fold(name), severity))
    if len(cleaned) > MAX_SIDE_EFFECTS:
        raise ActionRefused(
            "too_many",
            _("At most %(count)d side effects.") % {"count": MAX_SIDE_EFFECTS},
            field="side_effects",
        )
    if len({key for _name, key, _severity in cleaned}) != len(cleaned):
        raise ActionRefused("duplicate", _("Each side effect once."), field="side_effects")
    return cleaned


def _treatment_fields(profile, *, name, dose, started_on, stopped_on, stop_reason, effectiveness) -> dict:
    fields = {
        "name": _text(name, "name", max_length=80, required=True),
        "dose": _text(dose, "dose", max_length=80),
        "started_on": _check_date(started_on, profile, "started_on"),
        "stopped_on": _check_date(stopped_on, profile, "stopped_on", required=False),
        "stop_reason": _choice(stop_reason, Treatment.StopReason.values, "stop_reason") or "",
        "effectiveness": _choice(effectiveness, Treatment.Effectiveness.values, "effectiveness"),
    }
    if fields["stopped_on"] and fields["stopped_on"] < fields["started_on"]:
        raise ActionRefused(
            "stop_before_start", _("The stop date is before the start date."), field="stopped_on"
        )
    if fields["stop_reason"] and not fields["stopped_on"]:
        raise ActionRefused("stop_date_required", _("Give the date it stopped."), field="stopped_on")
    fields["name_key"] = icd10.fold(fields["name"])
    return fields


def _guard_treatment(member, fields: dict, effects, confirm_privacy) -> privacy.Clearance:
    """The treatment's own words (name, dose) and its side effects, one per line as the page shows them."""
    return _guard(
        member,
        {
            "name": fields["name"],
            "dose": fields["dose"],
            "side_effects": "\n".join(name for name, _key, _severity in effects or ()),
        },
        confirm_privacy,
    )


@transaction.atomic
def add_treatment(
    member: Membership,
    *,
    name: str,
    started_on,
    dose: str = "",
    stopped_on=None,
    stop_reason: str = "",
    effectiveness=None,
    side_effects=(),
    confirm_privacy: Iterable[str] = (),
) -> Treatment:
    """`side_effects`: (name, severity 1–3) pairs."""
    profile = _profile_for_writing(member)
    fields = _treatment_fields(
        profile, name=name, dose=dose, started_on=started_on, stopped_on=stopped_on,
        stop_reason=stop_reason, effectiveness=effectiveness,
    )  # fmt: skip
    effects = _side_effects(side_effects)
    clearance = _guard_treatment(member, fields, effects, confirm_privacy)
    treatment = Treatment.objects.create(network=member.network, profile=profile, **fields)
    SideEffect.objects.bulk_create(
        SideEffect(network=member.network, treatment=treatment, name=effect, name_key=key, severity=severity)
        for effect, key, severity in effects
    )
    privacy.record(member, clearance, treatment)
    return treatment


@transaction.atomic
def update_treatment(
    member: Membership,
    treatment: Treatment,
    *,
    side_effects=None,
    confirm_privacy: Iterable[str] = (),
    **values,
) -> Treatment:
    """Replaces the treatment's fields (and its side effects when `side_effects` is given)."""
    profile = _profile_for_writing(member)
    current = {
        "name": treatment.name, "dose": treatment.dose, "started_on": treatment.started_on,
        "stopped_on": treatment.stopped_on, "stop_reason": treatment.stop_reason,
        "effectiveness": treatment.effectiveness,
    }  # fmt: skip
    unknown = set(values) - set(current)
    if unknown:
        raise ActionRefused("invalid_field", _("Unknown field."), field=sorted(unknown)[0])
    fields = _treatment_fields(profile, **{**current, **values})
    effects = _side_effects(side_effects) if side_effects is not None else None
    clearance = _guard_treatment(member, fields, effects, confirm_privacy)
    for key, value in fields.items():
        setattr(treatment, key, value)
    treatment.save(update_fields=list(fields))
    if effects is not None:
        treatment.side_effects.all().delete()
        SideEffect.objects.bulk_create(
            SideEffect(
                network=member.network, treatment=treatment, name=effect, name_key=key, severity=severity
            )
            for effect, key, severity in effects
        )
    privacy.record(member, clearance, treatment)
    return treatment


def remove_treatment(member: Membership, treatment: Treatment) -> None:
    _require_consent(member)
    treatment.delete()


# --- Symptoms ------------------------------------------------------------------------------------
@transaction.atomic
def log_symptom(
    member: Membership,
    *,
    symptom: str,
    severity,
    logged_on=None,
    note: str = "",
    confirm_privacy: Iterable[str] = (),
) -> SymptomLog:
    """A few taps: a symptom (a common one's key or the member's words), a severity 0–4, today by
    default."""
    profile = _profile_for_writing(member)
    symptom = symptom if symptom in COMMON else _text(symptom, "symptom", max_length=60, required=True)
    if isinstance(severity, bool) or severity not in SymptomLog.Severity.values:
        raise ActionRefused(
            "severity_out_of_range", _("Severity goes from 0 (none) to 4 (extreme)."), field="severity"
        )
    logged_on = _check_date(logged_on or today(), profile, "logged_on")
    note = _text(note, "note", max_length=300)
    clearance = _guard(
        member, {"symptom": "" if symptom in COMMON else symptom, "note": note}, confirm_privacy
    )
    log = SymptomLog.objects.create(
        network=member.network, profile=profile, symptom=symptom, symptom_key=icd10.fold(symptom),
        severity=severity, logged_on=logged_on, note=note,
    )  # fmt: skip
    privacy.record(member, clearance, log)
    return log


def remove_symptom_log(member: Membership, log: SymptomLog) -> None:
    _require_consent(member)
    log.delete()
