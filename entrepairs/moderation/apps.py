from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "entrepairs.moderation"
    label = "moderation"

    def ready(self):
        # Moderation sits with the foundation (docs/decisions/0013): the features register what can be
        # reported; moderation registers the member profile itself (networks is below it).
        from entrepairs import activity
        from entrepairs.moderation import kinds, queries
        from entrepairs.moderation.actions import push_activity, rights
        from entrepairs.networks.lifecycle import on_membership_end
        from entrepairs.rights import registry
        from entrepairs.web.header import register_badge

        kinds.register_profile_kind()
        register_badge("open_reports", queries.open_reports_badge)  # moderators' queue
        register_badge("moderation_notices", queries.unread_notices)  # outcomes told to members
        # Members' rights: moderation registers with rights, which never imports moderation.
        registry.on_member_erasure(rights.erase_member_moderation)  # erasure and consent withdrawal
        on_membership_end(rights.end_membership)  # its notice emails not sent yet go
        registry.on_export(rights.export_member_moderation)
        registry.on_retention(rights.apply_retention)  # notices follow the network's log retention
        activity.register_unread(activity.MODERATION, push_activity.notices_unread)  # push: nothing once read
        activity.register_unread(activity.REPORT, push_activity.reports_open)
