from django.apps import AppConfig


class PushConfig(AppConfig):
    name = "entrepairs.push"
    label = "push"

    def ready(self):
        # Push listens to the activity the features announce (entrepairs.activity), without
        # importing them; they answer its "still unread?" through the same registry.
        from entrepairs import activity
        from entrepairs.push import tasks
        from entrepairs.push.actions import rights
        from entrepairs.rights import registry

        activity.listen(tasks.schedule)
        registry.on_member_erasure(rights.erase_member_push)  # erasure and consent withdrawal
        registry.on_export(rights.export_member_push)
