"""The composer's live check, POST /n/<slug>/privacy/check/ (entrepairs/privacy/views.py).

The member's own text comes back to them only, explained: what was found, why it matters, what the
network will do, and a one-click replacement. Non-members get 404, as everywhere inside a network."""

import logging
import re

import pytest
from django.urls import reverse
from django.views.debug import SafeExceptionReporterFilter

from entrepairs.privacy import views
from entrepairs.privacy.explain import excerpt, utf16_index

PHONE = "06 12 34 56 78"
NIR = "2 87 06 38 379 668 32"  # valid key (tests/privacy/test_scan.py)


def check_url(slug="breast", context=None):
    url = reverse("privacy:check", kwargs={"slug": slug})
    return f"{url}?context={context}" if context else url


def findings(response):
    """(field, start, end, replacement) of each finding in the fragment."""
    return re.findall(
        r'data-field="([^"]+)" data-start="(\d+)" data-end="(\d+)" data-replacement="([^"]*)"',
        response.content.decode(),
    )


def in_english(user):
    # Pages are French by default; these tests read the English source strings.
    user.language = "en"
    user.save(update_fields=["language"])
    return user


@pytest.fixture
def patient(login, world):
    # world.patient: member of `breast`, a patient community (phones to confirm, NIR blocked).
    return login(in_english(world.patient.user))


def test_phone_number_is_shown_with_its_reason_action_excerpt_and_replacement(patient):
    text = f"Vous pouvez m'appeler au {PHONE} le soir."

    response = patient.post(check_url(), {"body": text})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>Phone number</strong> — people outside could call you" in html
    assert "You will be asked to confirm before publishing" in html
    assert f"<mark data-privacy-flagged>{PHONE}</mark>" in html
    assert "Replace with “[téléphone masqué]”" in html
    start = text.index(PHONE)
    assert findings(response) == [("body", str(start), str(start + len(PHONE)), "[téléphone masqué]")]
    assert 'data-privacy-count="1"' in html
    assert "1 item to check" in html


def test_social_security_number_is_blocked_in_a_patient_network(patient):
    response = patient.post(check_url(), {"body": f"Mon numéro de sécu : {NIR}, pour la mutuelle."})

    html = response.content.decode()
    assert "<strong>Social security number</strong>" in html
    assert "Blocked: remove it to publish" in html
    assert "privacy-block" in html


@pytest.mark.parametrize(
    "text",
    [
        "Je prends 20 mg de tamoxifène le matin, 2 comprimés.",
        "Si ça ne va pas, appelez le 3114, c'est gratuit et ouvert jour et nuit.",
        "Mon CA 15-3 est à 28 U/mL, rendez-vous le 12/03 à 14 h.",
        "La maladie de Crohn et le syndrome de Gilles de la Tourette.",
    ],
)
def test_health_talk_has_no_finding(patient, text):
    response = patient.post(check_url(), {"body": text})

    assert response.status_code == 200
    assert findings(response) == []
    assert 'data-privacy-count="0"' in response.content.decode()


def test_empty_text_is_fine(patient):
    response = patient.post(check_url(), {"body": ""})

    assert response.status_code == 200
    assert findings(response) == []


def test_the_text_is_escaped(patient):
    text = f"<script>x()</script> au {PHONE} <b>vite</b>"

    html = patient.post(check_url(), {"body": text}).content.decode()

    assert "<script>" not in html and "<b>vite" not in html
    assert "&lt;script&gt;x()&lt;/script&gt; au <mark" in html
    assert "&lt;b&gt;vite&lt;/b&gt;" in html


def test_offsets_count_utf16_units_like_javascript(patient):
    # An emoji is one Python character but two JavaScript units: offsets must fit textarea.value.
    text = f"Bonjour 😀 mon numéro : {PHONE}"

    [(_, start, end, _)] = findings(patient.post(check_url(), {"body": text}))

    python_start = text.index(PHONE)
    assert int(start) == python_start + 1
    assert int(end) - int(start) == len(PHONE)


def test_browser_line_breaks_are_counted_as_in_the_textarea(patient):
    # Form encodings send CRLF; textarea.value holds LF: offsets are for the latter.
    response = patient.post(check_url(), {"body": f"Bonjour,\r\nmon numéro :\r\n{PHONE}"})

    [(_, start, _, _)] = findings(response)
    assert int(start) == f"Bonjour,\nmon numéro :\n{PHONE}".index(PHONE)


def test_several_fields_are_checked_and_named(patient):
    response = patient.post(
        check_url(), {"title": f"Appelez le {PHONE}", "body": "Écrivez-moi : rose@example.test"}
    )

    assert [(field, replacement) for field, _, _, replacement in findings(response)] == [
        ("title", "[téléphone masqué]"),
        ("body", "[e-mail masqué]"),
    ]
    assert "data-privacy-where" in response.content.decode()
    assert "2 items to check" in response.content.decode()


def test_csrf_token_is_not_checked_as_text(patient):
    response = patient.post(check_url(), {"csrfmiddlewaretoken": PHONE, "body": "rien"})

    assert findings(response) == []


def test_names_are_allowed_in_a_professional_network_but_blocked_in_a_clinical_case(login, world):
    client = login(in_english(world.cardiologist.user))
    text = "J'en ai parlé au Dr Martin qui est d'accord."

    as_text = client.post(check_url("cardio"), {"body": text}).content.decode()
    as_case = client.post(check_url("cardio", "case"), {"context": text}).content.decode()

    assert "Allowed in this network" in as_text and "Nothing to check" in as_text
    assert "Blocked: remove it to publish" in as_case
    assert "it could identify the patient" in as_case
    assert "Replace with “M.”" in as_case


@pytest.mark.parametrize("actor", ["outsider", "breast_pending", "anonymous", "stranger"])
def test_non_members_get_404(client, world, actor):
    user = {
        "outsider": world.outsider.user,
        "breast_pending": world.breast_pending.user,
        "stranger": world.stranger,
    }
    if actor in user:
        client.force_login(user[actor])

    response = client.post(check_url("breast"), {"body": f"appelez le {PHONE}"})

    assert response.status_code == 404
    assert PHONE not in response.content.decode()


def test_member_gets_404_for_another_network_and_for_one_that_does_not_exist(patient):
    assert patient.post(check_url("diabetes"), {"body": PHONE}).status_code == 404
    assert patient.post(check_url("nowhere"), {"body": PHONE}).status_code == 404


def test_get_is_not_allowed(patient):
    assert patient.get(check_url()).status_code == 405


def test_csrf_is_required(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.patient.user)

    assert client.post(check_url(), {"body": PHONE}).status_code == 403


def test_oversized_text_gets_a_clear_413_fragment(patient):
    response = patient.post(check_url(), {"body": "a" * (views.MAX_CHARS + 1)})

    assert response.status_code == 413
    html = response.content.decode()
    assert 'class="privacy-refused"' in html
    assert "too long to check as you type" in html
    assert "checked when you publish" in html


@pytest.mark.parametrize(
    "url_context, data",
    [
        ("elsewhere", {"body": "texte"}),  # unknown context
        (None, {f"field{number}": "texte" for number in range(views.MAX_FIELDS + 1)}),  # too many fields
        (None, {"Body<": "texte"}),  # not a field name
    ],
)
def test_malformed_checks_get_a_400_fragment(patient, url_context, data):
    response = patient.post(check_url(context=url_context), data)

    assert response.status_code == 400
    assert 'class="privacy-refused"' in response.content.decode()


def test_checks_are_rate_limited_per_account(patient, monkeypatch):
    monkeypatch.setattr(views, "CHECKS_PER_MINUTE", 3)
    statuses = [patient.post(check_url(), {"body": "bonjour"}).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_the_response_is_never_stored(patient):
    response = patient.post(check_url(), {"body": PHONE})

    assert "no-store" in response["Cache-Control"]


def test_the_text_is_never_logged(patient, login, world, caplog):
    caplog.set_level(logging.DEBUG)
    secret = f"Mon numéro {PHONE}, ma sécu {NIR}"

    patient.post(check_url(), {"body": secret})
    patient.post(check_url(), {"body": secret + "a" * views.MAX_CHARS})  # 413: a warning is logged
    patient.post(check_url("diabetes"), {"body": secret})  # 404: a warning is logged

    assert caplog.records  # the 4xx warnings were captured...
    for record in caplog.records:  # ...and none holds the text
        assert PHONE not in record.getMessage() and NIR not in record.getMessage()
        assert PHONE not in str(record.__dict__) and NIR not in str(record.__dict__)
        if hasattr(record, "request"):  # django.request's warnings (the access log carries no request)
            # Handlers that print the request (error e-mails) go through the reporter filter: all hidden.
            posted = SafeExceptionReporterFilter().get_post_parameters(record.request)
            assert PHONE not in str(dict(posted))


@pytest.mark.parametrize("size", [1, 30])
def test_queries_are_constant_whatever_the_text(patient, django_assert_num_queries, size):
    text = f"Mon mari Thomas, joignable au {PHONE}. " * size
    # session, user, my membership with its network
    with django_assert_num_queries(3):
        response = patient.post(check_url(), {"title": "Question", "body": text})
    assert response.status_code == 200
    assert len(findings(response)) == 2 * size


def test_excerpt_keeps_some_words_around_the_finding():
    text = (
        "Début d'un long texte qui parle de beaucoup de choses, puis "
        + PHONE
        + " et ensuite la suite du texte, encore."
    )
    start = text.index(PHONE)

    before, after = excerpt(text, start, start + len(PHONE))

    assert before.startswith("…") and before.endswith("puis ")
    assert after.startswith(" et ensuite") and after.endswith("…")
    assert utf16_index("😀a", 1) == 2


def test_every_kind_has_a_reason():
    from entrepairs.privacy.explain import KIND_REASONS
    from entrepairs.privacy.findings import KINDS

    assert set(KIND_REASONS) == set(KINDS)


def test_a_disguised_phone_number_is_offered_for_replacement_over_exactly_what_was_typed(patient):
    # Issue 16: the text is normalised before matching ("dix-huit" → 18, a zero-width space dropped),
    # and the span the composer replaces is the member's own characters, in UTF-16 units.
    disguised = "06 dix-huit 45\u200b soixante-douze 03"
    text = f"😊 mon num c {disguised} si besoin"

    response = patient.post(check_url(), {"body": text})

    start = utf16_index(text, text.index(disguised))
    end = utf16_index(text, text.index(disguised) + len(disguised))
    assert findings(response) == [("body", str(start), str(end), "[téléphone masqué]")]
