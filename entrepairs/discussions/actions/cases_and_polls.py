"""Clinical cases and polls: threads with a structured part."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entrepairs.discussions import services
from entrepairs.discussions.models import ClinicalCase, Poll, PollOption, PollVote, Post, Space, Thread
from entrepairs.errors import ActionRefused
from entrepairs.networks.models import Membership, Network
from entrepairs.privacy import policy
from entrepairs.privacy import services as privacy

MAX_OPTIONS = 10


def create_case(member: Membership, space: Space, *, title: str, age_band: str, sex: str, context: str,
                history: str = "", examinations: str = "", question: str, confirm_privacy=()) -> Thread:  # fmt: skip
    """Clinical cases are for professional networks; the first post repeats the question asked.
    Every text field is checked under the network's policy for cases (names of patients blocked)."""
    if member.network.kind != Network.Kind.PROFESSIONALS:
        raise ActionRefused(
            "cases_for_professionals", _("Clinical cases are shared in professional networks.")
        )
    if age_band not in ClinicalCase.AgeBand.values:
        raise ActionRefused("invalid_age_band", _("Choose an age band."), field="age_band")
    if sex not in ClinicalCase.Sex.values:
        raise ActionRefused("invalid_sex", _("Choose a sex or “not specified”."), field="sex")
    if not (context or "").strip():
        raise ActionRefused("context_required", _("Describe the context of the case."), field="context")
    if not (question or "").strip():
        raise ActionRefused("question_required", _("Say what you ask your colleagues."), field="question")
    clearance = privacy.check(
        member,
        {"title": title, "context": context, "history": history or "", "examinations": examinations or "",
         "question": question},
        confirmed=confirm_privacy,
        context=policy.CASE,
    )  # fmt: skip
    with transaction.atomic():
        thread = services.create_thread(
            member, space, title=title, body=question, kind=Thread.Kind.CASE, clearance=clearance
        )
        ClinicalCase.objects.create(
            network_id=member.network_id, thread=thread, age_band=age_band, sex=sex, context=context.strip(),
            history=(history or "").strip(), examinations=(examinations or "").strip(), question=question.strip(),
        )  # fmt: skip
    return thread


def solve_case(member: Membership, thread: Thread, *, conclusion: str, confirm_privacy=()) -> ClinicalCase:
    case = ClinicalCase.objects.filter(thread=thread, network_id=member.network_id).first()
    if case is None:
        raise ActionRefused("not_a_case", _("This thread is not a clinical case."), status=409)
    if thread.author_id != member.pk:
        raise ActionRefused("forbidden", _("Only the author closes the case with a conclusion."), status=403)
    if not (conclusion or "").strip():
        raise ActionRefused("conclusion_required", _("Write the conclusion of the case."), field="conclusion")
    clearance = privacy.check(
        member, {"conclusion": conclusion}, confirmed=confirm_privacy, context=policy.CASE
    )
    case.status = ClinicalCase.Status.SOLVED
    case.conclusion = conclusion.strip()
    with transaction.atomic():
        case.save(update_fields=["status", "conclusion"])
        if clearance.kinds:
            # Shown to moderators on the case's opening post, with what was confirmed there.
            privacy.record(member, clearance, Post.objects.get(thread=thread, is_first=True))
    return case


def create_poll(member: Membership, space: Space, *, title: str, body: str, options: list[str],
                multiple: bool = False, closes_at=None, results: str = Poll.Results.VOTERS,
                confirm_privacy=()) -> Thread:  # fmt: skip
    labels = [label.strip()[:200] for label in options if label and label.strip()]
    if len(labels) < 2 or len(labels) > MAX_OPTIONS:
        raise ActionRefused(
            "invalid_options",
            _("A poll has between 2 and %(max)d answers.") % {"max": MAX_OPTIONS},
            field="options",
        )
    if len({label.lower() for label in labels}) != len(labels):
        raise ActionRefused("duplicate_options", _("Two answers are the same."), field="options")
    if closes_at is not None and closes_at <= timezone.now():
        raise ActionRefused("closes_in_past", _("The closing date must be in the future."), field="closes_at")
    if results not in Poll.Results.values:
        raise ActionRefused("invalid_results", _("Choose when results are shown."), field="results")
    # The answers are checked as one text, one per line (offsets count in that text).
    clearance = privacy.check(
        member, {"title": title, "body": body, "options": "\n".join(labels)}, confirmed=confirm_privacy
    )
    with transaction.atomic():
        thread = services.create_thread(
            member, space, title=title, body=body, kind=Thread.Kind.POLL, clearance=clearance
        )
        poll = Poll.objects.create(
            network_id=member.network_id,
            thread=thread,
            multiple=multiple,
            closes_at=closes_at,
            results=results,
        )
        PollOption.objects.bulk_create(
            PollOption(network_id=member.network_id, poll=poll, label=label, position=index)
            for index, label in enumerate(labels)
        )
    return thread


def vote(member: Membership, poll: Poll, option_ids: list[int]) -> None:
    """One vote per member (one or several options if the poll allows), never on a closed poll."""
    if poll.network_id != member.network_id:
        raise ActionRefused("not_found", _("Not found."), status=404)
    option_ids = sorted({int(option_id) for option_id in option_ids})
    if not option_ids:
        raise ActionRefused("no_choice", _("Choose an answer."), field="options")
    if len(option_ids) > 1 and not poll.multiple:
        raise ActionRefused("single_choice", _("This poll takes one answer."), field="options")
    with transaction.atomic():
        # Locking the poll row serialises two votes of one member sent at once.
        locked = Poll.objects.select_for_update().get(pk=poll.pk)
        if locked.is_closed():
            raise ActionRefused("poll_closed", _("This poll is closed."), status=409)
        if PollVote.objects.filter(poll=locked, member=member).exists():
            raise ActionRefused("already_voted", _("You have already voted in this poll."), status=409)
        valid = set(PollOption.objects.filter(poll=locked, pk__in=option_ids).values_list("pk", flat=True))
        if valid != set(option_ids):
            raise ActionRefused("invalid_option", _("This answer is not part of the poll."), field="options")
        PollVote.objects.bulk_create(
            PollVote(network_id=member.network_id, poll=locked, option_id=option_id, member=member)
            for option_id in option_ids
        )
