"""Join decisions and verification decisions are emailed, through the outbox, with a link back."""

from django.urls import reverse

from entrepairs.outbox.models import OutgoingEmail
from entrepairs.professionals import documents
from entrepairs.professionals.models import DocumentSubmission
from tests import factories as f


def _decide(login, world, decision, captured):
    with captured(execute=True):
        return login(world.moderator.user).post(
            reverse(
                "networks:decide_request", kwargs={"slug": "breast", "member_id": world.breast_pending.pk}
            ),
            {"decision": decision},
        )


def test_an_accepted_request_is_emailed_with_a_link_to_the_network(
    login, world, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://entrepairs.example"
    _decide(login, world, "accept", django_capture_on_commit_callbacks)
    (email,) = mailoutbox
    assert email.to == [world.breast_pending.user.email]
    assert world.breast.name in email.subject
    assert "https://entrepairs.example/n/breast/" in email.body
    assert (
        OutgoingEmail.objects.filter(key__startswith=f"join:{world.breast_pending.pk}:accepted").count() == 1
    )


def test_a_refused_request_is_emailed_with_the_networks_page(
    login, world, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://entrepairs.example"
    _decide(login, world, "refuse", django_capture_on_commit_callbacks)
    (email,) = mailoutbox
    assert "https://entrepairs.example/n/breast/about/" in email.body
    assert "pas accepté" in email.body  # in the member's language (French by default)


def test_the_same_document_decision_emails_once(
    world, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://entrepairs.example"
    submission = DocumentSubmission.objects.create(
        user=world.stranger,
        profession=f.profession("10"),
        content_type="application/pdf",
        size=10,
        file="x.pdf",
    )
    with django_capture_on_commit_callbacks(execute=True):
        documents.review(world.operator, submission, approve=False, reason="Illisible")
    assert len(mailoutbox) == 1
    assert "https://entrepairs.example/account/profession/" in mailoutbox[0].body
    # Queued again (a task retried): the key is taken, nothing more goes out.
    submission.refresh_from_db()
    documents._queue_decision_email(submission)
    from entrepairs.outbox import services as outbox

    outbox.deliver()
    assert len(mailoutbox) == 1
