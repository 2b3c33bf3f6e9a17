from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "entrepairs.surveys"
    label = "surveys"

    def ready(self):
        # What surveys add to the foundation, which imports no feature.
        from entrepairs.networks.demo import add_demo_content
        from entrepairs.rights import registry
        from entrepairs.surveys import demo
        from entrepairs.surveys.actions import rights

        registry.on_member_erasure(rights.erase_member_answers)  # erasure and consent withdrawal
        registry.on_export(rights.export_member_answers)
        add_demo_content(demo.seed_network, "Demo surveys: {count}.")
