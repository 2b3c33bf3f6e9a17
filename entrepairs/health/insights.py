"""The health section of the community insights (privacy/insights.py; the page is the surveys app's)."""

from entrepairs.health import queries


def insight_topics(member, k: int) -> list[tuple[str, str]]:
    if not member.network.is_patient_network:
        return []
    return queries.insight_topics(member, k)


def insight_section(member, k: int, topic: str | None, age_band: str | None = None) -> dict | None:
    if not topic or not member.network.is_patient_network:
        return None
    return queries.condition_insights(member, k, topic, age_band)
