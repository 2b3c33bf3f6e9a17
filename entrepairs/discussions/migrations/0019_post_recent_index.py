"""A common word's search walks the network's newest posts and stops after enough matches
(discussions/search.py): an index in that order, per network."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("discussions", "0018_search_lexemes_scoped_by_network")]
    operations = [
        migrations.AddIndex(
            model_name="post",
            index=models.Index(fields=["network", "-created_at"], name="post_recent"),
        ),
    ]
