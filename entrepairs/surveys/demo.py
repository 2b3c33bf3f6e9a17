"""Demo surveys for the patient networks (networks.demo registry): a closed survey answered by the
demo members, so that results show something, and an open one. Invented answers, a generator seeded
by the network's address; idempotent (a network that has a survey of this title is left alone)."""

import random
from datetime import timedelta

from django.utils import timezone

from entrepairs.networks.models import Membership, Network
from entrepairs.surveys.models import Answer, Question, Response, Survey
from entrepairs.surveys.services import respondent_key

CLOSED = "Pourquoi avez-vous rejoint le réseau ?"
OPEN = "Votre quotidien avec la maladie"


def seed_network(network: Network) -> int:
    if not network.is_patient_network or Survey.objects.filter(network=network, title=CLOSED).exists():
        return 0
    generator = random.Random(f"surveys-{network.slug}")  # noqa: S311 - synthetic demo data
    now = timezone.now()
    author = Membership.objects.filter(network=network, role="admin").first()
    closed = Survey.objects.create(
        network=network, created_by=author, title=CLOSED, anonymous=True,
        description="Pour mieux comprendre ce que chacun vient chercher ici.",
        opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1),
    )  # fmt: skip
    why = Question.objects.create(
        network=network, survey=closed, position=0, kind="single", text="La raison principale",
        choices=["Rompre l'isolement", "Comprendre ma maladie", "Aider les autres", "Soutenir un proche"],
    )  # fmt: skip
    support = Question.objects.create(
        network=network, survey=closed, position=1, kind="multiple", text="Qui vous soutient ?",
        choices=["Famille", "Amis", "Soignants", "Associations"],
    )  # fmt: skip
    mood = Question.objects.create(
        network=network, survey=closed, position=2, kind="scale", text="Votre moral ces temps-ci", scale_max=5
    )
    members = list(Membership.objects.filter(network=network, status=Membership.Status.ACTIVE))
    for member in members:
        response = Response.objects.create(
            network=network, survey=closed, respondent_key=respondent_key(closed.pk, member.pk)
        )
        Answer.objects.bulk_create(
            [
                Answer(network=network, response=response, question=why,
                       choices=[generator.choices(range(4), weights=[5, 4, 2, 1])[0]]),
                Answer(network=network, response=response, question=support,
                       choices=sorted(generator.sample(range(4), k=generator.randint(1, 3)))),
                Answer(network=network, response=response, question=mood, scale=generator.randint(2, 5)),
            ]
        )  # fmt: skip
    opened = Survey.objects.create(
        network=network, created_by=author, title=OPEN, opens_at=now - timedelta(days=2),
        closes_at=now + timedelta(days=28),
    )  # fmt: skip
    Question.objects.create(
        network=network,
        survey=opened,
        position=0,
        kind="scale",
        text="Votre fatigue cette semaine",
        scale_max=5,
    )
    Question.objects.create(
        network=network, survey=opened, position=1, kind="text", text="Une astuce du quotidien à partager ?",
        required=False,
    )  # fmt: skip
    return 2
