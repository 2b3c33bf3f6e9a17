"""Email preferences move from discussions to networks (issue 11: they are per persona, and both
discussions and messaging read them, which must not import each other).

Nothing is copied: the model keeps its table, `discussions_emailpreference`, so this changes only
Django's state (discussions 0014 removes the model from discussions' state after this). The content
type follows the model, so that permissions and generic relations to it still hold."""

import django.db.models.deletion
from django.db import migrations, models

import entrepairs.public_ids


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="networks", model="emailpreference").exists():
        ContentType.objects.using(db).filter(app_label="discussions", model="emailpreference").update(
            app_label="networks"
        )


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="discussions", model="emailpreference").exists():
        ContentType.objects.using(db).filter(app_label="networks", model="emailpreference").update(
            app_label="discussions"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("networks", "0006_gates_display_names"),
        # The table exists, with its random primary keys, as discussions left it.
        ("discussions", "0013_search_scoped_by_network"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="EmailPreference",
                    fields=[
                        ("id", entrepairs.public_ids.PublicIdField()),
                        (
                            "frequency",
                            models.CharField(
                                choices=[
                                    ("immediately", "At once"),
                                    ("daily", "In a daily digest"),
                                    ("never", "Never"),
                                ],
                                default="daily",
                                max_length=16,
                                verbose_name="email notifications",
                            ),
                        ),
                        ("last_digest_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "member",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="email_preference",
                                to="networks.membership",
                            ),
                        ),
                        (
                            "network",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="networks.network",
                            ),
                        ),
                    ],
                    options={"db_table": "discussions_emailpreference"},
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back, elidable=True),
    ]
