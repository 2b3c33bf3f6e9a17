"""Synthetic demo conversations for `seed_demo` (registered in MessagingConfig.ready): a direct
conversation per demo network where private messages are on, whose last message is unread by the
member it is addressed to, so that the Messages badge shows something. Idempotent."""

from django.db import transaction
from django.utils import timezone

from entrepairs.messaging.models import Conversation, Message, Participant
from entrepairs.networks.models import Membership, Network

# Lines per network: (first speaker's index, second speaker's index, lines alternating between them),
# with the members ordered as the demo made them (oldest first). Invented, like every demo text.
CONVERSATIONS = {
    "cancer-du-sein": [(3, 2, (
        "Bonjour, j'ai lu ton message sur la reprise du travail. Tu travailles dans quel secteur, sans entrer dans les détails ?",
        "Dans l'enseignement. Les élèves ont été adorables, c'est plutôt la fatigue qui m'a surprise.",
        "Je comprends. Si tu veux on peut en reparler avant ma reprise, ça me rassurerait.",
    ))],
    "maladies-chroniques": [(4, 2, (
        "Coucou, merci pour l'astuce de la bouillotte, j'ai testé hier soir !",
        "Avec plaisir. Tu as pu en parler à ton médecin pour les nuits ?",
        "Pas encore, rendez-vous dans dix jours. Je te tiens au courant.",
    ))],
    "cardiologues": [(0, 2, (
        "Bonjour confrère, pourriez-vous me transmettre le contact de la RCP rythmologie dont vous parliez ?",
        "Bien sûr, je vous envoie les coordonnées du secrétariat par la messagerie sécurisée de l'hôpital.",
        "Merci, je leur adresse le dossier cette semaine.",
    ))],
    "preparateurs-pharmacie": [(5, 2, (
        "Salut, tu utilises quel modèle de tableau pour les ruptures ?",
        "Un simple tableur partagé avec trois colonnes : produit, alternative, date de retour prévue.",
        "Parfait, je vais proposer la même chose à ma titulaire.",
    ))],
    "infirmiers": [(6, 2, (
        "Bonjour, tu aurais le contact du centre plaies et cicatrisation que tu mentionnais ?",
        "Oui, c'est une consultation hospitalière sur avis médical : le médecin traitant fait la demande.",
        "Merci, je vois ça avec lui demain matin.",
    ))],
    "type1-english": [(3, 2, (
        "Hi! Which running belt do you use for your glucose tabs?",
        "A simple elastic belt with two pockets, nothing fancy, it keeps the phone and the tabs.",
        "Thanks, I'll look for one this weekend.",
    ))],
}  # fmt: skip


@transaction.atomic
def seed_for_demo(network: Network) -> int:
    """Returns the number of messages created (0 when done already or messages are off)."""
    plans = CONVERSATIONS.get(network.slug)
    if not plans or not network.private_messages_enabled:
        return 0
    if Conversation.objects.filter(network=network).exists():
        return 0
    members = list(
        Membership.objects.filter(network=network, status=Membership.Status.ACTIVE).order_by(
            "requested_at", "id"
        )
    )
    created = 0
    now = timezone.now()
    for first, second, lines in plans:
        if max(first, second) >= len(members):
            continue
        people = (members[first], members[second])
        low, high = sorted(person.pk for person in people)
        start = now - timezone.timedelta(hours=2 * len(lines) + 1)
        conversation = Conversation.objects.create(
            network=network, kind=Conversation.Kind.DIRECT, created_by=people[0], direct_key=f"{low}:{high}",
            next_sequence=len(lines) + 1, last_message_at=start + timezone.timedelta(hours=2 * len(lines)),
            created_at=start,
        )  # fmt: skip
        Message.objects.bulk_create(
            Message(
                network=network,
                conversation=conversation,
                sequence=number,
                change_sequence=number,
                sender=people[(number - 1) % 2],
                client_id=f"demo-{number}",
                body=text,
                created_at=start + timezone.timedelta(hours=2 * number),
            )  # fmt: skip
            for number, text in enumerate(lines, start=1)
        )
        last_sender = people[(len(lines) - 1) % 2]
        Participant.objects.bulk_create(
            Participant(
                network=network,
                conversation=conversation,
                member=person,
                joined_at=start,
                # The last line is unread by the one it is addressed to.
                last_read_sequence=len(lines) if person.pk == last_sender.pk else len(lines) - 1,
                last_delivered_sequence=len(lines),
            )  # fmt: skip
            for person in people
        )
        created += len(lines)
    return created
