"""The counts behind the community insights, computed in one pass for a condition and one of its age
bands (health/queries.py `_tables`), checked against a plain reference computed in Python from the
rows themselves: what a member shares at the `network members` level only, standing members only,
the band read from each member's age (when shared), each member's worst severity over 90 days."""

import datetime
import random
from collections import Counter

import pytest
from django.utils import timezone

from entrepairs.health import icd10
from entrepairs.health import queries as health_queries
from entrepairs.health.models import Condition, HealthProfile, SideEffect, SymptomLog, Treatment
from tests import factories as f

LEVELS = ["network", "network", "like_me", "only_me"]
CODES = ["C50.4", "C50.9", "E10", "K50"]
TREATMENTS = ["Tamoxifène", "tamoxifene", "Létrozole", "Insuline"]
EFFECTS = ["Fatigue", "Nausées", "Bouffées de chaleur"]
SYMPTOMS = ["fatigue", "pain", "nausea"]


def _population(network, rng):
    """About 60 members with random conditions, ages, sharing choices, treatments and symptom logs;
    some of them no longer standing (left the network, account deactivated)."""
    today = timezone.localdate()
    for index in range(60):
        member = f.member_factory(network, status="left" if index % 13 == 0 else "active")
        if index % 17 == 0:
            member.user.is_active = False
            member.user.save(update_fields=["is_active"])
        profile = HealthProfile.objects.create(
            network=network, member=member, birth_year=today.year - rng.randint(25, 75),
            conditions_visibility=rng.choice(LEVELS), treatments_visibility=rng.choice(LEVELS),
            symptoms_visibility=rng.choice(LEVELS), age_visibility=rng.choice(LEVELS),
        )  # fmt: skip
        for code in set(rng.sample(CODES, k=rng.randint(1, 2))):
            Condition.objects.create(network=network, profile=profile, code=code)
        for name in rng.sample(TREATMENTS, k=rng.randint(0, 3)):
            treatment = Treatment.objects.create(
                network=network, profile=profile, name=name, name_key=icd10.fold(name), started_on=today
            )
            for effect in rng.sample(EFFECTS, k=rng.randint(0, 2)):
                SideEffect.objects.create(
                    network=network, treatment=treatment, name=effect, name_key=icd10.fold(effect),
                    severity=rng.randint(1, 3),
                )  # fmt: skip
        for _ in range(rng.randint(0, 8)):
            symptom = rng.choice(SYMPTOMS)
            SymptomLog.objects.create(
                network=network, profile=profile, symptom=symptom, symptom_key=symptom,
                severity=rng.randint(0, 4), logged_on=today - datetime.timedelta(days=rng.randint(0, 120)),
            )  # fmt: skip


def _reference(network, category, age_band):
    """The same counts, row by row in Python."""
    since = timezone.localdate() - datetime.timedelta(days=health_queries.SYMPTOM_WINDOW_DAYS)
    earliest, latest = health_queries._band_years(age_band) if age_band else (None, None)
    tables = {
        "population": 0,
        "treatments_total": 0,
        "treatments": Counter(),
        "effects": Counter(),
        "symptoms": {},
    }
    for profile in HealthProfile.objects.filter(network=network).select_related("member__user"):
        standing = profile.member.status == "active" and profile.member.user.is_active
        codes = [condition.code for condition in profile.conditions.all()]
        if (
            not standing
            or profile.conditions_visibility != "network"
            or not any(c.startswith(category) for c in codes)
        ):
            continue
        if age_band and not (
            profile.age_visibility == "network" and earliest <= profile.birth_year <= latest
        ):
            continue
        tables["population"] += 1
        if profile.treatments_visibility == "network":
            tables["treatments_total"] += 1
            treatments = list(profile.treatments.all())
            tables["treatments"].update({t.name_key for t in treatments})
            tables["effects"].update({e.name_key for t in treatments for e in t.side_effects.all()})
        if profile.symptoms_visibility == "network":
            worst: dict[str, int] = {}
            for log in profile.symptom_logs.filter(logged_on__gte=since):
                worst[log.symptom_key] = max(worst.get(log.symptom_key, 0), log.severity)
            for key, severity in worst.items():
                cells = tables["symptoms"].setdefault(
                    key, dict.fromkeys(health_queries.SEVERITY_BANDS.values(), 0)
                )
                cells[health_queries.SEVERITY_BANDS[severity]] += 1
    return tables


def _comparable(tables):
    return {
        "population": tables["population"],
        "treatments_total": tables["treatments_total"],
        "treatments": dict(tables["treatments"]),
        "effects": dict(tables["effects"]),
        "symptoms": tables["symptoms"],
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_one_pass_counts_equal_the_reference_for_the_condition_and_each_age_band(world, seed):
    _population(world.breast, random.Random(seed))  # noqa: S311 - synthetic data
    reader = world.patient
    for category in ("C50", "E10"):
        whole, _none = health_queries._tables(reader, category, None)
        assert _comparable(whole) == _comparable(_reference(world.breast, category, None))
        for band in ("20–29", "30–39", "40–49", "50–59", "60–69", "70–79"):
            parent, child = health_queries._tables(reader, category, band)
            assert _comparable(parent) == _comparable(whole)
            assert _comparable(child) == _comparable(_reference(world.breast, category, band)), (
                category,
                band,
            )
