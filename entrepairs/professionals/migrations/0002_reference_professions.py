from django.db import migrations


def load(apps, schema_editor):
    from entrepairs.professionals.reference import PROFESSIONS, SPECIALTIES

    Profession = apps.get_model("professionals", "Profession")
    Specialty = apps.get_model("professionals", "Specialty")
    by_code = {}
    for code, slug, name_fr, name_en in PROFESSIONS:
        by_code[code], _ = Profession.objects.update_or_create(
            code=code, defaults={"slug": slug, "name_fr": name_fr, "name_en": name_en}
        )
    for code, profession_code, name_fr, name_en, person_fr, person_en in SPECIALTIES:
        Specialty.objects.update_or_create(
            code=code,
            defaults={
                "profession": by_code[profession_code],
                "name_fr": name_fr,
                "name_en": name_en,
                "practitioner_fr": person_fr,
                "practitioner_en": person_en,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("professionals", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
