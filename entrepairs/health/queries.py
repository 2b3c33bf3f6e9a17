"""Reads of health profiles, shared by the pages, the API, the insights and the export.

Who sees what: the owner sees everything of their profile. Another active member of the same network
sees a field when its visibility allows it: `network` for every member, `like_me` for members "like"
the owner, `only_me` for no one. A member is "like" the owner when they share a condition category
(ICD-10's three characters, "C50") with the conditions the owner shows at least to members like them:
conditions kept to oneself never make anyone "like", or seeing a `like_me` field would reveal them.
Another network's members never reach a profile (access.get_member_or_404: 404, as for nothing).
Reading another member's profile is not logged with its content: health data stays out of logs."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from entrepairs.health import icd10, matching
from entrepairs.health.models import (
    VISIBILITY_RANK,
    VISIBLE_FIELDS,
    Condition,
    HealthProfile,
    SideEffect,
    SymptomLog,
    Treatment,
    Visibility,
)
from entrepairs.health.services import require_patient_network
from entrepairs.networks import access
from entrepairs.networks.models import Membership
from entrepairs.privacy import kanon

SHARED_WITH_LIKE = (Visibility.LIKE_ME, Visibility.NETWORK)
OWNER, LIKE_ME, NETWORK = 3, VISIBILITY_RANK[Visibility.LIKE_ME], VISIBILITY_RANK[Visibility.NETWORK]
AUDIENCES = {"like_me": LIKE_ME, "network": NETWORK}


def _profiles(network_id) -> QuerySet[HealthProfile]:
    return HealthProfile.objects.filter(network_id=network_id)


def _with_details(profiles: QuerySet[HealthProfile]) -> QuerySet[HealthProfile]:
    return profiles.select_related("member").prefetch_related(
        "conditions",
        Prefetch("treatments", queryset=Treatment.objects.prefetch_related("side_effects")),
    )


def my_profile(member: Membership) -> HealthProfile:
    """The member's own profile with conditions, treatments and side effects (three queries), or an
    unsaved empty one: the profile is created by the first thing recorded."""
    require_patient_network(member)
    profile = _with_details(_profiles(member.network_id).filter(member=member)).first()
    return profile or HealthProfile(network=member.network, member=member)


def recent_symptoms(profile: HealthProfile, days: int = 180) -> list[SymptomLog]:
    if profile.pk is None:
        return []
    since = timezone.localdate() - timedelta(days=days)
    return list(profile.symptom_logs.filter(logged_on__gte=since).order_by("logged_on", "created_at")[:2000])


def symptom_history(profile: HealthProfile, limit: int = 30) -> list[SymptomLog]:
    if profile.pk is None:
        return []
    return list(profile.symptom_logs.order_by("-logged_on", "-created_at")[:limit])


def my_recent_symptom_names(profile: HealthProfile, limit: int = 6) -> list[str]:
    """The member's own symptoms, most recent first: their one-tap buttons."""
    if profile.pk is None:
        return []
    seen: list[str] = []
    for symptom in profile.symptom_logs.order_by("-logged_on", "-created_at").values_list(
        "symptom", flat=True
    )[:200]:
        if symptom not in seen:
            seen.append(symptom)
        if len(seen) == limit:
            break
    return seen


def get_own_condition_or_404(member: Membership, condition_id: int) -> Condition:
    return _own_or_404(
        Condition.objects.filter(network_id=member.network_id, profile__member=member), condition_id
    )


def get_own_treatment_or_404(member: Membership, treatment_id: int) -> Treatment:
    return _own_or_404(
        Treatment.objects.filter(network_id=member.network_id, profile__member=member).prefetch_related(
            "side_effects"
        ),
        treatment_id,
    )


def get_own_symptom_log_or_404(member: Membership, log_id: int) -> SymptomLog:
    return _own_or_404(
        SymptomLog.objects.filter(network_id=member.network_id, profile__member=member), log_id
    )


def _own_or_404(queryset, object_id):
    from django.http import Http404

    from entrepairs.errors import NOT_FOUND

    found = queryset.filter(pk=object_id).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


# --- What others see -----------------------------------------------------------------------------
def categories(codes) -> set[str]:
    return {code.split(".")[0] for code in codes}


def _my_categories(member: Membership) -> set[str]:
    return categories(
        Condition.objects.filter(network_id=member.network_id, profile__member=member).values_list(
            "code", flat=True
        )
    )


def audience_rank(viewer: Membership, profile: HealthProfile, viewer_categories: set[str]) -> int:
    if profile.member_id == viewer.pk:
        return OWNER
    if (
        profile.conditions_visibility in SHARED_WITH_LIKE
        and categories(condition.code for condition in profile.conditions.all()) & viewer_categories
    ):
        return LIKE_ME
    return NETWORK


@dataclass
class ProfileView:
    """A profile as one audience sees it: each field None when hidden from that audience."""

    member: Membership
    about_accompanied: bool
    audience: int
    conditions: list[Condition] | None = None
    treatments: list[Treatment] | None = None
    symptoms: list[SymptomLog] | None = None
    age_band: str | None = None
    hidden: list[str] = field(default_factory=list)

    @property
    def shows_anything(self) -> bool:
        return any(
            value is not None for value in (self.conditions, self.treatments, self.symptoms, self.age_band)
        )


def _visible(profile: HealthProfile, name: str, audience: int) -> bool:
    return audience == OWNER or VISIBILITY_RANK[profile.visibility(name)] >= audience > 0


def view_of(profile: HealthProfile, audience: int) -> ProfileView:
    """The profile as `audience` (OWNER, LIKE_ME or NETWORK) sees it; a saved profile's symptoms cost
    one query when shown."""
    view = ProfileView(member=profile.member, about_accompanied=profile.about_accompanied, audience=audience)
    for name in VISIBLE_FIELDS:
        if not _visible(profile, name, audience):
            view.hidden.append(name)
            continue
        if name == "conditions":
            view.conditions = list(profile.conditions.all())
        elif name == "treatments":
            view.treatments = list(profile.treatments.all())
        elif name == "symptoms":
            # Newest first: a page shows the first few, and they must be the latest, not the oldest.
            view.symptoms = recent_symptoms(profile, days=90)[::-1]
        elif name == "age":
            view.age_band = profile.age_band
    return view


def member_profile_view(viewer: Membership, member_id: int) -> ProfileView:
    """Another member's profile as `viewer` may see it: 404 outside the viewer's network or for a
    persona no longer active; an empty view when they keep everything to themselves."""
    require_patient_network(viewer)
    other = access.get_member_or_404(viewer, member_id)
    profile = _with_details(_profiles(viewer.network_id).filter(member=other)).first()
    if profile is None:
        return ProfileView(
            member=other, about_accompanied=False, audience=NETWORK, hidden=list(VISIBLE_FIELDS)
        )
    return view_of(profile, audience_rank(viewer, profile, _my_categories(viewer)))


def preview_as(member: Membership, name: str) -> ProfileView | None:
    """ "View as" one member of the network, named by pseudonym: exactly what they see of my profile
    (None when no active member has that name)."""
    other = access.member_named(member, name)
    return None if other is None else preview_for(member, other)


def preview_for(member: Membership, other: Membership) -> ProfileView:
    """My profile exactly as `other` (an active member of my network) sees it: the same audience
    rule as `member_profile_view` when they open it."""
    profile = my_profile(member)
    if other.pk == member.pk:
        return view_of(profile, OWNER)
    if profile.pk is None:
        return view_of(profile, NETWORK)
    return view_of(profile, audience_rank(other, profile, _my_categories(other)))


def viewers_named(member: Membership, name: str, limit: int = 8) -> list[Membership]:
    """The members "view as" may mean by `name`: the one called exactly so, or else those the member
    picker would suggest (accents and case ignored, a word's start), at most `limit`."""
    exact = access.member_named(member, name)
    if exact is not None:
        return [exact]
    return access.search_members(member, name, limit=limit)


def preview(member: Membership, audience: str) -> ProfileView:
    """ "View as another member": the member's own profile as `audience` ("like_me" or "network") sees it."""
    profile = my_profile(member)
    return view_of(profile, AUDIENCES.get(audience, NETWORK))


# --- Export ----------------------------------------------------------------------------------------
def export_rows(profiles) -> dict[str, list[dict]]:
    """The owner's data, every field, ready for JSON or CSV."""
    rows: dict[str, list[dict]] = {
        "profile": [],
        "conditions": [],
        "treatments": [],
        "side_effects": [],
        "symptoms": [],
    }
    for profile in profiles:
        network = profile.network.name
        rows["profile"].append(
            {
                "network": network,
                "about_accompanied": profile.about_accompanied,
                "birth_year": profile.birth_year,
                **{f"{name}_visibility": profile.visibility(name) for name in VISIBLE_FIELDS},
            }
        )
        for condition in profile.conditions.all():
            rows["conditions"].append(
                {
                    "network": network,
                    "code": condition.code,
                    "label": icd10.label(condition.code),
                    "diagnosis_year": condition.diagnosis_year,
                    "stage": condition.stage,
                }
            )
        for treatment in profile.treatments.all():
            rows["treatments"].append(
                {
                    "network": network,
                    "name": treatment.name,
                    "dose": treatment.dose,
                    "started_on": treatment.started_on.isoformat(),
                    "stopped_on": treatment.stopped_on.isoformat() if treatment.stopped_on else None,
                    "stop_reason": treatment.stop_reason,
                    "effectiveness": treatment.effectiveness,
                }
            )
            for effect in treatment.side_effects.all():
                rows["side_effects"].append(
                    {
                        "network": network,
                        "treatment": treatment.name,
                        "name": effect.name,
                        "severity": effect.severity,
                    }
                )
        for log in profile.symptom_logs.order_by("logged_on", "created_at"):
            rows["symptoms"].append(
                {
                    "network": network,
                    "symptom": log.symptom,
                    "severity": log.severity,
                    "date": log.logged_on.isoformat(),
                    "note": log.note,
                }
            )
    return rows


def profiles_of_account(user) -> QuerySet[HealthProfile]:
    return _with_details(HealthProfile.objects.filter(member__user=user)).select_related("network")


def own_profile_for_export(member: Membership) -> list[HealthProfile]:
    require_patient_network(member)
    return list(_with_details(_profiles(member.network_id).filter(member=member)).select_related("network"))


def _standing_profiles(network) -> QuerySet[HealthProfile]:
    """Profiles of the network's members still standing (active, account active): an ended persona's
    data is shown to no one and counted nowhere."""
    return _profiles(network.pk).filter(access.standing(network, prefix="member__"))


# --- Members like me -------------------------------------------------------------------------------
MAX_CANDIDATES = 200
LIKE_ME_PAGE = 30


def _facts(profile: HealthProfile, *, treatments: bool, age: bool) -> matching.Facts:
    return matching.Facts(
        codes={condition.code: condition.stage for condition in profile.conditions.all()},
        treatments={t.name_key: t.name for t in profile.treatments.all()} if treatments else {},
        age_band=profile.age_band if age else None,
    )


def members_like_me(viewer: Membership, limit: int = LIKE_ME_PAGE) -> list[matching.Match]:
    """Members of the viewer's network whose shared conditions resemble the viewer's, best first, each
    with the reasons of the match. Only what each candidate shows to members like them counts: their
    conditions (shown at least to members like them, or they are not candidates), their treatments
    and age band when these are shown to members like them too. Six queries whatever the network's
    size: the viewer's profile (four), the candidates (three); the MAX_CANDIDATES most recently
    updated candidates are scored."""
    mine = my_profile(viewer)
    if mine.pk is None:
        return []
    my_categories = categories(condition.code for condition in mine.conditions.all())
    if not my_categories:
        return []
    same_category = Q()
    for category in sorted(my_categories):
        same_category |= Q(code__startswith=category)
    candidate_ids = Condition.objects.filter(same_category, network_id=viewer.network_id).values("profile_id")
    candidates = (
        _standing_profiles(viewer.network)
        .filter(pk__in=candidate_ids, conditions_visibility__in=SHARED_WITH_LIKE)
        .exclude(member=viewer)
        .select_related("member")
        .prefetch_related(
            Prefetch("conditions", queryset=Condition.objects.only("profile_id", "code", "stage")),
            Prefetch("treatments", queryset=Treatment.objects.only("profile_id", "name", "name_key")),
        )
        .order_by("-updated_at")[:MAX_CANDIDATES]
    )
    my_facts = _facts(mine, treatments=True, age=True)
    matches = []
    for profile in candidates:
        theirs = _facts(
            profile,
            treatments=profile.treatments_visibility in SHARED_WITH_LIKE,
            age=profile.age_visibility in SHARED_WITH_LIKE,
        )
        points, reasons = matching.score(my_facts, theirs)
        if points:
            matches.append(matching.Match(member=profile.member, score=points, reasons=reasons))
    matches.sort(key=lambda match: (-match.score, match.member.display_name.lower()))
    return matches[:limit]


# --- Community insights (the health section; privacy/insights.py) ------------------------------------
SHARED = Visibility.NETWORK
# Severity 0–4 shown in three bands: five cells of a small group would mostly read "fewer than k".
SEVERITY_BANDS = {0: "0–1", 1: "0–1", 2: "2", 3: "3–4", 4: "3–4"}
SYMPTOM_WINDOW_DAYS = 90
TOP = 12


# Insights are computed at most every INSIGHTS_SECONDS per network, condition, age band and k, and
# kept in the shared cache as released (k-anonymous: what any member of the network may read, no
# count under k). At 10,000 members one computation takes about a second of database time.
INSIGHTS_SECONDS = 600


def _topics_key(network_id, k) -> str:
    return f"health:insight-topics:{network_id}:{kanon.clamp_k(k)}"


def _insights_key(network_id, category, age_band, k) -> str:
    return f"health:insights:{network_id}:{category}:{age_band or 'all'}:{kanon.clamp_k(k)}"


def patient_networks():
    from entrepairs.networks.models import Network

    return Network.objects.filter(kind=Network.Kind.PATIENTS, is_active=True).order_by("pk")


def warm_insights(network) -> int:
    """Compute the insights of every condition of a patient network (all ages) and keep them in the
    shared cache, so that members read them without waiting (the beat task, tasks.py). Returns the
    number of conditions."""
    from types import SimpleNamespace

    from entrepairs.privacy.queries import anonymity_threshold

    reader = SimpleNamespace(network=network, network_id=network.pk)  # what the reads use of a member
    k = anonymity_threshold(network)
    topics = _insight_topics(reader, k)
    cache.set(_topics_key(network.pk, k), topics, INSIGHTS_SECONDS)
    for category, _label in topics:
        cache.set(
            _insights_key(network.pk, category, None, k),
            _condition_insights(reader, k, category, None),
            INSIGHTS_SECONDS,
        )
    return len(topics)


def insight_topics(member: Membership, k: int) -> list[tuple[str, str]]:
    """Condition categories that at least k standing members share with every network member (one
    query, or none within INSIGHTS_SECONDS), most shared first."""
    key = _topics_key(member.network_id, k)
    topics = cache.get(key)
    if topics is None:
        topics = _insight_topics(member, k)
        cache.set(key, topics, INSIGHTS_SECONDS)
    return topics


def _insight_topics(member: Membership, k: int) -> list[tuple[str, str]]:
    # Driven from the profiles that share their conditions (the network's index on
    # (network, conditions_visibility)), each one's conditions read from the (profile, code) index
    # alone: no row of the condition table is visited.
    sharing = _standing_profiles(member.network).filter(conditions_visibility=SHARED).values("pk")
    rows = (
        Condition.objects.filter(profile_id__in=sharing)
        .annotate(category=Substr("code", 1, 3))
        .values("category")
        .annotate(members=Count("profile_id", distinct=True))
        .filter(members__gte=kanon.clamp_k(k))
        .order_by("-members", "category")
    )
    return [(row["category"], icd10.label(row["category"])) for row in rows]


AGE_BANDS = kanon.AGE_BANDS


def _population(member: Membership, category: str) -> QuerySet[HealthProfile]:
    """The standing profiles that share a condition of `category` with every network member. Every
    insight query is driven from these profiles: the rows of each are then read from an index that
    covers what is counted (models.py), so the cost grows with the condition's population, not with
    the network's tables."""
    has_condition = Exists(Condition.objects.filter(profile_id=OuterRef("pk"), code__startswith=category))
    return _standing_profiles(member.network).filter(has_condition, conditions_visibility=SHARED)


def _band_years(age_band: str) -> tuple[int, int]:
    """The years of birth of an age band ("50–59": born 59 to 50 years ago)."""
    low = int(age_band.split("–")[0])
    this_year = timezone.now().year
    return this_year - low - 9, this_year - low


def _in_band(age_band: str | None, prefix: str = "") -> Q:
    """A profile in the age band, which it shares with the network (its age band otherwise counts
    nowhere)."""
    if not age_band:
        return Q(pk__in=[])
    earliest, latest = _band_years(age_band)
    return Q(**{f"{prefix}age_visibility": SHARED, f"{prefix}birth_year__range": (earliest, latest)})


def _per_key(inner: QuerySet, age_band: str | None, *, extra: str, limit: int | None) -> list[tuple]:
    """Counts members per key from `inner` (one row per key and member: columns "key", "member" and
    `extra`), and among them those of the age band: (key, extra, members, members in the band).
    The band is read from the profile of each such row, not of each log: one pass gives the page of
    all ages and the page of the band, which must be compared anyway (kanon.suppress_nested)."""
    inner_sql, params = inner.query.sql_with_params()
    params = list(params)
    if age_band:
        earliest, latest = _band_years(age_band)
        profile = connection.ops.quote_name(HealthProfile._meta.db_table)
        join = f'INNER JOIN {profile} ON ({profile}."id" = "per_member"."member")'
        in_band = (
            f'CASE WHEN {profile}."age_visibility" = %s AND {profile}."birth_year" BETWEEN %s AND %s '
            "THEN 1 ELSE 0 END"
        )
        band_params = [SHARED.value, earliest, latest]
    else:
        join, in_band, band_params = "", "0", []
    group = '"key"' if extra.startswith("MIN") else f'"key", {extra}'
    sql = (
        f'SELECT "key", {extra}, COUNT(*), SUM({in_band}) FROM ({inner_sql}) AS "per_member" {join} '  # noqa: S608 - the ORM's own SQL and constants
        f"GROUP BY {group}"
    )
    if limit:
        sql += f' ORDER BY 3 DESC, "key" LIMIT {int(limit)}'
    with connection.cursor() as cursor:
        cursor.execute(sql, band_params + params)
        return cursor.fetchall()


def _tables(member: Membership, category: str, age_band: str | None) -> tuple[dict, dict | None]:
    """The raw counts (before k-anonymity) of a condition's population, and of its members of
    `age_band` (None without one): four queries either way. The child tables carry no network filter
    of their own: the population's profiles are the network's, and a network filter would lead the
    planner to the network's whole table instead of the profiles' rows."""
    population = _population(member, category)
    sharing_treatments = population.filter(treatments_visibility=SHARED).values("pk")
    sharing_symptoms = population.filter(symptoms_visibility=SHARED).values("pk")
    in_band = _in_band(age_band)
    shares_treatments = Q(treatments_visibility=SHARED)
    sizes = population.aggregate(
        population=Count("pk"),
        treatments_total=Count("pk", filter=shares_treatments),
        band_population=Count("pk", filter=in_band),
        band_treatments_total=Count("pk", filter=in_band & shares_treatments),
    )
    treatments = _per_key(
        Treatment.objects.filter(profile_id__in=sharing_treatments)
        .values(key=F("name_key"), member=F("profile_id"))
        .annotate(name=Min("name"))
        .order_by(),
        age_band, extra='MIN("name")', limit=100,
    )  # fmt: skip
    effects = _per_key(
        SideEffect.objects.filter(treatment__profile_id__in=sharing_treatments)
        .values(key=F("name_key"), member=F("treatment__profile_id"))
        .annotate(name=Min("name"))
        .order_by(),
        age_band, extra='MIN("name")', limit=100,
    )  # fmt: skip
    since = timezone.localdate() - timedelta(days=SYMPTOM_WINDOW_DAYS)
    # Each member's worst severity per symptom over the window, then members per symptom and
    # severity: counted in the database (a few rows come back, not one per member and symptom).
    worst = _per_key(
        SymptomLog.objects.filter(profile_id__in=sharing_symptoms, logged_on__gte=since)
        .values(key=F("symptom_key"), member=F("profile_id"))
        .annotate(worst=Max("severity"))
        .order_by(),
        age_band, extra='"worst"', limit=None,
    )  # fmt: skip
    tables = {
        "population": sizes["population"],
        "treatments_total": sizes["treatments_total"],
        "treatments": {key: members for key, _name, members, _band in treatments},
        "treatment_names": {key: name for key, name, _members, _band in treatments},
        "effects": {key: members for key, _name, members, _band in effects},
        "effect_names": {key: name for key, name, _members, _band in effects},
        "symptoms": _severity_tables((key, worst, members) for key, worst, members, _band in worst),
    }
    if not age_band:
        return tables, None
    band = {
        "population": sizes["band_population"],
        "treatments_total": sizes["band_treatments_total"],
        "treatments": {key: in_band for key, _name, _members, in_band in treatments if in_band},
        "treatment_names": tables["treatment_names"],
        "effects": {key: in_band for key, _name, _members, in_band in effects if in_band},
        "effect_names": tables["effect_names"],
        "symptoms": _severity_tables(
            (key, worst, in_band) for key, worst, _members, in_band in worst if in_band
        ),
    }
    return tables, band


def _severity_tables(rows) -> dict[str, dict[str, int]]:
    symptoms: dict[str, dict[str, int]] = {}
    for key, severity, members in rows:
        symptoms.setdefault(key, dict.fromkeys(SEVERITY_BANDS.values(), 0))[SEVERITY_BANDS[severity]] += (
            members
        )
    return symptoms


def condition_insights(member: Membership, k: int, category: str, age_band: str | None = None) -> dict | None:
    """See `_condition_insights`; kept INSIGHTS_SECONDS in the shared cache (released numbers only)."""
    require_patient_network(member)
    k = kanon.clamp_k(k)
    if category not in dict(insight_topics(member, k)):
        return None
    age_band = age_band if age_band in AGE_BANDS else None
    key = _insights_key(member.network_id, category, age_band, k)
    insight = cache.get(key)
    if insight is None:
        insight = _condition_insights(member, k, category, age_band)
        cache.set(key, insight, INSIGHTS_SECONDS)
    return insight


def _condition_insights(member: Membership, k: int, category: str, age_band: str | None) -> dict:
    """What members of the network with a condition category share at the `network members` level,
    every number through privacy/kanon.py. With an age band, the narrower tables are also checked
    against the whole condition's (suppress_nested), so that subtracting one page from the other
    reveals no group smaller than k. None for a category no k members share."""
    from entrepairs.health.symptoms import symptom_label

    tables, child = _tables(member, category, age_band)
    population = tables["population"] if tables["population"] >= k else None
    treatments = kanon.suppress_members_having(tables["treatments"], k, total=tables["treatments_total"])
    effects = kanon.suppress_members_having(tables["effects"], k, total=tables["treatments_total"])
    treatments_total = tables["treatments_total"] if tables["treatments_total"] >= k else None
    if age_band:
        # The page for one age band is checked against the page for all ages (what the reader can
        # open too): `parent` tables are passed as released, hidden cells included.
        child_treatments = kanon.suppress_members_having(
            child["treatments"], k, total=child["treatments_total"]
        )
        treatments, treatments_total = kanon.suppress_nested(
            treatments, child_treatments, k,
            parent_total=tables["treatments_total"], child_total=child["treatments_total"],
        )  # fmt: skip
        child_effects = kanon.suppress_members_having(child["effects"], k, total=child["treatments_total"])
        effects, _total = kanon.suppress_nested(
            effects, child_effects, k,
            parent_total=tables["treatments_total"], child_total=child["treatments_total"],
        )  # fmt: skip
        _nested, population = kanon.suppress_nested(
            {}, {}, k, parent_total=tables["population"], child_total=child["population"]
        )
        parent_symptoms, tables = tables["symptoms"], child
    else:
        parent_symptoms = None
    symptoms = []
    for key, distribution in sorted(tables["symptoms"].items(), key=lambda item: -sum(item[1].values()))[:6]:
        total = sum(distribution.values())
        released = kanon.suppress_partition(distribution, k)
        if parent_symptoms is not None:
            above = parent_symptoms.get(key, dict.fromkeys(SEVERITY_BANDS.values(), 0))
            released, total = kanon.suppress_nested(
                kanon.suppress_partition(above, k), released, k,
                parent_total=sum(above.values()), child_total=total, partition=True,
            )  # fmt: skip
        if population is None or total is None or total < k or all(v is None for v in released.values()):
            continue
        released = kanon.known_zeros(released, total=total)  # the total is shown beside the table
        symptoms.append(
            {"label": symptom_label(key), "total": total, "cells": kanon.ordered_cells(released, total=total)}
        )
    names = tables["treatment_names"]
    return {
        "category": category,
        "label": icd10.label(category),
        "age_band": age_band,
        "k": k,
        "population": population,
        "treatments_total": treatments_total,
        "treatments": [
            kanon.Cell(names.get(cell.key, cell.key), cell.count, cell.percent)
            for cell in kanon.cells(treatments, total=treatments_total)[:TOP]
            if not cell.suppressed  # a free-text name shown "under k" would still tell that someone wrote it
        ],
        "effects": [
            kanon.Cell(tables["effect_names"].get(cell.key, cell.key), cell.count, cell.percent)
            for cell in kanon.cells(effects, total=treatments_total)[:TOP]
            if not cell.suppressed
        ],
        "symptoms": symptoms,
    }
