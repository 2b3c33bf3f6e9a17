"""The health API: the member's own profile (read, write, export), other members' profiles as they
chose to show them, members like me, the ICD-10 picker and the community insights of a condition.
Patient networks only (404 elsewhere, as for a network that does not exist). Reads go through
health.queries, writes through health.services; handlers parse, call and shape."""

from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from entrepairs.api.auth import SIGNED_IN
from entrepairs.api.errors import error_responses
from entrepairs.api.schemas import PathId
from entrepairs.health import icd10, queries, services
from entrepairs.health.api_schemas import (
    CodeList,
    ConditionIn,
    ConditionOut,
    HealthExportOut,
    InsightsOut,
    MatchList,
    ProfileOut,
    ProfilePatch,
    ProfileViewOut,
    SymptomIn,
    SymptomList,
    SymptomOut,
    TreatmentIn,
    TreatmentOut,
    TreatmentPatch,
)
from entrepairs.health.models import VISIBLE_FIELDS
from entrepairs.networks import access
from entrepairs.privacy import kanon
from entrepairs.privacy import queries as privacy_queries

router = Router(tags=["health"], auth=SIGNED_IN)
ERRORS = error_responses(409)
# Writes of the member's own words: their 422 may be the privacy guard's (confirm or refused).
WRITE_ERRORS = error_responses(409, publishing=True)
READ_ERRORS = error_responses()


def _member(request: HttpRequest, slug: str):
    member = access.get_membership_or_404(request.auth, slug)
    services.require_patient_network(member)
    return member


def _condition(condition) -> dict:
    return {
        "id": condition.pk,
        "code": condition.code,
        "label": condition.label,
        "diagnosis_year": condition.diagnosis_year,
        "stage": condition.stage,
    }


def _treatment(treatment) -> dict:
    return {
        "id": treatment.pk,
        "name": treatment.name,
        "dose": treatment.dose,
        "started_on": treatment.started_on,
        "stopped_on": treatment.stopped_on,
        "stop_reason": treatment.stop_reason,
        "effectiveness": treatment.effectiveness,
        "side_effects": [{"name": e.name, "severity": e.severity} for e in treatment.side_effects.all()],
    }


def _symptom(log) -> dict:
    return {
        "id": log.pk,
        "symptom": log.symptom,
        "label": log.symptom_label,
        "severity": log.severity,
        "logged_on": log.logged_on,
        "note": log.note,
    }


def _profile(profile) -> dict:
    saved = profile.pk is not None
    return {
        "about_accompanied": profile.about_accompanied,
        "birth_year": profile.birth_year,
        "visibility": {name: profile.visibility(name) for name in VISIBLE_FIELDS},
        "conditions": [_condition(c) for c in profile.conditions.all()] if saved else [],
        "treatments": [_treatment(t) for t in profile.treatments.all()] if saved else [],
    }


@router.get(
    "/networks/{slug}/health/profile",
    response={200: ProfileOut, **READ_ERRORS},
    operation_id="get_health_profile",
    summary="My health profile in this network",
)
def get_health_profile(request: HttpRequest, slug: str):
    return _profile(queries.my_profile(_member(request, slug)))


@router.patch(
    "/networks/{slug}/health/profile",
    response={200: ProfileOut, **ERRORS},
    operation_id="update_health_profile",
    summary="Year of birth, 'about the person I accompany', and who sees each field",
)
def update_health_profile(request: HttpRequest, slug: str, payload: ProfilePatch):
    """Fields left out keep their value. Visibility: only_me (the default), like_me, network."""
    member = _member(request, slug)
    values = payload.model_dump(exclude_unset=True)
    current = queries.my_profile(member)
    if "birth_year" in values or "about_accompanied" in values:
        about = values.get("about_accompanied")
        services.update_profile(
            member,
            birth_year=values["birth_year"] if "birth_year" in values else current.birth_year,
            about_accompanied=current.about_accompanied if about is None else about,
        )
    levels = {
        name: values[f"{name}_visibility"]
        for name in VISIBLE_FIELDS
        if values.get(f"{name}_visibility") is not None
    }
    if levels:
        services.set_visibility(member, **levels)
    return _profile(queries.my_profile(member))


@router.post(
    "/networks/{slug}/health/conditions",
    response={201: ConditionOut, **WRITE_ERRORS},
    operation_id="add_condition",
    summary="Add a condition (ICD-10)",
)
def add_condition(request: HttpRequest, slug: str, payload: ConditionIn):
    """400 `unknown_code`, `date_in_future`, `before_birth`; 409 `already_recorded`; 403 `consent_required`."""
    condition = services.add_condition(_member(request, slug), **payload.model_dump())
    return Status(201, _condition(condition))


@router.delete(
    "/networks/{slug}/health/conditions/{condition_id}",
    response={204: None, **READ_ERRORS},
    operation_id="remove_condition",
    summary="Remove one of my conditions",
)
def remove_condition(request: HttpRequest, slug: str, condition_id: PathId):
    member = _member(request, slug)
    services.remove_condition(member, queries.get_own_condition_or_404(member, condition_id))
    return Status(204, None)


@router.post(
    "/networks/{slug}/health/treatments",
    response={201: TreatmentOut, **WRITE_ERRORS},
    operation_id="add_treatment",
    summary="Add a treatment with its side effects",
)
def add_treatment(request: HttpRequest, slug: str, payload: TreatmentIn):
    """400 `stop_before_start`, `date_in_future`, `before_birth`, `stop_date_required`, `duplicate`;
    422 `privacy_blocked` / `privacy_confirm_required` (send again with `confirm_privacy`)."""
    values = payload.model_dump()
    effects = [(effect["name"], effect["severity"]) for effect in values.pop("side_effects")]
    treatment = services.add_treatment(_member(request, slug), side_effects=effects, **values)
    return Status(201, _treatment(treatment))


@router.patch(
    "/networks/{slug}/health/treatments/{treatment_id}",
    response={200: TreatmentOut, **WRITE_ERRORS},
    operation_id="update_treatment",
    summary="Change a treatment (stop it, rate it, its side effects)",
)
def update_treatment(request: HttpRequest, slug: str, treatment_id: PathId, payload: TreatmentPatch):
    member = _member(request, slug)
    treatment = queries.get_own_treatment_or_404(member, treatment_id)
    values = payload.model_dump(exclude_unset=True)
    effects = values.pop("side_effects", None)
    if effects is not None:
        effects = [(effect["name"], effect["severity"]) for effect in effects]
    # null clears what may be empty (stop date, reason, effectiveness); the rest keeps its value.
    values = {
        key: ("" if key == "stop_reason" and value is None else value)
        for key, value in values.items()
        if value is not None or key in {"stopped_on", "stop_reason", "effectiveness"}
    }
    treatment = services.update_treatment(member, treatment, side_effects=effects, **values)
    return _treatment(queries.get_own_treatment_or_404(member, treatment.pk))


@router.delete(
    "/networks/{slug}/health/treatments/{treatment_id}",
    response={204: None, **READ_ERRORS},
    operation_id="remove_treatment",
    summary="Remove one of my treatments",
)
def remove_treatment(request: HttpRequest, slug: str, treatment_id: PathId):
    member = _member(request, slug)
    services.remove_treatment(member, queries.get_own_treatment_or_404(member, treatment_id))
    return Status(204, None)


class SymptomQuery(Schema):
    days: int = Field(default=90, ge=1, le=3650)


@router.get(
    "/networks/{slug}/health/symptoms",
    response={200: SymptomList, **READ_ERRORS},
    operation_id="list_symptoms",
    summary="My symptom logs of the last days (at most 2,000)",
)
def list_symptoms(request: HttpRequest, slug: str, query: Query[SymptomQuery]):
    profile = queries.my_profile(_member(request, slug))
    return {"items": [_symptom(log) for log in queries.recent_symptoms(profile, days=query.days)]}


@router.post(
    "/networks/{slug}/health/symptoms",
    response={201: SymptomOut, **WRITE_ERRORS},
    operation_id="log_symptom",
    summary="Record a symptom (severity 0–4, today by default)",
)
def log_symptom(request: HttpRequest, slug: str, payload: SymptomIn):
    log = services.log_symptom(_member(request, slug), **payload.model_dump())
    return Status(201, _symptom(log))


@router.delete(
    "/networks/{slug}/health/symptoms/{log_id}",
    response={204: None, **READ_ERRORS},
    operation_id="remove_symptom",
    summary="Remove one of my symptom logs",
)
def remove_symptom(request: HttpRequest, slug: str, log_id: PathId):
    member = _member(request, slug)
    services.remove_symptom_log(member, queries.get_own_symptom_log_or_404(member, log_id))
    return Status(204, None)


class CodeQuery(Schema):
    query: str = Field(default="", max_length=60, pattern=r"^[^\x00]*$")


@router.get(
    "/networks/{slug}/health/icd10",
    response={200: CodeList, **READ_ERRORS},
    operation_id="search_icd10",
    summary="Search ICD-10 by code or label (French and English, accents ignored)",
)
def search_icd10(request: HttpRequest, slug: str, query: Query[CodeQuery]):
    _member(request, slug)
    results = icd10.search(query.query, language=request.LANGUAGE_CODE)
    return {"items": [{"code": code, "label": label} for code, label in results]}


def _view(view) -> dict:
    return {
        "member_id": view.member.pk,
        "display_name": view.member.display_name,
        "about_accompanied": view.about_accompanied,
        "age_band": view.age_band,
        "conditions": None if view.conditions is None else [_condition(c) for c in view.conditions],
        "treatments": None if view.treatments is None else [_treatment(t) for t in view.treatments],
        "symptoms": None
        if view.symptoms is None
        else [
            {
                "symptom": log.symptom,
                "label": log.symptom_label,
                "severity": log.severity,
                "logged_on": log.logged_on,
            }
            for log in view.symptoms
        ],
    }


@router.get(
    "/networks/{slug}/health/members/{member_id}",
    response={200: ProfileViewOut, **READ_ERRORS},
    operation_id="get_member_health",
    summary="Another member's health profile, as they chose to show it to me",
)
def get_member_health(request: HttpRequest, slug: str, member_id: PathId):
    return _view(queries.member_profile_view(_member(request, slug), member_id))


class PreviewQuery(Schema):
    audience: Literal["like_me", "network"] = "network"


@router.get(
    "/networks/{slug}/health/preview",
    response={200: ProfileViewOut, **READ_ERRORS},
    operation_id="preview_health_profile",
    summary="My profile as a member like me, or any member, sees it",
)
def preview_health_profile(request: HttpRequest, slug: str, query: Query[PreviewQuery]):
    return _view(queries.preview(_member(request, slug), query.audience))


@router.get(
    "/networks/{slug}/health/like-me",
    response={200: MatchList, **READ_ERRORS},
    operation_id="members_like_me",
    summary="Members like me, best first, with the reasons of each match",
)
def members_like_me(request: HttpRequest, slug: str):
    member = _member(request, slug)
    return {
        "items": [
            {
                "member_id": m.member.pk,
                "display_name": m.member.display_name,
                "score": m.score,
                "reasons": m.reasons,
            }
            for m in queries.members_like_me(member)
        ],
        "messaging_enabled": member.network.private_messages_enabled,
    }


class InsightQuery(Schema):
    condition: str | None = Field(default=None, max_length=8, pattern=r"^[A-Za-z0-9.]*$")
    age_band: Literal[kanon.AGE_BANDS] | None = None  # type: ignore[valid-type]


def _cells(cells) -> list[dict]:
    return [{"label": str(cell.key), "count": cell.count, "percent": cell.percent} for cell in cells]


@router.get(
    "/networks/{slug}/health/insights",
    response={200: InsightsOut, **READ_ERRORS},
    operation_id="get_health_insights",
    summary="Community insights of a condition: treatments, side effects, symptom severity (k-anonymous)",
)
def get_health_insights(request: HttpRequest, slug: str, query: Query[InsightQuery]):
    """Only what members share with all members; a number from fewer than `k` members is null, and
    an age band that would reveal fewer than `k` by difference with the whole condition shows none."""
    member = _member(request, slug)
    k = privacy_queries.anonymity_threshold(member.network)
    topics = queries.insight_topics(member, k)
    condition = query.condition if query.condition in dict(topics) else (topics[0][0] if topics else None)
    insight = queries.condition_insights(member, k, condition, query.age_band) if condition else None
    return {
        "k": k,
        "topics": [{"code": code, "label": label} for code, label in topics],
        "condition": condition,
        "age_band": query.age_band if insight else None,
        "population": insight["population"] if insight else None,
        "treatments": _cells(insight["treatments"]) if insight else [],
        "side_effects": _cells(insight["effects"]) if insight else [],
        "symptoms": [
            {"label": s["label"], "total": s["total"], "cells": _cells(s["cells"])}
            for s in insight["symptoms"]
        ]
        if insight
        else [],
    }


@router.get(
    "/networks/{slug}/health/export",
    response={200: HealthExportOut, **READ_ERRORS},
    operation_id="export_health",
    summary="My whole health profile in this network (JSON)",
)
def export_health(request: HttpRequest, slug: str):
    return queries.export_rows(queries.own_profile_for_export(_member(request, slug)))
