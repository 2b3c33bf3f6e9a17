from django.apps import AppConfig
from django.db.backends.signals import connection_created


class NetworksConfig(AppConfig):
    name = "entrepairs.networks"
    label = "networks"

    def ready(self):
        from entrepairs.sorting import install_sqlite_collation

        # Names sort with accents aside ("Écureuil" before "Tortue") on SQLite too.
        connection_created.connect(install_sqlite_collation, dispatch_uid="entrepairs_names_collation")
