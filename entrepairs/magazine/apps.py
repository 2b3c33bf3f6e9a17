from django.apps import AppConfig


class MagazineConfig(AppConfig):
    name = "entrepairs.magazine"
    label = "magazine"

    def ready(self):
        from entrepairs.magazine.actions import rights
        from entrepairs.rights import registry

        registry.on_member_erasure(rights.erase_member)
        registry.on_export(rights.export_member)
