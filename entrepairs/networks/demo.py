"""The demo networks and their synthetic members, loaded by `manage.py seed_demo` (idempotent).

Every name here is invented. Demo accounts share one password, printed by the command. The features
add their own demo content to each network through `add_demo_content` (networks is the foundation
and imports no feature)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from entrepairs.accounts.models import User
from entrepairs.networks.models import Membership, Network
from entrepairs.professionals.models import Profession, Qualification, Specialty

DEMO_PASSWORD = "demo-entrepairs-2026"  # noqa: S105 - printed demo password, embedded mode only
OPERATOR_EMAIL = "operateur@example.test"

# (seed(network) -> how many items it created, the line printed with that number), from the features'
# AppConfig.ready(): seed_demo runs each over every network after the members exist.
demo_content: list[tuple[Callable[[Network], int], str]] = []


def add_demo_content(seed_network: Callable[[Network], int], summary: str) -> None:
    """`summary` is printed when something was created, with `{count}` the total over the networks
    (e.g. "Demo discussions: {count} posts."). Seeding must be idempotent, as seed_demo is."""
    if all(existing is not seed_network for existing, _summary in demo_content):
        demo_content.append((seed_network, summary))


FIRST_NAMES = [
    "Camille",
    "Dominique",
    "Claude",
    "Alix",
    "Sacha",
    "Morgane",
    "Noé",
    "Lou",
    "Maël",
    "Eden",
    "Charlie",
    "Andréa",
]
LAST_NAMES = [
    "Exemple",
    "Fictif",
    "Démo",
    "Modèle",
    "Essai",
    "Testard",
    "Prototype",
    "Maquette",
    "Brouillon",
    "Ébauche",
    "Esquisse",
    "Patron",
]
PSEUDONYMS = [
    "Colibri Serein", "Mésange Tenace", "Loutre Paisible", "Hérisson Curieux", "Héron Patient", "Libellule Joyeuse",
    "Écureuil Vaillant", "Tortue Confiante", "Papillon Lumineux", "Chamois Agile", "Dauphin Fidèle", "Lynx Discret",
]  # fmt: skip


@dataclass(frozen=True)
class DemoNetwork:
    slug: str
    name: str
    kind: str
    description: str
    theme_color: str
    join_policy: str = "open"
    allow_relatives: bool = False
    professions: tuple[str, ...] = ()
    specialties: tuple[str, ...] = ()
    title: str = ""  # display-name prefix for professionals
    language: str = "fr"
    private_messages: bool = False  # patient networks only: professional networks always allow them
    extra: dict = field(default_factory=dict)


NETWORKS = [
    DemoNetwork(
        "cancer-du-sein", "Cancer du sein — patientes et proches", "patients",
        "Un lieu pour les femmes touchées par un cancer du sein et leurs proches : partager ce que l'on vit, "
        "poser ses questions sur les traitements, se soutenir entre les rendez-vous.",
        "#b0456e", allow_relatives=True, private_messages=True,
    ),
    DemoNetwork(
        "maladies-chroniques", "Maladies chroniques", "patients",
        "Pour les personnes qui vivent avec une maladie chronique : diabète, maladies inflammatoires, douleurs. "
        "Rompre l'isolement et échanger des astuces du quotidien.",
        "#2f6f73", private_messages=True,
    ),
    DemoNetwork(
        "cardiologues", "Cardiologues", "professionals",
        "Le réseau des cardiologues vérifiés : questions entre confrères, cas cliniques, veille.",
        "#a23b3b", professions=("10",), specialties=("SM04",), title="Dr",
    ),
    DemoNetwork(
        "preparateurs-pharmacie", "Préparateurs en pharmacie", "professionals",
        "Entre préparateurs et préparatrices en pharmacie : questions au comptoir, réglementation, formation.",
        "#2e7d4f", professions=("39",),
    ),
    DemoNetwork(
        "infirmiers", "Infirmiers", "professionals",
        "Le réseau des infirmières et infirmiers vérifiés : pratiques de soins, organisation, entraide.",
        "#3d5a99", professions=("60",),
    ),
    DemoNetwork(
        "patients-chu", "Patients du CHU", "patients",
        "Réservé aux patients suivis au CHU : informations pratiques, entraide entre services. "
        "Chaque demande est validée par l'équipe de modération.",
        "#6b4fa0", join_policy="approval",
    ),
    DemoNetwork(
        "type1-english", "Type 1 diabetes (English-speaking)", "patients",
        "For English speakers living with type 1 diabetes in France, and their families: pumps, sensors, "
        "school, sport and paperwork, shared in English.",
        "#1f6f8b", allow_relatives=True, language="en", private_messages=True,
    ),
]  # fmt: skip
ENGLISH_PSEUDONYMS = [
    "Calm Heron", "Brave Otter", "Quiet Finch", "Bright Fox", "Steady Badger", "Gentle Lark",
    "Curious Wren", "Patient Owl", "Swift Hare", "Kind Robin", "Bold Puffin", "Wise Seal",
]  # fmt: skip

# Professionals' profiles: a department and a short bio (invented), by member index.
PROFESSIONAL_PROFILES = [
    ("69", "Exercice mixte, hôpital et cabinet de ville. Enseignement auprès des internes."),
    ("33", "Activité libérale, intérêt particulier pour la prévention."),
    ("59", "Exercice en centre de santé pluriprofessionnel."),
    ("13", "Installé depuis peu, toujours curieux des pratiques des collègues."),
    ("35", "Coordination de parcours et éducation thérapeutique."),
]
# Patients who chose to show a short bio (most keep it hidden, the default), by member index.
PATIENT_BIOS = {
    2: "Ici pour partager ce qui m'aide au quotidien et apprendre des autres.",
    5: "Bavarde, curieuse, toujours partante pour un échange de recettes.",
}

# Which demo account to try for which journey (printed by seed_demo after the logins).
JOURNEYS = [
    (
        "cancer-du-sein.03@example.test",
        "patiente : accueil vivant, fils suivis avec réponses non lues, messages, sondage à voter",
    ),
    (
        "cancer-du-sein.12@example.test",
        "proche arrivé cette semaine : premiers pas (se présenter, suivre un espace, lire le code de conduite)",
    ),
    ("cancer-du-sein.02@example.test", "modératrice : signalements, demandes, notes d'expert"),
    (
        "cardiologues.03@example.test",
        "cardiologue vérifié : cas clinique à discuter, question avec réponse acceptée",
    ),
    (
        "cardiologues.01@example.test",
        "administrateur d'un réseau professionnel : rôles, confidentialité, invitations",
    ),
    (
        "patients-chu.01@example.test",
        "administratrice d'un réseau sur validation : deux demandes d'adhésion en attente",
    ),
    ("type1-english.03@example.test", "English-speaking patient network: the same journeys in English"),
]

MEMBERS_PER_NETWORK = 12


def _joined(index: int):
    days = 400 - 35 * index if index < MEMBERS_PER_NETWORK - 3 else 3 + 7 * (MEMBERS_PER_NETWORK - 1 - index)
    return (timezone.now() - timedelta(days=days)).replace(hour=9, minute=0, second=0, microsecond=0)


def _password_hash() -> str:
    # Hashing once: the password hasher is deliberately slow, and 70 demo accounts share one password.
    return make_password(DEMO_PASSWORD)


def _account(email: str, first: str, last: str, *, password_hash: str, staff: bool = False):
    user, _ = User.objects.get_or_create(
        email=email,
        defaults={
            "first_name": first,
            "last_name": last,
            "is_staff": staff,
            "is_superuser": staff,
            "password": password_hash,
        },
    )
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _qualification(user, network_spec: DemoNetwork):
    profession = Profession.objects.get(code=network_spec.professions[0])
    specialty = Specialty.objects.get(code=network_spec.specialties[0]) if network_spec.specialties else None
    qualification, _ = Qualification.objects.get_or_create(
        user=user,
        profession=profession,
        specialty=specialty,
        defaults={"status": Qualification.Status.VERIFIED, "method": Qualification.Method.OPERATOR},
    )
    return qualification


@transaction.atomic
def seed() -> list[tuple[str, str]]:
    """Create (or leave as is) the demo data. Returns (email, description) for the printed logins."""
    logins = []
    password_hash = _password_hash()
    operator = _account(OPERATOR_EMAIL, "Opé", "Rateur", password_hash=password_hash, staff=True)
    logins.append((operator.email, "opérateur de la plateforme (admin, page opérateur)"))
    for network_index, spec in enumerate(NETWORKS):
        network, _ = Network.objects.get_or_create(
            slug=spec.slug,
            defaults={
                "language": spec.language,
                "allow_private_messages": spec.private_messages,
                "name": spec.name,
                "kind": spec.kind,
                "description": spec.description,
                "theme_color": spec.theme_color,
                "join_policy": spec.join_policy,
                "allow_relatives": spec.allow_relatives,
            },
        )
        if spec.professions:
            network.professions.set(Profession.objects.filter(code__in=spec.professions))
            network.specialties.set(Specialty.objects.filter(code__in=spec.specialties))
        for index in range(MEMBERS_PER_NETWORK):
            first = FIRST_NAMES[(index + network_index) % len(FIRST_NAMES)]
            last = LAST_NAMES[index % len(LAST_NAMES)]
            email = f"{spec.slug}.{index + 1:02d}@example.test"
            user = _account(email, first, last, password_hash=password_hash)
            role = "admin" if index == 0 else "moderator" if index == 1 else "member"
            status = (
                "pending" if spec.join_policy == "approval" and index >= MEMBERS_PER_NETWORK - 2 else "active"
            )
            qualification = _qualification(user, spec) if spec.kind == "professionals" else None
            if spec.kind == "patients":
                names = ENGLISH_PSEUDONYMS if spec.language == "en" else PSEUDONYMS
                display_name = f"{names[(index + network_index) % len(names)]} {10 + index + network_index}"
                member_type = "relative" if spec.allow_relatives and index % 4 == 3 else "patient"
            else:
                display_name = f"{spec.title} {first} {last}".strip()
                member_type = "professional"
            profile = {}
            if spec.kind == "professionals" and index < len(PROFESSIONAL_PROFILES):
                profile = dict(zip(("practice_area", "bio"), PROFESSIONAL_PROFILES[index], strict=True))
            elif spec.kind == "patients" and spec.language == "fr" and index in PATIENT_BIOS:
                profile = {"bio": PATIENT_BIOS[index], "show_bio": True}
            Membership.objects.get_or_create(
                network=network,
                user=user,
                defaults=profile
                | {
                    "display_name": display_name,
                    "role": role,
                    "status": status,
                    "member_type": member_type,
                    "qualification": qualification,
                    # Joined over the past year, the last three in the past weeks (the home welcomes
                    # them); to the day, as every join date.
                    "joined_at": _joined(index) if status == "active" else None,
                    "requested_at": _joined(index) - timedelta(days=1),
                },
            )
            if index < 3:
                logins.append((email, f"{role} · {spec.name}"))
    return logins
