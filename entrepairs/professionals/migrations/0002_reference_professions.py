from django.db import migrations


def load(apps, schema_editor):
    from entrepairs.professionals import reference

    reference.load(apps.get_model("professionals", "Profession"), apps.get_model("professionals", "Specialty"))


class Migration(migrations.Migration):
    dependencies = [("professionals", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
