"""French that reads as French (issue 13): relative times, dates in the member's language, elision,
no-break spaces before high punctuation, accent-aware sorting, the language switcher, the emails'
greeting and the reactions each kind of network offers."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from entrepairs import typography
from entrepairs.discussions import services as discussions
from entrepairs.discussions.models import Reaction
from entrepairs.errors import ActionRefused
from entrepairs.networks import access
from entrepairs.sorting import name_key, sorted_by_name
from entrepairs.typography import NARROW_NBSP
from entrepairs.web.management.commands.french_typography import french_catalogues, translations
from entrepairs.web.templatetags.dates import relative
from tests import factories as f
from tests.discussions.factories import thread_factory

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 12, 8, 10, 0, tzinfo=PARIS)


def render(source: str, **context) -> str:
    """The template's output, its no-break spaces shown as spaces (dates hold them: "21 h 26")."""
    return Template(source).render(Context(context)).replace("\u00a0", " ")


# --- Relative times --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("delta", "french", "english"),
    [
        (timedelta(seconds=20), "à l'instant", "just now"),
        (timedelta(minutes=1), "il y a 1 minute", "1 minute ago"),
        (timedelta(minutes=42), "il y a 42 minutes", "42 minutes ago"),
        (timedelta(hours=3, minutes=59), "il y a 3 heures", "3 hours ago"),
        (timedelta(days=1, hours=5), "hier", "yesterday"),
        (timedelta(days=2, hours=11), "il y a 2 jours", "2 days ago"),
        (timedelta(days=20), "il y a 2 semaines", "2 weeks ago"),
    ],
)
def test_relative_times_read_as_a_person_says_them(delta, french, english):
    with translation.override("fr"):
        assert relative(NOW - delta, now=NOW) == french
    with translation.override("en"):
        assert relative(NOW - delta, now=NOW) == english


def test_a_month_old_date_is_shown_as_a_date_not_a_duration():
    with translation.override("fr"):
        assert relative(NOW - timedelta(days=60), now=NOW) == "9\u00a0oct. 2026"
    with translation.override("en"):
        assert relative(NOW - timedelta(days=60), now=NOW) == "Oct\u00a09, 2026"


def test_moment_tag_gives_the_full_date_as_title():
    value = timezone.now() - timedelta(days=2, hours=11)
    with translation.override("fr"):
        html = render("{% load dates %}{% moment value %}", value=value)
    assert ">il y a 2 jours</time>" in html
    assert f'datetime="{value.isoformat()}"' in html
    assert "jours, " not in html  # never Django's "2 jours, 11 heures"


# --- Dates in the member's language ----------------------------------------------------------------
def test_dates_in_french_and_in_english():
    value = datetime(2026, 12, 5, 21, 26, tzinfo=PARIS)
    with timezone.override(PARIS):
        with translation.override("fr"):
            assert render("{% load dates %}{{ value|when }}", value=value) == "5 déc. 2026 à 21 h 26"
            assert render('{{ value|date:"SHORT_DATETIME_FORMAT" }}', value=value) == "5 déc. 2026 à 21 h 26"
            assert render('{{ value|date:"SHORT_DATE_FORMAT" }}', value=value) == "5 déc. 2026"
            # The time never breaks across two lines.
            assert "21\u00a0h\u00a026" in Template("{% load dates %}{{ value|when }}").render(
                Context({"value": value})
            )
        with translation.override("en"):
            assert render("{% load dates %}{{ value|when }}", value=value) == "Dec 5, 2026, 9:26 PM"
            assert render('{{ value|date:"SHORT_DATE_FORMAT" }}', value=value) == "Dec 5, 2026"


def test_the_same_moment_in_turn_in_each_language_and_time_zone():
    """`when` keeps what it formatted (web/templatetags/dates.py): the language and the time zone are
    part of what it remembers, so a member never gets another's."""
    value = datetime(2026, 12, 5, 20, 26, tzinfo=UTC)
    seen = []
    for _ in range(2):
        for zone in (PARIS, ZoneInfo("America/Montreal")):
            with timezone.override(zone):
                for language in ("fr", "en"):
                    with translation.override(language):
                        seen.append(render("{% load dates %}{{ value|when }}", value=value))
                        assert render("{% load dates %}{% moment value %}", value=value).count(seen[-1]) == 1
    assert seen[:4] == ["5 déc. 2026 à 21 h 26", "Dec 5, 2026, 9:26 PM", "5 déc. 2026 à 15 h 26",
                        "Dec 5, 2026, 3:26 PM"]  # fmt: skip
    assert seen[4:] == seen[:4]


def test_one_moment_written_in_any_zone_is_shown_in_the_members():
    """What `when` remembers is the moment (an aware datetime equals the same moment in any zone) and
    the member's zone, in which it is shown, whichever zone it came in."""
    value = datetime(2026, 12, 5, 20, 26, tzinfo=UTC)
    with timezone.override(PARIS), translation.override("fr"):
        for written in (
            value,
            value.astimezone(ZoneInfo("Asia/Tokyo")),
            value.astimezone(ZoneInfo("America/Cayenne")),
        ):
            assert render("{% load dates %}{{ value|when }}", value=written) == "5 déc. 2026 à 21 h 26"
    with timezone.override(ZoneInfo("Indian/Reunion")), translation.override("fr"):
        assert (
            render("{% load dates %}{{ value|when }}", value=value.astimezone(PARIS))
            == "6 déc. 2026 à 0 h 26"
        )


def test_a_thread_page_shows_post_times_in_the_members_time_zone(world, login):
    """The posts are built in Python (discussions/post_rows.py), which does not convert a datetime to
    local time as Django's templates do: it must (dates.local_date)."""
    from entrepairs.discussions.models import Post

    thread = thread_factory(world.relative, title="Heure locale")
    Post.objects.filter(thread=thread).update(created_at=datetime(2026, 12, 5, 20, 26, tzinfo=UTC))
    url = reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": thread.pk})
    with timezone.override(PARIS):
        html = login(world.patient.user).get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    html = html.replace("\u00a0", " ")
    assert "5 déc. 2026 à 21 h 26" in html and "20 h 26" not in html


# --- Elision and no-break spaces -------------------------------------------------------------------
def test_elision_before_a_vowel_or_a_mute_h():
    assert typography.elide("en tant que Écureuil") == "en tant qu'Écureuil"
    assert typography.elide("en tant que Hélène") == "en tant qu'Hélène"
    assert typography.elide("La demande de Anne a été refusée.") == "La demande d'Anne a été refusée."
    assert typography.elide("en tant que Tortue") == "en tant que Tortue"


def test_french_filter_elides_in_french_only_and_keeps_escaping():
    template = "{% load typography %}{% blocktranslate with name=name asvar as_name %}as {{ name }}{% endblocktranslate %}{{ as_name|french }}"
    with translation.override("fr"):
        assert render("{% load i18n %}" + template, name="Écureuil") == "en tant qu'Écureuil"
        assert render("{% load i18n %}" + template, name="Ours <b>") == "en tant qu'Ours &lt;b&gt;"
    with translation.override("en"):
        assert render("{% load i18n %}" + template, name="Écureuil") == "as Écureuil"


def test_no_break_space_before_high_punctuation_and_inside_guillemets():
    assert typography.space_punctuation("Attention : lisez ceci ! Prêt ? Oui ; non") == (
        f"Attention{NARROW_NBSP}: lisez ceci{NARROW_NBSP}! Prêt{NARROW_NBSP}? Oui{NARROW_NBSP}; non"
    )
    assert typography.space_punctuation("« bof »") == f"«{NARROW_NBSP}bof{NARROW_NBSP}»"
    # Addresses, times, query strings and markup are left alone.
    untouched = 'https://exemple.fr/?q=1 à 12:30 <a href="/x?y=z">lien</a>'
    assert typography.space_punctuation(untouched) == untouched
    # Applying it twice changes nothing more.
    once = typography.space_punctuation("Bonjour : « %(name)s » !")
    assert typography.space_punctuation(once) == once


def test_every_french_translation_has_its_no_break_spaces():
    """`manage.py french_typography` fixes what this finds."""
    catalogues = french_catalogues()
    assert catalogues
    missing = [
        (str(path), text)
        for path in catalogues
        for text in translations(path.read_text(encoding="utf-8"))
        if typography.needs_spacing(text)
    ]
    assert missing == []


def test_translated_pages_carry_the_no_break_space(client):
    with translation.override("fr"):
        assert (
            translation.gettext("Hello from %(site_name)s!") == f"Bonjour, c'est %(site_name)s{NARROW_NBSP}!"
        )


# --- Accent-aware sorting --------------------------------------------------------------------------
def test_name_key_puts_accented_letters_with_their_letter():
    names = ["Tortue", "Écureuil", "zèbre", "Eider", "éléphant", "Ours"]
    assert sorted_by_name(names) == ["Écureuil", "Eider", "éléphant", "Ours", "Tortue", "zèbre"]
    assert name_key("Éric") < name_key("Fabien")


def test_member_list_sorts_accents_with_their_letter(login, world):
    f.member_factory(world.diabetes, display_name="Tortue Calme")
    f.member_factory(world.diabetes, display_name="Écureuil Roux")
    f.member_factory(world.diabetes, display_name="éléphant Sage")
    names = [m.display_name for m in access.visible_members(world.outsider)]
    assert names == ["Écureuil Roux", "éléphant Sage", "Tortue Calme", "Voisin Curieux"]
    html = (
        login(world.outsider.user)
        .get(reverse("networks:members", kwargs={"slug": "diabetes"}))
        .content.decode()
    )
    assert html.index("Écureuil Roux") < html.index("éléphant Sage") < html.index("Tortue Calme")


def test_network_directory_sorts_accents_with_their_letter(client, world):
    f.network_factory(name="Épilepsie", slug="epilepsie")
    f.network_factory(name="Zona", slug="zona")
    html = client.get(reverse("home")).content.decode()
    assert (
        html.index("Diabète de type 1")
        < html.index("Épilepsie")
        < html.index("Patients du CHU")
        < html.index("Zona")
    )


# --- The language switcher ---------------------------------------------------------------------------
def test_language_switcher_changes_a_signed_in_members_preference(login, world):
    client = login(world.patient.user)
    assert world.patient.user.language != "en"
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    world.patient.user.refresh_from_db()
    assert world.patient.user.language == "en"
    assert 'lang="en"' in client.get(reverse("home")).content.decode()


def test_language_switcher_refuses_an_unknown_language(login, world):
    client = login(world.patient.user)
    before = world.patient.user.language
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    world.patient.user.refresh_from_db()
    assert world.patient.user.language == before


def test_language_switcher_on_get_changes_nothing(login, world):
    client = login(world.patient.user)
    before = world.patient.user.language
    assert client.get(reverse("set_language") + "?language=en").status_code == 302
    world.patient.user.refresh_from_db()
    assert world.patient.user.language == before


# --- Emails name the site ------------------------------------------------------------------------------
@pytest.mark.django_db
def test_signup_email_greets_with_the_site_name_not_the_address(client, settings):
    settings.SITE_NAME = "Entrepairs Santé"
    client.post(
        reverse("account_signup"),
        {
            "email": "nouvelle@example.org",
            "password1": "Un mot de passe solide 42",
            "password2": "Un mot de passe solide 42",
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert mail.outbox, "the confirmation email was sent"
    message = mail.outbox[-1]
    greeting = message.body.splitlines()[0]
    assert greeting == f"Bonjour, c'est Entrepairs Santé{NARROW_NBSP}!"
    assert message.body.rstrip().endswith(settings.SITE_URL)
    assert message.subject.startswith("[Entrepairs")


# --- Reactions fit the network ---------------------------------------------------------------------------
def test_professional_networks_offer_no_courage(login, world):
    kinds = dict(Reaction.kinds_for(world.cardio))
    assert "courage" not in kinds
    assert set(kinds) == {"merci", "utile", "moi_aussi"}
    assert "courage" in dict(Reaction.kinds_for(world.breast))
    thread = thread_factory(world.cardiologist)
    with pytest.raises(ActionRefused):
        discussions.toggle_reaction(world.cardiologist, thread.posts.get(), "courage")
    assert not Reaction.objects.filter(post__thread=thread).exists()
    html = (
        login(world.cardiologist.user)
        .get(reverse("discussions:thread", kwargs={"slug": "cardio", "thread_id": thread.pk}))
        .content.decode()
    )
    assert "Courage" not in html
    assert "Idem dans ma pratique" in html


def test_the_sign_in_pages_french_reads_as_french_too():
    """django-allauth's own French lacks the no-break spaces; the project's catalogue, which comes
    first, carries its strings with them."""
    from django.utils import translation

    with translation.override("fr"):
        assert translation.gettext("Forgot your password?") == "Mot de passe oublié\u202f?"
