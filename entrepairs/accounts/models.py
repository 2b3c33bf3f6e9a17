"""The account: email, password, MFA (allauth), tokens and consents. Other members never see it."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entrepairs.instances import QuickFromDb


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(QuickFromDb, AbstractUser):
    """An account. `first_name`/`last_name` are private: only the user and operators see them."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(
        _("language"), max_length=8, choices=[("fr", "Français"), ("en", "English")], default="fr"
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    def __str__(self) -> str:
        return self.email


def token_expiry():
    """When a token created (or renewed) now expires: TOKEN_LIFETIME_DAYS from now."""
    from django.conf import settings

    return timezone.now() + timezone.timedelta(days=settings.TOKEN_LIFETIME_DAYS)


def hash_token(raw: str) -> str:
    # Tokens are random 256-bit values: a plain SHA-256 is enough (no dictionary to attack).
    return hashlib.sha256(raw.encode()).hexdigest()


class PersonalAccessToken(models.Model):
    """An API token: shown once at creation, stored hashed, revocable, never more than its owner."""

    PREFIX = "ep_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(_("name"), max_length=80)
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12, help_text="First characters, to recognise the token in a list.")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # A forgotten token in a script or a laptop keeps working only this long; its owner renews it.
    expires_at = models.DateTimeField(default=token_expiry)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def generate(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class ConsentRecord(models.Model):
    """An explicit consent (GDPR art. 9) with the exact text version the person agreed to."""

    class Purpose(models.TextChoices):
        HEALTH_DATA = "health_data", _("Processing of health data in a patient network")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=32, choices=Purpose.choices, default=Purpose.HEALTH_DATA)
    text_version = models.CharField(max_length=32)
    text = models.TextField(help_text="The consent text as shown, kept verbatim.")
    given_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        indexes = [models.Index(fields=["user", "network"])]

    def __str__(self) -> str:
        return f"{self.purpose} v{self.text_version} at {self.given_at:%Y-%m-%d}"


class ReadFlag(models.Model):
    """An account (or, for visitors, an address) that read more profiles or threads than people do
    in a short time: slowed at once (429) and listed for operators, who decide (read_limits.py).
    One row per account, kind and window, so a scraper that keeps going does not fill the table."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    address = models.CharField(max_length=45, blank=True)  # visitors only: accounts are named by `user`
    kind = models.CharField(max_length=16)  # "profile", "thread"
    views = models.PositiveIntegerField()  # views counted in the window when it was flagged
    seconds = models.PositiveIntegerField()  # the window's length
    flagged_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-flagged_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id or self.address} {self.kind} x{self.views} at {self.flagged_at:%Y-%m-%d %H:%M}"
