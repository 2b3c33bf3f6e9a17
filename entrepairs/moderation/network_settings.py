"""A network's moderation settings with their defaults: the code of conduct (default text in French
and English) and the support resources shown to a member in distress (per country, 3114 in France,
988 in the United States; a network's administrators may write their own)."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from entrepairs.moderation import queries
from entrepairs.moderation.models import ModerationSettings

DEFAULT_CODE_OF_CONDUCT = {
    "fr": """Charte de bonne conduite

1. Bienveillance : on parle de santé, de peurs et de deuils. Pas d'insulte, de moquerie ni de harcèlement.
2. Vie privée : ne publiez ni nom, ni adresse, ni numéro de sécurité sociale, ni dossier médical, ni photo permettant de reconnaître quelqu'un (vous y compris).
3. Information médicale : partagez votre expérience, pas des prescriptions. Citez vos sources. Aucun message ne remplace l'avis de votre médecin.
4. Pas de publicité ni de vente de traitements ou de produits.
5. En cas de détresse : appelez le 3114 (prévention du suicide, 24 h/24) ou le 15 en cas d'urgence. Les modérateurs ne remplacent pas les secours.
6. Signalez ce qui enfreint cette charte (bouton « Signaler ») : les modérateurs décident, et ne révèlent jamais qui a signalé.""",
    "en": """Code of conduct

1. Kindness: we talk about health, fears and grief. No insults, mockery or harassment.
2. Privacy: do not publish names, addresses, social security numbers, medical records or photos in which someone can be recognised (yourself included).
3. Medical information: share your experience, not prescriptions. Cite your sources. No message replaces your doctor's advice.
4. No advertising or selling of treatments or products.
5. In distress: call a crisis line (988 in the United States, 3114 in France) or emergency services. Moderators are not emergency services.
6. Report what breaks this code (the "Report" button): the moderators decide, and never reveal who reported.""",
}

SUPPORT_LINES = {
    "FR": [
        "3114 — numéro national de prévention du suicide (24 h/24, gratuit)",
        "15 — SAMU, en cas d'urgence",
    ],
    "US": ["988 — Suicide & Crisis Lifeline (call or text, 24/7)", "911 — emergency services"],
    "BE": [
        "0800 32 123 — Centre de Prévention du Suicide (24 h/24)",
        "1813 — Zelfmoordlijn",
        "112 — urgences",
    ],
    "CH": ["143 — La Main Tendue (24 h/24)", "144 — urgences"],
    "CA": ["988 — Ligne d'aide en cas de crise de suicide / Suicide Crisis Helpline", "911 — urgences"],
}


def settings_for(network) -> ModerationSettings:
    return queries.settings_for(network)


def code_of_conduct(network, settings: ModerationSettings | None = None) -> str:
    settings = settings or settings_for(network)
    if settings.code_of_conduct.strip():
        return settings.code_of_conduct
    language = (get_language() or "fr")[:2]
    return DEFAULT_CODE_OF_CONDUCT.get(language, DEFAULT_CODE_OF_CONDUCT["fr"])


def support_resources(network, settings: ModerationSettings | None = None) -> list[str]:
    """The lines to show a member whose text suggests distress, first the network's own words."""
    settings = settings or settings_for(network)
    if settings.crisis_resources.strip():
        return [line.strip() for line in settings.crisis_resources.splitlines() if line.strip()]
    return SUPPORT_LINES.get(settings.country, SUPPORT_LINES["FR"])


def support_message(network) -> str:
    """One sentence for the page's message area, right after publishing."""
    lines = " · ".join(support_resources(network))
    return _(
        "If you are going through a hard time, you are not alone. You can talk to someone now: %(lines)s. "
        "Your message was published; the moderators of this network have been told so they can support you."
    ) % {"lines": lines}
