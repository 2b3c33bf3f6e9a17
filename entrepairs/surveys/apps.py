from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "entrepairs.surveys"
    label = "surveys"

    def ready(self):
        # What surveys add to the foundation, which imports no feature.
        from entrepairs.rights import registry
        from entrepairs.surveys.actions import rights

        registry.on_member_erasure(rights.erase_member_answers)  # erasure and consent withdrawal
        registry.on_export(rights.export_member_answers)
