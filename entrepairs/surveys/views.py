"""Survey pages: the list, answering, the results (k-anonymous, once closed), the editors' form, and
the network's community insights (sections registered by the features: privacy/insights.py). Thin:
parse, call surveys.services or the queries, render."""

from dataclasses import replace

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entrepairs.errors import ActionRefused
from entrepairs.privacy import insights as insight_registry
from entrepairs.privacy import queries as privacy_queries
from entrepairs.privacy import services as privacy_services
from entrepairs.privacy.forms import confirmed
from entrepairs.privacy.kanon import AGE_BANDS
from entrepairs.privacy.services import PrivacyRefused
from entrepairs.surveys import queries, services
from entrepairs.surveys.forms import QUESTION_SLOTS, AnswerForm, SurveyForm, ThresholdForm, initial_of
from entrepairs.web.forms import apply_refusal
from entrepairs.web.gates import admin_page, editor_page, member_page


def _page(request, member, template, context):
    return render(request, template, {"network": member.network, "member": member, **context})


@member_page
def index(request, member, slug):
    surveys = list(queries.visible_surveys(member)[:100])
    answered = queries.answered_ids(member, surveys)
    return _page(
        request, member, "surveys/index.html",
        {"surveys": surveys, "answered": answered, "editor": queries.is_editor(member)},
    )  # fmt: skip


@member_page
def survey(request, member, slug, survey_id):
    found = queries.get_survey_or_404(member, survey_id)
    questions = queries.questions_of(found)
    answered = queries.has_answered(member, found)
    form = AnswerForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_survey(member, found, form.answers(), confirm_privacy=confirmed(form))
        except ActionRefused as refusal:
            apply_refusal(form, _on_form_fields(refusal, _answer_field))
        else:
            messages.success(request, _("Thank you: your answer is recorded."))
            return redirect("surveys:index", slug=slug)
    return _page(
        request, member, "surveys/survey.html",
        {"survey": found, "form": form, "answered": answered, "editor": queries.is_editor(member)},
    )  # fmt: skip


def _answer_field(name: str | None) -> str | None:
    """The service's `answers.<question id>` is the form's `q<question id>`."""
    return "q" + name.split(".", 1)[1] if name and name.startswith("answers.") else name


def _question_field(name: str | None) -> str | None:
    """The service's `questions.<index>.<part>` is the form's `q<index>_<part>`."""
    if name and name.startswith("questions."):
        parts = name.split(".")
        return f"q{parts[1]}_{parts[2] if len(parts) > 2 else 'text'}"
    return "q0_text" if name == "questions" else name


def _on_form_fields(refusal: ActionRefused, rename) -> ActionRefused:
    """The refusal with its fields (and a privacy refusal's findings) named as the form names them."""
    refusal.field = rename(refusal.field)
    if isinstance(refusal, PrivacyRefused):
        refusal.findings = [replace(item, field=rename(item.field)) for item in refusal.findings]
        refusal.blocked = [replace(item, field=rename(item.field)) for item in refusal.blocked]
    return refusal


@member_page
def results(request, member, slug, survey_id):
    found = queries.get_survey_or_404(member, survey_id)
    k = privacy_queries.anonymity_threshold(member.network)
    context = {"survey": found, "results": queries.results(member, found, k), "k": k}
    if queries.is_editor(member) and not found.is_closed():
        context["respondents_so_far"] = queries.response_count(found)
    return _page(request, member, "surveys/results.html", context)


@editor_page
def new_survey(request, member, slug):
    slots = QUESTION_SLOTS + (6 if request.GET.get("more") else 0)
    form = SurveyForm(
        request.POST or None, slots=int(request.POST.get("slots", slots)) if request.POST else slots
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.create_survey(
                member, title=data["title"], description=data["description"], opens_at=data["opens_at"],
                closes_at=data["closes_at"], anonymous=data["anonymous"], questions=form.questions(),
                confirm_privacy=confirmed(form),
            )  # fmt: skip
        except ActionRefused as refusal:
            apply_refusal(form, _on_form_fields(refusal, _question_field))
        else:
            return redirect("surveys:survey", slug=slug, survey_id=created.pk)
    return _page(request, member, "surveys/new.html", {"form": form})


@editor_page
def edit_survey(request, member, slug, survey_id):
    """Change a published survey: everything until someone answers; then the closing date and
    corrections of wording only (surveys.services.update_survey says what it refuses, and why)."""
    found = queries.get_survey_or_404(member, survey_id)
    questions = queries.questions_of(found)
    answered = queries.response_count(found) > 0
    slots = max(len(questions), 1) if answered else max(QUESTION_SLOTS, len(questions))
    form = SurveyForm(request.POST or None, initial=initial_of(found, questions), slots=slots)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_survey(
                member, found, title=data["title"], description=data["description"],
                opens_at=data["opens_at"], closes_at=data["closes_at"], anonymous=data["anonymous"],
                questions=form.questions(), confirm_privacy=confirmed(form),
            )  # fmt: skip
        except ActionRefused as refusal:
            apply_refusal(form, _on_form_fields(refusal, _question_field))
        else:
            messages.success(request, _("Saved."))
            return redirect("surveys:survey", slug=slug, survey_id=found.pk)
    return _page(request, member, "surveys/new.html", {"form": form, "survey": found, "answered": answered})


@require_POST
@editor_page
def close(request, member, slug, survey_id):
    services.close_survey(member, queries.get_survey_or_404(member, survey_id))
    return redirect("surveys:results", slug=slug, survey_id=survey_id)


@require_POST
@editor_page
def delete(request, member, slug, survey_id):
    services.delete_survey(member, queries.get_survey_or_404(member, survey_id))
    return redirect("surveys:index", slug=slug)


@member_page
def insights(request, member, slug):
    """Community insights: for a condition (and optionally an age band), what members share at the
    `network members` level, every number k-anonymous; and the latest closed surveys."""
    k = privacy_queries.anonymity_threshold(member.network)
    topics = []
    for section in insight_registry.sections:
        if section.topics:
            topics += section.topics(member, k)
    topic = request.GET.get("condition") or (topics[0][0] if topics else None)
    topic = topic if topic in dict(topics) else None
    age_band = request.GET.get("age") or None
    built = []
    for section in insight_registry.sections:
        context = section.build(member, k, topic, age_band)
        if context:
            built.append((section.template, context))
    return _page(
        request, member, "surveys/insights.html",
        {
            "k": k, "topics": topics, "topic": topic, "age_band": age_band, "sections": built,
            "surveys": queries.closed_surveys(member), "age_bands": AGE_BANDS,
        },
    )  # fmt: skip


@admin_page
def anonymity(request, member, slug):
    form = ThresholdForm(
        request.POST or None, initial={"k": privacy_queries.anonymity_threshold(member.network)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            privacy_services.set_anonymity_threshold(member, form.cleaned_data["k"])
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            messages.success(request, _("Saved."))
            return redirect("surveys:insights", slug=slug)
    return _page(request, member, "surveys/anonymity.html", {"form": form})
