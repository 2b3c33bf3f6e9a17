from django.urls import reverse

from entrepairs.accounts.models import PersonalAccessToken, hash_token
from entrepairs.accounts.tokens import create_token, user_for_token
from tests import factories as f


def test_token_is_shown_once_and_stored_hashed(login_recently, world):
    client = login_recently(world.stranger)
    response = client.post(reverse("account_tokens"), {"name": "Mon téléphone"})
    html = response.content.decode()
    token = PersonalAccessToken.objects.get(user=world.stranger)
    raw = html.split('class="copy-field" type="text" readonly value="')[1].split('"')[0]
    assert raw.startswith("ep_")
    assert token.token_hash == hash_token(raw)
    assert raw not in token.token_hash
    assert user_for_token(raw) == world.stranger
    assert raw not in client.get(reverse("account_tokens")).content.decode()


def test_empty_token_name_is_a_form_error(login_recently, world):
    response = login_recently(world.stranger).post(reverse("account_tokens"), {"name": "   "})
    assert response.status_code == 200
    assert not PersonalAccessToken.objects.filter(user=world.stranger).exists()


def test_revoked_token_stops_working(login, world):
    token, raw = create_token(world.stranger, "Script")
    response = login(world.stranger).post(reverse("account_token_revoke", kwargs={"token_id": token.pk}))
    assert response.status_code == 302
    assert user_for_token(raw) is None


def test_cannot_revoke_someone_elses_token(login, world):
    token, raw = create_token(world.patient.user, "Le sien")
    response = login(world.stranger).post(reverse("account_token_revoke", kwargs={"token_id": token.pk}))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert user_for_token(raw) == world.patient.user


def test_token_of_deactivated_account_is_dead(world):
    user = f.UserFactory()
    _token, raw = create_token(user, "x")
    user.is_active = False
    user.save()
    assert user_for_token(raw) is None
    assert user_for_token("ep_garbage") is None
    assert user_for_token("") is None


def test_language_choice_is_saved_and_used(login, world):
    client = login(world.stranger)
    response = client.post(reverse("account"), {"language": "en"})
    assert response.status_code == 302
    world.stranger.refresh_from_db()
    assert world.stranger.language == "en"
    page = client.get(reverse("account"))
    assert page.headers["Content-Language"] == "en"
    assert '<html lang="en">' in page.content.decode()


def test_french_is_the_default_language(client, db):
    response = client.get("/")
    assert '<html lang="fr">' in response.content.decode()


def test_account_page_shows_my_email_only_to_me(login, world):
    html = login(world.stranger).get(reverse("account")).content.decode()
    assert world.stranger.email in html


def test_logged_in_pages_are_not_cached(login, world):
    response = login(world.stranger).get(reverse("account"))
    assert response.headers["Cache-Control"] == "no-store"


def test_pages_carry_a_strict_csp(client, db):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_pages_speak_french_by_default_and_english_on_request(client, db):
    assert "Retrouvez vos pairs" in client.get("/").content.decode()
    client.cookies["django_language"] = "en"
    assert "Find your peers" in client.get("/").content.decode()


def test_french_catalog_is_complete_and_compiled():
    """Every message has a French translation, and the compiled catalog matches the sources."""
    from pathlib import Path

    import polib

    root = Path(__file__).resolve().parents[2] / "locale" / "fr" / "LC_MESSAGES"
    po = polib.pofile(str(root / "django.po"))
    untranslated = [entry.msgid for entry in po.untranslated_entries() + po.fuzzy_entries()]
    assert untranslated == []
    compiled = {entry.msgid: entry.msgstr for entry in polib.mofile(str(root / "django.mo"))}
    for entry in po.translated_entries():
        if not entry.msgid_plural:
            assert compiled.get(entry.msgid) == entry.msgstr, entry.msgid


def test_every_message_in_the_sources_has_a_french_translation(tmp_path):
    """The committed catalog is complete only if it was extracted after the last string was added:
    extract again from a copy of the sources and check that nothing new or untranslated appears."""
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    import polib

    root = Path(__file__).resolve().parents[2]
    for name in ("entrepairs", "templates", "locale", "static"):
        shutil.copytree(root / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(root / "manage.py", tmp_path / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "-v", "0"],
        cwd=tmp_path,
        check=True,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    po = polib.pofile(str(tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in po.untranslated_entries() + po.fuzzy_entries()]
    assert missing == [], "run makemessages and translate these"
