from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "entrepairs.messaging"
    label = "messaging"

    def ready(self):
        # What messaging adds to the foundation and the page frame, which import no feature.
        from entrepairs.messaging import attachments, moderation_kinds, queries
        from entrepairs.messaging.actions import analytics, rights
        from entrepairs.messaging.actions.participation import end_participation
        from entrepairs.networks.bridges import register_analytics_source, register_digest_source
        from entrepairs.networks.lifecycle import on_membership_end
        from entrepairs.rights import registry
        from entrepairs.web.body_limits import register_upload_route
        from entrepairs.web.header import register_badge

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
        register_analytics_source("messages_per_day", analytics.messages_per_day)  # counts only
        register_analytics_source("message_senders", analytics.senders)
