from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _messages_url(member):
    """The home's Messages button, where the network allows private messages."""
    from django.urls import reverse

    if not member.network.private_messages_enabled:
        return None
    return reverse("messaging:index", kwargs={"slug": member.network.slug})


class MessagingConfig(AppConfig):
    name = "entrepairs.messaging"
    label = "messaging"

    def ready(self):
        # What messaging adds to the foundation and the page frame, which import no feature.
        from entrepairs import activity
        from entrepairs.messaging import attachments, demo, moderation_kinds, queries
        from entrepairs.messaging.actions import analytics, push_activity, rights
        from entrepairs.messaging.actions.participation import end_participation
        from entrepairs.networks.bridges import register_analytics_source, register_digest_source
        from entrepairs.networks.demo import add_demo_content
        from entrepairs.networks.lifecycle import on_membership_end
        from entrepairs.rights import registry
        from entrepairs.web.body_limits import register_upload_route
        from entrepairs.web.header import register_badge
        from entrepairs.web.panels import QuickAction, register_quick_action

        register_badge("messages", queries.unread_messages)  # the Messages badge
        # The email digest (built by the magazine) tells how many messages wait, never their text.
        register_digest_source(
            "unread_messages_count", lambda member, since, limit: queries.unread_total(member)
        )
        on_membership_end(end_participation)  # a former member leaves every conversation
        for route in ("messaging:conversation", "api:send_attachment"):  # one attachment per message
            register_upload_route(route, attachments.MAX_BYTES)
        moderation_kinds.register_kinds()  # messages can be reported
        registry.on_member_erasure(rights.erase_member_messages)  # erasure and consent withdrawal
        registry.on_export(rights.export_member_messages)
        registry.on_retention(rights.apply_retention)
        register_quick_action(QuickAction("messages", _("Messages"), _messages_url, order=20))
        add_demo_content(demo.seed_for_demo, "Demo conversations: {count} messages.")
        activity.register_unread(activity.MESSAGE, push_activity.still_unread)  # no push once read
        activity.register_count(push_activity.unread_counts)  # the app icon's figure
        register_analytics_source("messages_per_day", analytics.messages_per_day)  # counts only
        register_analytics_source("message_senders", analytics.senders)
        register_analytics_source("messages_by_day", analytics.messages_by_day)  # the daily roll-up
        register_analytics_source("senders_by_day", analytics.senders_by_day)
        register_analytics_source("first_message_at", analytics.first_message_at)
