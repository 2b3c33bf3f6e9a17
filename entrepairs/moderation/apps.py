from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "entrepairs.moderation"
    label = "moderation"

    def ready(self):
        # Moderation sits with the foundation (docs/decisions/0013): the features register what can be
        # reported; moderation registers the member profile itself (networks is below it).
        from entrepairs.moderation import kinds, queries
        from entrepairs.web.header import register_badge

        kinds.register_profile_kind()
        register_badge("open_reports", queries.open_reports_badge)  # moderators' queue
        register_badge("moderation_notices", queries.unread_notices)  # outcomes told to members
