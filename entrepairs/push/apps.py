from django.apps import AppConfig


class PushConfig(AppConfig):
    name = "entrepairs.push"
    label = "push"

    def ready(self):
        # Push listens to the activity the features announce (entrepairs.activity), without
        # importing them; they answer its "still unread?" through the same registry.
        from entrepairs import activity
        from entrepairs.push import tasks

        activity.listen(tasks.schedule)
