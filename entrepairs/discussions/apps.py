from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "entrepairs.discussions"
    label = "discussions"

    def ready(self):
        # What discussions adds to the foundation and the page frame, which import no feature.
        from entrepairs import activity
        from entrepairs.discussions import bridges, demo, home, moderation_kinds, queries
        from entrepairs.discussions.actions import analytics, emails, notifications, rights
        from entrepairs.discussions.actions.notifications import forget_member
        from entrepairs.discussions.case_photos import services as case_photos
        from entrepairs.networks import bridges as foundation_bridges
        from entrepairs.networks.demo import add_demo_content
        from entrepairs.networks.lifecycle import on_membership_end
        from entrepairs.networks.trust import count_contributions
        from entrepairs.rights import registry
        from entrepairs.web.body_limits import register_upload_route
        from entrepairs.web.header import register_badge

        register_badge("notifications", queries.unread_notification_threads)  # the bell, by thread
        on_membership_end(forget_member)  # no follow, notification or email reaches a former member
        moderation_kinds.register_kinds()  # posts and threads can be reported
        add_demo_content(demo.seed_for_demo, "Demo discussions: {count} posts.")
        count_contributions(queries.posts_by)  # trust levels relax with the member's posts
        for route in ("discussions:new_thread", "discussions:case_photos"):  # a clinical case's photos
            register_upload_route(route, case_photos.MAX_BYTES, files=case_photos.MAX_PHOTOS)
        registry.on_member_erasure(rights.erase_member_content)  # erasure and consent withdrawal
        registry.on_detach(rights.detach_member_content)  # a fresh start under a new name
        registry.on_export(rights.export_member_content)
        registry.on_retention(rights.apply_retention)
        home.register()  # the network home's panels, quick actions and first steps; profile panels
        for kind in (activity.MENTION, activity.REPLY, activity.ACCEPTED):  # push: nothing once read
            activity.register_unread(kind, notifications.still_unread)
        activity.register_count(notifications.unread_counts)  # the app icon's figure
        # For the other features, through the foundation: the magazine's question-of-the-day thread
        # and the discussions' part of the email digest.
        foundation_bridges.register_thread_starter(bridges.start_linked_thread, bridges.thread_path)
        foundation_bridges.register_digest_source("useful_threads", bridges.useful_threads)
        foundation_bridges.register_digest_source("unanswered_questions", bridges.unanswered_questions)
        foundation_bridges.register_digest_source("notifications_count", bridges.unread_notifications_count)
        # "Daily" notifications ride in the digest: one email a day at most per persona.
        foundation_bridges.register_digest_notifications(emails.waiting_recipients, emails.take_for_digest)
        # Aggregates for the network analytics (counts only).
        foundation_bridges.register_analytics_source("posts_per_day", analytics.posts_per_day)
        foundation_bridges.register_analytics_source("post_contributors", analytics.contributors)
        foundation_bridges.register_analytics_source("questions", analytics.questions)
        foundation_bridges.register_analytics_source("top_spaces", analytics.top_spaces)
        # The same over a closed range, by day, for the magazine's daily roll-up.
        for name in (
            "posts_by_day",
            "contributors_by_day",
            "questions_by_day",
            "first_answers_by_day",
            "spaces_by_day",
            "first_post_at",
        ):
            foundation_bridges.register_analytics_source(name, getattr(analytics, name))
