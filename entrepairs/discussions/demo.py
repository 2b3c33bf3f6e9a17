"""Synthetic demo discussions for `seed_demo`: plausible, invented, never about real people."""

import random

from django.db import transaction
from django.utils import timezone

from entrepairs.discussions import markdown
from entrepairs.discussions.models import Post, Space, Thread
from entrepairs.discussions.services import ensure_default_spaces
from entrepairs.networks.models import Membership, Network

PATIENT_THREADS = [
    ("question", "Fatigue pendant la radiothérapie : vos astuces ?", "Je suis à la troisième semaine de rayons et la fatigue est très forte l'après-midi. Qu'est-ce qui vous a aidé ?"),
    ("discussion", "Reprendre le travail après les traitements", "Comment s'est passée votre reprise ? Mi-temps thérapeutique, aménagement du poste, regard des collègues..."),
    ("question", "Perruque ou foulard ?", "Mes cheveux commencent à tomber. Vous avez choisi quoi, et où l'avez-vous trouvé ?"),
    ("discussion", "Les proches qui ne savent pas quoi dire", "Mon entourage m'évite un peu depuis l'annonce. Comment en avez-vous parlé ?"),
    ("question", "Nausées et chimiothérapie", "Le traitement contre les nausées ne suffit pas toujours. Des conseils d'alimentation ?"),
    ("discussion", "Petites victoires de la semaine", "Partageons ce qui nous a fait du bien cette semaine, même minuscule."),
    ("question", "Activité physique adaptée", "Mon oncologue m'a parlé d'activité physique adaptée. Quelqu'un a essayé ?"),
    ("discussion", "Sommeil difficile", "Je me réveille toutes les nuits vers 4 h. Vous aussi ?"),
    ("question", "Any tips for the first chemo session?", "I start next week and I am quite anxious. What should I bring?"),
    ("discussion", "Living abroad during treatment", "I moved here last year and my French is basic. Are there other English speakers?"),
]  # fmt: skip
PRO_THREADS = [
    ("question", "Interaction entre anticoagulant et antibiotique", "Quelle surveillance proposez-vous chez un patient sous AVK qui débute une antibiothérapie ?"),
    ("discussion", "Organisation des gardes cet hiver", "Comment vous organisez-vous face à l'afflux de l'épidémie saisonnière ?"),
    ("question", "Recommandations récentes : votre lecture ?", "Les nouvelles recommandations changent-elles votre pratique au quotidien ?"),
    ("discussion", "Cas dé-identifié : douleur thoracique atypique", "Homme, tranche d'âge 50-59 ans, douleur thoracique atypique à l'effort, ECG de repos normal. Votre démarche ?"),
    ("question", "Formation continue : des retours ?", "Quelles formations vous ont vraiment servi cette année ?"),
    ("discussion", "Question au comptoir : automédication", "Comment abordez-vous les demandes d'automédication répétées ?"),
    ("question", "Journal club: anticoagulation in the elderly", "Which recent trial changed your practice for patients over 80?"),
]  # fmt: skip
REPLIES = [
    "Merci pour ce partage, je me reconnais beaucoup dans ce que tu décris.",
    "De mon côté, ce qui a le plus aidé c'est d'en parler tôt avec l'équipe soignante.",
    "Courage ! Ça s'améliore souvent après quelques semaines.",
    "Même expérience ici. Les siestes courtes m'ont beaucoup aidée.",
    "Bonne question, je suis preneur des réponses aussi.",
    "Je conseillerais d'en discuter avec votre médecin, chaque situation est différente.",
    "Pour moi la marche le matin a tout changé.",
    "Merci à toutes pour vos réponses, ça fait du bien de se sentir moins seule.",
    "J'ai noté tout ça, je vous dirai ce qui a marché pour moi.",
    "Dans notre équipe nous avons mis en place un protocole simple, je peux le détailler.",
    "D'accord avec la réponse précédente, avec une surveillance rapprochée au début.",
    "Je partage votre avis, la concertation reste essentielle.",
    "Thanks for sharing, this really helps.",
    "Same here: short walks after each session made a difference.",
]


@transaction.atomic
def seed_for_demo(network: Network) -> int:
    """`manage.py seed_demo`'s share (registered in DiscussionsConfig.ready): long threads."""
    return seed(network, replies_per_thread=12)


def seed(network: Network, *, replies_per_thread: int = 10) -> int:
    """Fill a network with demo threads once. Returns the number of posts created (0 if done)."""
    if Thread.objects.filter(network=network).exists():
        return 0
    ensure_default_spaces(network)
    spaces = list(Space.objects.filter(network=network))
    members = list(Membership.objects.filter(network=network, status=Membership.Status.ACTIVE))
    if not members:
        return 0
    rng = random.Random(network.slug)  # noqa: S311 - demo content, not security
    templates = PATIENT_THREADS if network.kind == Network.Kind.PATIENTS else PRO_THREADS
    start = timezone.now() - timezone.timedelta(days=30)
    posts = []
    for index, (kind, title, body) in enumerate(templates):
        created = start + timezone.timedelta(days=index * 3, minutes=rng.randint(0, 600))
        author = members[index % len(members)]
        count = rng.randint(replies_per_thread // 2, replies_per_thread)
        thread = Thread.objects.create(
            network=network, space=spaces[index % len(spaces)], author=author, kind=kind, title=title,
            created_at=created, last_activity_at=created + timezone.timedelta(hours=count), reply_count=count,
        )  # fmt: skip
        posts.append(Post(network=network, thread=thread, author=author, body=body,
                          body_html=markdown.render(body), is_first=True, created_at=created))  # fmt: skip
        for reply_index in range(count):
            text = rng.choice(REPLIES)
            posts.append(Post(network=network, thread=thread, author=rng.choice(members), body=text,
                              body_html=markdown.render(text),
                              created_at=created + timezone.timedelta(hours=reply_index + 1)))  # fmt: skip
    Post.objects.bulk_create(posts)
    return len(posts)
