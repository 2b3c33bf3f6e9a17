"""Health pages (patient networks only): the member's own profile, a symptom in a few taps, the
timeline, conditions with the ICD-10 picker, treatments, who sees what ("view as"), other members'
profiles as they chose to show them, members like me, and the export. Thin: parse, call
health.services or health.queries, render. Every page is the member's own or goes through
access.get_member_or_404 (health/queries.py): another network's members get 404."""

import csv
import io
import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entrepairs.errors import ActionRefused
from entrepairs.health import charts, icd10, queries, services
from entrepairs.health.forms import ConditionForm, SettingsForm, SymptomForm, TreatmentForm
from entrepairs.health.models import VISIBLE_FIELDS
from entrepairs.health.symptoms import symptom_label
from entrepairs.privacy.forms import confirmed
from entrepairs.web.forms import apply_refusal
from entrepairs.web.gates import member_fragment, member_page

CHART_DAYS = (30, 90, 180)


def _page(request, member, template, context):
    return render(request, template, {"network": member.network, "member": member, **context})


def _chart(profile, days: int):
    logs = queries.recent_symptoms(profile, days=days)
    return charts.timeline(
        charts.daily_series(logs), charts.bands_of(profile.treatments.all() if profile.pk else []),
        end=timezone.localdate(), days=days,
    )  # fmt: skip


@member_page
def index(request, member, slug):
    profile = queries.my_profile(member)
    days = int(request.GET["days"]) if request.GET.get("days") in {str(d) for d in CHART_DAYS} else 90
    form = SymptomForm(recent=queries.my_recent_symptom_names(profile))
    return _page(
        request, member, "health/index.html",
        {
            "profile": profile, "form": form, "chart": _chart(profile, days), "days": days,
            "chart_days": CHART_DAYS, "history": queries.symptom_history(profile, limit=10),
            "fields": [(name, profile.visibility_label(name)) for name in VISIBLE_FIELDS],
        },
    )  # fmt: skip


@member_page
def log_symptom(request, member, slug):
    """A symptom in a few taps: a button for the symptom, one for its strength, today by default."""
    profile = queries.my_profile(member)
    form = SymptomForm(request.POST or None, recent=queries.my_recent_symptom_names(profile))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            log = services.log_symptom(
                member,
                symptom=data["chosen"],
                severity=data["severity"],
                logged_on=data["logged_on"],
                note=data["note"],
                confirm_privacy=confirmed(form),
            )
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            messages.success(
                request, _("Recorded: %(symptom)s, %(severity)s.") % {
                    "symptom": symptom_label(log.symptom), "severity": log.get_severity_display()
                },
            )  # fmt: skip
            return redirect("health:index", slug=slug)
    return _page(request, member, "health/log_symptom.html", {"form": form})


@require_POST
@member_page
def delete_symptom(request, member, slug, log_id):
    services.remove_symptom_log(member, queries.get_own_symptom_log_or_404(member, log_id))
    return redirect("health:index", slug=slug)


@member_fragment
def icd_search(request, member, slug):
    """The picker's suggestions (htmx): code and label, French and English, accents ignored."""
    services.require_patient_network(member)
    results = icd10.search(request.GET.get("query", ""), language=request.LANGUAGE_CODE)
    return render(request, "health/_icd_results.html", {"results": results})


@member_page
def add_condition(request, member, slug):
    services.require_patient_network(member)
    data = None
    if request.method == "POST":
        # The picker's radio buttons or the code typed by hand (the radio wins when both are sent).
        data = request.POST.copy()
        data["code"] = request.POST.get("code") or request.POST.get("code_typed", "")
    form = ConditionForm(data)
    results = icd10.search(request.GET.get("query", "")) if request.GET.get("query") else []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_condition(
                member, code=data["code"], diagnosis_year=data["diagnosis_year"], stage=data["stage"],
                confirm_privacy=confirmed(form),
            )  # fmt: skip
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            return redirect("health:index", slug=slug)
    return _page(request, member, "health/condition_form.html", {"form": form, "results": results})


@require_POST
@member_page
def delete_condition(request, member, slug, condition_id):
    services.remove_condition(member, queries.get_own_condition_or_404(member, condition_id))
    return redirect("health:index", slug=slug)


def _treatment_values(data) -> dict:
    return {
        "name": data["name"], "dose": data["dose"], "started_on": data["started_on"],
        "stopped_on": data["stopped_on"], "stop_reason": data["stop_reason"],
        "effectiveness": data["effectiveness"],
    }  # fmt: skip


@member_page
def add_treatment(request, member, slug):
    services.require_patient_network(member)
    form = TreatmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_treatment(
                member, side_effects=form.cleaned_data["side_effects"], confirm_privacy=confirmed(form),
                **_treatment_values(form.cleaned_data),
            )  # fmt: skip
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            return redirect("health:index", slug=slug)
    return _page(request, member, "health/treatment_form.html", {"form": form, "treatment": None})


@member_page
def edit_treatment(request, member, slug, treatment_id):
    treatment = queries.get_own_treatment_or_404(member, treatment_id)
    initial = {
        "name": treatment.name, "dose": treatment.dose, "started_on": treatment.started_on,
        "stopped_on": treatment.stopped_on, "stop_reason": treatment.stop_reason,
        "effectiveness": treatment.effectiveness, "side_effects": TreatmentForm.side_effects_text(treatment),
    }  # fmt: skip
    form = TreatmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_treatment(
                member, treatment, side_effects=form.cleaned_data["side_effects"],
                confirm_privacy=confirmed(form), **_treatment_values(form.cleaned_data),
            )  # fmt: skip
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            return redirect("health:index", slug=slug)
    return _page(request, member, "health/treatment_form.html", {"form": form, "treatment": treatment})


@require_POST
@member_page
def delete_treatment(request, member, slug, treatment_id):
    services.remove_treatment(member, queries.get_own_treatment_or_404(member, treatment_id))
    return redirect("health:index", slug=slug)


@member_page
def profile_settings(request, member, slug):
    """Year of birth, "about the person I accompany", and who sees each field."""
    profile = queries.my_profile(member)
    initial = {"birth_year": profile.birth_year, "about_accompanied": profile.about_accompanied}
    initial |= {f"{name}_visibility": profile.visibility(name) for name in VISIBLE_FIELDS}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_profile(
                member, birth_year=data["birth_year"], about_accompanied=data["about_accompanied"]
            )
            services.set_visibility(member, **{name: data[f"{name}_visibility"] for name in VISIBLE_FIELDS})
        except ActionRefused as refusal:
            apply_refusal(form, refusal)
        else:
            messages.success(request, _("Saved."))
            return redirect("health:index", slug=slug)
    return _page(
        request, member, "health/settings.html",
        {"form": form, "is_relative": member.member_type == member.MemberType.RELATIVE},
    )  # fmt: skip


VIEWERS = ("like_me", "network", "member")


@member_page
def preview(request, member, slug):
    """ "View as another member": chosen from a list (a member like me, any network member, or one
    member picked by pseudonym with the member picker, accents ignored), exactly what they see of my
    profile. A name matching several members lists them to choose from."""
    name = request.GET.get("name", "").strip()[:40]
    viewer = request.GET.get("as") if request.GET.get("as") in VIEWERS else ("member" if name else "network")
    candidates, other = [], None
    if viewer == "member" and name:
        candidates = queries.viewers_named(member, name)
        other = candidates[0] if len(candidates) == 1 else None
    if other is not None:
        view, name = queries.preview_for(member, other), other.display_name
    else:
        view = queries.preview(member, viewer if viewer != "member" else "network")
    picker = reverse("networks:member_suggestions", kwargs={"slug": slug})
    return _page(
        request, member, "health/member.html",
        {
            "view": view, "preview": viewer, "viewing_as": other, "other": member, "name": name,
            "candidates": candidates if other is None else [], "picker_url": picker,
            "unknown_name": bool(viewer == "member" and name and not candidates),
            "no_name": viewer == "member" and not name,
        },
    )  # fmt: skip


@member_page
def member_profile(request, member, slug, member_id):
    view = queries.member_profile_view(member, member_id)
    message_url = None
    if member.network.private_messages_enabled and view.member.pk != member.pk:
        message_url = reverse("messaging:new_direct", kwargs={"slug": slug}) + f"?member={view.member.pk}"
    return _page(
        request,
        member,
        "health/member.html",
        {"view": view, "other": view.member, "message_url": message_url},
    )


@member_page
def like_me(request, member, slug):
    matches = queries.members_like_me(member)
    return _page(
        request, member, "health/like_me.html",
        {"matches": matches, "profile": queries.my_profile(member), "messaging": member.network.private_messages_enabled},
    )  # fmt: skip


def _csv_cell(value) -> str:
    # A spreadsheet runs a cell that starts with = + - @ as a formula: the member's own words never do.
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@member_page
def export(request, member, slug):
    """The member's own health profile in this network, as JSON or CSV (one row per item, a `section`
    column first). Not cached by the browser."""
    rows = queries.export_rows(queries.own_profile_for_export(member))
    stamp = timezone.localdate().isoformat()
    if request.GET.get("format") == "csv":
        buffer = io.StringIO()
        columns = [
            "section",
            *dict.fromkeys(key for items in rows.values() for item in items for key in item),
        ]
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for section, items in rows.items():
            for item in items:
                writer.writerow(
                    {"section": section, **{key: _csv_cell(value) for key, value in item.items()}}
                )
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="health-{slug}-{stamp}.csv"'
    else:
        response = HttpResponse(
            json.dumps(rows, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="health-{slug}-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
