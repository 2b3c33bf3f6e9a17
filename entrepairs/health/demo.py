"""Synthetic health profiles for the demo patient networks (networks.demo registry), so that members
like me and the community insights show something. Every value is invented, drawn from a generator
seeded by the network's address: seeding twice gives the same profiles, and seeding is idempotent
(members who already have a profile are left alone). Demo members record the health-data consent
they would have given on joining; the demo's smaller networks use the minimum k (3)."""

import random
from datetime import timedelta

from django.utils import timezone

from entrepairs.accounts import consent
from entrepairs.accounts.models import ConsentRecord
from entrepairs.health import icd10
from entrepairs.health.models import Condition, HealthProfile, SideEffect, SymptomLog, Treatment, Visibility
from entrepairs.networks.models import Membership, Network
from entrepairs.privacy.models import AnonymityThreshold

# Per kind of network: (condition codes with weights, stages, treatments with side effects, symptoms).
BREAST = {
    "conditions": [("C50.4", 4), ("C50.9", 3), ("C50.1", 2), ("D05.1", 1)],
    "stages": ["I", "II", "III", "HER2+", "RH+"],
    "treatments": [
        ("Tamoxifène", "20 mg/j", ["Bouffées de chaleur", "Fatigue", "Douleurs articulaires"]),
        ("Létrozole", "2,5 mg/j", ["Douleurs articulaires", "Fatigue"]),
        ("Chimiothérapie EC", "4 cures", ["Nausées", "Fatigue", "Perte de cheveux"]),
        ("Radiothérapie", "25 séances", ["Fatigue", "Brûlure cutanée"]),
        ("Trastuzumab", "toutes les 3 semaines", ["Fatigue"]),
    ],
    "symptoms": ["fatigue", "pain", "nausea", "sleep", "anxiety", "joint_pain"],
}
CHRONIC = {
    "conditions": [("E10", 3), ("K50", 3), ("M79.7", 2), ("E11", 2), ("M06.9", 1), ("G35", 1)],
    "stages": ["", "", "modérée", "sévère"],
    "treatments": [
        ("Insuline", "schéma basal-bolus", ["Hypoglycémies"]),
        ("Metformine", "1000 mg x2", ["Troubles digestifs"]),
        ("Adalimumab", "40 mg/14 j", ["Réaction au point d'injection", "Infections"]),
        ("Méthotrexate", "15 mg/sem", ["Nausées", "Fatigue"]),
        ("Prégabaline", "75 mg x2", ["Somnolence", "Prise de poids"]),
    ],
    "symptoms": ["fatigue", "pain", "digestive", "sleep", "low_mood", "brain_fog"],
}
LEVELS = [Visibility.NETWORK] * 5 + [Visibility.LIKE_ME] * 2 + [Visibility.ONLY_ME]
# Synthetic members added to each patient network so that insights (k members at least) show something.
EXTRA_MEMBERS = 40
EXTRA_NAMES = [
    "Aulne",
    "Bouleau",
    "Cèdre",
    "Érable",
    "Frêne",
    "Hêtre",
    "Mélèze",
    "Noisetier",
    "Orme",
    "Saule",
]


def _plan(network: Network) -> dict:
    return BREAST if "sein" in network.slug or "breast" in network.slug else CHRONIC


def seed_network(network: Network) -> int:
    if not network.is_patient_network:
        return 0
    plan = _plan(network)
    generator = random.Random(network.slug)  # noqa: S311 - synthetic demo data, not a secret
    today = timezone.localdate()
    _extra_members(network)
    members = Membership.objects.filter(network=network, status=Membership.Status.ACTIVE).order_by("pk")
    created = 0
    if network.slug != "cancer-du-sein":
        AnonymityThreshold.objects.get_or_create(network=network, defaults={"k": 3})
    for member in members:
        if HealthProfile.objects.filter(member=member).exists():
            continue
        if member.consent_id is None:
            member.consent = ConsentRecord.objects.create(
                user=member.user,
                network=network,
                text_version=consent.current_version(),
                text=consent.health_data_consent_text(network.name),
            )
            member.save(update_fields=["consent"])
        created += 1
        _profile(member, plan, generator, today)
    return created


def _extra_members(network: Network) -> None:
    """Synthetic personas (accounts that cannot sign in) so that aggregates reach k; idempotent."""
    from django.contrib.auth.hashers import make_password

    from entrepairs.accounts.models import User

    unusable = make_password(None)
    for index in range(EXTRA_MEMBERS):
        user, _created = User.objects.get_or_create(
            email=f"{network.slug}.sante-{index + 1:02d}@example.test", defaults={"password": unusable}
        )
        name = f"{EXTRA_NAMES[index % len(EXTRA_NAMES)]} {index + 30}"
        Membership.objects.get_or_create(
            network=network, user=user,
            defaults={"display_name": name, "member_type": "patient", "joined_at": timezone.now()},
        )  # fmt: skip


def _profile(member, plan, generator, today) -> None:
    profile = HealthProfile.objects.create(
        network=member.network,
        member=member,
        about_accompanied=member.member_type == Membership.MemberType.RELATIVE,
        birth_year=today.year - generator.randint(24, 78),
        conditions_visibility=generator.choice(LEVELS),
        treatments_visibility=generator.choice(LEVELS),
        symptoms_visibility=generator.choice(LEVELS),
        age_visibility=generator.choice(LEVELS),
    )
    codes, weights = zip(*plan["conditions"], strict=True)
    for code in set(generator.choices(codes, weights=weights, k=generator.randint(1, 2))):
        Condition.objects.create(
            network=member.network, profile=profile, code=code,
            diagnosis_year=today.year - generator.randint(0, 8), stage=generator.choice(plan["stages"]),
        )  # fmt: skip
    start = today - timedelta(days=generator.randint(120, 400))
    for name, dose, effects in generator.sample(plan["treatments"], k=generator.randint(1, 3)):
        started = start + timedelta(days=generator.randint(0, 60))
        stopped = started + timedelta(days=generator.randint(40, 200)) if generator.random() < 0.4 else None
        stopped = stopped if stopped and stopped < today else None
        treatment = Treatment.objects.create(
            network=member.network, profile=profile, name=name, name_key=icd10.fold(name), dose=dose,
            started_on=started, stopped_on=stopped,
            stop_reason=generator.choice(["side_effects", "completed", "ineffective"]) if stopped else "",
            effectiveness=generator.randint(1, 4),
        )  # fmt: skip
        for effect in generator.sample(effects, k=generator.randint(0, len(effects))):
            SideEffect.objects.create(
                network=member.network, treatment=treatment, name=effect, name_key=icd10.fold(effect),
                severity=generator.randint(1, 3),
            )  # fmt: skip
    symptoms = generator.sample(plan["symptoms"], k=3)
    # Members differ: some live with mild symptoms, some with strong ones (a community's insights
    # show a spread, not every member at the top of the scale).
    level = generator.uniform(0.0, 2.4)
    logs = []
    for day in range(0, 150, 3):
        for index, symptom in enumerate(symptoms):
            if generator.random() < 0.5:
                continue
            base = level + (0.6 if day < 60 else 0) - index * 0.4
            severity = max(0, min(4, round(base + generator.uniform(-0.8, 0.8))))
            logs.append(
                SymptomLog(
                    network=member.network,
                    profile=profile,
                    symptom=symptom,
                    symptom_key=symptom,
                    severity=severity,
                    logged_on=today - timedelta(days=day),
                )  # fmt: skip
            )
    SymptomLog.objects.bulk_create(logs)
