"""A member's health profile in one patient network: conditions (ICD-10), treatments with their side
effects, and symptom logs. Owned by the membership (one profile per persona, never shared between
two networks); erased with it (rights registry) and readable by others only as its owner's visibility
choices allow (health/queries.py)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entrepairs.public_ids import PublicIdField


class Visibility(models.TextChoices):
    ONLY_ME = "only_me", _("Only me")
    LIKE_ME = "like_me", _("Members like me")
    NETWORK = "network", _("Network members")


# How far each level reaches: a field is shown to an audience whose rank is at most the field's.
VISIBILITY_RANK = {Visibility.ONLY_ME: 0, Visibility.LIKE_ME: 1, Visibility.NETWORK: 2}

# The fields whose visibility the member chooses, one by one (the profile's columns `<name>_visibility`).
VISIBLE_FIELDS = ("conditions", "treatments", "symptoms", "age")


def _visibility_field():
    return models.CharField(max_length=8, choices=Visibility.choices, default=Visibility.ONLY_ME)


class HealthProfile(models.Model):
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    member = models.OneToOneField(
        "networks.Membership", on_delete=models.CASCADE, related_name="health_profile"
    )
    # A relative or caregiver keeps the profile of the person they accompany, not their own.
    about_accompanied = models.BooleanField(_("about the person I accompany"), default=False)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    conditions_visibility = _visibility_field()
    treatments_visibility = _visibility_field()
    symptoms_visibility = _visibility_field()
    age_visibility = _visibility_field()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["network", "conditions_visibility"])]

    def __str__(self) -> str:
        return f"health profile of {self.member_id}"

    def visibility(self, field: str) -> str:
        return getattr(self, f"{field}_visibility")

    def visibility_label(self, field: str) -> str:
        return str(Visibility(self.visibility(field)).label)

    @property
    def age_band(self) -> str | None:
        """Ten-year bands ("40–49"): precise enough to match, too coarse to identify."""
        if not self.birth_year:
            return None
        age = timezone.now().year - self.birth_year
        low = (age // 10) * 10
        return f"{low}–{low + 9}"


class Condition(models.Model):
    id = PublicIdField()
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    profile = models.ForeignKey(HealthProfile, on_delete=models.CASCADE, related_name="conditions")
    code = models.CharField(_("ICD-10 code"), max_length=8)
    diagnosis_year = models.PositiveSmallIntegerField(_("year of diagnosis"), null=True, blank=True)
    stage = models.CharField(_("stage or type"), max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["profile", "code"], name="one_condition_per_code")]
        indexes = [models.Index(fields=["network", "code"])]

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        from django.utils.translation import get_language

        from entrepairs.health import icd10

        return icd10.label(self.code, get_language() or "fr")


class Treatment(models.Model):
    class StopReason(models.TextChoices):
        SIDE_EFFECTS = "side_effects", _("Side effects")
        INEFFECTIVE = "ineffective", _("Not effective enough")
        COMPLETED = "completed", _("Course completed")
        DOCTOR = "doctor", _("Doctor's decision")
        COST = "cost", _("Cost or access")
        OTHER = "other", _("Other reason")

    class Effectiveness(models.IntegerChoices):
        NONE = 0, _("None")
        SLIGHT = 1, _("Slight")
        MODERATE = 2, _("Moderate")
        GOOD = 3, _("Good")
        MAJOR = 4, _("Major")

    id = PublicIdField()
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    profile = models.ForeignKey(HealthProfile, on_delete=models.CASCADE, related_name="treatments")
    name = models.CharField(_("treatment"), max_length=80)
    # The name folded (lower case, no accents, single spaces): what insights count members by.
    name_key = models.CharField(max_length=80, editable=False)
    dose = models.CharField(_("dose"), max_length=80, blank=True)
    started_on = models.DateField(_("started on"))
    stopped_on = models.DateField(_("stopped on"), null=True, blank=True)
    stop_reason = models.CharField(_("reason stopped"), max_length=16, choices=StopReason.choices, blank=True)
    effectiveness = models.PositiveSmallIntegerField(
        _("perceived effectiveness"), choices=Effectiveness.choices, null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_on", "id"]
        indexes = [
            models.Index(fields=["network", "name_key"]),
            # Covers the community insights' count of members per treatment (queries._tables): read
            # from the index alone, profile by profile of the population.
            models.Index(fields=["profile", "name_key", "name"], name="health_treatment_insight_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class SideEffect(models.Model):
    class Severity(models.IntegerChoices):
        MILD = 1, _("Mild")
        MODERATE = 2, _("Moderate")
        SEVERE = 3, _("Severe")

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="side_effects")
    name = models.CharField(_("side effect"), max_length=60)
    name_key = models.CharField(max_length=60, editable=False)
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices)

    class Meta:
        ordering = ["-severity", "name"]
        indexes = [
            models.Index(fields=["network", "name_key"]),
            models.Index(fields=["treatment", "name_key", "name"], name="health_effect_insight_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class SymptomLog(models.Model):
    class Severity(models.IntegerChoices):
        NONE = 0, _("None")
        MILD = 1, _("Mild")
        MODERATE = 2, _("Moderate")
        SEVERE = 3, _("Severe")
        EXTREME = 4, _("Extreme")

    id = PublicIdField()
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    profile = models.ForeignKey(HealthProfile, on_delete=models.CASCADE, related_name="symptom_logs")
    # A key of health.symptoms.COMMON ("fatigue") or the member's own words, folded as for treatments.
    symptom = models.CharField(_("symptom"), max_length=60)
    symptom_key = models.CharField(max_length=60, editable=False)
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices)
    logged_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-logged_on", "-created_at"]
        indexes = [
            # The timeline's (profile, date) and, covering severity and symptom, the insights' worst
            # severity per member and symptom over 90 days, read without visiting the table: at
            # 10,000 members these row visits were most of the insight page's cold time.
            models.Index(
                fields=["profile", "logged_on", "symptom_key", "severity"], name="health_symptom_insight_idx"
            ),
            models.Index(fields=["network", "symptom_key"]),
        ]

    def __str__(self) -> str:
        return f"{self.symptom} {self.severity} on {self.logged_on}"

    @property
    def symptom_label(self) -> str:
        from entrepairs.health.symptoms import symptom_label

        return symptom_label(self.symptom)
