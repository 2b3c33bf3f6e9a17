"""Shapes of the health API (entrepairs/health/api.py). Input schemas forbid unknown fields."""

from datetime import date
from typing import Annotated, Literal

from ninja import Field, Schema

from entrepairs.api.schemas import JSON_NUMBER, Flag, PrivacyKind, StrictInput, Text, confirm_privacy_field

Level = Literal["only_me", "like_me", "network"]
Year = Annotated[int, Field(ge=1, le=9999), JSON_NUMBER]
Severity04 = Annotated[int, Field(ge=0, le=4), JSON_NUMBER]
Severity13 = Annotated[int, Field(ge=1, le=3), JSON_NUMBER]
Effectiveness = Annotated[int, Field(ge=0, le=4), JSON_NUMBER]
StopReason = Literal["side_effects", "ineffective", "completed", "doctor", "cost", "other", ""]


class ProfilePatch(StrictInput):
    birth_year: Year | None = None
    about_accompanied: Flag | None = None
    conditions_visibility: Level | None = None
    treatments_visibility: Level | None = None
    symptoms_visibility: Level | None = None
    age_visibility: Level | None = None


class ConditionIn(StrictInput):
    code: Text = Field(max_length=8, description="ICD-10 code, e.g. C50.4")
    diagnosis_year: Year | None = None
    stage: Text = Field(default="", max_length=40)
    confirm_privacy: list[PrivacyKind] = confirm_privacy_field()


class SideEffectIn(StrictInput):
    name: Text = Field(max_length=60)
    severity: Severity13 = Field(description="1 mild, 2 moderate, 3 severe")


class TreatmentIn(StrictInput):
    name: Text = Field(max_length=80)
    dose: Text = Field(default="", max_length=80)
    started_on: date
    stopped_on: date | None = None
    stop_reason: StopReason = ""
    effectiveness: Effectiveness | None = None
    side_effects: list[SideEffectIn] = Field(default_factory=list, max_length=10)
    confirm_privacy: list[PrivacyKind] = confirm_privacy_field()


class TreatmentPatch(StrictInput):
    name: Text | None = Field(default=None, max_length=80)
    dose: Text | None = Field(default=None, max_length=80)
    started_on: date | None = None
    stopped_on: date | None = None
    stop_reason: StopReason | None = None
    effectiveness: Effectiveness | None = None
    side_effects: list[SideEffectIn] | None = Field(default=None, max_length=10)
    confirm_privacy: list[PrivacyKind] = confirm_privacy_field()


class SymptomIn(StrictInput):
    symptom: Text = Field(
        max_length=60, description="a common symptom's key (fatigue, pain...) or the member's words"
    )
    severity: Severity04 = Field(description="0 none to 4 extreme")
    logged_on: date | None = Field(default=None, description="today when left out")
    note: Text = Field(default="", max_length=300)
    confirm_privacy: list[PrivacyKind] = confirm_privacy_field()


class ConditionOut(Schema):
    id: int
    code: str
    label: str
    diagnosis_year: int | None
    stage: str


class SideEffectOut(Schema):
    name: str
    severity: int


class TreatmentOut(Schema):
    id: int
    name: str
    dose: str
    started_on: date
    stopped_on: date | None
    stop_reason: str
    effectiveness: int | None
    side_effects: list[SideEffectOut]


class SymptomOut(Schema):
    id: int
    symptom: str
    label: str
    severity: int
    logged_on: date
    note: str


class ProfileOut(Schema):
    about_accompanied: bool
    birth_year: int | None
    visibility: dict[str, str]
    conditions: list[ConditionOut]
    treatments: list[TreatmentOut]


class SymptomList(Schema):
    items: list[SymptomOut]


class CodeOut(Schema):
    code: str
    label: str


class CodeList(Schema):
    items: list[CodeOut]


class VisibleSymptomOut(Schema):
    symptom: str
    label: str
    severity: int
    logged_on: date


class ProfileViewOut(Schema):
    """What one audience sees of a member's profile: a field is null when hidden from it."""

    member_id: int
    display_name: str
    about_accompanied: bool
    age_band: str | None
    conditions: list[ConditionOut] | None
    treatments: list[TreatmentOut] | None
    symptoms: list[VisibleSymptomOut] | None


class MatchOut(Schema):
    member_id: int
    display_name: str
    score: int
    reasons: list[str]


class MatchList(Schema):
    items: list[MatchOut]
    messaging_enabled: bool


class CellOut(Schema):
    label: str
    count: int | None = Field(description="null when fewer than k members: hidden")
    percent: int | None


class SymptomDistributionOut(Schema):
    label: str
    total: int
    cells: list[CellOut]


class InsightsOut(Schema):
    k: int
    topics: list[CodeOut]
    condition: str | None
    age_band: str | None
    population: int | None
    treatments: list[CellOut]
    side_effects: list[CellOut]
    symptoms: list[SymptomDistributionOut]


class HealthExportOut(Schema):
    profile: list[dict]
    conditions: list[dict]
    treatments: list[dict]
    side_effects: list[dict]
    symptoms: list[dict]
