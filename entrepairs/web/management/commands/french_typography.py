"""`manage.py french_typography [--check]`: puts the narrow no-break space French needs before
: ; ! ? (and inside « ») into every French translation catalogue of the project, then run
`compilemessages`. `--check` only lists the strings that lack it (exit status 1 if any).

Run after `makemessages` and filling the new strings; tests/test_french.py fails while one lacks it."""

import ast
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from entrepairs.typography import space_punctuation


def french_catalogues() -> list[Path]:
    """Every French django.po of the project (the shared one and each app's), never a dependency's."""
    root = Path(settings.BASE_DIR)
    return sorted(
        path
        for path in root.rglob("fr/LC_MESSAGES/django.po")
        if not {".venv", "node_modules", "staticfiles"} & set(path.relative_to(root).parts)
    )


def _unquote(line: str) -> str:
    return ast.literal_eval(line)


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def fix_catalogue(text: str) -> tuple[str, list[str]]:
    """(the catalogue with its msgstr lines spaced, the translations that were changed). The header
    (the msgstr of the empty msgid: "Language: fr") is not a translation and stays as it is."""
    out, changed = [], []
    section, msgid = None, ""
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\n")
        keyword, _, quoted = stripped.partition(" ")
        if stripped.startswith("msgid "):
            section, msgid = "msgid", _unquote(quoted)
        elif stripped.startswith("msgstr"):
            section = "header" if msgid == "" else "msgstr"
        elif stripped.startswith('"') and section is not None:
            keyword, quoted = "", stripped
            if section == "msgid":
                msgid += _unquote(quoted)
        else:
            section = None if not stripped.startswith("msgid_plural") else section
        if section != "msgstr" or not quoted.startswith('"'):
            out.append(line)
            continue
        content = _unquote(quoted)
        fixed = space_punctuation(content)
        if fixed != content:
            changed.append(content)
        rebuilt = f"{keyword} {_quote(fixed)}" if keyword else _quote(fixed)
        out.append(rebuilt + ("\n" if line.endswith("\n") else ""))
    return "".join(out), changed


def translations(text: str) -> list[str]:
    """Each msgstr of a catalogue, whole (its lines joined), the header left out."""
    found, current, section, msgid = [], None, None, ""
    for line in [*text.splitlines(), ""]:
        if current is not None and not line.startswith('"'):
            found.append(current)
            current = None
        if line.startswith("msgid "):
            section, msgid = "msgid", _unquote(line.partition(" ")[2])
        elif line.startswith("msgstr"):
            section = "msgstr"
            if msgid != "":
                current = _unquote(line.partition(" ")[2])
        elif line.startswith('"'):
            if section == "msgid":
                msgid += _unquote(line)
            elif current is not None:
                current += _unquote(line)
        else:
            section = None
    return found


class Command(BaseCommand):
    help = "Puts French no-break spaces before : ; ! ? in the French catalogues."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="List what lacks them; change nothing.")

    def handle(self, *args, check=False, **options):
        missing = 0
        for path in french_catalogues():
            text = path.read_text(encoding="utf-8")
            fixed, changed = fix_catalogue(text)
            missing += len(changed)
            for content in changed:
                self.stdout.write(f"{path}: {content!r}")
            if changed and not check:
                path.write_text(fixed, encoding="utf-8")
        if check and missing:
            raise CommandError(f"{missing} French strings lack a no-break space before : ; ! or ?")
        self.stdout.write(f"{missing} strings {'to fix' if check else 'fixed'}.")
