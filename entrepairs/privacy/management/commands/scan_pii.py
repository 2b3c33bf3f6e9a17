"""Scan a JSON Lines file for personal data, for batch checks and evaluation.

    python manage.py scan_pii --input FILE.jsonl [--use-model]

Each input line is {"id": ..., "text": "...", "lang": "fr" | "en" (optional)}; each output line on
stdout is {"id": ..., "findings": [{"start", "end", "kind", "score"}]}, offsets in Python string
characters. Output never repeats the detected values. A malformed line is reported on stderr with its
line number and skipped; the others are still processed, and the command exits non-zero at the end.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from entrepairs.privacy import scan

LANGUAGES = ("fr", "en")


class MalformedLine(ValueError):
    pass


def parse_line(line: str) -> tuple[object, str, str | None]:
    """(id, text, lang) of one input line, or MalformedLine saying what is wrong with it."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise MalformedLine(f"not valid JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(record, dict):
        raise MalformedLine('expected a JSON object with "id" and "text"')
    if "id" not in record:
        raise MalformedLine('missing "id"')
    text = record.get("text")
    if not isinstance(text, str):
        raise MalformedLine('"text" must be a string')
    lang = record.get("lang")
    if lang is not None and lang not in LANGUAGES:
        raise MalformedLine(f'"lang" must be one of {", ".join(LANGUAGES)} or absent')
    return record["id"], text, lang


class Command(BaseCommand):
    help = "Scan a JSON Lines file ({id, text, lang?} per line) and print the findings of each line as JSON."

    def add_arguments(self, parser):
        parser.add_argument(
            "--input", dest="input_path", required=True, help="JSON Lines file to scan (UTF-8)."
        )
        parser.add_argument(
            "--use-model",
            action="store_true",
            help="Also use spaCy's French NER for names (slower; loads the model once).",
        )

    def handle(self, *args, input_path, use_model, **options):
        failed = 0
        try:
            lines = open(input_path, encoding="utf-8")  # streamed line by line, closed by the `with` below
        except OSError as error:
            raise CommandError(f"cannot read {input_path}: {error.strerror}") from None
        with lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    record_id, text, lang = parse_line(line)
                except MalformedLine as error:
                    failed += 1
                    self.stderr.write(f"{input_path}:{number}: {error}")
                    continue
                findings = [
                    {"start": f.start, "end": f.end, "kind": f.kind, "score": round(f.score, 2)}
                    for f in scan(text, lang, use_model=use_model)
                ]
                self.stdout.write(json.dumps({"id": record_id, "findings": findings}, ensure_ascii=False))
        if failed:
            raise CommandError(f"{failed} line(s) of {input_path} could not be scanned (see above).")
