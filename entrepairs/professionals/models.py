"""Professions and specialties (Annuaire Santé codes) and the professional identity of an account."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TranslatedNameMixin:
    name_fr: str
    name_en: str

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "fr").startswith("en") else self.name_fr


class Profession(TranslatedNameMixin, models.Model):
    """A health profession with its official Annuaire Santé `Code profession` (e.g. 10 = Médecin)."""

    code = models.CharField(_("Annuaire Santé code"), max_length=8, unique=True)
    slug = models.SlugField(unique=True)
    name_fr = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)

    class Meta:
        ordering = ["name_fr"]

    def __str__(self) -> str:
        return self.name_fr


class Specialty(TranslatedNameMixin, models.Model):
    """A specialty (savoir-faire), e.g. SM04 cardiology for médecins; `practitioner_*` names the person."""

    profession = models.ForeignKey(Profession, on_delete=models.CASCADE, related_name="specialties")
    code = models.CharField(max_length=8, unique=True)
    name_fr = models.CharField(max_length=160)
    name_en = models.CharField(max_length=160)
    practitioner_fr = models.CharField(max_length=120)
    practitioner_en = models.CharField(max_length=120)

    class Meta:
        ordering = ["name_fr"]
        verbose_name_plural = "specialties"

    def __str__(self) -> str:
        return f"{self.name_fr} ({self.profession})"

    @property
    def practitioner(self) -> str:
        return self.practitioner_en if (get_language() or "fr").startswith("en") else self.practitioner_fr


class Qualification(models.Model):
    """A profession held by an account. Only `verified` ones open professional networks, and only
    until `verified_until`: a lapsed verification closes them again (content stays)."""

    class Status(models.TextChoices):
        DECLARED = "declared", _("Declared")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    class Method(models.TextChoices):
        OPERATOR = "operator", _("Marked by an operator")
        DIRECTORY = "directory", _("Annuaire Santé directory")
        PRO_SANTE_CONNECT = "psc", _("Pro Santé Connect")
        DOCUMENT = "document", _("Document review")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="qualifications"
    )
    profession = models.ForeignKey(Profession, on_delete=models.PROTECT, related_name="+")
    specialty = models.ForeignKey(
        Specialty, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DECLARED)
    method = models.CharField(max_length=16, choices=Method.choices, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "profession", "specialty"],
                condition=models.Q(specialty__isnull=False),
                name="unique_qualification_with_specialty",
            ),
            models.UniqueConstraint(
                fields=["user", "profession"],
                condition=models.Q(specialty__isnull=True),
                name="unique_qualification_without_specialty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.specialty or self.profession} ({self.status})"

    def save(self, *args, **kwargs):
        # An operator ticking "verified" in the admin gets the same dates as any other method.
        if self.status == self.Status.VERIFIED and self.verified_at is None:
            self.verified_at = timezone.now()
            self.method = self.method or self.Method.OPERATOR
        if self.status == self.Status.VERIFIED and self.verified_until is None:
            self.verified_until = self.verified_at + timedelta(days=365)
        super().save(*args, **kwargs)

    def is_valid_at(self, moment) -> bool:
        return self.status == self.Status.VERIFIED and (
            self.verified_until is None or self.verified_until > moment
        )

    @property
    def badge(self) -> str:
        from django.utils.translation import gettext

        label = self.specialty.practitioner if self.specialty else self.profession.name
        return gettext("%(profession)s (verified)") % {"profession": label}
