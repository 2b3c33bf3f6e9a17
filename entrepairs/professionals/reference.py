"""Reference list of professions (Annuaire Santé `Code profession`, nomenclature TRE_G15) and médecin
specialties (`Code savoir-faire`, type S "Spécialité ordinale"). Loaded by a data migration;
operators can complete it in the admin, and the directory import brings the official labels."""

# (code, slug, name_fr, name_en)
PROFESSIONS = [
    ("10", "medecin", "Médecin", "Physician"),
    ("21", "pharmacien", "Pharmacien", "Pharmacist"),
    ("26", "audioprothesiste", "Audioprothésiste", "Hearing-aid specialist"),
    ("28", "opticien-lunetier", "Opticien-lunetier", "Optician"),
    ("39", "preparateur-pharmacie", "Préparateur en pharmacie", "Pharmacy technician"),
    ("38", "preparateur-pharmacie-hospitaliere", "Préparateur en pharmacie hospitalière", "Hospital pharmacy technician"),
    ("40", "chirurgien-dentiste", "Chirurgien-dentiste", "Dentist"),
    ("50", "sage-femme", "Sage-femme", "Midwife"),
    ("60", "infirmier", "Infirmier", "Nurse"),
    ("70", "masseur-kinesitherapeute", "Masseur-kinésithérapeute", "Physiotherapist"),
    ("80", "pedicure-podologue", "Pédicure-podologue", "Podiatrist"),
    ("91", "orthophoniste", "Orthophoniste", "Speech therapist"),
    ("92", "orthoptiste", "Orthoptiste", "Orthoptist"),
    ("93", "psychologue", "Psychologue", "Psychologist"),
    ("94", "ergotherapeute", "Ergothérapeute", "Occupational therapist"),
    ("95", "dieteticien", "Diététicien", "Dietitian"),
    ("96", "psychomotricien", "Psychomotricien", "Psychomotor therapist"),
    ("98", "manipulateur-erm", "Manipulateur ERM", "Radiographer"),
]  # fmt: skip

# (code, profession code, name_fr, name_en, practitioner_fr, practitioner_en)
SPECIALTIES = [
    ("SM04", "10", "Cardiologie et maladies vasculaires", "Cardiology and vascular diseases", "Cardiologue", "Cardiologist"),
    ("SM15", "10", "Dermatologie et vénéréologie", "Dermatology and venereology", "Dermatologue", "Dermatologist"),
    ("SM16", "10", "Endocrinologie et métabolisme", "Endocrinology and metabolism", "Endocrinologue", "Endocrinologist"),
    ("SM20", "10", "Gynécologie-obstétrique", "Obstetrics and gynaecology", "Gynécologue-obstétricien", "Obstetrician-gynaecologist"),
    ("SM24", "10", "Gastro-entérologie et hépatologie", "Gastroenterology and hepatology", "Gastro-entérologue", "Gastroenterologist"),
    ("SM26", "10", "Médecine générale", "General practice", "Médecin généraliste", "General practitioner"),
    ("SM32", "10", "Neurologie", "Neurology", "Neurologue", "Neurologist"),
    ("SM38", "10", "Ophtalmologie", "Ophthalmology", "Ophtalmologue", "Ophthalmologist"),
    ("SM40", "10", "Pédiatrie", "Paediatrics", "Pédiatre", "Paediatrician"),
    ("SM41", "10", "Pneumologie", "Pulmonology", "Pneumologue", "Pulmonologist"),
    ("SM42", "10", "Psychiatrie", "Psychiatry", "Psychiatre", "Psychiatrist"),
    ("SM47", "10", "Rhumatologie", "Rheumatology", "Rhumatologue", "Rheumatologist"),
]  # fmt: skip


def load(profession_model=None, specialty_model=None) -> None:
    """Create or update the reference rows (idempotent). The data migration passes its historical
    models; tests that flush tables call it with the real ones."""
    if profession_model is None:
        from entrepairs.professionals.models import Profession as profession_model
        from entrepairs.professionals.models import Specialty as specialty_model
    by_code = {}
    for code, slug, name_fr, name_en in PROFESSIONS:
        by_code[code], _ = profession_model.objects.update_or_create(
            code=code, defaults={"slug": slug, "name_fr": name_fr, "name_en": name_en}
        )
    for code, profession_code, name_fr, name_en, person_fr, person_en in SPECIALTIES:
        specialty_model.objects.update_or_create(
            code=code,
            defaults={
                "profession": by_code[profession_code],
                "name_fr": name_fr,
                "name_en": name_en,
                "practitioner_fr": person_fr,
                "practitioner_en": person_en,
            },
        )
