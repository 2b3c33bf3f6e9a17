"""Health test helpers: a member with the health-data consent recorded, and a profile filled through
the services (so that factories obey the same rules as members)."""

import datetime

from entrepairs.accounts import consent
from entrepairs.accounts.models import ConsentRecord
from entrepairs.health import services


def with_consent(member):
    member.consent = ConsentRecord.objects.create(
        user=member.user,
        network=member.network,
        text_version=consent.current_version(),
        text=consent.health_data_consent_text(member.network.name),
    )
    member.save(update_fields=["consent"])
    return member


def profile_factory(
    member, *, codes=("C50.4",), treatments=(), visibility="only_me", birth_year=1975, symptoms=(), stage=""
):
    """`treatments`: names, or (name, [side effects]) pairs; `symptoms`: (symptom, severity, days ago)."""
    if member.consent_id is None:
        with_consent(member)
    services.update_profile(member, birth_year=birth_year)
    for code in codes:
        services.add_condition(member, code=code, diagnosis_year=2020, stage=stage)
    for item in treatments:
        name, effects = (item, []) if isinstance(item, str) else item
        services.add_treatment(
            member, name=name, started_on=datetime.date(2024, 1, 10), side_effects=[(e, 2) for e in effects]
        )
    for symptom, severity, days_ago in symptoms:
        services.log_symptom(
            member,
            symptom=symptom,
            severity=severity,
            logged_on=services.today() - datetime.timedelta(days=days_ago),
        )
    levels = dict.fromkeys(("conditions", "treatments", "symptoms", "age"), visibility)
    return services.set_visibility(member, **levels)
