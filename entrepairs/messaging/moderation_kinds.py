"""What of messaging can be reported (entrepairs.moderation.registry): a message, by a participant who
reads it. Moderators are not participants: they judge the reported text kept in the report (each read
audited), and may hide the message. Registered from MessagingConfig.ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from entrepairs.messaging import queries, services
from entrepairs.moderation.registry import ReportableKind, register


def register_kinds():
    register(
        ReportableKind(
            name="message",
            label=_("Private message"),
            find=queries.reportable_message_or_404,
            find_for_moderator=queries.message_for_moderator,
            author_of=lambda message: message.sender,
            text_of=lambda message: message.body,
            url_of=lambda message: None,  # a private conversation: no page for moderators
            hide=services.hide_message,
            reporter_url_of=lambda message: reverse(
                "messaging:conversation",
                kwargs={
                    "slug": message.conversation.network.slug,
                    "conversation_id": message.conversation_id,
                },
            ),
        )
    )
