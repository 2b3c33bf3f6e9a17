"""Reads of surveys and their results.

Results are shown only once a survey is closed: results that change with each answer would let a
member compare the page before and after someone answers, and read that person's answer (a
difference of two releases; privacy/kanon.py). Every count goes through privacy/kanon.py with the
network's k; a survey answered by fewer than k members shows no result at all. Short-text answers
are read by the network's editors only, without names, and only from k respondents on."""

from collections import Counter

from django.core.cache import cache
from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone

from entrepairs.errors import NOT_FOUND
from entrepairs.networks.models import Membership
from entrepairs.privacy import kanon
from entrepairs.surveys.models import Answer, Question, Response, Survey
from entrepairs.surveys.services import EDITOR_ROLES, respondent_key


def is_editor(member: Membership) -> bool:
    return member.is_active and member.role in EDITOR_ROLES


def visible_surveys(member: Membership) -> QuerySet[Survey]:
    """The network's surveys; editors also see those not open yet."""
    surveys = Survey.objects.filter(network_id=member.network_id).annotate(question_count=Count("questions"))
    if not is_editor(member):
        surveys = surveys.filter(opens_at__lte=timezone.now())
    return surveys.order_by("-opens_at", "-created_at")


def get_survey_or_404(member: Membership, survey_id: int) -> Survey:
    survey = visible_surveys(member).filter(pk=survey_id).first()
    if survey is None:
        raise Http404(NOT_FOUND)
    return survey


def questions_of(survey: Survey) -> list[Question]:
    return list(survey.questions.all())


def answered_ids(member: Membership, surveys) -> set[int]:
    """Which of `surveys` the member answered (one query), anonymous ones included."""
    keys = {respondent_key(survey.pk, member.pk): survey.pk for survey in surveys}
    if not keys:
        return set()
    found = Response.objects.filter(network_id=member.network_id, respondent_key__in=list(keys))
    return {keys[key] for key in found.values_list("respondent_key", flat=True)}


def has_answered(member: Membership, survey: Survey) -> bool:
    return survey.pk in answered_ids(member, [survey])


def response_count(survey: Survey) -> int:
    return Response.objects.filter(network_id=survey.network_id, survey=survey).count()


# The released results of a closed survey are kept this long in the shared cache (k-anonymous numbers;
# editors' written answers under their own key).
RESULTS_SECONDS = 600


def results(member: Membership, survey: Survey, k: int) -> dict | None:
    """The k-anonymous results of a closed survey (None while it is open). Three queries (four for an
    editor when written answers are to be read), or none within RESULTS_SECONDS."""
    if not survey.is_closed():
        return None
    k = kanon.clamp_k(k)
    key = f"surveys:results:{survey.pk}:{k}:{'editor' if is_editor(member) else 'member'}"
    found = cache.get(key)
    if found is None:
        found = _results(member, survey, k)
        cache.set(key, found, RESULTS_SECONDS)
    return found


def _results(member: Membership, survey: Survey, k: int) -> dict:
    respondents = response_count(survey)
    questions = questions_of(survey)
    if respondents < k:
        return {"respondents": None, "k": k, "questions": [], "too_few": True}
    choice_counts: dict[int, Counter] = {question.pk: Counter() for question in questions}
    answered: Counter = Counter()
    # Counted in the database: one row per question and distinct answer (a single choice, a scale
    # value, a set of multiple choices: at most 2^12 sets), not one per respondent.
    rows = (
        Answer.objects.filter(question__survey=survey)
        .values_list("question_id", "choices", "scale")
        .annotate(respondents=Count("pk"))
        .order_by()
    )
    for question_id, choices, scale, members in rows:
        answered[question_id] += members
        if scale is not None:
            choice_counts[question_id][scale] += members
        for index in choices or []:
            choice_counts[question_id][index] += members
    editor = is_editor(member)
    texts: dict[int, list[str]] = {question.pk: [] for question in questions}
    readable = [q.pk for q in questions if q.kind == Question.Kind.TEXT and answered[q.pk] >= k]
    if editor and readable:  # written answers: editors only, from k respondents on (one more query)
        written = Answer.objects.filter(question_id__in=readable).exclude(text="")
        for question_id, text in written.values_list("question_id", "text").iterator(chunk_size=2000):
            texts[question_id].append(text)
    out = []
    for question in questions:
        total = answered[question.pk]
        entry = {"question": question, "answered": total if total >= k else None, "cells": [], "texts": None}
        if question.kind == Question.Kind.SINGLE:
            counts = {index: choice_counts[question.pk][index] for index in range(len(question.choices))}
            released = kanon.known_zeros(
                kanon.suppress_partition(counts, k, total=total), total=entry["answered"]
            )
            entry["cells"] = _labelled(kanon.ordered_cells(released, total=total), question.choices)
        elif question.kind == Question.Kind.MULTIPLE:
            counts = {index: choice_counts[question.pk][index] for index in range(len(question.choices))}
            released = kanon.suppress_members_having(counts, k, total=total)
            entry["cells"] = _labelled(kanon.ordered_cells(released, total=total), question.choices)
        elif question.kind == Question.Kind.SCALE:
            counts = {
                value: choice_counts[question.pk][value] for value in range(1, (question.scale_max or 5) + 1)
            }
            released = kanon.known_zeros(
                kanon.suppress_partition(counts, k, total=total), total=entry["answered"]
            )
            entry["cells"] = kanon.ordered_cells(released, total=total)
        elif editor and total >= k:
            entry["texts"] = sorted(texts[question.pk], key=str.casefold)
        out.append(entry)
    return {"respondents": respondents, "k": k, "questions": out, "too_few": False}


def _labelled(cells, labels) -> list[kanon.Cell]:
    return [kanon.Cell(labels[cell.key], cell.count, cell.percent) for cell in cells]


def closed_surveys(member: Membership, limit: int = 10) -> list[Survey]:
    """The network's latest closed surveys, for the insights page (one query)."""
    return list(visible_surveys(member).filter(closes_at__lte=timezone.now())[:limit])


def member_responses(member: Membership) -> QuerySet[Response]:
    """The persona's own named responses (anonymous ones are found by their key: erasure, export)."""
    return Response.objects.filter(network_id=member.network_id, member=member)
