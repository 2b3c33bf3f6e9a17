"""Synthetic demo magazine for `seed_demo`: a few weeks of articles (and questions of the day) for
each professional network, a few articles for patient networks. Invented, never about real people;
the medical content is generic and marked as demo."""

import random

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from entrepairs.magazine import markdown
from entrepairs.magazine.models import Article, MagazineSettings
from entrepairs.networks.models import Membership, Network

PRO_QUESTIONS = [
    ("Un patient demande s'il peut arrêter son bêtabloquant", "Il se sent mieux et veut arrêter seul.", "Expliquer qu'un arrêt **brutal** expose à un effet rebond ; l'orienter vers son médecin pour une décroissance éventuelle."),
    ("Peut-on prendre de l'ibuprofène sous anticoagulant ?", "Demande fréquente au comptoir pour une douleur dentaire.", "Déconseiller les AINS (risque hémorragique) ; proposer le paracétamol à dose adaptée et conseiller d'en parler au prescripteur."),
    ("Oubli de pilule : que répondre ?", "Une patiente a oublié un comprimé il y a 14 heures.", "Suivre la conduite à tenir de la notice selon le type de pilule et le délai ; rappeler la contraception d'urgence si besoin."),
    ("Automédication contre la toux chez un enfant de 18 mois", "Un parent demande un sirop.", "Pas de sirop antitussif avant 2 ans ; lavages de nez, hydratation, et consultation si fièvre ou gêne respiratoire."),
]  # fmt: skip
PRO_ARTICLES = [
    ("Recommandations : ce qui change cette année", "Le point sur les mises à jour qui touchent la pratique quotidienne.", ["recommandations", "pratique"]),
    ("Interactions médicamenteuses : les cinq à connaître", "Un aide-mémoire pour les situations les plus fréquentes.", ["interactions", "sécurité"]),
    ("Organiser la vaccination saisonnière", "Retours d'expérience et organisation pratique.", ["vaccination", "organisation"]),
    ("Bien utiliser les sources officielles", "Où trouver une information fiable et à jour.", ["sources", "pratique"]),
    ("Éducation thérapeutique : par où commencer ?", "Des outils simples pour accompagner les patients.", ["éducation", "patients"]),
]  # fmt: skip
PATIENT_ARTICLES = [
    ("Préparer sa consultation : une liste de questions", "Quelques questions à noter avant le rendez-vous.", ["consultation", "pratique"]),
    ("Fatigue : ce que disent les soignants", "Comprendre la fatigue liée aux traitements et ce qui peut aider.", ["fatigue", "traitement"]),
    ("Vos droits au travail pendant les soins", "Arrêt, mi-temps thérapeutique, aménagement de poste : l'essentiel.", ["droits", "travail"]),
]  # fmt: skip
BODY = (
    "## L'essentiel\n\nContenu de **démonstration**, inventé pour présenter le magazine.\n\n"
    "- Un premier point à retenir ;\n- un deuxième ;\n- un troisième.\n\n"
    "## Pour aller plus loin\n\nParlez-en avec votre équipe et partagez votre expérience dans les discussions."
)
SOURCES = "Source de démonstration 1 (https://example.org/reference)\nSource de démonstration 2"


def _editor(network: Network) -> Membership | None:
    return (
        Membership.objects.filter(
            network=network, status=Membership.Status.ACTIVE, role__in=["editor", "admin"]
        )
        .order_by("role", "pk")
        .first()
    )


def _reviewer(network: Network) -> Membership | None:
    return (
        Membership.objects.filter(
            network=network, status=Membership.Status.ACTIVE, qualification__status="verified"
        )
        .order_by("pk")
        .first()
    )


@transaction.atomic
def seed_for_demo(network: Network) -> int:
    """Registered in MagazineConfig.ready(); idempotent (nothing if the network has articles)."""
    if Article.objects.filter(network=network).exists():
        return 0
    editor = _editor(network)
    if editor is None:
        return 0
    reviewer = _reviewer(network)
    MagazineSettings.objects.get_or_create(
        network=network, defaults={"requires_reviewer": reviewer is not None}
    )
    rng = random.Random(f"magazine-{network.slug}")  # noqa: S311 - demo content
    now = timezone.now()
    articles = []
    if network.kind == Network.Kind.PROFESSIONALS:
        # Three weeks: a question of the day every weekday, an article twice a week, and two to come.
        for day in range(-2, 21):
            moment = (now - timezone.timedelta(days=day)).replace(hour=7, minute=30, second=0, microsecond=0)
            if moment.weekday() >= 5:
                continue
            title, summary, answer = PRO_QUESTIONS[day % len(PRO_QUESTIONS)]
            articles.append(
                Article(
                    network=network, author=editor, kind=Article.Kind.QUESTION, title=title,
                    slug=f"{slugify(title)[:60]}-{day + 3}", summary=summary, body=f"{summary}\n\nQue répondez-vous ?",
                    body_html=markdown.render(f"{summary}\n\nQue répondez-vous ?"), answer=answer,
                    answer_html=markdown.render(answer), tags=["comptoir"], sources=SOURCES, reviewer=reviewer,
                    published=True, publish_at=moment, created_at=moment, updated_at=moment,
                )
            )  # fmt: skip
            if day % 3 == 0:
                title, summary, tags = PRO_ARTICLES[(day // 3) % len(PRO_ARTICLES)]
                articles.append(
                    Article(
                        network=network, author=editor, title=title, slug=f"{slugify(title)[:60]}-{day + 3}",
                        summary=summary, body=BODY, body_html=markdown.render(BODY), tags=tags, sources=SOURCES,
                        reviewer=reviewer, published=True, publish_at=moment.replace(hour=12),
                        created_at=moment, updated_at=moment, sponsored=rng.random() < 0.2,
                    )
                )  # fmt: skip
    else:
        for index, (title, summary, tags) in enumerate(PATIENT_ARTICLES):
            moment = now - timezone.timedelta(days=index * 5, hours=2)
            articles.append(
                Article(
                    network=network, author=editor, title=title, slug=slugify(title)[:70], summary=summary,
                    body=BODY, body_html=markdown.render(BODY), tags=tags, sources=SOURCES, reviewer=reviewer,
                    published=True, publish_at=moment, created_at=moment, updated_at=moment,
                    visibility=Article.Visibility.PUBLIC if network.is_listed and index == 0 else Article.Visibility.NETWORK,
                )
            )  # fmt: skip
    articles.append(
        Article(
            network=network, author=editor, title="Brouillon : idées pour le mois prochain", slug="brouillon-idees",
            summary="Un brouillon de démonstration.", body=BODY, body_html=markdown.render(BODY), tags=["brouillon"],
        )
    )  # fmt: skip
    Article.objects.bulk_create(articles)
    return len(articles)
