from django.apps import AppConfig


class MagazineConfig(AppConfig):
    name = "entrepairs.magazine"
    label = "magazine"

    def ready(self):
        from entrepairs.magazine import demo
        from entrepairs.magazine.actions import rights, rollup
        from entrepairs.networks.demo import add_demo_content
        from entrepairs.networks.lifecycle import on_membership_end
        from entrepairs.rights import registry

        on_membership_end(rights.end_membership)  # no digest decided before reaches a former member
        registry.on_member_erasure(rights.erase_member)
        registry.on_export(rights.export_member)
        add_demo_content(demo.seed_for_demo, "Demo magazine: {count} articles.")
        # Last (the magazine comes after discussions and messaging): the demo's analytics rolled up.
        add_demo_content(rollup.roll_up_for_demo, "Demo analytics: {count} network days rolled up.")
