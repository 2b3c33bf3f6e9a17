"""The sections of a network's community insights, filled by the features at start-up.

The insights page (surveys app) shows aggregates from several features (health profiles, surveys)
without importing them: each feature registers a section here from its AppConfig.ready(). A section
computes its numbers through privacy/kanon.py with the network's k, and only from data its members
shared at the "network members" level or answered in surveys.

- `topics(member, k) -> list[(code, label)]`: the subjects a reader may pick (conditions), only
  those with at least k members;
- `build(member, k, topic, age_band) -> dict | None`: the template context of the section for one topic
  (None for a topic it knows nothing about); `template` renders it."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class InsightSection:
    name: str
    template: str
    build: Callable
    topics: Callable | None = None
    order: int = 100


sections: list[InsightSection] = []


def register_section(section: InsightSection) -> None:
    if all(existing.name != section.name for existing in sections):
        sections.append(section)
        sections.sort(key=lambda item: item.order)
