"""The surveys API: members list, read and answer surveys and read their k-anonymous results once
closed; editors (and administrators) write, close and delete them, behind two-factor
authentication; administrators set the network's k. Reads go through surveys.queries, writes
through surveys.services; handlers parse, call and shape."""

from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status

from entrepairs.accounts.mfa import require_mfa_for_role
from entrepairs.api.auth import SIGNED_IN
from entrepairs.api.errors import error_responses
from entrepairs.api.schemas import PathId
from entrepairs.networks import access
from entrepairs.privacy import queries as privacy_queries
from entrepairs.privacy import services as privacy_services
from entrepairs.surveys import queries, services
from entrepairs.surveys.api_schemas import (
    AnswerIn,
    AnswerOut,
    ResultsOut,
    SurveyDetailOut,
    SurveyIn,
    SurveyList,
    SurveyPatch,
    ThresholdIn,
    ThresholdOut,
)

router = Router(tags=["surveys"], auth=SIGNED_IN)
ERRORS = error_responses(409)
# Writes of text (the editors' wording, written answers): their 422 may be the privacy guard's.
WRITE_ERRORS = error_responses(409, publishing=True)
READ_ERRORS = error_responses()


def _editor(request: HttpRequest, slug: str):
    """As the editors' pages: non-members 404, members without the role 403, then two-factor."""
    editor = access.get_editor_membership_or_404(request.auth, slug)
    require_mfa_for_role(editor)
    return editor


def _survey(survey, answered: bool) -> dict:
    return {
        "id": survey.pk,
        "title": survey.title,
        "description": survey.description,
        "opens_at": survey.opens_at,
        "closes_at": survey.closes_at,
        "anonymous": survey.anonymous,
        "is_open": survey.is_open(),
        "is_closed": survey.is_closed(),
        "answered": answered,
    }


def _detail(survey, answered: bool) -> dict:
    return {
        **_survey(survey, answered),
        "questions": [
            {
                "id": q.pk,
                "kind": q.kind,
                "text": q.text,
                "choices": q.choices,
                "scale_max": q.scale_max,
                "required": q.required,
            }
            for q in queries.questions_of(survey)
        ],
    }


@router.get(
    "/networks/{slug}/surveys",
    response={200: SurveyList, **READ_ERRORS},
    operation_id="list_surveys",
    summary="The network's surveys (the latest 100)",
)
def list_surveys(request: HttpRequest, slug: str):
    member = access.get_membership_or_404(request.auth, slug)
    surveys = list(queries.visible_surveys(member)[:100])
    answered = queries.answered_ids(member, surveys)
    return {"items": [_survey(survey, survey.pk in answered) for survey in surveys]}


@router.post(
    "/networks/{slug}/surveys",
    response={201: SurveyDetailOut, **WRITE_ERRORS},
    operation_id="create_survey",
    summary="Write a survey (editors and administrators)",
)
def create_survey(request: HttpRequest, slug: str, payload: SurveyIn):
    """400 `close_before_open`, `closes_in_past`, `invalid_choices`, `duplicate`, `invalid_scale`."""
    editor = _editor(request, slug)
    values = payload.model_dump()
    questions = [
        {key: value for key, value in q.items() if value is not None} for q in values.pop("questions")
    ]
    survey = services.create_survey(editor, questions=questions, **values)
    return Status(201, _detail(survey, answered=False))


@router.get(
    "/networks/{slug}/surveys/{survey_id}",
    response={200: SurveyDetailOut, **READ_ERRORS},
    operation_id="get_survey",
    summary="A survey with its questions",
)
def get_survey(request: HttpRequest, slug: str, survey_id: PathId):
    member = access.get_membership_or_404(request.auth, slug)
    survey = queries.get_survey_or_404(member, survey_id)
    return _detail(survey, queries.has_answered(member, survey))


def _question_values(question) -> dict:
    return {
        "kind": question.kind,
        "text": question.text,
        "choices": question.choices,
        "scale_max": question.scale_max,
        "required": question.required,
    }


@router.patch(
    "/networks/{slug}/surveys/{survey_id}",
    response={200: SurveyDetailOut, **WRITE_ERRORS},
    operation_id="update_survey",
    summary="Change a survey (editors): anything before the first answer, then its closing date and wording fixes",
)
def update_survey(request: HttpRequest, slug: str, survey_id: PathId, payload: SurveyPatch):
    """409 `survey_answered` (with the field refused) once members answered; 400 `closes_in_past`,
    `close_before_open`."""
    editor = _editor(request, slug)
    survey = queries.get_survey_or_404(editor, survey_id)
    values = payload.model_dump(exclude_unset=True)
    confirm_privacy = values.pop("confirm_privacy", [])
    if values.get("questions") is not None:
        questions = [
            {key: value for key, value in q.items() if value is not None} for q in values["questions"]
        ]
    else:
        questions = [_question_values(question) for question in queries.questions_of(survey)]
    current = {
        "title": survey.title,
        "description": survey.description,
        "opens_at": survey.opens_at,
        "closes_at": survey.closes_at,
        "anonymous": survey.anonymous,
    }
    merged = {key: value if values.get(key) is None else values[key] for key, value in current.items()}
    services.update_survey(editor, survey, questions=questions, confirm_privacy=confirm_privacy, **merged)
    survey = queries.get_survey_or_404(editor, survey_id)
    return _detail(survey, queries.has_answered(editor, survey))


@router.delete(
    "/networks/{slug}/surveys/{survey_id}",
    response={204: None, **READ_ERRORS},
    operation_id="delete_survey",
    summary="Delete a survey and its answers (editors and administrators)",
)
def delete_survey(request: HttpRequest, slug: str, survey_id: PathId):
    editor = _editor(request, slug)
    services.delete_survey(editor, queries.get_survey_or_404(editor, survey_id))
    return Status(204, None)


@router.post(
    "/networks/{slug}/surveys/{survey_id}/answers",
    response={201: AnswerOut, **WRITE_ERRORS},
    operation_id="answer_survey",
    summary="Answer a survey (once)",
)
def answer_survey(request: HttpRequest, slug: str, survey_id: PathId, payload: AnswerIn):
    """409 `already_answered`, `survey_closed`, `survey_not_open`; 400 per question (field
    `answers.<question id>`); 403 `consent_required` in patient networks without the consent."""
    member = access.get_membership_or_404(request.auth, slug)
    survey = queries.get_survey_or_404(member, survey_id)
    response = services.answer_survey(
        member, survey, payload.answers, confirm_privacy=payload.confirm_privacy
    )
    return Status(201, {"survey_id": survey.pk, "submitted_on": response.submitted_on.isoformat()})


@router.post(
    "/networks/{slug}/surveys/{survey_id}/close",
    response={200: SurveyDetailOut, **READ_ERRORS},
    operation_id="close_survey",
    summary="Close a survey now (editors and administrators)",
)
def close_survey(request: HttpRequest, slug: str, survey_id: PathId):
    editor = _editor(request, slug)
    survey = services.close_survey(editor, queries.get_survey_or_404(editor, survey_id))
    return _detail(survey, queries.has_answered(editor, survey))


@router.get(
    "/networks/{slug}/surveys/{survey_id}/results",
    response={200: ResultsOut, **READ_ERRORS},
    operation_id="get_survey_results",
    summary="A closed survey's results, k-anonymous",
)
def get_survey_results(request: HttpRequest, slug: str, survey_id: PathId):
    """Empty while the survey is open (`closed: false`); `respondents` null when fewer than k members
    answered; each count null when it comes from fewer than k members."""
    member = access.get_membership_or_404(request.auth, slug)
    survey = queries.get_survey_or_404(member, survey_id)
    k = privacy_queries.anonymity_threshold(member.network)
    results = queries.results(member, survey, k)
    if results is None:
        return {"k": k, "closed": False, "respondents": None, "questions": []}
    return {
        "k": k,
        "closed": True,
        "respondents": results["respondents"],
        "questions": [
            {
                "question_id": entry["question"].pk,
                "kind": entry["question"].kind,
                "text": entry["question"].text,
                "answered": entry["answered"],
                "cells": [
                    {"label": str(c.key), "count": c.count, "percent": c.percent} for c in entry["cells"]
                ],
                "texts": entry["texts"],
            }
            for entry in results["questions"]
        ],
    }


@router.get(
    "/networks/{slug}/anonymity",
    response={200: ThresholdOut, **READ_ERRORS},
    operation_id="get_anonymity_threshold",
    summary="The network's k: the smallest group an aggregate shows",
)
def get_anonymity_threshold(request: HttpRequest, slug: str):
    member = access.get_membership_or_404(request.auth, slug)
    return {"k": privacy_queries.anonymity_threshold(member.network)}


@router.put(
    "/networks/{slug}/anonymity",
    response={200: ThresholdOut, **READ_ERRORS},
    operation_id="set_anonymity_threshold",
    summary="Set the network's k (administrators; at least 3)",
)
def set_anonymity_threshold(request: HttpRequest, slug: str, payload: ThresholdIn):
    admin = access.get_admin_membership_or_404(request.auth, slug)
    require_mfa_for_role(admin)
    return {"k": privacy_services.set_anonymity_threshold(admin, payload.k)}
