from django.apps import AppConfig
from django.db.backends.signals import connection_created


class NetworksConfig(AppConfig):
    name = "entrepairs.networks"
    label = "networks"

    def ready(self):
        from entrepairs.sorting import install_sqlite_collation

        # Names sort with accents aside ("Écureuil" before "Tortue") on SQLite too.
        connection_created.connect(install_sqlite_collation, dispatch_uid="entrepairs_names_collation")

        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from entrepairs.networks import access, avatars
        from entrepairs.web.body_limits import register_upload_route
        from entrepairs.web.panels import FirstStep, register_first_step

        register_upload_route("networks:persona", avatars.MAX_BYTES)  # the persona's picture
        register_first_step(  # ticked when the persona first opens the code of conduct
            FirstStep(
                "conduct",
                _("Read the code of conduct"),
                lambda member: reverse("moderation:code_of_conduct", kwargs={"slug": member.network.slug}),
                access.conduct_read,
                order=30,
            )
        )
