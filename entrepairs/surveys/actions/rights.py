"""What surveys do for the members' rights (registered in apps.py).

Erasure and consent withdrawal delete the persona's responses, anonymous ones included: their keyed
HMAC is computed again for each survey of the network (services.respondent_key). Export: the account's
answers with their questions (anonymous ones too: the export is the account's own). Surveys an
erased editor wrote stay, no longer signed."""

from entrepairs.networks.models import Membership
from entrepairs.rights.registry import ExportPart
from entrepairs.surveys.models import Answer, Response, Survey
from entrepairs.surveys.services import respondent_key


def _responses_of(member: Membership):
    survey_ids = Survey.objects.filter(network_id=member.network_id).values_list("pk", flat=True)
    keys = [respondent_key(survey_id, member.pk) for survey_id in survey_ids]
    return Response.objects.filter(network_id=member.network_id, respondent_key__in=keys)


def erase_member_answers(member: Membership, ghost: Membership, *, keep_posts: bool) -> None:
    from django.core.cache import cache

    surveys = set(_responses_of(member).values_list("survey_id", flat=True))
    _responses_of(member).delete()
    # Cached results counted this member: forget them (editors' written answers included).
    cache.delete_many([f"surveys:results:{pk}:{k}:{who}" for pk in surveys for k in range(3, 51)
                       for who in ("editor", "member")])  # fmt: skip
    Response.objects.filter(network_id=member.network_id, member=member).delete()


def export_member_answers(user) -> ExportPart:
    rows = []
    for member in Membership.objects.filter(user=user).select_related("network"):
        answers = (
            Answer.objects.filter(response__in=_responses_of(member))
            .select_related("question__survey")
            .order_by("response__survey_id", "question__position")
        )
        for answer in answers:
            question = answer.question
            rows.append(
                {
                    "network": member.network.name,
                    "survey": question.survey.title,
                    "question": question.text,
                    "choices": [
                        question.choices[index] for index in answer.choices if index < len(question.choices)
                    ],
                    "scale": answer.scale,
                    "text": answer.text,
                    "anonymous": question.survey.anonymous,
                }
            )
    return ExportPart(sections={"surveys.answers": rows})
