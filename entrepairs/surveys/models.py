"""Surveys written by a network's editors and answered once by each member, optionally anonymously.

An anonymous answer is stored without its member: one answer per member is kept by a keyed HMAC of
(survey, member) (`respondent_key`), which nobody can turn back into the member without the server's
secret, and which erasure computes again to find and delete the member's answers. Results are shown
only once the survey is closed and only through privacy/kanon.py (surveys/queries.py)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entrepairs.public_ids import PublicIdField


class Survey(models.Model):
    id = PublicIdField()
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        "networks.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    anonymous = models.BooleanField(_("anonymous answers"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-opens_at", "-created_at"]
        indexes = [models.Index(fields=["network", "closes_at"])]

    def __str__(self) -> str:
        return self.title

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def is_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        SCALE = "scale", _("Scale")
        TEXT = "text", _("Short text")

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=300)
    choices = models.JSONField(default=list, blank=True)  # the options of a choice question
    scale_max = models.PositiveSmallIntegerField(null=True, blank=True)  # a scale goes from 1 to this
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="one_question_per_position")
        ]

    def __str__(self) -> str:
        return self.text


class Response(models.Model):
    id = PublicIdField()
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    member = models.ForeignKey(
        "networks.Membership", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )  # None for an anonymous survey
    respondent_key = models.CharField(max_length=64)
    submitted_on = models.DateField(default=timezone.localdate)  # the day only: no time to correlate

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "respondent_key"], name="one_response_per_member")
        ]

    def __str__(self) -> str:
        return f"response to {self.survey_id}"


class Answer(models.Model):
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choices = models.JSONField(default=list, blank=True)  # indexes into question.choices
    scale = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"answer to {self.question_id}"
