"""Professions and specialties (Annuaire Santé codes) and the professional identity of an account."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from entrepairs.instances import QuickFromDb
from entrepairs.professionals.identifiers import TYPE_BY_DIRECTORY_DIGIT


class TranslatedNameMixin:
    name_fr: str
    name_en: str

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "fr").startswith("en") else self.name_fr


class Profession(QuickFromDb, TranslatedNameMixin, models.Model):
    """A health profession with its official Annuaire Santé `Code profession` (e.g. 10 = Médecin)."""

    code = models.CharField(_("Annuaire Santé code"), max_length=8, unique=True)
    slug = models.SlugField(unique=True)
    name_fr = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)

    class Meta:
        ordering = ["name_fr"]

    def __str__(self) -> str:
        return self.name_fr


class Specialty(QuickFromDb, TranslatedNameMixin, models.Model):
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


class Qualification(QuickFromDb, models.Model):
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
        label = self.specialty.practitioner if self.specialty else self.profession.name
        return gettext("%(profession)s (verified)") % {"profession": label}


# --- The Annuaire Santé directory ---------------------------------------------------------------
# About two million rows are imported in a few minutes: the tables hold only what verification and
# reviewers need, keyed so that each lookup is a primary-key read. Addresses and structures are not
# kept (they identify workplaces, not people, and nothing here needs them).


class DirectoryImport(models.Model):
    """One run of `import_annuaire`: what was read, what was kept, what was malformed and where."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        FAILED = "failed", _("Failed")

    source_name = models.CharField(max_length=255)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    people_imported = models.PositiveIntegerField(default=0)
    people_unlisted = models.PositiveIntegerField(default=0)
    malformed_count = models.PositiveIntegerField(default=0)
    # [[line number, reason], ...] for the first MALFORMED_SAMPLE_SIZE malformed lines.
    malformed_samples = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)

    MALFORMED_SAMPLE_SIZE = 100

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.started_at:%Y-%m-%d %H:%M}, {self.status})"


class DirectoryPerson(models.Model):
    """A professional listed in the Annuaire Santé, keyed by the national id ("8"+RPPS, "0"+ADELI).

    Names are kept as published (reviewers compare them); matching folds them on the fly, since every
    lookup is by identifier and never by name. `listed` turns False when a later extraction no
    longer contains the person: they can no longer be verified by directory match."""

    national_id = models.CharField(max_length=12, primary_key=True)
    civility = models.CharField(max_length=8, blank=True)
    last_name = models.CharField(max_length=120)
    first_name = models.CharField(max_length=120, blank=True)
    listed = models.BooleanField(default=True)
    # No index: read once per import to mark absent people as unlisted (a full scan is cheapest).
    last_seen_import = models.ForeignKey(
        DirectoryImport, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory entries")

    def __str__(self) -> str:
        return f"{self.national_id} {self.last_name} {self.first_name}"

    @property
    def identifier_type(self) -> str:
        return TYPE_BY_DIRECTORY_DIGIT.get(self.national_id[:1], "")

    @property
    def identifier(self) -> str:
        return self.national_id[1:]


class DirectoryActivity(models.Model):
    """One distinct activity of a listed person: profession, savoir-faire and mode of practice.

    The file has one row per activity and workplace; identical activities at several workplaces are
    stored once. `import_run` lets a re-import replace a person's activities batch by batch."""

    person = models.ForeignKey(DirectoryPerson, on_delete=models.CASCADE, related_name="activities")
    profession_code = models.CharField(max_length=4)
    category_code = models.CharField(max_length=2, blank=True)  # C civil, M military, E student
    savoir_faire_type = models.CharField(max_length=4, blank=True)  # S = spécialité ordinale
    savoir_faire_code = models.CharField(max_length=8, blank=True)
    mode_code = models.CharField(max_length=2, blank=True)  # L libéral, S salarié, B bénévole
    import_run = models.ForeignKey(
        DirectoryImport, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("directory activity")
        verbose_name_plural = _("directory activities")

    def __str__(self) -> str:
        return f"{self.person_id} {self.profession_code} {self.savoir_faire_code}"


class DirectoryLabel(models.Model):
    """Official labels of the codes met in the directory (savoir-faire, professions), kept once
    instead of on two million activity rows. `kind` is "savoir_faire" or "profession"."""

    kind = models.CharField(max_length=16)
    code = models.CharField(max_length=8)
    label = models.CharField(max_length=255)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="unique_directory_label")]

    def __str__(self) -> str:
        return f"{self.kind} {self.code}: {self.label}"


# --- Identifiers and verification attempts ------------------------------------------------------


class ProfessionalIdentifier(models.Model):
    """An identifier (RPPS, ADELI, NPI) an account declared. Once verified it belongs to that account
    alone: a second account presenting it is refused and flagged (possible impersonation).

    Never shown to other members: networks show the profession badge, not the number."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identifiers")
    identifier_type = models.CharField(max_length=8)
    value = models.CharField(max_length=16)
    verified = models.BooleanField(default=False)
    verified_at = models.DateTimeField(null=True, blank=True)
    method = models.CharField(max_length=16, choices=Qualification.Method.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "identifier_type", "value"], name="unique_identifier_per_account"
            ),
            # The database, not only the service, guarantees one verified owner per identifier.
            models.UniqueConstraint(
                fields=["identifier_type", "value"],
                condition=models.Q(verified=True),
                name="unique_verified_identifier",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.identifier_type} {self.value} ({'verified' if self.verified else 'declared'})"


class VerificationAttempt(models.Model):
    """Every verification attempt, kept for reviewers: who tried what, and why it was refused.

    `needs_review` marks the attempts a reviewer should look at (an identifier already verified by
    another account: possible impersonation)."""

    class Outcome(models.TextChoices):
        VERIFIED = "verified", _("Verified")
        REFUSED = "refused", _("Refused")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="verification_attempts"
    )
    method = models.CharField(max_length=16, choices=Qualification.Method.choices)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    code = models.CharField(max_length=64, blank=True)  # the refusal code, e.g. "name_mismatch"
    identifier_type = models.CharField(max_length=8, blank=True)
    identifier = models.CharField(max_length=32, blank=True)
    declared_last_name = models.CharField(max_length=120, blank=True)
    declared_first_name = models.CharField(max_length=120, blank=True)
    declared_profession = models.ForeignKey(
        Profession, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # For `identifier_in_use`: the account that already holds the identifier.
    conflicting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    needs_review = models.BooleanField(default=False)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["created_at"], condition=models.Q(needs_review=True), name="attempt_review_queue"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.method} {self.outcome} {self.code}"


def _proof_path(instance, filename):
    # Random names: a proof's URL cannot be guessed, and never reveals whose it is.
    return f"proofs/{secrets.token_urlsafe(24)}{'.pdf' if instance.content_type == 'application/pdf' else '.png'}"


class DocumentSubmission(models.Model):
    """A proof of profession (card, diploma, registration) waiting for a reviewer. Stored privately
    (served only to its owner and to reviewers), images re-encoded without metadata."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="document_submissions"
    )
    profession = models.ForeignKey(Profession, on_delete=models.PROTECT, related_name="+")
    specialty = models.ForeignKey(
        Specialty, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to=_proof_path)
    # The name as written on the document, for the reviewer to compare (private: the user and
    # reviewers only, like the document).
    declared_last_name = models.CharField(max_length=120, blank=True)
    declared_first_name = models.CharField(max_length=120, blank=True)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(blank=True, max_length=1000)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"Proof {self.pk} ({self.status})"
