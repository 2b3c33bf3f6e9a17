"""A member who wrote distinctive strings everywhere the product keeps something (tests/rights).

`marked` builds, around world.patient's network `breast` (private messages on) and `diabetes`:
an account whose email, names, token, personas (display name, bio, join note, a removal reason),
threads (discussion, case with photo, poll), replies, messages (text, attachment name and content),
verification document (file and reviewer's reason), verification attempt, invitation note, admin
history and audit free text each carry a marker `zqx<where>` that appears nowhere else. Other
members reply to the member's thread and write to them: their words must stay.

Moderation and the outbox too: a report the member wrote (its note), a report about their reply (the
reporter's note), an expert note they wrote (they are a verified professional, breast admits experts),
a moderator's "edit out personal data" of another of their replies (the original kept for the audit,
the reason told to them in a notice), a reply flagged by the crisis detection, an email waiting in
the outbox for their address, and a read flag of their account."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from entrepairs.accounts.models import PersonalAccessToken, ReadFlag, User
from entrepairs.audit.services import record
from entrepairs.discussions import services as posting
from entrepairs.discussions.models import (
    CasePhoto,
    ClinicalCase,
    Notification,
    Poll,
    PollOption,
    PollVote,
    Post,
    PostRevision,
    Reaction,
    Thread,
    ThreadFollow,
)
from entrepairs.messaging import services as messaging
from entrepairs.moderation import services as moderation
from entrepairs.moderation.models import ModerationSettings
from entrepairs.networks.models import Invitation
from entrepairs.outbox import services as outbox
from entrepairs.privacy.models import Confirmation
from entrepairs.professionals.models import DocumentSubmission, Profession, VerificationAttempt
from entrepairs.rights.models import DataExport
from tests import factories as f
from tests.discussions.factories import space_of

PDF = b"%PDF-1.4\n"


def marker(where: str) -> str:
    return f"zqx{where}mark"


def _post(thread, author, body, *, first=False):
    return Post.objects.create(
        network=thread.network, thread=thread, author=author, body=body, body_html=f"<p>{body}</p>",
        is_first=first,
    )  # fmt: skip


def _thread(author, title, body, *, kind="discussion"):
    thread = Thread.objects.create(
        network=author.network, space=space_of(author.network), author=author, kind=kind, title=title
    )
    _post(thread, author, body, first=True)
    return thread


@pytest.fixture
def marked(world):
    world.breast.allow_private_messages = True
    world.breast.save(update_fields=["allow_private_messages"])
    user = f.UserFactory(
        email=f"{marker('email')}@example.test", first_name=marker("first"), last_name=marker("last")
    )
    member = f.member_factory(world.breast, user=user, display_name=marker("pseudo"))
    member.bio, member.request_message = marker("bio"), marker("joinnote")
    member.save(update_fields=["bio", "request_message"])
    member.network.refresh_from_db()
    removed = f.member_factory(world.diabetes, user=user, display_name=marker("pseudotwo"))
    removed.status, removed.ended_reason = "removed", marker("endreason")
    removed.save(update_fields=["status", "ended_reason"])
    other = world.patient
    other.network.refresh_from_db()

    # Discussions: a thread others answered, one nobody did, a reply in someone else's thread.
    answered = _thread(member, marker("title"), marker("firstpost"))
    others_reply = _post(answered, other, "Réponse de Rose, qui doit rester lisible.")
    Thread.objects.filter(pk=answered.pk).update(reply_count=1)
    _thread(member, marker("lonetitle"), marker("lonepost"))
    elsewhere = _thread(other, "Un sujet de Rose", "Le premier message de Rose.")
    reply = _post(elsewhere, member, marker("reply"))
    Thread.objects.filter(pk=elsewhere.pk).update(reply_count=1)
    PostRevision.objects.create(network=world.breast, post=reply, body=marker("revision"))
    Reaction.objects.create(network=world.breast, post=others_reply, member=member, kind="merci")
    ThreadFollow.objects.create(network=world.breast, thread=elsewhere, member=member)
    Notification.objects.create(network=world.breast, recipient=member, actor=other, kind="reply",
                                thread=answered, post=others_reply)  # fmt: skip
    Notification.objects.create(network=world.breast, recipient=other, actor=member, kind="reply",
                                thread=elsewhere, post=reply)  # fmt: skip
    Confirmation.objects.create(network=world.breast, member=member, kinds=["PHONE"],
                                content_type=ContentType.objects.get_for_model(Post), object_id=reply.pk)  # fmt: skip
    case_thread = _thread(member, marker("casetitle"), marker("casepost"), kind="case")
    _post(case_thread, other, "Avis de Rose sur le cas.")
    case = ClinicalCase.objects.create(network=world.breast, thread=case_thread, age_band="40-49",
                                       context=marker("context"), question=marker("question"))  # fmt: skip
    photo = CasePhoto(network=world.breast, case=case, status="published", published_version="original")
    photo.original.save("x.jpg", ContentFile(b"\xff\xd8" + marker("photo").encode()), save=False)
    photo.save()
    poll_thread = _thread(member, marker("polltitle"), marker("pollpost"), kind="poll")
    _post(poll_thread, other, "J'ai voté.")
    poll = Poll.objects.create(network=world.breast, thread=poll_thread)
    option = PollOption.objects.create(network=world.breast, poll=poll, label=marker("option"))
    PollVote.objects.create(network=world.breast, poll=poll, option=option, member=other)
    PollVote.objects.create(network=world.breast, poll=poll, option=option, member=member)

    # Messaging: a direct conversation, both ways, with an attachment.
    conversation = messaging.start_direct(member, other)
    messaging.send_message(member, conversation, body=marker("message"), client_id="m1")
    upload = SimpleUploadedFile(
        f"{marker('attachname')}.pdf", PDF + marker("attachbody").encode() + b"\n%%EOF",
        content_type="application/pdf",
    )  # fmt: skip
    messaging.send_message(member, conversation, body="", client_id="m2", attachment=upload)
    others_message, _created = messaging.send_message(
        other, conversation, body="Message de Rose, qui reste.", client_id="r1"
    )

    # Moderation: the member reports, is reported, writes an expert note, is edited out, is told,
    # is flagged by the crisis detection.
    moderation.report(member, "post", others_reply.pk, reason="other", note=marker("reportnote"))
    moderation.report(other, "post", reply.pk, reason="harassment", note=marker("reportabout"))
    f.qualification_factory(user)
    ModerationSettings.objects.create(network=world.breast, admit_experts=True)
    posting.add_expert_note(member, others_reply, body=marker("expertnote"), source=marker("expertsource"))
    edited = _post(elsewhere, member, marker("original"))
    edit_report = moderation.report(other, "post", edited.pk, reason="personal_data")
    moderation.decide(
        world.moderator, edit_report, action="redact", reason=marker("decisionreason"), confirmed=True,
        redacted_text="Texte sans données personnelles.",
    )  # fmt: skip
    distress = _post(elsewhere, member, f"Je veux mourir, {marker('crisis')}.")
    assert moderation.respond_to_distress(member, "post", distress, distress.body)
    Thread.objects.filter(pk=elsewhere.pk).update(reply_count=3)
    outbox.queue(("test:waiting", user.email, marker("emailsubject"), marker("emailbody")))
    ReadFlag.objects.create(user=user, kind="profile", views=151, seconds=600)

    # Health profile and survey answers (one anonymous): always erased, whatever happens to posts.
    from entrepairs.health import services as health
    from entrepairs.surveys import services as surveys
    from tests.health.factories import with_consent

    with_consent(member)
    health.add_condition(member, code="C50.4", stage=marker("stage"))
    health.add_treatment(member, name=marker("treatment"), started_on=timezone.localdate(),
                         side_effects=[(marker("sideeffect"), 2)])  # fmt: skip
    health.log_symptom(member, symptom="fatigue", severity=3, note=marker("healthnote"))
    for anonymous, word in ((False, "surveytext"), (True, "anonanswer")):
        survey = surveys.create_survey(
            world.admin, title="Enquête", questions=[{"kind": "text", "text": "Un mot ?"}], anonymous=anonymous,
            opens_at=timezone.now(), closes_at=timezone.now() + timedelta(days=3),
        )  # fmt: skip
        surveys.answer_survey(member, survey, {survey.questions.get().pk: marker(word)})

    # Account, verification, moderation traces.
    PersonalAccessToken.objects.create(user=user, name=marker("token"), token_hash="h" * 64, hint="ep_x")
    document = DocumentSubmission(user=user, profession=Profession.objects.get(code="10"),
                                  content_type="application/pdf", size=10, reason=marker("docreason"),
                                  declared_last_name=marker("declared"))  # fmt: skip
    document.file.save("p.pdf", ContentFile(PDF + marker("document").encode()), save=False)
    document.save()
    export = DataExport(user=user, status="ready", progress=100)
    export.file.save("e.zip", ContentFile(b"PK" + marker("exportfile").encode()), save=False)
    export.save()
    VerificationAttempt.objects.create(user=user, method="directory", outcome="refused",
                                       declared_last_name=marker("declared"))  # fmt: skip
    Invitation.objects.create(network=world.breast, created_by=member, token_hash="i" * 64,
                              note=marker("invitenote"), expires_at=timezone.now())  # fmt: skip
    record(world.moderator.user, "membership.warn", member, detail=marker("auditabout"))
    record(user, "thread.report", answered, detail=marker("auditby"))
    LogEntry.objects.log_actions(
        world.operator.pk, [user], CHANGE, change_message=marker("adminlog"), single_object=True
    )
    return SimpleNamespace(
        user=user, member=member, other=other, answered=answered, others_reply=others_reply,
        elsewhere=elsewhere, conversation=conversation, others_message=others_message, edited=edited,
    )  # fmt: skip


MARKERS = [
    "email", "first", "last", "pseudo", "bio", "joinnote", "pseudotwo", "endreason", "title",
    "firstpost", "lonetitle", "lonepost", "reply", "revision", "casetitle", "casepost", "context",
    "question", "photo", "polltitle", "pollpost", "option", "message", "attachname", "attachbody",
    "token", "docreason", "document", "exportfile", "declared", "invitenote", "auditabout", "auditby", "adminlog",
    "reportnote", "reportabout", "expertnote", "expertsource", "original", "decisionreason", "crisis",
    "emailsubject", "emailbody", "stage", "treatment", "sideeffect", "healthnote", "surveytext", "anonanswer",
]  # fmt: skip
# What the member wrote in threads: kept (signed "deleted member") when they choose to keep posts.
POST_MARKERS = {
    "title", "firstpost", "lonetitle", "lonepost", "reply", "casetitle", "casepost", "context",
    "question", "photo", "polltitle", "pollpost", "option", "expertnote", "expertsource", "crisis",
}  # fmt: skip


def all_markers(*, except_posts=False):
    return [marker(m) for m in MARKERS if not (except_posts and m in POST_MARKERS)]


def user_exists(pk) -> bool:
    return User.objects.filter(pk=pk).exists()
