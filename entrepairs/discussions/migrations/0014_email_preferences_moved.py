"""Email preferences now belong to networks (networks 0007, which took over the model and its
table): only Django's state changes here; the table and its rows stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("discussions", "0013_search_scoped_by_network"),
        ("networks", "0007_email_preferences_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="EmailPreference")],
            database_operations=[],
        ),
    ]
