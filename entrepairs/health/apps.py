from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "entrepairs.health"
    label = "health"

    def ready(self):
        # What the health profile adds to the foundation, which imports no feature.
        from entrepairs.health import demo, insights
        from entrepairs.health.actions import rights
        from entrepairs.networks.demo import add_demo_content
        from entrepairs.networks.lifecycle import on_membership_end
        from entrepairs.privacy.insights import InsightSection, register_section
        from entrepairs.rights import registry

        registry.on_member_erasure(rights.erase_member_health)  # erasure and consent withdrawal
        registry.on_export(rights.export_member_health)
        on_membership_end(rights.end_membership)  # leaving withdraws the consent: the profile goes
        register_section(
            InsightSection(
                name="health",
                template="health/_insights.html",
                build=insights.insight_section,
                topics=insights.insight_topics,
                order=10,
            )
        )
        add_demo_content(demo.seed_network, "Demo health profiles: {count}.")
